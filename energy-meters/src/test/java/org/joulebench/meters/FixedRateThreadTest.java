package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.joulebench.meters.MeterReadException;
import org.junit.jupiter.api.Test;

class FixedRateThreadTest {

    @Test
    void deadlinesStayOnTheGridAndSkipWhatWasMissed() {
        assertEquals(200, FixedRateThread.nextDeadline(100, 150, 100));
        assertEquals(200, FixedRateThread.nextDeadline(100, 100, 100));
        assertEquals(400, FixedRateThread.nextDeadline(100, 350, 100));  // 200 and 300 were missed
        assertEquals(500, FixedRateThread.nextDeadline(100, 400, 100));  // exactly on 400: that one is gone too
    }

    @Test
    void theThreadSamplesUntilStopped() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        FixedRateThread sampler = new FixedRateThread("test-sampler", Ticker.system(), 1_000_000, nanos -> {
            steps.incrementAndGet();
            three.countDown();
        });
        sampler.start();
        assertTrue(three.await(10, TimeUnit.SECONDS), "the sampler took fewer than 3 samples in 10 s");
        sampler.stop();
        assertFalse(sampler.isAlive());
        int after = steps.get();
        Thread.sleep(20);
        assertEquals(after, steps.get());
        assertTrue(sampler.failure().isEmpty());
    }

    @Test
    void aFailingStepStopsTheThreadAndIsKept() throws Exception {
        FixedRateThread sampler = new FixedRateThread("test-sampler", Ticker.system(), 1_000_000, nanos -> {
            throw new MeterReadException("GPU is lost");
        });
        sampler.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sampler.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertFalse(sampler.isAlive());
        assertEquals("GPU is lost", sampler.failure().orElseThrow().getMessage());
        sampler.stop();
    }
}
