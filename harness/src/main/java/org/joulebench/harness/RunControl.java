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
    private final Consumer<String> journal;
    private final JournalLines.Read resumed;
    private final MeterFaults faults = new MeterFaults();
    private volatile boolean stopped;
    private volatile String failure;
    private long measured;
    private long reused;

    private RunControl(BooleanSupplier stopRequested, Consumer<String> journal, JournalLines.Read resumed) {
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.resumed = resumed;
    }

    /**
     * @param stopRequested asked before every measured query; once true, the run stops there
     * @param journal       given one JSON line for the machine and models, the idle baseline, and each measured
     *                      query as measured in its own window, in order (a pass that turns out too short for the
     *                      meter apportions its queries afterwards, in queries.csv only)
     */
    public static RunControl of(BooleanSupplier stopRequested, Consumer<String> journal) {
        return new RunControl(stopRequested, journal, null);
    }

    /**
     * As {@link #of}, finishing the run whose journal lines are {@code earlier}: its queries are taken from there
     * rather than measured again, with its idle baseline; the machine and the model files must be the same.
     *
     * @throws InputException when a line of the journal cannot be read
     */
    public static RunControl resuming(BooleanSupplier stopRequested, Consumer<String> journal,
                                      java.util.List<String> earlier, String where) throws InputException {
        return new RunControl(stopRequested, journal, JournalLines.read(earlier, where));
    }

    /** Never stops, keeps no journal. */
    public static RunControl none() {
        return new RunControl(() -> false, q -> { }, null);
    }

    /**
     * Journals the machine and models; when resuming, checks them against the journal's.
     *
     * @throws InputException when the run to finish was measured on another machine or other model files
     */
    void begin(HostInfo host, java.util.List<ModelInfo> models) throws InputException {
        if (resumed != null && resumed.setup() != null) {
            com.fasterxml.jackson.databind.JsonNode s = resumed.setup();
            String was = s.path("cpu_model").asText() + " × " + s.path("logical_cpus").asInt();
            String is = host.cpuModel() + " × " + host.logicalCpus();
            if (!was.equals(is)) {
                throw new InputException("cannot resume: the run was measured on " + was + " CPUs, this is " + is,
                        "resume on the machine that started the run, or start a new run");
            }
            for (ModelInfo m : models) {
                String sha = s.path("models").path(m.id()).asText(null);
                if (sha != null && !sha.equals(m.sha256())) {
                    throw new InputException("cannot resume: model " + m.id() + " is another file now (sha256 "
                            + m.sha256() + ", the run measured " + sha + ")", "start a new run");
                }
            }
            return;
        }
        journal.accept(JournalLines.setup(host, models));
    }

    /** The idle baseline of the run being finished, or null (then it is measured, and journaled). */
    IdleBaseline resumedIdle() {
        return resumed == null ? null : resumed.idle();
    }

    void idle(IdleBaseline idle) {
        journal.accept(JournalLines.idle(idle));
    }

    /** The query as the interrupted run measured it, or null where it was not measured. */
    TaskModelAggregator.Sample resumed(String task, String model, String backend, int repetition, String item) {
        if (resumed == null) {
            return null;
        }
        TaskModelAggregator.Sample s = resumed.queries().get(new JournalLines.Key(task, model, backend, repetition,
                item));
        if (s != null) {
            reused++;
        }
        return s;
    }

    /** Queries taken from the journal of the run being finished. */
    public long reused() {
        return reused;
    }

    /** Whether to stop before the next query; true from the first time it was asked and said yes. */
    synchronized boolean shouldStop() {
        if (!stopped && stopRequested.getAsBoolean()) {
            stopped = true;
        }
        return stopped;
    }

    /**
     * Stops the run because something failed mid-run (a serving level's request failed, or its engine stalled): the
     * run writes what it measured as a partial result, and {@link #failure()} says why (the command exits 1).
     */
    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        stopped = true;
    }

    /** Why the run failed mid-run after keeping its partial result, or null. */
    public String failure() {
        return failure;
    }

    /** Whether the run stopped early. */
    public boolean stopped() {
        return stopped;
    }

    /** Measured queries so far. */
    public long measured() {
        return measured;
    }

    void measured(TaskModelAggregator.Sample s, String task, String model, String backend, String method) {
        measured++;
        journal.accept(JournalLines.query(s, task, model, backend, method));
    }

    /** Responses of the serving scenario, counted as measured queries (they are not journaled one by one). */
    void countServed(int responses) {
        measured += responses;
    }

    MeterFaults faults() {
        return faults;
    }
}
