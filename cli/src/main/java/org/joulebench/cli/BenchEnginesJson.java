package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.gguf.GgufFile;
import org.joulebench.zoo.gguf.GgufTensor;

/**
 * The machine-readable result of {@code bench-engines} ({@code --json}, schema {@value #SCHEMA}). A figure that was
 * not measured (an engine skipped, the bandwidth probe not run) is {@code null}, never 0.
 */
final class BenchEnginesJson {

    static final String SCHEMA = "joulebench/bench-engines@1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the run was asked to do. */
    record Setup(ModelEntry model, Path file, int threads, int tokens, int rounds, String prompt, int promptTokensAsked) {
    }

    /**
     * What it measured.
     *
     * @param engines    the engines that ran at least once, in table order
     * @param skipped    engine → why it did not run
     * @param completed  rounds in which every engine ran
     * @param stopped    null when every round ran; else why the run ended early (a signal, a failure)
     * @param bandwidth  the probe's result, or empty when it was not run
     */
    record Outcome(List<EngineRounds> engines, Map<String, String> skipped, int completed, String stopped,
                   WeightTraffic traffic, Optional<MemoryBandwidth.Result> bandwidth) {
    }

    private BenchEnginesJson() {
    }

    static String render(Setup setup, Outcome outcome) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("status", outcome.stopped() == null ? "complete" : "partial");
        if (outcome.stopped() != null) {
            root.put("stopped", outcome.stopped());
        }
        ObjectNode model = root.putObject("model");
        model.put("id", setup.model().id());
        model.put("file", setup.file().getFileName().toString());
        model.put("sha256", setup.model().sha256());
        model.put("size_bytes", setup.model().sizeBytes());
        model.put("parameters", setup.model().parameters());
        ObjectNode types = model.putObject("tensor_types");
        tensorTypes(setup.file()).forEach(types::put);
        root.put("threads", setup.threads());
        root.put("tokens_per_round", setup.tokens());
        root.put("rounds", setup.rounds());
        root.put("rounds_completed", outcome.completed());
        ObjectNode prompt = root.putObject("prompt");
        if (setup.promptTokensAsked() > 0) {
            prompt.put("tokens_asked", setup.promptTokensAsked());
            prompt.put("source", BenchPrompt.SOURCE);
        } else {
            prompt.putNull("tokens_asked");
            prompt.put("source", "--prompt");
        }
        prompt.put("text", setup.prompt());
        Optional<MemoryBandwidth.Result> probe = outcome.bandwidth();
        ObjectNode bw = root.putObject("bandwidth");
        if (probe.isPresent()) {
            bw.put("gb_per_s", probe.get().bytesPerSecond() / 1e9);
            bw.put("array_bytes", probe.get().bytes());
            bw.put("threads", probe.get().threads());
            bw.put("passes", probe.get().passes());
        } else {
            bw.putNull("gb_per_s");
        }
        ObjectNode bytes = root.putObject("weight_bytes_per_token");
        bytes.put("as_stored", outcome.traffic().asStored());
        bytes.put("java_engine", outcome.traffic().javaEngine());
        EngineRounds llama = outcome.engines().stream().filter(e -> e.engine().equals("llamacpp")).findFirst()
                .orElse(null);
        ArrayNode engines = root.putArray("engines");
        for (EngineRounds e : outcome.engines()) {
            engines.add(engine(e, llama, outcome, probe));
        }
        ArrayNode skipped = root.putArray("skipped");
        outcome.skipped().forEach((engine, why) -> skipped.addObject().put("engine", engine).put("reason", why));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the bench-engines JSON: " + e.getMessage(), e);
        }
    }

    private static ObjectNode engine(EngineRounds e, EngineRounds llama, Outcome outcome,
                                     Optional<MemoryBandwidth.Result> probe) {
        ObjectNode n = JSON.createObjectNode();
        n.put("engine", e.engine());
        spread(n, "decode_tokens_per_s", e.decode());
        spread(n, "ttft_ms", e.ttftMillis());
        spread(n, "prefill_tokens_per_s", e.prefill());
        n.put("prompt_tokens", e.promptTokens());
        n.put("new_tokens", e.newTokens());
        double decode = e.decode().orElseThrow().median();
        if (llama != null) {
            n.put("decode_ratio_to_llamacpp", decode / llama.decode().orElseThrow().median());
            n.put("prefill_ratio_to_llamacpp", e.prefill().orElseThrow().median()
                    / llama.prefill().orElseThrow().median());
            spread(n, "decode_ratio_to_llamacpp_per_round", e.decodeRatioPerRound(llama));
        } else {
            n.putNull("decode_ratio_to_llamacpp");
            n.putNull("prefill_ratio_to_llamacpp");
            n.putNull("decode_ratio_to_llamacpp_per_round");
        }
        long bytes = bytesPerToken(e.engine(), outcome.traffic());
        n.put("weight_bytes_per_token", bytes);
        if (probe.isPresent()) {
            double limit = probe.get().bytesPerSecond() / bytes;
            n.put("memory_bound_tokens_per_s", limit);
            n.put("ratio_to_memory_bound", decode / limit);
        } else {
            n.putNull("memory_bound_tokens_per_s");
            n.putNull("ratio_to_memory_bound");
        }
        return n;
    }

    /** Weight bytes one decode step of {@code engine} reads: the java engine holds F16/F32 as floats. */
    static long bytesPerToken(String engine, WeightTraffic traffic) {
        return engine.equals("java") ? traffic.javaEngine() : traffic.asStored();
    }

    private static void spread(ObjectNode n, String name, Optional<EngineRounds.Spread> s) {
        if (s.isEmpty()) {
            n.putNull(name);
            return;
        }
        ObjectNode o = n.putObject(name);
        o.put("median", s.get().median());
        o.put("min", s.get().min());
        o.put("max", s.get().max());
        ArrayNode rounds = o.putArray("rounds");
        s.get().rounds().forEach(rounds::add);
    }

    /** How many tensors of each type the file holds, by type name. */
    static Map<String, Integer> tensorTypes(Path gguf) throws IOException {
        Map<String, Integer> types = new TreeMap<>();
        try (GgufFile f = GgufFile.open(gguf)) {
            for (GgufTensor t : f.tensors()) {
                types.merge(t.type().name(), 1, Integer::sum);
            }
        }
        return types;
    }
}
