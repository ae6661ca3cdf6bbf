package org.joulebench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.joulebench.harness.ResultCodec;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Probe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "meters", mixinStandardHelpOptions = true,
        description = "List every energy meter: available or not, why, and how to fix it.")
final class MetersCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print JSON for machines")
    boolean json;

    @Mixin
    MeterOptions meterOptions = new MeterOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        MeterConfig config = meterOptions.config();
        List<Map<String, Object>> list = new ArrayList<>();
        for (MeterProvider p : Meters.providers()) {
            Probe probe = p.probe(config);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", p.id());
            o.put("description", p.description());
            o.put("method", p.method().name());
            o.put("status", probe.isAvailable() ? "available" : "unavailable");
            o.put(probe.isAvailable() ? "found" : "reason", probe.detail());
            probe.fix().ifPresent(f -> o.put("fix", f));
            if (probe.isAvailable()) {
                try (Meter m = p.open(config)) {
                    o.put("domains", m.domains().stream().map(Enum::name).toList());
                    o.put("boundary", m.boundary());
                } catch (MeterUnavailableException e) {
                    o.put("status", "unavailable");
                    o.put("reason", e.getMessage());
                    o.put("fix", e.fix());
                }
            }
            list.add(o);
        }
        if (json) {
            out.println(ResultCodec.mapper().writeValueAsString(list));
        } else {
            for (Map<String, Object> o : list) {
                out.printf("%-10s %-12s %-18s %s%n", o.get("id"), o.get("status"), o.get("method"),
                        o.getOrDefault("boundary", o.get("description")));
                out.printf("%-10s %s%n", "", o.containsKey("found") ? "found: " + o.get("found") : "why: " + o.get("reason"));
                if (o.containsKey("fix")) {
                    out.printf("%-10s fix: %s%n", "", o.get("fix"));
                }
            }
        }
        out.flush();
        return 0;
    }
}
