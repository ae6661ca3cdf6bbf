package org.joulebench.meters.nvml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;

/** A window over sampled power: a sample at its end, and the trapezoid integral of each board's trace over it. */
final class NvmlSampledWindow extends NvmlWindow {

    private final NvmlSampledMeter meter;

    NvmlSampledWindow(String label, NvmlSampledMeter meter, long startNanos) {
        super(label, meter, startNanos);
        this.meter = meter;
    }

    @Override
    Measurement measure() {
        try {
            meter.checkSampler();
            long endNanos = meter.nanoTime();
            checkClock(endNanos);
            meter.sampleOnce(endNanos);
            List<PowerTrace.Integral> integrals = meter.integrate(startNanos, endNanos);
            List<GpuDevice> devices = meter.devices();
            Map<String, Energy> perDevice = new LinkedHashMap<>();
            Energy total = Energy.ZERO;
            int fewest = Integer.MAX_VALUE;
            boolean held = false;
            for (int i = 0; i < devices.size(); i++) {
                PowerTrace.Integral integral = integrals.get(i);
                perDevice.put(devices.get(i).uuid(), integral.energy());
                total = total.plus(integral.energy());
                fewest = Math.min(fewest, integral.samples());
                held |= integral.held();
            }
            List<String> remarks = new ArrayList<>();
            long nanos = endNanos - startNanos;
            if (nanos < 2 * meter.periodNanos()) {
                meter.countShortWindow();
                remarks.add(String.format(Locale.ROOT, "window of %.1f ms is shorter than two sample periods"
                        + " (%.1f ms): its energy is interpolated from %d power sample(s) and the readings around it",
                        nanos / 1e6, 2 * meter.periodNanos() / 1e6, fewest));
            }
            if (held) {
                remarks.add("the window reached beyond the power samples; power there was held at the nearest one");
            }
            return finish(endNanos, perDevice, total, remarks);
        } finally {
            meter.release(startNanos);
        }
    }
}
