package org.joulebench.meters;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An open energy meter. Windows read cumulative counters (or the model's inputs) at both ends;
 * windows may overlap, and each {@link Window} is ended once.
 */
public interface Meter extends AutoCloseable {

    /**
     * The {@link #details()} key of the most power the meter's total can show, in watts, where the meter knows it
     * (a RAPL zone's limit, the estimate model's maximum): figures read back that imply more are refused as
     * impossible.
     */
    String MAX_POWER_W = "max_power_w";


    String id();

    Method method();

    /** The domains this meter reports, in the order it reports them. */
    List<Domain> domains();

    /**
     * What the meter's total covers, in words a reader of a report understands, e.g.
     * "CPU packages + DRAM of this host (RAPL)".
     */
    String boundary();

    /**
     * Coefficients, sources and other facts a reader needs to judge the figures; serialised into
     * results as they are. Keys are snake_case; values are strings, numbers, lists or maps.
     */
    Map<String, Object> details();

    /**
     * The relative uncertainty the meter states for its energy figures, as a fraction (0.5: ±50 %): a model's
     * estimate states one; a counter or a power reading states none here (empty), and a figure's own statistical
     * interval is computed from the measurements. Results carry it beside each energy figure; {@link #details()}
     * repeats it under {@code relative_uncertainty} for the reader.
     */
    default OptionalDouble relativeUncertainty() {
        return OptionalDouble.empty();
    }

    /** Starts a window. */
    Window begin(String label);

    /**
     * How often the meter's sources change: RAPL updates its counters about every millisecond, so a
     * shorter window may see no change or one whole update. {@link Duration#ZERO} for a source read on
     * demand. Windows shorter than this carry {@link Measurement.Flag#SHORTER_THAN_UPDATE_PERIOD}.
     */
    default Duration updatePeriod() {
        return Duration.ZERO;
    }

    /**
     * Reads the meter's sources now and returns the average power per domain since the previous
     * call (summed over the sources of one domain, like {@link Measurement#byDomain()}). Empty on
     * the first call, when no time has passed, and for meters without a power view. A
     * {@link Sampler} calls this at a fixed rate; counter meters also use the reads to follow
     * wraps between window ends.
     *
     * @throws MeterReadException when a source cannot be read or moved impossibly
     *                            ({@link CounterResetException}); the meter stays usable, and the
     *                            next poll measures from this one
     */
    default Map<Domain, Power> poll() {
        return Map.of();
    }

    /**
     * The longest time allowed between two reads (polls or window ends) for the figures to stay
     * right, e.g. half the shortest time in which a RAPL counter can wrap; empty when any interval is
     * fine.
     */
    default Optional<Duration> requiredPollInterval() {
        return Optional.empty();
    }

    /**
     * How many counter resets the meter has seen since it opened (a counter that dropped, or rose faster than its
     * source can draw): each spoiled the windows and polls that spanned it, and nothing else. 0 for meters
     * without counters.
     */
    default long counterResets() {
        return 0;
    }

    /**
     * {@link #requiredPollInterval()} with the reason for it (which source, how computed), for the
     * message that rejects a sampling rate that is too slow. Meters that know their reason override
     * this as well.
     */
    default Optional<PollRequirement> pollRequirement() {
        return requiredPollInterval().map(interval -> new PollRequirement(interval,
                "meter " + id() + " must be read at least every "
                        + BigDecimal.valueOf(interval.toNanos(), 9).stripTrailingZeros().toPlainString() + " s"));
    }

    /** Releases what the meter holds; further windows fail. */
    @Override
    void close();
}
