package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The sampler without its thread (a fake ticker and pollNow), and its thread's lifecycle only. */
class SamplerTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong nanos = new AtomicLong(7_000);

    /** A meter whose polls answer from a script; the last answer repeats. */
    static final class FakeMeter implements Meter {
        private final String id;
        private final Deque<Supplier<Map<Domain, Power>>> answers = new ArrayDeque<>();
        private final Optional<Duration> required;
        int polls;

        FakeMeter(String id, Optional<Duration> required) {
            this.id = id;
            this.required = required;
        }

        FakeMeter then(Supplier<Map<Domain, Power>> answer) {
            answers.add(answer);
            return this;
        }

        @Override
        public Map<Domain, Power> poll() {
            polls++;
            return (answers.size() > 1 ? answers.poll() : answers.peek()).get();
        }

        @Override
        public Optional<Duration> requiredPollInterval() {
            return required;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Method method() {
            return Method.COUNTER;
        }

        @Override
        public List<Domain> domains() {
            return List.of(Domain.CPU_PACKAGE, Domain.DRAM);
        }

        @Override
        public String boundary() {
            return "fake";
        }

        @Override
        public Map<String, Object> details() {
            return Map.of();
        }

        @Override
        public Window begin(String label) {
            throw new UnsupportedOperationException("a poll-only fake");
        }

        @Override
        public void close() {
        }
    }

    private static Map<Domain, Power> watts(double pkg, double dram) {
        return Map.of(Domain.DRAM, Power.ofWatts(dram), Domain.CPU_PACKAGE, Power.ofWatts(pkg));
    }

    private FakeMeter meter(String id) {
        return new FakeMeter(id, Optional.empty());
    }

    // --- deadlines ---

    @Test
    void nextDeadlineOnTimeIsTheFollowingOne() {
        assertEquals(new Sampler.Deadline(1, 1_100, 0), Sampler.nextDeadline(1_000, 100, 0, 1_050));
        assertEquals(new Sampler.Deadline(1, 1_100, 0), Sampler.nextDeadline(1_000, 100, 0, 1_100),
                "a deadline that is due now is served, not skipped");
        assertEquals(new Sampler.Deadline(8, 1_800, 0), Sampler.nextDeadline(1_000, 100, 7, 1_705));
    }

    @Test
    void nextDeadlineSkipsAndCountsThePastOnes() {
        assertEquals(new Sampler.Deadline(2, 1_200, 1), Sampler.nextDeadline(1_000, 100, 0, 1_101));
        assertEquals(new Sampler.Deadline(4, 1_400, 2), Sampler.nextDeadline(1_000, 100, 1, 1_350));
        assertEquals(new Sampler.Deadline(4, 1_400, 2), Sampler.nextDeadline(1_000, 100, 1, 1_400));
    }

    @Test
    void deadlinesAreMultiplesOfThePeriodFromTheStartSoTheyDoNotDrift() {
        long start = -5_000_000_123L; // nanoTime may be negative
        long period = 100 * MS;
        long index = 0;
        long now = start;
        for (int i = 0; i < 1_000; i++) {
            now += 3 * MS + (i % 7) * MS; // each poll takes a few ms
            Sampler.Deadline d = Sampler.nextDeadline(start, period, index, now);
            assertEquals(0, d.skipped());
            assertEquals(start + (index + 1) * period, d.nanos());
            index = d.index();
            now = d.nanos();
        }
        assertEquals(start + 1_000 * period, now);
        assertThrows(IllegalArgumentException.class, () -> Sampler.nextDeadline(0, 0, 0, 0));
    }

    // --- timeline ---

    @Test
    void pollsBecomeSeriesPerMeterAndDomainTimedFromTheSamplersCreation() {
        FakeMeter a = meter("a").then(Map::of).then(() -> watts(40, 3));
        FakeMeter b = meter("b").then(() -> Map.of(Domain.GPU, Power.ofWatts(250)));
        try (Sampler sampler = new Sampler(List.of(a, b), 10, 100, nanos::get)) {
            nanos.addAndGet(100 * MS);
            sampler.pollNow();
            nanos.addAndGet(100 * MS);
            sampler.pollNow();
            PowerTimeline t = sampler.timeline();
            assertEquals(Duration.ofMillis(100), t.period());
            assertEquals(List.of("a CPU_PACKAGE", "a DRAM", "b GPU"),
                    t.series().stream().map(s -> s.meterId() + " " + s.domain()).toList());
            PowerTimeline.Series pkg = t.series("a", Domain.CPU_PACKAGE).orElseThrow();
            assertEquals(Method.COUNTER, pkg.method());
            assertEquals(List.of(new PowerTimeline.Point(Duration.ofMillis(200), Power.ofWatts(40))), pkg.points());
            assertEquals(2, t.series("b", Domain.GPU).orElseThrow().points().size());
            assertEquals(0.1, t.series("b", Domain.GPU).orElseThrow().points().get(0).seconds());
            assertTrue(t.series("b", Domain.DRAM).isEmpty());
            assertEquals(0, t.droppedPoints());
            assertEquals(0, t.missedDeadlines());
        }
    }

    @Test
    void fullSeriesDropTheOldestPointsAndCountThem() {
        double[] next = {0};
        FakeMeter a = meter("a").then(() -> Map.of(Domain.CPU_PACKAGE, Power.ofWatts(++next[0])));
        try (Sampler sampler = new Sampler(List.of(a), 10, 3, nanos::get)) {
            for (int i = 0; i < 5; i++) {
                nanos.addAndGet(100 * MS);
                sampler.pollNow();
            }
            PowerTimeline t = sampler.timeline();
            PowerTimeline.Series s = t.series("a", Domain.CPU_PACKAGE).orElseThrow();
            assertEquals(List.of(3.0, 4.0, 5.0), s.points().stream().map(PowerTimeline.Point::watts).toList());
            assertEquals(List.of(0.3, 0.4, 0.5), s.points().stream().map(PowerTimeline.Point::seconds).toList());
            assertEquals(2, s.droppedPoints());
            assertEquals(2, t.droppedPoints());

            sampler.pollNow();
            assertEquals(List.of(3.0, 4.0, 5.0), s.points().stream().map(PowerTimeline.Point::watts).toList(),
                    "a timeline is a snapshot");
            assertThrows(UnsupportedOperationException.class, () -> s.points().clear());
            assertEquals(3, sampler.timeline().droppedPoints());
        }
    }

    @Test
    void ringKeepsOrderAcrossManyWraps() {
        PowerRing ring = new PowerRing(4);
        for (int i = 1; i <= 11; i++) {
            ring.add(i, i * 10.0);
        }
        assertEquals(4, ring.size());
        assertEquals(7, ring.dropped());
        assertEquals(List.of(80.0, 90.0, 100.0, 110.0), ring.points().stream().map(PowerTimeline.Point::watts).toList());
        assertThrows(IllegalArgumentException.class, () -> new PowerRing(0));
    }

    // --- errors ---

    @Test
    void aFailingMeterIsRecordedAndDoesNotStopTheOthers() {
        MeterReadException denied = new MeterReadException("cannot read /x/energy_uj: permission denied");
        FakeMeter bad = meter("bad").then(() -> {
            throw denied;
        });
        FakeMeter good = meter("good").then(() -> watts(10, 1));
        try (Sampler sampler = new Sampler(List.of(bad, good), 10, 100, nanos::get)) {
            nanos.addAndGet(100 * MS);
            sampler.pollNow();
            nanos.addAndGet(100 * MS);
            sampler.pollNow();
            assertEquals(2, sampler.errors().size());
            Sampler.PollError first = sampler.errors().get(0);
            assertEquals("bad", first.meterId());
            assertEquals(Duration.ofMillis(100), first.sinceStart());
            assertSame(denied, first.error());
            assertEquals(2, sampler.errorCount());
            assertEquals(2, sampler.timeline().series("good", Domain.CPU_PACKAGE).orElseThrow().points().size());
            assertEquals(2, good.polls);
        }
    }

    @Test
    void errorsKeptAreBoundedButAllAreCounted() {
        FakeMeter bad = meter("bad").then(() -> {
            throw new MeterReadException("gone");
        });
        try (Sampler sampler = new Sampler(List.of(bad), 10, 1, nanos::get)) {
            for (int i = 0; i < Sampler.MAX_ERRORS + 5; i++) {
                sampler.pollNow();
            }
            assertEquals(Sampler.MAX_ERRORS, sampler.errors().size());
            assertEquals(Sampler.MAX_ERRORS + 5, sampler.errorCount());
        }
    }

    // --- configuration ---

    @Test
    void rateAndCapacityComeFromTheConfigOrTheDefaults() {
        MeterConfig config = new MeterConfig(Path.of("/nonexistent"), nanos::get, () -> 0L).withSampleHz(4);
        try (Sampler sampler = new Sampler(List.of(meter("a")), config)) {
            assertEquals(Duration.ofMillis(250), sampler.period());
        }
        assertEquals(10, MeterConfig.DEFAULT_SAMPLE_HZ);
        assertEquals(36_000, Sampler.DEFAULT_CAPACITY);
    }

    @Test
    void aRateTooSlowForAMetersRequiredIntervalIsRejected() {
        FakeMeter needy = new FakeMeter("needy", Optional.of(Duration.ofMillis(400)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sampler(List.of(meter("a"), needy), 2, 10, nanos::get));
        assertEquals("sampling at 2 Hz (every 0.5 s) is too slow for meter needy: meter needy must be read at"
                + " least every 0.4 s; sample at 2.5 Hz or more", e.getMessage());
        new Sampler(List.of(needy), 2.5, 10, nanos::get).close();
    }

    @Test
    void nonsenseArgumentsAreRejected() {
        List<Meter> one = List.of(meter("a"));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(one, 0, 10, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(one, Double.NaN, 10, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(one, Double.POSITIVE_INFINITY, 10, nanos::get));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sampler(one, 10, 0, nanos::get));
        assertTrue(e.getMessage().contains("was 0"), e.getMessage());
    }

    // --- the thread: lifecycle only, no timing ---

    private static List<Thread> samplerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(Sampler.THREAD_NAME) && t.isAlive()).toList();
    }

    @Test
    void theThreadIsOneNamedDaemonThatCloseStopsAndJoins() {
        assertEquals(List.of(), samplerThreads());
        Sampler sampler = new Sampler(List.of(meter("a").then(() -> watts(1, 1))), 10, 10, Ticker.system());
        sampler.start();
        List<Thread> running = samplerThreads();
        assertEquals(1, running.size());
        assertTrue(running.get(0).isDaemon());
        assertThrows(IllegalStateException.class, sampler::start);
        sampler.close();
        assertFalse(running.get(0).isAlive());
        assertEquals(List.of(), samplerThreads());
        sampler.close(); // twice is harmless
        assertThrows(IllegalStateException.class, sampler::start);
        assertThrows(IllegalStateException.class, sampler::pollNow);
        sampler.timeline(); // still readable
    }

    @Test
    void aThreadWhoseMeterAlwaysFailsKeepsRunningUntilClosed() {
        FakeMeter bad = meter("bad").then(() -> {
            throw new IllegalStateException("a bug, not a read error");
        });
        try (Sampler sampler = new Sampler(List.of(bad), 10, 10, nanos::get)) { // the fake clock never moves
            sampler.start();
            assertEquals(1, samplerThreads().size());
        }
        assertEquals(List.of(), samplerThreads());
    }

    @Test
    void closingAnUnstartedSamplerStartsNothing() {
        new Sampler(List.of(meter("a")), 10, 10, nanos::get).close();
        assertEquals(List.of(), samplerThreads());
    }
}
