package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code measure --msr-root}: a sparse file stands in for /dev/cpu/0/msr, its package counter raised at 10 W. */
class MeasureMsrTest {

    private static final long UNIT = 0x606;
    private static final long PACKAGE = 0x611;
    private static final int ESU = 14; // one count = 2^-14 J = 61.035 µJ

    @TempDir
    Path dir;

    private static void write(FileChannel ch, long register, long value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).flip();
        ch.write(b, register);
    }

    @Test
    void measuresACommandOnIntelMsrsWithinTwoPercentAcrossA32BitWrap() throws Exception {
        Path msr = Files.createDirectories(dir.resolve("cpu/0")).resolve("msr");
        Path topo = Files.createDirectories(dir.resolve("sys/cpu0/topology"));
        Files.writeString(topo.resolve("physical_package_id"), "0\n");
        Files.writeString(topo.resolve("core_id"), "0\n");
        double countsPerSecond = 10.0 * (1 << ESU); // 10 W
        long start = (1L << 32) - Math.round(0.5 * countsPerSecond); // wraps half a second in
        AtomicBoolean stop = new AtomicBoolean();
        try (FileChannel ch = FileChannel.open(msr, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            write(ch, UNIT, (0xAL << 16) | ((long) ESU << 8) | 0x3);
            write(ch, PACKAGE, start);
            long origin = System.nanoTime();
            Thread feed = new Thread(() -> {
                while (!stop.get()) {
                    long counts = start + Math.round((System.nanoTime() - origin) / 1e9 * countsPerSecond);
                    try {
                        write(ch, PACKAGE, counts & 0xFFFF_FFFFL); // a 32-bit counter in a 64-bit register
                    } catch (IOException e) {
                        return;
                    }
                    LockSupport.parkNanos(500_000);
                }
            });
            feed.setDaemon(true);
            feed.start();
            CliRunner.Outcome o;
            try {
                o = CliRunner.run("measure", "--meter", "msr", "--msr-root", dir.resolve("cpu").toString(),
                        "--cpu-sys-root", dir.resolve("sys").toString(), "--cpu-vendor", "intel", "--json",
                        "--", "sleep", "2");
            } finally {
                stop.set(true);
                feed.join();
            }
            assertEquals(0, o.status(), o.err());
            JsonNode m = new ObjectMapper().readTree(o.out()).get("meters").get(0);
            double seconds = m.get("seconds").asDouble();
            assertTrue(seconds >= 2.0, "ran for " + seconds);
            assertEquals("COUNTER", m.get("method").asText());
            assertEquals(10.0 * seconds, m.get("joules_gross").asDouble(), 0.02 * 10.0 * seconds);
        }
    }
}
