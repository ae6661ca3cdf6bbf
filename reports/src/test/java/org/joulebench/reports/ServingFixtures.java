package org.joulebench.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;
import org.joulebench.harness.TaskModelResult.EnergyResult;

/**
 * Made-up serving-scenario runs, built as {@code ServingAggregator} writes them: one entry per task × model ×
 * engine × concurrency level, with {@code concurrency} and {@code serving}, the {@code energy} block holding the
 * steady-state figures (J/query = J per response, J/token = J per output token, window {@code steady-state}),
 * no {@code generation} block. Level N's J/output token is {@code base × (1 + N / 10)}, so that every level's
 * figures differ. Nothing here was measured.
 */
public final class ServingFixtures {

    /** Output tokens per response in every level. */
    public static final double OUTPUT_TOKENS = 32;

    private ServingFixtures() {
    }

    /** J per output token (net) of {@code level} in a run whose level-1 figure is {@code base}. */
    public static double jPerOutputToken(double base, int level) {
        return base * (1 + level / 10.0);
    }

    /**
     * A serving run of {@link ReportFixtures#GEN_SMALL} on {@link ReportFixtures#JAVA} over
     * {@link ReportFixtures#COMPLETION}, at {@code levels}, on the fixture host of {@link ReportFixtures#run()}.
     */
    public static RunResult run(String id, Instant start, double base, int... levels) {
        RunResult b = ReportFixtures.generationRun();
        RunInfo r = b.run();
        RunInfo run = new RunInfo(id, start, start.plusSeconds(60), r.version(), r.seed(),
                "joulebench run --scenario server (fixture)", r.suite(), r.settings());
        List<TaskModelResult> results = new ArrayList<>();
        for (int level : levels) {
            results.add(level(level, jPerOutputToken(base, level)));
        }
        HostInfo h = b.host();
        return new RunResult(b.schema(), run, h, b.meters(), b.idle(), b.idleAfter(), results, List.of(), null,
                b.models(), List.of());
    }

    private static TaskModelResult level(int concurrency, double jPerToken) {
        Stat perToken = Stat.of(jPerToken, jPerToken * 0.9, jPerToken * 1.1, 3, "windows");
        Stat perResponse = Stat.of(jPerToken * OUTPUT_TOKENS, perToken.lo() * OUTPUT_TOKENS,
                perToken.hi() * OUTPUT_TOKENS, 3, "windows");
        double tokensPerS = 400.0 / concurrency + 40;
        long steadyTokens = 200L * concurrency;
        double steadySeconds = steadyTokens / tokensPerS;
        TaskModelResult.ServingStats serving = new TaskModelResult.ServingStats("closed-loop", null, 8 * concurrency,
                8 * concurrency, 3, steadySeconds, steadyTokens, jPerToken * steadyTokens + 3.25 * steadySeconds,
                jPerToken * steadyTokens, perToken, perResponse.mean(), tokensPerS,
                new TaskModelResult.Percentiles(50.0 * concurrency, 60.0 * concurrency, 70.0 * concurrency),
                new TaskModelResult.Percentiles(1.0 + concurrency / 10.0, 1.5, 2.0), steadySeconds * 1.5,
                (jPerToken * steadyTokens + 3.25 * steadySeconds) * 1.5, (long) (OUTPUT_TOKENS * 8 * concurrency),
                null, null, 1, "the fixture engine decodes one sequence at a time", "fixture steady-state windows");
        int responses = 8 * concurrency;
        return new TaskModelResult(ReportFixtures.COMPLETION, ReportFixtures.GEN_SMALL, ReportFixtures.JAVA, "cpu",
                "fp16", 135_000_000L, 3, responses, (long) ((20 + OUTPUT_TOKENS) * responses),
                new TaskModelResult.Accuracy("next-word exact match", 0.25, List.of(0.05, 0.57), 4, "items", Map.of(),
                        Boolean.TRUE),
                new EnergyResult("estimate", "ESTIMATE", "this JVM process's CPU time through a package power model",
                        "steady-state", serving.steadyJoulesGross(), serving.steadyJoulesNet(), perResponse, perToken, 0,
                        0.5),
                new TaskModelResult.Throughput(Stat.of(tokensPerS, tokensPerS * 0.95, tokensPerS * 1.05, 3, "windows"),
                        responses / serving.levelSeconds()),
                new TaskModelResult.Latency(60.0 * concurrency, 80.0 * concurrency), null, concurrency, serving);
    }
}
