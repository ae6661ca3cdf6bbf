package org.joulebench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One run from the runs of its forks ({@code run --forks N}: the same suite in N processes, each loading the models
 * afresh, as JMH forks). The figures whose spread lives between processes (JIT decisions, memory layout, thread
 * placement) rest on the forks: energy per query and per token, tokens per second and the generation figures are
 * the mean of the forks' figures with a Student-t interval over the forks, and each is listed with the forks'
 * own figures in {@link ForkSpread}. Counts and joules add up; latency percentiles come from every query;
 * accuracy is the first fork's (the same items and deterministic models: a fork that differs is a warning).
 * Queries keep their fork in their repetition number: fork k's repetition r is {@code (k − 1) × R + r}. The
 * drift canary is the first fork's (it probes the machine, not the models).
 */
public final class ForkMerge {

    /** The settings key that records how many forks a run had. */
    public static final String FORKS = "forks";
    /** The settings key of the measured repetitions in each fork. */
    public static final String REPETITIONS_PER_FORK = "repetitions_per_fork";

    private ForkMerge() {
    }

    /** How many forks {@code run} had: 1 where it does not say. */
    public static int forks(RunResult run) {
        Object f = run.run() == null || run.run().settings() == null ? null : run.run().settings().get(FORKS);
        return f instanceof Number n ? n.intValue() : 1;
    }

    /** The fork (from 1) of a query of {@code run}, from its repetition. */
    public static int forkOf(RunResult run, QueryRecord q) {
        Object r = run.run() == null || run.run().settings() == null ? null
                : run.run().settings().get(REPETITIONS_PER_FORK);
        int perFork = r instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
        return (q.repetition() - 1) / perFork + 1;
    }

