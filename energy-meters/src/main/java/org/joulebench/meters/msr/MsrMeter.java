package org.joulebench.meters.msr;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.joulebench.meters.CounterBank;
import org.joulebench.meters.CounterBankMeter;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.PollRequirement;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.msr.Register.Scope;

/**
 * An open MSR meter: its 32-bit energy counters in a {@link CounterBank}, which follows wraps
 * between reads (a window's start or end, a {@link #poll()}) with a 64-bit accumulator of counts, so
 * a window is right across any number of 32-bit wraps as long as reads are less than one wrap apart,
 * which a {@link org.joulebench.meters.Sampler} at the {@link #requiredPollInterval()} guarantees. A
 * delta the domain cannot have spent is a reset: the accumulator is re-based on the new reading and
 * every window spanning it fails with {@link CounterResetException}. The same
 * scheme as the powercap meter's.
 */
final class MsrMeter extends CounterBankMeter {

    static final String ID = "msr";
    /** RAPL updates its energy status about every millisecond (Intel SDM, MSR_PKG_ENERGY_STATUS). */
    static final Duration UPDATE_PERIOD = Duration.ofMillis(1);

    private final MsrCounters counters;
    private final Map<String, Object> details;

    MsrMeter(MsrCounters counters, Ticker ticker) {
        super(ID, counters.counters().stream()
                        .map(c -> new CounterBank.Spec(c.register().domain(), counters.inTotal(c), c.joulesPerCount(),
                                c::checkedDeltaCounts)).toList(),
                buildPollRequirement(counters), ticker, UPDATE_PERIOD);
        this.counters = counters;
        this.details = buildDetails(counters, pollRequirement().orElseThrow());
    }

    @Override
    protected void release() {
        counters.close();
    }

    @Override
    public List<Domain> domains() {
        return counters.domains();
    }

    @Override
    public String boundary() {
        return counters.boundary();
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }

    /** Every counter's low 32 bits, in the order of {@link MsrCounters#counters()}. */
    @Override
    protected long[] readCounters() {
        List<Counter> list = counters.counters();
        long[] readings = new long[list.size()];
        for (int i = 0; i < readings.length; i++) {
            Counter c = list.get(i);
            try {
                readings[i] = c.device().read(c.register().address()) & Counter.COUNTER_MASK;
            } catch (IOException e) {
                throw new MeterReadException("cannot read " + c.register().label() + " from " + c.devicePath() + ": "
                        + MsrScanner.describe(e), e);
            }
        }
        return readings;
    }

    private static PollRequirement buildPollRequirement(MsrCounters counters) {
        Counter first = counters.counters().stream().min(Comparator.comparing(Counter::shortestWrap)).orElseThrow();
        Duration wrap = first.shortestWrap();
        Duration interval = wrap.dividedBy(2);
        if (interval.isZero()) {
            interval = Duration.ofNanos(1);
        }
        MaxPower max = first.maxPower();
        return new PollRequirement(interval, "counter " + first.label() + " can wrap in " + seconds(wrap) + " s"
                + " (2^32 counts of 2^-" + first.esu() + " J = " + number(first.rangeJoules()) + " J at up to "
                + number(max.power().watts()) + " W, from " + max.source() + "), so it must be read at least every "
                + seconds(interval) + " s");
    }

    private static String seconds(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    private static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Object> buildDetails(MsrCounters counters, PollRequirement requirement) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "MSR");
        d.put("root", counters.root().toString());
        d.put("vendor", counters.vendor().vendor().id());
        d.put("vendor_overridden", counters.vendor().overridden());
        d.put("vendor_source", counters.vendor().source());
        d.put("cpu_model", counters.cpuModel().map(Object::toString).orElse("unknown"));
        d.put("packages", counters.packages().stream().map(p -> packageDetails(counters, p)).toList());
        if (!counters.absent().isEmpty()) {
            d.put("absent_registers", counters.absent());
        }
        d.put("total_rule", counters.totalRule());
        d.put("wraparound", "counters are 32 bits; every read (window ends, sampler polls) adds each counter's"
                + " delta since the previous read to a 64-bit accumulator, and a counter below the previous reading"
                + " wrapped once: delta = end + 2^32 - start; windows are right across any number of wraps while"
                + " reads are at most the required poll interval apart");
        d.put("reset_rule", "a delta above max power × elapsed × " + Counter.RESET_POWER_FACTOR + " + "
                + number(Counter.RESET_SLACK_JOULES) + " J is a counter reset, not energy: windows spanning it fail,"
                + " and the accumulator is re-based");
        d.put("update_period_s", UPDATE_PERIOD.toNanos() / 1e9);
        d.put("required_poll_interval_s", requirement.interval().toNanos() / 1e9);
        d.put("required_poll_interval_reason", requirement.reason());
        d.put("counter_limits", counters.counters().stream().map(MsrMeter::counterLimits).toList());
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, Object> packageDetails(MsrCounters counters, MsrPackage p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("package", p.id());
        m.put("cpu", p.cpu());
        m.put("device", p.device().toString());
        m.put("unit_register", counters.vendor().vendor().unitLabel());
        m.put("energy_status_unit", p.esu());
        m.put("energy_unit_joules", p.energyUnitJoules());
        m.put("counter_range_joules", p.counterRangeJoules());
        if (counters.counters().stream().anyMatch(c -> c.pkg().equals(p) && c.register().domain() == Domain.DRAM)) {
            m.put("dram_energy_status_unit", p.dramEsu());
            m.put("dram_energy_unit_joules", Math.scalb(1.0, -p.dramEsu()));
            m.put("dram_energy_unit_source", p.dramUnitSource());
        }
        m.put("max_power_w", p.maxPower().power().watts());
        m.put("max_power_source", p.maxPower().source());
        Map<Register, List<Integer>> cpusByRegister = new LinkedHashMap<>();
        counters.counters().stream().filter(c -> c.pkg().equals(p))
                .forEach(c -> cpusByRegister.computeIfAbsent(c.register(), r -> new ArrayList<>()).add(c.cpu()));
        List<Map<String, Object>> registers = new ArrayList<>();
        cpusByRegister.forEach((r, cpus) -> {
            Map<String, Object> reg = new LinkedHashMap<>();
            reg.put("register", r.name());
            reg.put("address", Register.hex(r.address()));
            reg.put("domain", r.domain().name());
            reg.put("scope", r.scope().name().toLowerCase(Locale.ROOT));
            if (r.scope() == Scope.CORE) {
                reg.put("cpus", List.copyOf(cpus));
            }
            reg.put("in_total", MsrCounters.inTotal(r.domain()));
            registers.add(Collections.unmodifiableMap(reg));
        });
        m.put("registers", List.copyOf(registers));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Object> counterLimits(Counter c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counter", c.label());
        m.put("energy_unit_joules", c.joulesPerCount());
        m.put("counter_range_joules", c.rangeJoules());
        m.put("max_power_w", c.maxPower().power().watts());
        m.put("max_power_source", c.maxPower().source());
        m.put("shortest_wrap_s", c.shortestWrap().toNanos() / 1e9);
        return Collections.unmodifiableMap(m);
    }
}
