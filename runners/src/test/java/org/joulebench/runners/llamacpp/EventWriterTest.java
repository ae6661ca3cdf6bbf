package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Batching of the child's events, on a hand-turned clock: what the parent would read after each write. */
class EventWriterTest {

    /** Records what is readable at each flush. */
    private static final class Pipe extends ByteArrayOutputStream {
        final List<String> flushes = new ArrayList<>();

        @Override
        public void flush() {
            flushes.add(toString(StandardCharsets.UTF_8));
        }
    }

    private final Pipe pipe = new Pipe();
    private final long[] nanos = {1_000};
    private final EventWriter writer = new EventWriter(pipe, () -> nanos[0], Duration.ofMillis(100));

    private static String line(String json) {
        return LlamaCppChild.MARK + json + "\n";
    }

    @Test
    void momentsGoAtOncePiecesWaitForTheDelayOrTheNextMoment() {
        writer.now("{\"ev\":\"prefill\"}");
        assertEquals(List.of(line("{\"ev\":\"prefill\"}")), pipe.flushes);

        writer.later("{\"ev\":\"piece\",\"text\":\"a\"}");
        nanos[0] += Duration.ofMillis(99).toNanos();
        writer.later("{\"ev\":\"piece\",\"text\":\"b\"}");
        assertEquals(1, pipe.flushes.size(), "nothing written before the oldest piece waited 100 ms");

        nanos[0] += Duration.ofMillis(1).toNanos();
        writer.later("{\"ev\":\"piece\",\"text\":\"c\"}");
        assertEquals(2, pipe.flushes.size());
        assertEquals(line("{\"ev\":\"prefill\"}") + line("{\"ev\":\"piece\",\"text\":\"a\"}")
                + line("{\"ev\":\"piece\",\"text\":\"b\"}") + line("{\"ev\":\"piece\",\"text\":\"c\"}"),
                pipe.flushes.get(1));

        // The delay counts from the first piece held after a write, not from the first of the generation.
        nanos[0] += Duration.ofMillis(50).toNanos();
        writer.later("{\"ev\":\"piece\",\"text\":\"d\"}");
        nanos[0] += Duration.ofMillis(60).toNanos();
        writer.later("{\"ev\":\"piece\",\"text\":\"e\"}");
        assertEquals(2, pipe.flushes.size());
        writer.now("{\"ev\":\"done\"}");
        assertEquals(3, pipe.flushes.size());
        assertEquals(line("{\"ev\":\"piece\",\"text\":\"d\"}") + line("{\"ev\":\"piece\",\"text\":\"e\"}")
                + line("{\"ev\":\"done\"}"), pipe.flushes.get(2).substring(pipe.flushes.get(1).length()),
                "held pieces come before the moment, in order");
    }

    @Test
    void aZeroDelayWritesEveryPiece() {
        EventWriter eager = new EventWriter(pipe, () -> nanos[0], Duration.ZERO);
        eager.later("{\"ev\":\"piece\",\"text\":\"é\"}");
        assertEquals(List.of(line("{\"ev\":\"piece\",\"text\":\"é\"}")), pipe.flushes);
    }
}
