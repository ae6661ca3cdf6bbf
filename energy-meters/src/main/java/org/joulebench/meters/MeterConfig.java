package org.joulebench.meters;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a meter may need from outside: roots of the files it reads and the clocks it uses,
 * all injectable so that tests build fake hardware.
 *
 * @param powercapRoot the powercap sysfs folder, normally {@code /sys/class/powercap}
 * @param ticker       wall-clock nanoseconds for window durations
 * @param cpuClock     process CPU time, for estimates and attribution
 */
public record MeterConfig(Path powercapRoot, Ticker ticker, CpuClock cpuClock) {

    public static final Path DEFAULT_POWERCAP_ROOT = Path.of("/sys/class/powercap");

    public MeterConfig {
        Objects.requireNonNull(powercapRoot, "powercapRoot");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(cpuClock, "cpuClock");
    }

    /** The real machine: default roots and the system clocks. */
    public static MeterConfig system() {
        return new MeterConfig(DEFAULT_POWERCAP_ROOT, Ticker.system(), CpuClock.process());
    }

    public MeterConfig withPowercapRoot(Path root) {
        return new MeterConfig(root, ticker, cpuClock);
    }

    public MeterConfig withTicker(Ticker t) {
        return new MeterConfig(powercapRoot, t, cpuClock);
    }

    public MeterConfig withCpuClock(CpuClock c) {
        return new MeterConfig(powercapRoot, ticker, c);
    }
}
