package galley.media;

import java.util.concurrent.Semaphore;

/**
 * The decoded rasters all threads may hold at once, in MiB permits of a fair semaphore: a source waits until its
 * estimate fits, and one larger than the whole budget waits until it has all of it.
 */
final class RasterBudget {

    private static final long UNIT = 1L << 20;

    private final Semaphore permits;
    private final int total;

    RasterBudget(long bytes) {
        this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / UNIT));
        this.permits = new Semaphore(total, true);
    }

    /** A share of the budget, given back on close. */
    final class Lease implements AutoCloseable {
        private final int units;

        private Lease(int units) {
            this.units = units;
        }

        @Override
        public void close() {
            permits.release(units);
        }
    }

    Lease acquire(long bytes) throws ImageException {
        int units = (int) Math.min(total, Math.max(1, (bytes + UNIT - 1) / UNIT));
        try {
            permits.acquire(units);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while waiting for memory to decode the image", e);
        }
        return new Lease(units);
    }

    int available() {
        return permits.availablePermits();
    }
}
