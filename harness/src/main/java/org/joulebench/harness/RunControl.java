package org.joulebench.harness;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a run consults and tells between queries: whether it is asked to stop (an interrupt: it then ends at the
 * next query boundary and its result is {@linkplain RunResult#partial() partial}), where each measured query goes
 * as soon as it is measured (the journal, so that a killed run loses at most the query in flight), and where meter
 * faults are counted.
 */
public final class RunControl {

    private final BooleanSupplier stopRequested;
    private final Consumer<QueryRecord> journal;
    private final MeterFaults faults = new MeterFaults();
    private boolean stopped;
    private long measured;

    private RunControl(BooleanSupplier stopRequested, Consumer<QueryRecord> journal) {
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * @param stopRequested asked before every measured query; once true, the run stops there
     * @param journal       given every measured query as measured in its own window, in order (a pass that turns
     *                      out too short for the meter apportions its queries afterwards, in queries.csv only)
     */
    public static RunControl of(BooleanSupplier stopRequested, Consumer<QueryRecord> journal) {
        return new RunControl(stopRequested, journal);
    }

    /** Never stops, keeps no journal. */
    public static RunControl none() {
        return new RunControl(() -> false, q -> { });
    }

    /** Whether to stop before the next query; true from the first time it was asked and said yes. */
    boolean shouldStop() {
        if (!stopped && stopRequested.getAsBoolean()) {
            stopped = true;
        }
        return stopped;
    }

    /** Whether the run stopped early. */
    public boolean stopped() {
        return stopped;
    }

    /** Measured queries so far. */
    public long measured() {
        return measured;
    }

    void measured(QueryRecord q) {
        measured++;
        journal.accept(q);
    }

    MeterFaults faults() {
        return faults;
    }
}
