package org.joulebench.meters.nvml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.joulebench.meters.CounterBank;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Measurement;

/** A window over the boards' energy counters: the bank's running totals at its start and at its end. */
final class NvmlCounterWindow extends NvmlWindow {

    private final NvmlCounterMeter meter;
    private final CounterBank.Reading start;

    NvmlCounterWindow(String label, NvmlCounterMeter meter, CounterBank.Reading start) {
        super(label, meter, start.nanos());
        this.meter = meter;
        this.start = start;
    }

    @Override
    Measurement measure() {
        CounterBank.Reading end = meter.bank().read();
        checkClock(end.nanos());
        meter.bank().throwIfReset(start, end);
        List<GpuDevice> devices = meter.devices();
        Map<String, Energy> perDevice = new LinkedHashMap<>();
        long totalMj = 0;
        for (int i = 0; i < devices.size(); i++) {
            long delta = end.unwrapped()[i] - start.unwrapped()[i];
            perDevice.put(devices.get(i).uuid(), Energy.ofMillijoules(delta));
            totalMj += delta;
        }
        List<String> remarks = new ArrayList<>();
        long nanos = end.nanos() - startNanos;
        if (nanos < meter.updatePeriod().toNanos()) {
            meter.countShortWindow();
            remarks.add(String.format(Locale.ROOT, "window of %.1f ms is shorter than the energy counter's update"
                    + " period (%d ms): the counter may not have moved, or moved by one whole update", nanos / 1e6,
                    NvmlMeter.COUNTER_UPDATE_PERIOD_MS));
        }
        return finish(end.nanos(), perDevice, Energy.ofMillijoules(totalMj), remarks);
    }
}
