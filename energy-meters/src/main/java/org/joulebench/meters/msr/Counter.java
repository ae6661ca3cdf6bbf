package org.joulebench.meters.msr;

import java.nio.file.Path;
import java.time.Duration;
import org.joulebench.meters.CounterResetException;
import org.joulebench.meters.Domain;
import org.joulebench.meters.Energy;
import org.joulebench.meters.Power;
import org.joulebench.meters.msr.Register.Scope;

/**
 * One energy counter the meter reads: a register on one CPU's device, in one package's units.
 *
 * @param pkg        the package whose energy unit applies
 * @param cpu        the CPU whose device is read
 * @param devicePath that device, for messages
 * @param register   the energy status register
 * @param device     the open device
 */
record Counter(MsrPackage pkg, int cpu, Path devicePath, Register register, MsrAccess.Device device) {

    /** RAPL energy counters are the low 32 bits of their registers. */
    static final long COUNTER_MASK = 0xFFFF_FFFFL;
    /** A delta above max power × elapsed × this factor + {@link #RESET_SLACK_JOULES} is a reset (as for powercap). */
    static final double RESET_POWER_FACTOR = 1.5;
    static final double RESET_SLACK_JOULES = 1.0;

    private static final long RANGE = 1L << 32;

    /**
     * Counts between two 32-bit readings. A reading below the first means the counter wrapped,
     * once: we add 2^32. Two wraps between two readings cannot be seen and would undercount: the
     * meter reads every counter at least every {@link MsrMeter#requiredPollInterval()} when sampled.
     */
    static long deltaCounts(long start, long end) {
        return end >= start ? end - start : end + RANGE - start;
    }

    /** {@code MSR_PKG_ENERGY_STATUS (0x611) on /dev/cpu/0/msr (package 0)}, for messages. */
    String label() {
        return register.label() + " on " + devicePath + " (package " + pkg.id() + ")";
    }

    /** The energy status unit this counter counts in: the package's, or its DRAM unit for a DRAM counter. */
    int esu() {
        return register.domain() == Domain.DRAM ? pkg.dramEsu() : pkg.esu();
    }

    double joulesPerCount() {
        return Math.scalb(1.0, -esu());
    }

    /** The energy after which the counter wraps: 2^32 counts. */
    double rangeJoules() {
        return Math.scalb(1.0, 32 - esu());
    }

    /**
     * The most power the counter's domain can draw: the package's for the package and the domains
     * inside it (PP0, PP1), defaults for DRAM, psys and per-core counters, which have no limit
     * register the meter reads.
     */
    MaxPower maxPower() {
        if (register.domain() == Domain.DRAM) {
            return new MaxPower(MaxPower.DEFAULT_DRAM, "default for dram counters");
        }
        if (register.domain() == Domain.PSYS) {
            return new MaxPower(MaxPower.DEFAULT_PACKAGE, "default for the platform (psys) counter");
        }
        if (register.scope() == Scope.CORE) {
            return new MaxPower(MaxPower.DEFAULT_CORE, "default for per-core counters");
        }
        if (register.domain() == Domain.CPU_PACKAGE) {
            return pkg.maxPower();
        }
        return new MaxPower(pkg.maxPower().power(), "the package's, which contains it: " + pkg.maxPower().source());
    }

    /** The shortest time in which the counter can run through its whole range: 2^32 counts / max power. */
    Duration shortestWrap() {
        double seconds = rangeJoules() / maxPower().power().watts();
        return Duration.ofNanos(Math.round(Math.min(seconds * 1e9, Long.MAX_VALUE)));
    }

    /**
     * {@link #deltaCounts} between two readings {@code elapsedNanos} apart, checked against what the
     * domain can draw: more than max power × elapsed × {@value #RESET_POWER_FACTOR} + 1 J is a reset.
     *
     * @throws CounterResetException for a delta the domain cannot have spent
     */
    long checkedDeltaCounts(long start, long end, long elapsedNanos) {
        long delta = deltaCounts(start, end);
        long elapsed = Math.max(elapsedNanos, 0);
        double joules = delta * joulesPerCount();
        MaxPower max = maxPower();
        double limit = max.power().watts() * (elapsed / 1e9) * RESET_POWER_FACTOR + RESET_SLACK_JOULES;
        if (joules > limit) {
            double impliedWatts = joules / (Math.max(elapsed, 1) / 1e9);
            throw new CounterResetException(label(), Energy.ofJoules(start * joulesPerCount()),
                    Energy.ofJoules(end * joulesPerCount()), Duration.ofNanos(elapsed), Power.ofWatts(impliedWatts),
                    max.power());
        }
        return delta;
    }
}
