package org.joulebench.cli;

import java.util.Locale;

import org.joulebench.harness.InputException;

/**
 * Numeric options checked before any work starts. A value below its floor (or not a finite number) is refused
 * always; a value above its cap is refused unless {@code --force} is given, where the command has one: the caps are
 * sanity limits (a typo's extra zeros), the floors are what the option means.
 */
final class Bounds {

    private Bounds() {
    }

    /** {@code value} must lie in [{@code min}, {@code max}]; past {@code max} only with {@code force}. */
    static void check(String option, long value, long min, long max, boolean force) throws InputException {
        if (value < min) {
            throw new InputException(option + " must be >= " + min + ", was " + value,
                    "give " + min + " to " + max);
        }
        if (value > max && !force) {
            throw new InputException(option + " " + value + " is above its bound of " + max,
                    "give at most " + max + ", or add --force to go past the bound");
        }
    }

    /** As {@link #check(String, long, long, long, boolean)} for a finite number; NaN and infinities are refused. */
    static void check(String option, double value, double min, double max, boolean force) throws InputException {
        check(option, value, min, max, Boolean.valueOf(force));
    }

    /** A number within [{@code min}, {@code max}] where no {@code --force} applies. */
    static void within(String option, double value, double min, double max) throws InputException {
        check(option, value, min, max, (Boolean) null);
    }

    private static void check(String option, double value, double min, double max, Boolean force)
            throws InputException {
        if (!Double.isFinite(value)) {
            throw new InputException(option + " must be a finite number, was " + value,
                    "give " + number(min) + " to " + number(max));
        }
        if (value < min) {
            throw new InputException(option + " must be >= " + number(min) + ", was " + number(value),
                    "give " + number(min) + " to " + number(max));
        }
        if (value > max && (force == null || !force)) {
            throw new InputException(option + " " + number(value) + " is above its bound of " + number(max),
                    "give at most " + number(max) + (force == null ? "" : ", or add --force to go past the bound"));
        }
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