    /**
     * @param forks the forks' results, in fork order, each of the same suite, models and repetitions
     * @param info  the merged run's own id, times, seed and command; its settings gain the fork counts
     */
    public static RunResult merge(List<RunResult> forks, RunInfo info) {
        if (forks.size() < 2) {
            throw new IllegalArgumentException("merging needs at least 2 forks, had " + forks.size());
        }
        RunResult first = forks.get(0);
        int perFork = first.run().settings().get("repetitions") instanceof Number n ? n.intValue() : 1;
        Map<String, Object> settings = new LinkedHashMap<>(first.run().settings());
        settings.put(FORKS, forks.size());
        settings.put(REPETITIONS_PER_FORK, perFork);
        RunInfo merged = new RunInfo(info.id(), info.start(), info.end(), info.version(), info.seed(), info.command(),
                first.run().suite(), settings);

        List<QueryRecord> queries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int k = 0; k < forks.size(); k++) {
            int offset = k * perFork;
            for (QueryRecord q : forks.get(k).queries()) {
                queries.add(new QueryRecord(q.task(), q.model(), q.backend(), q.repetition() + offset, q.item(),
                        q.tokens(), q.joulesGross(), q.joulesNet(), q.latencyMs(), q.score(), q.method(), q.energy(),
                        q.block(), q.domains()));
            }
            int fork = k + 1;
            forks.get(k).warnings().forEach(w -> warnings.add("fork " + fork + ": " + w));
        }
        List<TaskModelResult> results = new ArrayList<>();
        List<ForkSpread> spreads = new ArrayList<>();
        for (TaskModelResult r : first.results()) {
            List<TaskModelResult> rows = new ArrayList<>();
            for (int k = 0; k < forks.size(); k++) {
                int fork = k + 1;
                rows.add(forks.get(k).results().stream().filter(x -> sameRow(x, r)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("fork " + fork + " has no result for "
                                + r.task() + " × " + r.model() + " × " + r.backend())));
            }
            List<QueryRecord> rowQueries = queries.stream().filter(q -> q.task().equals(r.task())
                    && q.model().equals(r.model()) && q.backend().equals(r.backend())).toList();
            results.add(merge(rows, rowQueries, spreads, warnings));
        }
        RunResult last = forks.get(forks.size() - 1);
        RunResult out = new RunResult(RunResult.SCHEMA, merged, first.host(), first.meters(), first.idle(),
                last.idleAfter(), results, warnings, null, first.models(), first.canary(), queries, spreads);
        return forks.stream().allMatch(RunResult::isComplete) ? out : out.partial();
    }

    private static boolean sameRow(TaskModelResult a, TaskModelResult b) {
        return a.task().equals(b.task()) && a.model().equals(b.model()) && a.backend().equals(b.backend());
    }

    private static TaskModelResult merge(List<TaskModelResult> rows, List<QueryRecord> queries,
                                         List<ForkSpread> spreads, List<String> warnings) {
        TaskModelResult f = rows.get(0);
        Spreads s = new Spreads(f, rows, spreads);
        int reps = rows.stream().mapToInt(TaskModelResult::repetitions).sum();
        int count = rows.stream().mapToInt(TaskModelResult::queries).sum();
        long tokens = rows.stream().mapToLong(TaskModelResult::tokens).sum();
        var e = f.energy();
        TaskModelResult.EnergyResult energy = new TaskModelResult.EnergyResult(e.meter(), e.method(), e.boundary(),
                e.window(), rows.stream().mapToDouble(r -> r.energy().joulesGross()).sum(),
                rows.stream().mapToDouble(r -> r.energy().joulesNet()).sum(),
                s.of("j_per_query", r -> r.energy().jPerQuery()), s.of("j_per_token", r -> r.energy().jPerToken()),
                rows.stream().mapToDouble(r -> r.energy().setupJoulesGross()).average().orElse(0),
                e.relativeUncertainty(), null, domains(rows));
        TaskModelResult.Throughput throughput = new TaskModelResult.Throughput(
                s.of("tokens_per_s", r -> r.throughput().tokensPerS()),
                rows.stream().mapToDouble(r -> r.throughput().queriesPerS()).average().orElse(0));
        double[] latency = queries.stream().mapToDouble(QueryRecord::latencyMs).toArray();
        TaskModelResult.Latency lat = latency.length == 0 ? f.latency()
                : new TaskModelResult.Latency(Stats.percentile(latency, 50), Stats.percentile(latency, 95));
        TaskModelResult.GenerationStats gen = f.generation() == null ? null : generation(rows, s);
        for (int k = 1; k < rows.size(); k++) {
            if (!Objects.equals(accuracyValue(rows.get(k)), accuracyValue(f))) {
                warnings.add(f.task() + " × " + f.model() + ": fork " + (k + 1) + " scored " + accuracyValue(rows.get(k))
                        + " where fork 1 scored " + accuracyValue(f) + "; the first fork's accuracy is reported");
            }
        }
        return new TaskModelResult(f.task(), f.model(), f.backend(), f.device(), f.precision(), f.params(), reps, count,
                tokens, f.accuracy(), energy, throughput, lat, gen);
    }

    /** Each domain of the first fork's row, summed over the forks; its per-query figures rest on the forks' means. */
    private static List<TaskModelResult.DomainResult> domains(List<TaskModelResult> rows) {
        List<TaskModelResult.DomainResult> out = new ArrayList<>();
        for (TaskModelResult.DomainResult d : rows.get(0).energy().domains()) {
            List<TaskModelResult.DomainResult> each = new ArrayList<>();
            for (TaskModelResult r : rows) {
                r.energy().domains().stream().filter(x -> x.domain().equals(d.domain())).findFirst().ifPresent(each::add);
            }
            if (each.size() != rows.size()) {
                continue; // a fork that did not measure the domain: no merged figure rather than a partial one
            }
            java.util.Map<String, Double> sources = new java.util.LinkedHashMap<>();
            each.forEach(x -> x.sources().forEach((k, v) -> sources.merge(k, v, Double::sum)));
            out.add(new TaskModelResult.DomainResult(d.domain(), d.meter(), d.method(), d.boundary(), d.window(),
                    each.stream().mapToDouble(TaskModelResult.DomainResult::joulesGross).sum(),
                    each.stream().mapToDouble(TaskModelResult.DomainResult::joulesNet).sum(),
                    Stats.positiveMean(each.stream().mapToDouble(x -> x.jPerQuery().mean()).toArray(), "forks"),
                    Stats.positiveMean(each.stream().mapToDouble(x -> x.jPerToken().mean()).toArray(), "forks"),
                    sources));
        }
        return out;
    }

    private static Double accuracyValue(TaskModelResult r) {
        return r.accuracy() == null ? null : r.accuracy().value();
    }

    private static TaskModelResult.GenerationStats generation(List<TaskModelResult> rows, Spreads s) {
        var g = rows.get(0).generation();
        List<TaskModelResult.GenerationStats> all = rows.stream().map(TaskModelResult::generation).toList();
        double p50Min = all.stream().mapToDouble(x -> x.outputTokens().get(0)).min().orElse(Double.NaN);
        double p50 = all.stream().mapToDouble(x -> x.outputTokens().get(1)).average().orElse(Double.NaN);
        double p50Max = all.stream().mapToDouble(x -> x.outputTokens().get(2)).max().orElse(Double.NaN);
        return new TaskModelResult.GenerationStats(all.stream().mapToLong(x -> x.promptTokens()).sum(),
                all.stream().mapToLong(x -> x.newTokens()).sum(),
                s.of("j_per_prompt_token", r -> r.generation().jPerPromptToken()),
                s.of("j_per_generated_token", r -> r.generation().jPerGeneratedToken()),
                s.of("j_per_response", r -> r.generation().jPerResponse()),
                meanLatency(all, TaskModelResult.GenerationStats::ttftMs),
                meanLatency(all, TaskModelResult.GenerationStats::tpotMs),
                s.of("decode_tokens_per_s", r -> r.generation().decodeTokensPerS()), List.of(p50Min, p50, p50Max));
    }

    /** The forks' percentiles averaged: each query's own times are not kept apart from the run's. */
    private static TaskModelResult.Latency meanLatency(List<TaskModelResult.GenerationStats> all,
                                                      Function<TaskModelResult.GenerationStats, TaskModelResult.Latency> f) {
        return new TaskModelResult.Latency(all.stream().mapToDouble(x -> f.apply(x).p50Ms()).average().orElse(0),
                all.stream().mapToDouble(x -> f.apply(x).p95Ms()).average().orElse(0));
    }

    /** Builds each merged figure from the forks' figures, and records its spread. */
    private record Spreads(TaskModelResult row, List<TaskModelResult> rows, List<ForkSpread> out) {

        Stat of(String metric, Function<TaskModelResult, Stat> figure) {
            List<Stat> stats = rows.stream().map(figure).toList();
            if (stats.stream().anyMatch(Objects::isNull)) {
                return figure.apply(row);
            }
            double[] means = stats.stream().mapToDouble(Stat::mean).toArray();
            Stat merged = Stats.positiveMean(means, "forks");
            double min = java.util.Arrays.stream(means).min().orElse(Double.NaN);
            double max = java.util.Arrays.stream(means).max().orElse(Double.NaN);
            double within = stats.stream().mapToDouble(x -> (x.hi() - x.lo()) / 2 / Math.abs(x.mean())).average()
                    .orElse(Double.NaN);
            out.add(new ForkSpread(row.task(), row.model(), row.backend(), metric,
                    java.util.Arrays.stream(means).boxed().toList(), merged.mean(), merged.ci95(),
                    (max - min) / Math.abs(merged.mean()), within));
            return merged;
        }
    }
}
