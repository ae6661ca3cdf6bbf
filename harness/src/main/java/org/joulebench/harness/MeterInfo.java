package org.joulebench.harness;

import java.util.List;
import java.util.Map;

/**
 * A meter as the run found it.
 *
 * @param status  {@code used}, {@code available} (not chosen) or {@code unavailable}
 * @param reason  what the meter found, or why it is unavailable
 * @param fix     for an unavailable meter, what to do; otherwise null
 * @param details the meter's coefficients and sources, when it was used
 */
public record MeterInfo(String id, String method, List<String> domains, String status, String reason, String fix,
                        String boundary, Map<String, Object> details) {

    public MeterInfo {
        domains = List.copyOf(domains);
        details = details == null ? Map.of() : details;
    }
}
