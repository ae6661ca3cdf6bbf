package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.Window;

/**
 * One measured pass of a task on one model: the pass's own energy window beside the per-query
 * ones, and the CPU times its attribution rests on. When any query's window was too short for the
 * meter to resolve, every query of the pass gets its time share of the pass window instead, marked
 * apportioned.
 */
final class Pass {

    /** A query's sample and whether any of its windows was shorter than the meter's update period. */
    record Query(TaskModelAggregator.Sample sample, boolean tooShort) {
    }

    private final CpuTimes cpuTimes;
    private final long process0;
    private final long machine0;
    private final Window window;
    private final List<TaskModelAggregator.Sample> samples = new ArrayList<>();
    private final List<TaskModelAggregator.Sample> resumed = new ArrayList<>();
    private boolean tooShort;

    private Pass(Meter meter, CpuTimes cpuTimes, String label) {
        this.cpuTimes = cpuTimes;
        this.process0 = cpuTimes.processNanos();
        this.machine0 = cpuTimes.machineBusyNanos();
        this.window = meter.begin(label);
    }

    static Pass begin(Meter meter, CpuTimes cpuTimes, String label) {
        return new Pass(meter, cpuTimes, label);
    }

    void add(Query q) {
        samples.add(q.sample());
        tooShort |= q.tooShort();
    }

    /** A query taken from the journal of an interrupted run: kept as it was measured then, never apportioned. */
    void addResumed(TaskModelAggregator.Sample s) {
        resumed.add(s);
    }

    /**
     * Ends the pass's window and hands its queries, apportioned where needed, and CPU times to {@code a}.
     *
     * @param block the pass's block of items within its repetition ({@link PassSchedule.Turn#block()})
     */
    void end(TaskModelAggregator a, double idleWatts, int block, MeterFaults faults) {
        Measurement energy;
        try {
            energy = window.end();
        } catch (MeterReadException e) {
            faults.record("pass window '" + window.label() + "'", e);
            energy = null; // its queries keep their own windows
        }
        a.addCpuTimes(cpuTimes.processNanos() - process0, cpuTimes.machineBusyNanos() - machine0);
        for (TaskModelAggregator.Sample s : resumed) {
            a.add(s.inBlock(block));
        }
        for (TaskModelAggregator.Sample s : samples) {
            boolean apportion = tooShort && energy != null;
            a.add((apportion ? s.apportionedFrom(energy.total().joules(), energy.duration().toNanos() / 1e9,
                    idleWatts) : s).inBlock(block));
        }
    }
}
