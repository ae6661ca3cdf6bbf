package org.joulebench.meters.estimate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;

/** One estimate window: wall and CPU time at its start, turned into an estimate at its end. */
final class EstimateWindow implements Window {

    private final String label;
    private final EstimateMeter meter;
    private final long startNanos;
    private final long startCpuNanos;
    private final AtomicBoolean ended = new AtomicBoolean();

    EstimateWindow(String label, EstimateMeter meter, long startNanos, long startCpuNanos) {
        this.label = label;
        this.meter = meter;
        this.startNanos = startNanos;
        this.startCpuNanos = startCpuNanos;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Measurement end() {
        meter.ensureOpen();
        if (!ended.compareAndSet(false, true)) {
            throw new IllegalStateException("window '" + label + "' was already ended");
        }
        long endNanos = meter.nanoTime();
        long endCpuNanos = meter.cpuNanos();
        if (endNanos < startNanos) {
            throw new MeterReadException("the clock went backwards in window '" + label + "'");
        }
        if (endCpuNanos < startCpuNanos) {
            throw new MeterReadException("process CPU time went backwards in window '" + label + "' ("
                    + startCpuNanos + " to " + endCpuNanos + " ns)");
        }
        Duration wall = Duration.ofNanos(endNanos - startNanos);
        Energy energy = meter.model().energy(wall, Duration.ofNanos(endCpuNanos - startCpuNanos));
        return new Measurement(label, Method.ESTIMATE, wall, Map.of(Domain.CPU_PACKAGE, energy), energy);
    }
}
