package galley.bench;

import galley.render.Utf8Sink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one page's text to UTF-8 the way templates write it (many short pieces), through
 * {@link Utf8Sink} and through the JDK's {@code OutputStreamWriter}, under the build's C1-only JVM.
 * {@code ascii}: English prose; {@code mixed}: with curly quotes and dashes, which make Java keep
 * the strings as UTF-16.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC"})
public class Utf8SinkBench {

    @Param({"ascii", "mixed"})
    public String text;

    /** About a 20 KB page: 400 pieces of markup and prose. */
    private String[] pieces;

    @Setup
    public void setUp() {
        String prose = text.equals("ascii")
                ? "The council voted on Tuesday to extend the night bus service to the harbour district, "
                : "The council’s vote — on Tuesday — extends the “night bus” service to the harbour district, ";
        pieces = new String[400];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = i % 2 == 0 ? "<p class=\"lead\" id=\"p" + i + "\">" : prose + i + ".</p>\n";
        }
    }

    @Benchmark
    public byte[] utf8Sink() throws IOException {
        return Utf8Sink.render(out -> {
            for (String piece : pieces) out.write(piece);
        });
    }

    @Benchmark
    public byte[] jdkWriter() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            for (String piece : pieces) out.write(piece);
        }
        return bytes.toByteArray();
    }
}
