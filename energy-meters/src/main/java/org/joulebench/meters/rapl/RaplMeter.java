package org.joulebench.meters.rapl;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;

/** An open RAPL meter: reads every zone's {@code energy_uj} at both ends of each window. */
final class RaplMeter implements Meter {

    static final String ID = "rapl";

    private final ZoneSet zones;
    private final ZoneFiles files;
    private final Ticker ticker;
    private final Map<String, Object> details;
    private volatile boolean closed;

    RaplMeter(ZoneSet zones, ZoneFiles files, Ticker ticker) {
        this.zones = zones;
        this.files = files;
        this.ticker = ticker;
        this.details = buildDetails(zones);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Method method() {
        return Method.COUNTER;
    }

    @Override
    public List<Domain> domains() {
        return zones.domains();
    }

    @Override
    public String boundary() {
        return zones.boundary();
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        long startNanos = ticker.nanoTime();
        return new RaplWindow(label, this, zones, startNanos, readCounters());
    }

    @Override
    public void close() {
        closed = true;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("meter " + ID + " is closed");
        }
    }

    long nanoTime() {
        return ticker.nanoTime();
    }

    /** Every zone's {@code energy_uj}, in the order of {@link ZoneSet#zones()}. */
    long[] readCounters() {
        List<Zone> list = zones.zones();
        long[] readings = new long[list.size()];
        for (int i = 0; i < readings.length; i++) {
            var file = list.get(i).energyFile();
            String text;
            try {
                text = files.read(file).strip();
            } catch (IOException e) {
                throw new MeterReadException("cannot read " + file + ": " + PowercapScanner.describe(e), e);
            }
            try {
                readings[i] = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new MeterReadException("unexpected content in " + file + ": '" + text + "'", e);
            }
        }
        return readings;
    }

    private static Map<String, Object> buildDetails(ZoneSet zones) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "powercap sysfs");
        d.put("root", zones.root().toString());
        d.put("zones", zones.zones().stream().map(z -> zoneDetails(zones, z)).toList());
        if (!zones.ignored().isEmpty()) {
            d.put("ignored_zones", zones.ignored());
        }
        d.put("total_rule", zones.totalRule());
        d.put("wraparound", "a counter below its start wrapped once: delta = end + max_energy_range_uj - start"
                + " (the kernel's +1 µJ is left out); two wraps within one window cannot be seen");
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, Object> zoneDetails(ZoneSet zones, Zone z) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", z.id());
        m.put("name", z.name());
        m.put("domain", z.domain().name());
        m.put("max_energy_range_uj", z.maxEnergyRangeUj());
        m.put("in_total", zones.inTotal(z));
        return Collections.unmodifiableMap(m);
    }
}
