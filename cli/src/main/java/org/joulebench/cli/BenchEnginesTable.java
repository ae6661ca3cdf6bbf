package org.joulebench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The table {@code bench-engines} prints: one row per engine, then the memory-bandwidth lines. */
final class BenchEnginesTable {

    private BenchEnginesTable() {
    }

    static void print(PrintWriter out, BenchEnginesJson.Setup setup, BenchEnginesJson.Outcome outcome,
                      Map<String, Integer> types) {
        var m = setup.model();
        out.printf(Locale.ROOT, "%s (%,d parameters; %s; sha256 %s…), prompt %s, %d new tokens, %d threads, "
                        + "%d of %d rounds%s%n", setup.file().getFileName(), m.parameters(),
                types.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")),
                m.sha256().substring(0, Math.min(12, m.sha256().length())),
                setup.promptTokensAsked() > 0 ? "of at most " + setup.promptTokensAsked() + " tokens (KJV verses)"
                        : "given", setup.tokens(), setup.threads(), outcome.completed(), setup.rounds(),
                outcome.stopped() == null ? "" : " (" + outcome.stopped() + ")");
        EngineRounds llama = outcome.engines().stream().filter(e -> e.engine().equals("llamacpp")).findFirst()
                .orElse(null);
        Optional<MemoryBandwidth.Result> probe = outcome.bandwidth();
        out.printf(Locale.ROOT, "%-14s %24s  %9s %9s  %6s  %8s %8s  %8s%n", "", "decode tokens/s", "prompt", "TTFT",
                "prompt", "vs llamacpp", "", "of mem.");
        out.printf(Locale.ROOT, "%-14s %24s  %9s %9s  %6s  %8s %8s  %8s%n", "engine", "median [min, max]", "tok/s",
                "ms", "tokens", "decode", "prefill", "bound");
        for (EngineRounds e : outcome.engines()) {
            EngineRounds.Spread d = e.decode().orElseThrow();
            double prefill = e.prefill().orElseThrow().median();
            String bound = probe.map(p -> String.format(Locale.ROOT, "%7.1f%%", 100 * d.median()
                    / (p.bytesPerSecond() / BenchEnginesJson.bytesPerToken(e.engine(), outcome.traffic()))))
                    .orElse("n/a");
            out.printf(Locale.ROOT, "%-14s %24s  %9.1f %9.1f  %6d  %8s %8s  %8s%n", e.engine(),
                    String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", d.median(), d.min(), d.max()), prefill,
                    e.ttftMillis().orElseThrow().median(), e.promptTokens(),
                    llama == null ? "n/a" : percent(d.median() / llama.decode().orElseThrow().median()),
                    llama == null ? "n/a" : percent(prefill / llama.prefill().orElseThrow().median()), bound);
        }
        if (llama != null && outcome.engines().size() > 1) {
            // A round runs the engines back to back, so its ratios see much the same load on a shared machine.
            out.println("per-round decode ratio to llamacpp, median [min, max]: " + outcome.engines().stream()
                    .filter(e -> e != llama).map(e -> e.decodeRatioPerRound(llama).map(s -> e.engine() + " "
                            + percent(s.median()) + " [" + percent(s.min()) + ", " + percent(s.max()) + "]")
                            .orElse(e.engine() + " n/a"))
                    .collect(Collectors.joining(", ")));
        }
        WeightTraffic w = outcome.traffic();
        out.printf(Locale.ROOT, "weights read per token: %.2f MB as stored (llama.cpp), %.2f MB as the java engine holds"
                + " them (F16/F32 as floats); key/value cache not counted%n", w.asStored() / 1e6, w.javaEngine() / 1e6);
        if (probe.isPresent()) {
            MemoryBandwidth.Result p = probe.get();
            out.printf(Locale.ROOT, "memory read bandwidth: %.1f GB/s (%d threads summing a %d MiB array, best of %d"
                    + " passes): memory-bound limit %.1f tokens/s as stored, %.1f for the java engine%n",
                    p.bytesPerSecond() / 1e9, p.threads(), p.bytes() >> 20, p.passes(),
                    p.bytesPerSecond() / w.asStored(), p.bytesPerSecond() / w.javaEngine());
        } else {
            out.println("memory read bandwidth: not measured ("
                    + (outcome.stopped() != null ? "the rounds stopped early" : "--bandwidth-mib 0") + ")");
        }
        out.flush();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }
}
