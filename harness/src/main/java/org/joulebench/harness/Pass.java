package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterReadException;

/**
 * One measured pass of a task on one model: the pass's own energy window over every meter of the run beside the
 * per-query ones, and the CPU times its attribution rests on. When any query's window was too short for a meter to
 * resolve (NVML updates about every 100 ms), every query of the pass gets its time share of the pass window for that
 * meter's figures instead, marked apportioned; the other meters' figures stay the queries' own.
 */
final class Pass {

    /** A query's sample and the meters for which one of its windows was shorter than their update period. */
    record Query(TaskModelAggregator.Sample sample, Set<String> shortMeters) {
    }

    /** The row a pass measures: task, model and backend (or engine), as queries.csv names them. */
    record Row(String task, String model, String backend) {
    }

    private final Row row;
    private final int block;
    private final RunEnergy energy;
    private final int headline;
    private final String method;
    private final CpuTimes cpuTimes;
    private final long process0;
    private final long machine0;
    private final MeterSet.Windows window;
    private final List<TaskModelAggregator.Sample> samples = new ArrayList<>();
    private final List<TaskModelAggregator.Sample> resumed = new ArrayList<>();
    private final Set<String> shortMeters = new LinkedHashSet<>();

    private Pass(RunEnergy energy, int headline, CpuTimes cpuTimes, String label, Row row, int block) {
        this.row = row;
        this.block = block;
        this.energy = energy;
        this.headline = headline;
        this.method = energy.meter(headline).method().name();
        this.cpuTimes = cpuTimes;
        this.process0 = cpuTimes.processNanos();
        this.machine0 = cpuTimes.machineBusyNanos();
        this.window = energy.begin(label);
    }

    /**
     * @param headline the meter whose total is the row's headline ({@link RunEnergy#headline})
     * @param block    the pass's block of items within its repetition ({@link PassSchedule.Turn#block()})
     */
    static Pass begin(RunEnergy energy, int headline, CpuTimes cpuTimes, String label, Row row, int block) {
        return new Pass(energy, headline, cpuTimes, label, row, block);
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
        shortMeters.addAll(q.shortMeters());
        control.measured(q.sample().inBlock(block), row.task(), row.model(), row.backend(), method);
    }

    /** Ends the pass's window and hands its queries, apportioned where needed, and CPU times to {@code a}. */
    void end(TaskModelAggregator a, MeterFaults faults) {
        RunEnergy.Figures pass;
        try {
            pass = energy.figures(window.end(), headline);
        } catch (MeterReadException e) {
            faults.record("pass window '" + window.label() + "'", e);
            pass = null; // its queries keep their own windows
        }
        a.addCpuTimes(cpuTimes.processNanos() - process0, cpuTimes.machineBusyNanos() - machine0);
        for (TaskModelAggregator.Sample s : resumed) {
            a.add(s.inBlock(block));
        }
        if (pass != null && !shortMeters.isEmpty()) {
            Set<String> coarse = new LinkedHashSet<>(pass.shortMeters());
            coarse.retainAll(shortMeters);
            if (!coarse.isEmpty()) {
                energy.shortPass(coarse);
            }
        }
        String headlineMeter = energy.meter(headline).id();
        for (TaskModelAggregator.Sample s : samples) {
            if (pass != null && !shortMeters.isEmpty()) {
                if (shortMeters.contains(headlineMeter)) {
                    s = s.apportionedFrom(pass.gross(), pass.seconds(), energy.idleWatts(headline));
                }
                s = s.domainsApportionedFrom(pass.domains(), energy::idleWatts, shortMeters);
            }
            a.add(s.inBlock(block));
        }
    }
}
