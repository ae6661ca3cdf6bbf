package org.joulebench.meters.rapl;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joulebench.meters.CounterBank;
import org.joulebench.meters.CounterBankMeter;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Meter;
import org.joulebench.meters.PollRequirement;
import org.joulebench.meters.Ticker;

/**
 * An open RAPL meter: its zones' {@code energy_uj} counters in a {@link CounterBank}, which follows
 * wraps between reads (a window's start or end, a {@link #poll()}) with a 64-bit accumulator, so a
 * window is right across any number of wraps as long as reads are less than one wrap apart, which a
 * {@link org.joulebench.meters.Sampler} at the {@link #requiredPollInterval()} guarantees. A delta
 * the zone cannot have spent is a reset: the accumulator is re-based on the new reading and every
 * window spanning it fails with {@link CounterResetException}.
 */
final class RaplMeter extends CounterBankMeter {

    static final String ID = "rapl";
    /** RAPL updates its energy status about every millisecond (Intel SDM, MSR_PKG_ENERGY_STATUS). */
    static final Duration UPDATE_PERIOD = Duration.ofMillis(1);

    private final ZoneSet zones;
    private final ZoneFiles files;
    private final Map<String, Object> details;

    RaplMeter(ZoneSet zones, ZoneFiles files, Ticker ticker) {
        super(ID, zones.zones().stream()
                        .map(z -> new CounterBank.Spec(z.domain(), zones.inTotal(z), 1e-6, z::checkedDeltaUj)).toList(),
                buildPollRequirement(zones), ticker, UPDATE_PERIOD);
        this.zones = zones;
        this.files = files;
        this.details = buildDetails(zones, pollRequirement().orElseThrow());
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

    /** Every zone's {@code energy_uj}, in the order of {@link ZoneSet#zones()}. */
    @Override
    protected long[] readCounters() {
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

    private static PollRequirement buildPollRequirement(ZoneSet zones) {
        Zone first = zones.zones().stream().min(Comparator.comparing(Zone::shortestWrap)).orElseThrow();
        Duration wrap = first.shortestWrap();
        Duration interval = wrap.dividedBy(2);
        if (interval.isZero()) {
            interval = Duration.ofNanos(1);
        }
        return new PollRequirement(interval, "zone " + first.label() + " can wrap in " + seconds(wrap) + " s ("
                + "max_energy_range_uj " + first.maxEnergyRangeUj() + " at up to " + watts(first.maxPowerUw())
                + " W, from " + first.maxPowerSource() + "), so it must be read at least every "
                + seconds(interval) + " s");
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    private static String watts(long microwatts) {
        return BigDecimal.valueOf(microwatts, 6).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Object> buildDetails(ZoneSet zones, PollRequirement requirement) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "powercap sysfs");
        d.put("root", zones.root().toString());
        d.put("zones", zones.zones().stream().map(z -> zoneDetails(zones, z)).toList());
        if (!zones.ignored().isEmpty()) {
            d.put("ignored_zones", zones.ignored());
        }
        d.put("total_rule", zones.totalRule());
        d.put("wraparound", "every read (window ends, sampler polls) adds each zone's delta since the previous"
                + " read to a 64-bit accumulator; a counter below the previous reading wrapped once: delta = end"
                + " + max_energy_range_uj - start (the kernel's +1 µJ is left out); windows are right across any"
                + " number of wraps while reads are at most the required poll interval apart");
        d.put("reset_rule", "a delta above max power × elapsed × " + Zone.RESET_POWER_FACTOR + " + 1 J is a"
                + " counter reset, not energy: windows spanning it fail, and the accumulator is re-based");
        d.put("update_period_s", UPDATE_PERIOD.toNanos() / 1e9);
        d.put("required_poll_interval_s", requirement.interval().toNanos() / 1e9);
        d.put("required_poll_interval_reason", requirement.reason());
        d.put("zone_limits", zones.zones().stream().map(RaplMeter::zoneLimits).toList());
        d.put(Meter.MAX_POWER_W, zones.zones().stream().filter(zones::inTotal).mapToDouble(z -> z.maxPowerUw() / 1e6)
                .sum());
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

    private static Map<String, Object> zoneLimits(Zone z) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", z.id());
        m.put("max_power_w", z.maxPowerUw() / 1e6);
        m.put("max_power_source", z.maxPowerSource());
        m.put("shortest_wrap_s", z.shortestWrap().toNanos() / 1e9);
        return Collections.unmodifiableMap(m);
    }
}
