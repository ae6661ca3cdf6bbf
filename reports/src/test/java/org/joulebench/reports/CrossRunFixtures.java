package org.joulebench.reports;

import java.util.List;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.EnergyResult;

/**
 * Made-up runs for the cross-run report. {@link #hostA()} is {@link ReportFixtures#sampledRun()} with model
 * checksums; {@link #fabricatedHostB()} is the same run with a FABRICATED second host ("fixture-host-b", another
 * CPU and a fixture GPU), a later run id, and every energy figure scaled by {@value #HOST_B_ENERGY_FACTOR}, so
 * that two hosts can be compared. Nothing here was measured.
 */
public final class CrossRunFixtures {

    public static final double HOST_B_ENERGY_FACTOR = 1.5;
    public static final String COMMAND = "joulebench report fixture-a fixture-b --out fixture-report --region DE --pue 1.25";

    private CrossRunFixtures() {
    }

    public static RunResult hostA() {
        RunResult r = ReportFixtures.sampledRun();
        return withModels(r, List.of(
                new ModelInfo(ReportFixtures.SMALL, "aa".repeat(32), "onnx", "fp32", 22_700_000L, "fixture:small"),
                new ModelInfo(ReportFixtures.LARGE, "bb".repeat(32), "onnx", "fp32", 335_000_000L, "fixture:large")));
    }

    /** A second host made up for the test: {@link #hostA()} on "fixture-host-b" with energy × 1.5. */
    public static RunResult fabricatedHostB() {
        RunResult a = hostA();
        HostInfo host = new HostInfo("fixture-host-b", "FixtureVendorB", "Fixture CPU B 3.0GHz", "fixture-arch-b", 8,
                16, 32L << 30, "Fixture Linux", "6.6.0-fixture", "OpenJDK 21 (fixture)", List.of("Fixture GPU 1"),
                null);
        RunInfo ri = a.run();
        RunInfo run = new RunInfo("fixture-run-0002", ri.start().plusSeconds(86_400), ri.end().plusSeconds(86_400),
                "0.1.1-fixture", 43L, ri.command() + " --threads 8", ri.suite(), ri.settings());
        List<TaskModelResult> results = a.results().stream().map(CrossRunFixtures::scaled).toList();
        return new RunResult(a.schema(), run, host, a.meters(), a.idle(), a.idleAfter(), results, List.of(), null,
                a.models(), List.of());
    }

    /** Runs A and B as the report command would label them, with a DE conversion at PUE 1.25. */
    public static CrossRun twoHosts() {
        Carbon carbon = GridRegions.find("DE").orElseThrow().carbon(1.25);
        return CrossRun.of(List.of(hostA(), fabricatedHostB()), List.of("fixture-a", "fixture-b"), carbon, COMMAND);
    }

    private static RunResult withModels(RunResult r, List<ModelInfo> models) {
        return new RunResult(r.schema(), r.run(), r.host(), r.meters(), r.idle(), r.idleAfter(), r.results(),
                r.warnings(), r.powerTrace(), models, r.queries());
    }

    private static TaskModelResult scaled(TaskModelResult r) {
        EnergyResult e = r.energy();
        double k = HOST_B_ENERGY_FACTOR;
        EnergyResult energy = new EnergyResult(e.meter(), e.method(), e.boundary(), e.window(), e.joulesGross() * k,
                e.joulesNet() * k, scale(e.jPerQuery(), k), scale(e.jPerToken(), k), e.setupJoulesGross() * k,
                e.relativeUncertainty(), null);
        return new TaskModelResult(r.task(), r.model(), r.backend(), r.device(), r.precision(), r.params(),
                r.repetitions(), r.queries(), r.tokens(), r.accuracy(), energy, r.throughput(), r.latency(),
                r.generation());
    }

    private static Stat scale(Stat s, double k) {
        return Stat.of(s.mean() * k, s.lo() * k, s.hi() * k, s.n(), s.basis());
    }
}
