package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether two runs measured the same thing the same way: the same meter method and boundary, the same
 * model bytes, the same suite and the same hardware. Every difference is listed with what it is, so that
 * a comparison can refuse it (fail closed) unless the user allows that kind of difference.
 */
public final class Comparability {

    /** What may differ between two runs. */
    public enum Kind {
        /** The energy method (COUNTER, POWER_INTEGRATION, ESTIMATE) of the meters used. */
        METHOD,
        /** What the meters used cover (packages, DRAM, GPUs). */
        BOUNDARY,
        /** The sha256 of a model both runs ran, or a run that did not record its models' checksums. */
        MODELS,
        /** The suite's name, version or checksum. */
        SUITE,
        /** The machine, as {@link HostFingerprint} identifies it: CPU, cores, memory, GPUs, OS family, virtualisation. */
        HOST
    }

    /** One difference, in words that name both sides. */
    public record Mismatch(Kind kind, String reason) {
    }

    private Comparability() {
    }

    /** Every difference between {@code baseline} and {@code current} that makes their figures incomparable. */
    public static List<Mismatch> check(RunResult baseline, RunResult current) {
        List<Mismatch> out = new ArrayList<>();
        compare(out, Kind.METHOD, "meter method", methods(baseline), methods(current));
        compare(out, Kind.BOUNDARY, "meter boundary", used(baseline, MeterInfo::boundary),
                used(current, MeterInfo::boundary));
        models(out, baseline, current);
        RunInfo.SuiteInfo bs = baseline.run() == null ? null : baseline.run().suite();
        RunInfo.SuiteInfo cs = current.run() == null ? null : current.run().suite();
        if (bs == null || cs == null) {
            out.add(new Mismatch(Kind.SUITE, "suite not recorded in the " + (bs == null ? "baseline" : "current")
                    + " results.json"));
        } else {
            compare(out, Kind.SUITE, "suite", bs.name() + " " + bs.version(), cs.name() + " " + cs.version());
            if (Objects.equals(bs.name(), cs.name()) && Objects.equals(bs.version(), cs.version())) {
                compare(out, Kind.SUITE, "suite sha256 (" + bs.name() + " " + bs.version() + ")", bs.sha256(),
                        cs.sha256());
            }
        }
        if (!HostFingerprint.of(baseline.host()).equals(HostFingerprint.of(current.host()))) {
            out.add(new Mismatch(Kind.HOST, "host differs: baseline " + hardware(baseline.host()) + ", current "
                    + hardware(current.host())));
        }
        return out;
    }

    private static void compare(List<Mismatch> out, Kind kind, String what, Object baseline, Object current) {
        if (!Objects.equals(baseline, current)) {
            out.add(new Mismatch(kind, what + " differs: baseline " + baseline + ", current " + current));
        }
    }

    /** The methods of the used meters and of every result row. */
    private static Set<String> methods(RunResult r) {
        Set<String> methods = r.meters().stream().filter(m -> "used".equals(m.status())).map(MeterInfo::method)
                .collect(Collectors.toCollection(TreeSet::new));
        r.results().stream().filter(t -> t.energy() != null).map(t -> t.energy().method()).forEach(methods::add);
        return methods;
    }

    private static Set<String> used(RunResult r, Function<MeterInfo, String> field) {
        return r.meters().stream().filter(m -> "used".equals(m.status()))
                .map(m -> m.id() + ": " + field.apply(m)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void models(List<Mismatch> out, RunResult baseline, RunResult current) {
        Set<String> ran = new TreeSet<>();
        baseline.results().forEach(t -> ran.add(t.model()));
        Set<String> both = new TreeSet<>();
        current.results().stream().map(TaskModelResult::model).filter(ran::contains).forEach(both::add);
        if (both.isEmpty()) {
            return;
        }
        for (var side : List.of(Map.entry("baseline", baseline), Map.entry("current", current))) {
            if (side.getValue().models().isEmpty()) {
                out.add(new Mismatch(Kind.MODELS, "the " + side.getKey() + " results.json records no model checksums"
                        + " (written before models[] existed), so the models cannot be shown to be the same"));
                return;
            }
        }
        Map<String, String> b = sha(baseline);
        Map<String, String> c = sha(current);
        for (String id : both) {
            if (!Objects.equals(b.get(id), c.get(id))) {
                out.add(new Mismatch(Kind.MODELS, "model " + id + " sha256 differs: baseline " + shortSha(b.get(id))
                        + ", current " + shortSha(c.get(id))));
            }
        }
    }

    private static Map<String, String> sha(RunResult r) {
        Map<String, String> out = new TreeMap<>();
        r.models().forEach(m -> out.put(m.id(), m.sha256()));
        return out;
    }

    private static String shortSha(String sha) {
        return sha == null ? "(not recorded)" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }

    /** The host's fingerprint and, for the reader, what it covers. */
    private static String hardware(HostInfo h) {
        if (h == null) {
            return "(not recorded)";
        }
        return HostFingerprint.of(h) + " (" + h.cpuVendor() + " " + h.cpuModel() + ", " + h.physicalCores()
                + " cores / " + h.logicalCpus() + " CPUs, " + Math.round(h.memoryBytes() / (double) (1L << 30))
                + " GiB, GPUs " + h.gpus() + ", " + h.os() + ", " + h.virtualisation() + ")";
    }
}
