package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for RAPL hardware: raises a fake powercap zone's {@code energy_uj} at a known power
 * from the wall clock, wrapping at {@code max_energy_range_uj} as the kernel's counter does.
 *
 * <p>The counter is {@code watts × (now − start)} on {@link System#nanoTime()}, the clock the meter's windows and
 * the sampler read (the same monotonic clock in every JVM of the machine), written about every 0.5 ms: a read
 * sees the energy of an instant at most {@link #largestGap()} before it, whatever the feed's thread was held up by,
 * so a span of time is off by at most that gap's energy at either end, and nothing accumulates.
 */
final class FakeCounterFeed implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final AtomicLong largestGap = new AtomicLong();

    FakeCounterFeed(Path zone, double watts, long startUj, long maxUj) {
        long origin = System.nanoTime();
        thread = new Thread(() -> {
            long previous = origin;
            while (!stop.get()) {
                long now = System.nanoTime();
                largestGap.accumulateAndGet(now - previous, Math::max);
                previous = now;
                long uj = startUj + Math.round((now - origin) / 1000.0 * watts);
                try {
                    Path tmp = zone.resolve("energy_uj.tmp");
                    Files.writeString(tmp, (uj % (maxUj + 1)) + "\n");
                    Files.move(tmp, zone.resolve("energy_uj"), StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    return;
                }
                LockSupport.parkNanos(500_000);
            }
        }, "fake-rapl-" + zone.getFileName());
        thread.setDaemon(true);
    }

    /** Writes a zone's fixed files and starts raising its counter. */
    static FakeCounterFeed start(Path zone, String name, double watts, long startUj, long maxUj) throws IOException {
        Files.createDirectories(zone);
        Files.writeString(zone.resolve("name"), name + "\n");
        Files.writeString(zone.resolve("max_energy_range_uj"), maxUj + "\n");
        Files.writeString(zone.resolve("energy_uj"), startUj + "\n");
        // The most the zone can draw, as a real zone declares it: ten times what it is fed. It bounds how fast the
        // counter can wrap, and so how far apart the meter's reads may be.
        Files.writeString(zone.resolve("constraint_0_max_power_uw"), Math.round(watts * 10e6) + "\n");
        FakeCounterFeed feed = new FakeCounterFeed(zone, watts, startUj, maxUj);
        feed.thread.start();
        return feed;
    }

    /**
     * The longest time between two counter values the feed wrote so far: how stale a read of the counter can have
     * been.
     */
    Duration largestGap() {
        return Duration.ofNanos(largestGap.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join();
    }
}
