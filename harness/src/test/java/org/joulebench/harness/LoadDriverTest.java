package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Method;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;
import org.joulebench.runners.GenerationRequest;
import org.joulebench.runners.SharedGenerator;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

    private static final long MS = 1_000_000;
    static final double WATTS = 20;

    /** A thread-safe meter of one domain on a given clock at a fixed power ({@link #WATTS}, a CPU counter, unless set). */
    record ClockMeter(Ticker clock, String id, Domain domain, Method method, double watts) implements Meter {
        ClockMeter(Ticker clock) {
            this(clock, "fake-clock", Domain.CPU_PACKAGE, Method.COUNTER, WATTS);
        }

        @Override public List<Domain> domains() { return List.of(domain); }
        @Override public String boundary() { return id + " boundary"; }
        @Override public Map<String, Object> details() { return Map.of(); }
        @Override public void close() { }

        @Override
        public Window begin(String label) {
            long start = clock.nanoTime();
            return new Window() {
                @Override public String label() { return label; }

                @Override
                public Measurement end() {
                    long d = clock.nanoTime() - start;
                    Energy e = Energy.ofJoules(watts * d / 1e9);
                    return new Measurement(label, method, Duration.ofNanos(d), Map.of(domain, e), e);
                }
            };
        }
    }

    /** The run's meters: one fake meter, nothing subtracted. */
    static RunEnergy energyOf(org.joulebench.meters.Meter meter) {
        org.joulebench.meters.MeterSet set = org.joulebench.meters.MeterSet.of(List.of(meter));
        return new RunEnergy(set, RunEnergy.none(set));
    }

    private static List<LoadDriver.Request> requests(int n, int tokens) {
        List<LoadDriver.Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LoadDriver.Request("item" + i, GenerationRequest.greedy("prompt " + i, tokens)));
        }
        return out;
    }

    private static LoadDriver.Outcome drive(FakeStreamingBackend engine, int streams, int requests, int tokens,
                                            Duration stall, java.util.function.BooleanSupplier stop) {
        ServingMeter meter = new ServingMeter(energyOf(new ClockMeter(engine)), engine);
        return new LoadDriver(engine, stall, stop).run("test", SharedGenerator.of(engine, streams), streams,
                requests(requests, tokens), null, (i, g) -> new Score(1, Map.of()), meter);
    }

    @Test
    void oneStreamsWindowRunsFromItsFirstTokenToItsLastEndExactly() {
        FakeStreamingBackend engine = new FakeStreamingBackend(5 * MS, MS);
        LoadDriver.Outcome o = drive(engine, 1, 4, 10, Duration.ofSeconds(30), () -> false);
        assertNull(o.failure());
        assertEquals(4, o.responses().size());
        // Each request takes 5 + 10 ms; the first token arrives at 6 ms, the fourth response ends at 60 ms.
        assertEquals(new SteadyState.Span(6 * MS, 60 * MS), o.readings().span());
        assertEquals(WATTS * 0.054, o.readings().steady().first().total().joules(), 1e-9);
        assertEquals(WATTS * 0.060, o.readings().level().first().total().joules(), 1e-9, "the level's gross: ramp included");
        long inside = o.responses().stream().mapToLong(r -> r.tokensWithin(6 * MS, 60 * MS)).sum();
        assertEquals(40, inside, "every token of a single stream lies in its window");
        assertEquals(SteadyState.closedLoop(o.responses(), 1).orElseThrow(), o.readings().span(),
                "the window read on the fly is the one the finder gives afterwards");
    }

    @Test
    void concurrentStreamsShareTheEngineAndTheLiveWindowOpensWhereTheFinderSays() {
        FakeStreamingBackend engine = new FakeStreamingBackend(2 * MS, MS);
        LoadDriver.Outcome o = drive(engine, 3, 12, 5, Duration.ofSeconds(30), () -> false);
        assertNull(o.failure());
        assertEquals(12, o.responses().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
                o.responses().stream().map(ServedResponse::index).toList(), "every request once");
        assertEquals(Set.of(0, 1, 2), o.responses().stream().map(ServedResponse::stream).collect(Collectors.toSet()));
        // How the threads take turns at the engine is the scheduler's choice; whatever it chose, the window read on
        // the fly opens where the finder says (the opening token is heard on the thread that holds the engine) and
        // closes at or after the first stream's last end (the read follows it), and its energy is the meter's over it.
        var found = SteadyState.closedLoop(o.responses(), 3);
        SteadyState.Span live = o.readings().span();
        if (live != null) {
            assertEquals(found.orElseThrow().openNanos(), live.openNanos());
            assertTrue(live.closeNanos() >= found.orElseThrow().closeNanos());
            assertEquals(WATTS * (live.closeNanos() - live.openNanos()) / 1e9, o.readings().steady().first().total().joules(),
                    1e-9);
        } else {
            assertNull(o.readings().steady());
        }
        assertEquals(12 * (2 + 5) * MS, engine.nanoTime(), "the serial engine did the requests one after another");
    }

    @Test
    void aFailingRequestEndsTheStreamsIssuingAndIsReported() {
        FakeStreamingBackend engine = new FakeStreamingBackend(MS, MS);
        engine.failOn = 3;
        LoadDriver.Outcome o = drive(engine, 1, 40, 4, Duration.ofSeconds(30), () -> false);
        assertTrue(o.failure().contains("request 3 (item item3) failed: fake engine error"), o.failure());
        assertEquals(3, o.responses().size(), "nothing sent after the failure");
        assertEquals(4, engine.calls.get());
    }

    @Test
    void aFailingRequestAmongSeveralStreamsIsReportedAndTheLevelEnds() {
        FakeStreamingBackend engine = new FakeStreamingBackend(MS, MS);
        engine.failOn = 3;
        LoadDriver.Outcome o = drive(engine, 2, 40, 4, Duration.ofSeconds(30), () -> false);
        assertTrue(o.failure().contains("fake engine error"), o.failure());
        assertEquals(engine.calls.get() - 1, o.responses().size(), "every other request sent was answered");
    }

    @Test
    void aStalledEngineIsGivenUpOnAfterTheStallTimeout() {
        FakeStreamingBackend engine = new FakeStreamingBackend(MS, MS);
        engine.stallOn = 1;
        try {
            LoadDriver.Outcome o = drive(engine, 2, 8, 4, Duration.ofMillis(300), () -> false);
            assertNotNull(o.failure());
            assertTrue(o.failure().contains("stalled"), o.failure());
        } finally {
            engine.release.countDown();
        }
    }

    @Test
    void aStopRequestEndsIssuingAndTheRequestsInFlightFinish() {
        FakeStreamingBackend engine = new FakeStreamingBackend(MS, MS);
        AtomicInteger asked = new AtomicInteger();
        LoadDriver.Outcome o = drive(engine, 2, 40, 4, Duration.ofSeconds(30), () -> engine.calls.get() >= 5
                && asked.incrementAndGet() > 0);
        assertTrue(o.stopped());
        assertNull(o.failure());
        assertTrue(o.responses().size() >= 5 && o.responses().size() <= 7, "stopped near 5: " + o.responses().size());
        assertEquals(engine.calls.get(), o.responses().size(), "every request sent was finished");
    }

    @Test
    void poissonArrivalsAreSentAtTheirDueTimesAndBoundTheWindow() {
        FakeStreamingBackend engine = new FakeStreamingBackend(MS, MS);
        Ticker real = Ticker.system();
        long[] arrivals = PoissonArrivals.schedule(20, 2000, 9);
        ServingMeter meter = new ServingMeter(energyOf(new ClockMeter(real)), real);
        LoadDriver.Outcome o = new LoadDriver(real, Duration.ofSeconds(30), () -> false).run("poisson",
                SharedGenerator.of(engine, 2), 2, requests(20, 3), arrivals, (i, g) -> new Score(1, Map.of()), meter);
        assertNull(o.failure());
        assertEquals(20, o.responses().size());
        long start = o.responses().get(0).arrivedNanos() - arrivals[0];
        for (ServedResponse r : o.responses()) {
            assertEquals(start + arrivals[r.index()], r.arrivedNanos(), "each request is due at its arrival");
            assertTrue(r.sentNanos() >= r.arrivedNanos(), "and is sent then or later (when both slots are busy)");
        }
        SteadyState.Span due = SteadyState.poisson(arrivals).orElseThrow();
        assertTrue(o.readings().span().openNanos() >= start + due.openNanos(), "opens at the arrival of request 2");
        assertTrue(o.readings().span().closeNanos() >= start + due.closeNanos(), "closes at the last arrival");
        assertTrue(o.readings().span().closeNanos() > o.readings().span().openNanos());
    }
}
