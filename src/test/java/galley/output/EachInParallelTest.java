package galley.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link OutputWriter#eachInParallel}: the scheduler every parallel step of a build goes through. */
class EachInParallelTest {

    @Test
    void everyItemIsDoneExactlyOnceWhateverTheThreadsAndSize() throws Exception {
        for (int threads : new int[] {1, 2, 3, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                for (int size : new int[] {0, 1, 2, 3, 7, 1000, 10_007}) {
                    List<Integer> items = IntStream.range(0, size).boxed().toList();
                    AtomicIntegerArray seen = new AtomicIntegerArray(size);
                    pool.submit(() -> OutputWriter.eachInParallel(items, i -> seen.incrementAndGet(i)))
                            .get();
                    for (int i = 0; i < size; i++)
                        assertEquals(1, seen.get(i), threads + " threads, " + size + " items, item " + i);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void aWorkerGoesThroughItsOwnStretchFromTheFrontThenTakesFromTheBackOfTheFullest() {
        OutputWriter.Stretches s = new OutputWriter.Stretches(10, 2); // [0, 5) and [5, 10)
        List<Integer> order = new ArrayList<>();
        for (int i = s.next(0); i >= 0; i = s.next(0)) order.add(i);
        assertEquals(List.of(0, 1, 2, 3, 4, 9, 8, 7, 6, 5), order);
        assertEquals(-1, s.next(1));

        OutputWriter.Stretches three = new OutputWriter.Stretches(9, 3); // [0, 3) [3, 6) [6, 9)
        assertEquals(3, three.next(1));
        assertEquals(4, three.next(1));
        assertEquals(5, three.next(1));
        assertEquals(2, three.next(1), "stretch 0 and 2 have 3 left each: the first of them");
        assertEquals(8, three.next(1), "now stretch 2 has the most left");
        assertEquals(0, three.next(0));
    }

    @Test
    void theFirstFailureIsRethrownAsItWasOnceEveryWorkerHasStopped() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            IllegalStateException boom = new IllegalStateException("disk full");
            AtomicInteger running = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            List<Integer> items = IntStream.range(0, 10_000).boxed().toList();
            AtomicInteger stillRunning = new AtomicInteger(-1);
            Throwable thrown = pool.submit(() -> {
                        try {
                            OutputWriter.eachInParallel(items, i -> {
                                running.incrementAndGet();
                                try {
                                    if (i == 5) throw boom;
                                    Thread.sleep(1);
                                    done.incrementAndGet();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } finally {
                                    running.decrementAndGet();
                                }
                            });
                            return null;
                        } catch (RuntimeException e) {
                            stillRunning.set(running.get());
                            return e;
                        }
                    })
                    .get();
            assertEquals(0, stillRunning.get(), "a worker was still at work when the failure came out");
            assertSame(boom, thrown);
            assertTrue(done.get() < items.size() - 1, "the other workers stopped early (" + done.get() + " done)");
        } finally {
            pool.shutdown();
        }
    }
}
