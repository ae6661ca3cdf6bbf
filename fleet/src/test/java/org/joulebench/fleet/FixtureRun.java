package org.joulebench.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.joulebench.harness.HostInfo;
import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunInfo;
import org.joulebench.harness.RunResult;
import org.joulebench.harness.Stat;
import org.joulebench.harness.TaskModelResult;

/** A clearly made-up run ("fixture-" names, figures nobody measured), and a pod log that ends with its block. */
final class FixtureRun {

    private FixtureRun() {
    }

    static byte[] resultsJson(String id, String host) throws IOException {
        double j = 0.5;
        TaskModelResult r = new TaskModelResult("fixture-task", "fixture-model", "onnx", "cpu", "fp32", 1_000_000L, 3,
                12, 96, new TaskModelResult.Accuracy("accuracy@1", 0.5, List.of(0.25, 0.75), 4, "items", Map.of()),
                new TaskModelResult.EnergyResult("estimate", "ESTIMATE", "fixture boundary", "query", j * 12, j * 12,
                        Stat.of(j, j * 0.9, j * 1.1, 3, "repetitions"), Stat.of(j / 8, j / 9, j / 7, 3, "repetitions"),
                        0, 0.5),
                new TaskModelResult.Throughput(Stat.of(100, 90, 110, 3, "repetitions"), 12.5),
                new TaskModelResult.Latency(80, 95));
        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        RunResult result = new RunResult(RunResult.SCHEMA,
                new RunInfo(id, start, start.plusSeconds(30), "fixture", 1, "joulebench run (fixture)",
                        new RunInfo.SuiteInfo("fixture-suite", "1", "fixture-suite-sha256"), Map.of()),
                new HostInfo(host, "FixtureVendor", "Fixture CPU", "fixture-arch", 2, 4, 8L << 30, "Fixture Linux",
                        "6.1.0-fixture", "OpenJDK 17 (fixture)", List.of(), null),
                List.of(), null, null, List.of(r), List.of(), null,
                List.of(new ModelInfo("fixture-model", "fixture-model-sha256", "onnx", "fp32", 1_000_000L, "fixture")),
                List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCodec.write(result, out);
        return out.toByteArray();
    }

    /** What the Job's script prints: the run's own output, then results.json gzip'd and base64'd in 76-column lines. */
    static String podLog(byte[] resultsJson) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(resultsJson);
        }
        return "joulebench: fixture run output\nwrote out/run-0\n" + ResultsBlock.BEGIN + "\n"
                + Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(gz.toByteArray()) + "\n" + ResultsBlock.END + "\n";
    }
}
