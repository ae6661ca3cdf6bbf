package org.joulebench.meters.msr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Ticker;
import org.joulebench.meters.Window;
import org.joulebench.meters.msr.Register.Scope;

/** An open MSR meter: reads every RAPL energy counter at both ends of each window. */
final class MsrMeter implements Meter {

    static final String ID = "msr";

    private final MsrCounters counters;
    private final Ticker ticker;
    private final Map<String, Object> details;
    private final AtomicBoolean closed = new AtomicBoolean();

    MsrMeter(MsrCounters counters, Ticker ticker) {
        this.counters = counters;
        this.ticker = ticker;
        this.details = buildDetails(counters);
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

    @Override
    public Window begin(String label) {
        Objects.requireNonNull(label, "label");
        ensureOpen();
        long startNanos = ticker.nanoTime();
        return new MsrWindow(label, this, counters, startNanos, readCounters());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            counters.close();
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("meter " + ID + " is closed");
        }
    }

    long nanoTime() {
        return ticker.nanoTime();
    }

    /** Every counter's low 32 bits, in the order of {@link MsrCounters#counters()}. */
    long[] readCounters() {
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

    private static Map<String, Object> buildDetails(MsrCounters counters) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", "MSR");
        d.put("root", counters.root().toString());
        d.put("vendor", counters.vendor().vendor().id());
        d.put("vendor_overridden", counters.vendor().overridden());
        d.put("vendor_source", counters.vendor().source());
        d.put("packages", counters.packages().stream().map(p -> packageDetails(counters, p)).toList());
        if (!counters.absent().isEmpty()) {
            d.put("absent_registers", counters.absent());
        }
        d.put("total_rule", counters.totalRule());
        d.put("wraparound", "counters are 32 bits: a counter below its start wrapped once, delta = end + 2^32 - start;"
                + " two wraps within one window (more than counter_range_joules) cannot be seen");
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
}
