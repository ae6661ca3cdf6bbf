package org.joulebench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/**
 * Takes a run's drift canary: {@link #start()} warms each kernel up and sizes its units so that a probe takes
 * about {@link #TARGET}, then probes; {@link #probe(String)} probes again with the same units (between
 * repetitions, at the end). Each probe of each kernel is one meter window. {@link #record()} gives what
 * results.json keeps.
 */
final class CanaryRun implements AutoCloseable {

    /** How long one probe of one kernel is sized to take. */
    static final Duration TARGET = Duration.ofMillis(500);

    private final List<CanaryKernel> kernels;
    private final Meter meter;
    private final Ticker ticker;
    private final Duration target;
    private final AutoCloseable resources;
    private final long[] units;
    private final List<List<Canary.Probe>> probes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long spentNanos;
    private long checksum;

    CanaryRun(List<CanaryKernel> kernels, Meter meter, Ticker ticker, Duration target, AutoCloseable resources) {
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("the canary needs at least one kernel");
        }
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("the canary's probe length must be positive, was " + target);
        }
        this.kernels = List.copyOf(kernels);
        this.meter = meter;
        this.ticker = ticker;
        this.target = target;
        this.resources = resources;
        this.units = new long[kernels.size()];
        for (int i = 0; i < kernels.size(); i++) {
            probes.add(new ArrayList<>());
        }
    }

    /** The CPU and the memory kernel on {@code threads} threads, timed by the system clock. */
    static CanaryRun standard(Meter meter, int threads) {
        return standard(meter, threads, Ticker.system());
    }

    /** The CPU and the memory kernel on {@code threads} threads, timed by {@code clock} (the meter's). */
    static CanaryRun standard(Meter meter, int threads, Ticker clock) {
        ThreadsForCanary pool = new ThreadsForCanary(threads);
        return new CanaryRun(List.of(new CanaryCpuKernel(pool), new CanaryMemoryKernel(pool)), meter, clock, TARGET,
                pool);
    }

    /** Sizes every kernel's units (once per run) and takes the {@code start} probe. */
    void start() {
        long t0 = ticker.nanoTime();
        for (int i = 0; i < kernels.size(); i++) {
            units[i] = calibrate(kernels.get(i));
        }
        spentNanos += ticker.nanoTime() - t0;
        probe("start");
    }

    /**
     * The number of units that takes about {@link #target}: doubles the units until a run takes an eighth of
     * the target (which also warms the kernel up, so the compiler has done its work), times that run once more,
     * and scales.
     */
    private long calibrate(CanaryKernel kernel) {
        long floor = target.toNanos() / 8;
        long n = 1;
        long elapsed = timed(kernel, n);
        while (elapsed < floor && n < (1L << 40)) {
            n *= 2;
            elapsed = timed(kernel, n);
        }
        elapsed = Math.max(1, timed(kernel, n));
        return Math.max(1, Math.round((double) target.toNanos() * n / elapsed));
    }

    private long timed(CanaryKernel kernel, long n) {
        long t0 = ticker.nanoTime();
        checksum += kernel.run(n);
        return ticker.nanoTime() - t0;
    }

    /**
     * One window per kernel with the units {@link #start()} fixed. A meter that fails to read costs this probe
     * only, with a warning; the run goes on.
     */
    void probe(String at) {
        if (units[0] == 0) {
            throw new IllegalStateException("the canary was not started: call start() before probe(\"" + at + "\")");
        }
        long t0 = ticker.nanoTime();
        for (int i = 0; i < kernels.size(); i++) {
            CanaryKernel kernel = kernels.get(i);
            try {
                Window w = meter.begin("canary " + kernel.id() + " " + at);
                checksum += kernel.run(units[i]);
                Measurement m = w.end();
                double seconds = m.duration().toNanos() / 1e9;
                probes.get(i).add(new Canary.Probe(at, seconds / units[i], m.total().joules() / units[i]));
            } catch (MeterReadException e) {
                warnings.add("the drift canary's " + at + " probe of " + kernel.id()
                        + " was not recorded: the meter failed (" + e.getMessage() + ")");
            }
        }
        spentNanos += ticker.nanoTime() - t0;
    }

    /** What the run keeps; kernels that no probe could measure are left out (a warning says why). */
    Canary record() {
        List<Canary.Kernel> out = new ArrayList<>();
        for (int i = 0; i < kernels.size(); i++) {
            CanaryKernel k = kernels.get(i);
            if (!probes.get(i).isEmpty()) {
                out.add(Canary.Kernel.of(k.id(), k.unit(), k.threads(), units[i], probes.get(i)));
            }
        }
        return new Canary(meter.id(), meter.method().name(), target.toNanos() / 1e9, spentNanos / 1e9, out);
    }

    /** Why probes are missing, in words; empty when every probe was recorded. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The sum of every kernel's checksums: kept so that the compiler cannot drop the work. */
    long checksum() {
        return checksum;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the drift canary's threads: " + e.getMessage(), e);
        }
    }
}
