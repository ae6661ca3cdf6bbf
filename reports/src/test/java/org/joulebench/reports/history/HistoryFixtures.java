package org.joulebench.reports.history;

import java.time.Instant;
import java.util.List;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.reports.ReportFixtures;

/**
 * Variants of {@link ReportFixtures#run()} for the history: another id, start, host name, and energy figures
 * scaled by a factor, so that a trend has points that differ. Nothing here was measured.
 */
final class HistoryFixtures {

    private HistoryFixtures() {
    }

    static RunResult run(String id, Instant start, String hostname, double energyScale) {
        return run(id, start, hostname, ReportFixtures.run().host().cpuModel(), energyScale);
    }

    /** As {@link #run(String, Instant, String, double)} on a host with another CPU model. */
    static RunResult run(String id, Instant start, String hostname, String cpuModel, double energyScale) {
        RunResult base = ReportFixtures.run();
        RunInfo r = base.run();
        HostInfo h = base.host();
        RunInfo run = new RunInfo(id, start, start.plusSeconds(60), r.version(), r.seed(), r.command(), r.suite(),
                r.settings());
        HostInfo host = new HostInfo(hostname, h.cpuVendor(), cpuModel, h.microarchitecture(), h.physicalCores(),
                h.logicalCpus(), h.memoryBytes(), h.os(), h.kernel(), h.jvm(), h.gpus(), h.virtualisation());
        List<TaskModelResult> results = base.results().stream().map(t -> scaled(t, energyScale)).toList();
        List<ModelInfo> models = List.of(
                new ModelInfo(ReportFixtures.SMALL, "fixture-sha256-small", "onnx", "fp32", 22_700_000L, "fixture"),
                new ModelInfo(ReportFixtures.LARGE, "fixture-sha256-large", "onnx", "fp32", 335_000_000L, "fixture"));
        return new RunResult(base.schema(), run, host, base.meters(), base.idle(), base.idleAfter(), results,
                base.warnings(), base.powerTrace(), models, base.queries());
    }

    private static TaskModelResult scaled(TaskModelResult t, double k) {
        TaskModelResult.EnergyResult e = t.energy();
        TaskModelResult.EnergyResult energy = new TaskModelResult.EnergyResult(e.meter(), e.method(), e.boundary(),
                e.window(), e.joulesGross() * k, e.joulesNet() * k, scaled(e.jPerQuery(), k), scaled(e.jPerToken(), k),
                e.setupJoulesGross() * k, e.relativeUncertainty(), e.attribution());
        return new TaskModelResult(t.task(), t.model(), t.backend(), t.device(), t.precision(), t.params(),
                t.repetitions(), t.queries(), t.tokens(), t.accuracy(), energy, t.throughput(), t.latency(),
                t.generation());
    }

    private static Stat scaled(Stat s, double k) {
        return Stat.of(s.mean() * k, s.lo() * k, s.hi() * k, s.n(), s.basis());
    }
}
