package org.joulebench.meters;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A cumulative counter moved by more energy than its source can spend in the time between two
 * readings, or went back where it cannot wrap: it was reset (a driver reload, a firmware event, a
 * suspend), and the difference is not energy. Never turned into a figure.
 */
public class CounterResetException extends MeterReadException {

    private static final long serialVersionUID = 1L;

    private final String zone;
    private final Energy from;
    private final Energy to;
    private final Duration elapsed;
    private final Power impliedPower;
    private final Power limit;

    /**
     * @param zone         the counter's source, e.g. {@code intel-rapl:0 (package-0)}
     * @param from         the earlier reading
     * @param to           the later reading
     * @param elapsed      the time between the two readings
     * @param impliedPower the power the difference would mean, counting the wraps the source allows;
     *                     negative for a counter that cannot wrap and went back
     * @param limit        the most power the source can draw
     */
    public CounterResetException(String zone, Energy from, Energy to, Duration elapsed, Power impliedPower,
                                 Power limit) {
        super(message(zone, from, to, elapsed, impliedPower, limit));
        this.zone = zone;
        this.from = from;
        this.to = to;
        this.elapsed = elapsed;
        this.impliedPower = impliedPower;
        this.limit = limit;
    }

    private static String message(String zone, Energy from, Energy to, Duration elapsed, Power implied,
                                  Power limit) {
        Objects.requireNonNull(zone, "zone");
        if (implied.watts() < 0) {
            return String.format(Locale.ROOT, "counter of %s was reset: it read %.6f J, then %.6f J %.6f s later,"
                            + " and it can neither wrap nor count down: not energy, a reset",
                    zone, from.joules(), to.joules(), elapsed.toNanos() / 1e9);
        }
        return String.format(Locale.ROOT, "counter of %s was reset: it read %.6f J, then %.6f J %.6f s later,"
                        + " which would mean %.1f W, but the source draws at most %.1f W: not energy, a reset",
                zone, from.joules(), to.joules(), elapsed.toNanos() / 1e9, implied.watts(), limit.watts());
    }

    /** The counter's source, e.g. {@code intel-rapl:0 (package-0)}. */
    public String zone() {
        return zone;
    }

    public Energy from() {
        return from;
    }

    public Energy to() {
        return to;
    }

    public Duration elapsed() {
        return elapsed;
    }

    public Power impliedPower() {
        return impliedPower;
    }

    public Power limit() {
        return limit;
    }
}
