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

    /** The row a pass measures: task, model and backend (or engine), as queries.csv names them. */
    record Row(String task, String model, String backend) {
    }

    private final Row row;
    private final int block;
    private final String method;
    private final CpuTimes cpuTimes;
    private final long process0;
    private final long machine0;
    private final Window window;
    private final List<TaskModelAggregator.Sample> samples = new ArrayList<>();
    private final List<TaskModelAggregator.Sample> resumed = new ArrayList<>();
    private boolean tooShort;

    private Pass(Meter meter, CpuTimes cpuTimes, String label, Row row, int block) {
        this.row = row;
        this.block = block;
        this.method = meter.method().name();
        this.cpuTimes = cpuTimes;
        this.process0 = cpuTimes.processNanos();
        this.machine0 = cpuTimes.machineBusyNanos();
        this.window = meter.begin(label);
    }

    /**
     * @param block the pass's block of items within its repetition ({@link PassSchedule.Turn#block()})
     */
    static Pass begin(Meter meter, CpuTimes cpuTimes, String label, Row row, int block) {
        return new Pass(meter, cpuTimes, label, row, block);
    }

    /**
     * Adds one query of the pass: as the interrupted run measured it, where the run finishes one whose journal
     * holds it; else measured now ({@code measure}, again after a meter fault, see {@link MeterFaults}) and
     * journaled.
     */
    <E extends Exception> void query(RunControl control, int repetition, String item,
                                     MeterFaults.Measure<Query, E> measure) throws E {
        TaskModelAggregator.Sample earlier = control.resumed(row.task(), row.model(), row.backend(), repetition, item);
        if (earlier != null) {
            resumed.add(earlier); // kept as it was measured then, never apportioned
            return;
        }
        Query q = control.faults().measure("query " + item + " of " + row.model(), measure);
        samples.add(q.sample());
        tooShort |= q.tooShort();
        control.measured(q.sample().inBlock(block), row.task(), row.model(), row.backend(), method);
    }

    /** Ends the pass's window and hands its queries, apportioned where needed, and CPU times to {@code a}. */
    void end(TaskModelAggregator a, double idleWatts, MeterFaults faults) {
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
