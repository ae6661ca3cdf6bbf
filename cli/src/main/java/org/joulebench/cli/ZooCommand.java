package org.joulebench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.joulebench.harness.ResultCodec;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelZoo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "zoo", mixinStandardHelpOptions = true, description = "List the models Joulebench knows.",
        subcommands = {SynthCommand.class, QuantizeCommand.class})
final class ZooCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print JSON for machines")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        List<ModelEntry> models = ModelZoo.builtIn().models();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ModelEntry m : models) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", m.id());
                o.put("family", m.family());
                o.put("task", m.task());
                o.put("params", m.parameters());
                o.put("layers", m.layers());
                o.put("hidden_size", m.hiddenSize());
                o.put("precision", m.precision().label());
                o.put("format", m.format());
                o.put("size_bytes", m.sizeBytes());
                o.put("sha256", m.sha256());
                o.put("licence", m.licence());
                o.put("pooling", m.pooling().name().toLowerCase(Locale.ROOT));
                o.put("normalize", m.normalize());
                o.put("max_tokens", m.maxTokens());
                o.put("source", Map.of("kind", m.source().kind(), "coordinates", m.source().coordinates(),
                        "model", m.source().model(), "tokenizer", m.source().tokenizer()));
                o.put("upstream", m.upstream());
                o.put("input_prefix", m.inputPrefix());
                list.add(o);
            }
            out.println(ResultCodec.mapper().writeValueAsString(list));
        } else {
            Table t = new Table("id", "family", "params", "layers", "precision", "size", "licence", "sha256");
            for (ModelEntry m : models) {
                t.row(m.id(), m.family(), String.format(Locale.ROOT, "%.1fM", m.parameters() / 1e6), m.layers(),
                        m.precision().label(), String.format(Locale.ROOT, "%.1f MB", m.sizeBytes() / 1e6), m.licence(),
                        m.sha256().substring(0, 12) + "…");
            }
            out.print(t.render());
        }
        out.flush();
        return 0;
    }
}
