package org.joulebench.meters;

import java.util.List;
import java.util.Map;

/**
 * An open energy meter. Windows read cumulative counters (or the model's inputs) at both ends;
 * windows may overlap, and each {@link Window} is ended once.
 */
public interface Meter extends AutoCloseable {

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

    /** Starts a window. */
    Window begin(String label);

    /** Releases what the meter holds; further windows fail. */
    @Override
    void close();
}
