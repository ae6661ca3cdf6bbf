package org.joulebench.meters;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a meter must be polled for its figures to stay right, and why: e.g. a RAPL zone whose
 * counter can wrap twice between two reads when reads are further apart.
 *
 * @param interval the longest allowed time between two polls; positive
 * @param reason   which source sets the interval and how, in words for an error message
 */
public record PollRequirement(Duration interval, String reason) {

    public PollRequirement {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(reason, "reason");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + interval);
        }
    }
}
