package org.joulebench.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects one task × model's measured queries and turns them into a {@link TaskModelResult}.
 * Energy, throughput and their intervals rest on repetitions (each repetition's totals), so that
 * run-to-run noise shows; with one repetition they fall back to per-query spread. Accuracy rests
 * on items.
 */
final class TaskModelAggregator {

    /**
     * One measured query.
     *
     * @param apportioned its joules are its time share of the surrounding pass's window, because its own
     *                    window was shorter than the meter's update period
     */
    record Sample(int repetition, String item, int tokens, double joulesGross, double joulesNet, double seconds,
                  double latencyMs, Score score, boolean apportioned, GenParts gen, int block,
                  Map<String, DomainJoules> domains) {

        Sample {
            domains = domains == null || domains.isEmpty() ? Map.of()
                    : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(domains));
        }

        Sample(int repetition, String item, int tokens, double joulesGross, double joulesNet, double seconds,
               double latencyMs, Score score, boolean apportioned, GenParts gen, int block) {
            this(repetition, item, tokens, joulesGross, joulesNet, seconds, latencyMs, score, apportioned, gen, block,
                    Map.of());
        }

        Sample(int repetition, String item, int tokens, double joulesGross, double joulesNet, double seconds,
               double latencyMs, Score score, boolean apportioned, GenParts gen) {
            this(repetition, item, tokens, joulesGross, joulesNet, seconds, latencyMs, score, apportioned, gen, 0);
        }

        Sample(int repetition, String item, int tokens, double joulesGross, double joulesNet, double seconds,
               double latencyMs, Score score) {
            this(repetition, item, tokens, joulesGross, joulesNet, seconds, latencyMs, score, false, null);
        }

        Sample(int repetition, String item, int tokens, double joulesGross, double joulesNet, double seconds,
               double latencyMs, Score score, boolean apportioned) {
            this(repetition, item, tokens, joulesGross, joulesNet, seconds, latencyMs, score, apportioned, null);
        }

        /** The headline figures as this sample's time share of its pass's window; its domains stay as they are. */
        Sample apportionedFrom(double passGross, double passSeconds, double idleWatts) {
            double gross = passGross * seconds / passSeconds;
            GenParts g = gen == null ? null : gen.apportionedFrom(passGross, passSeconds, idleWatts);
            return new Sample(repetition, item, tokens, gross, IdleBaseline.net(gross, idleWatts, seconds), seconds,
                    latencyMs, score,
                    true, g, block, domains);
        }

        /** This sample with its domains whose meter is one of {@code meters} as their time share of {@code passDomains}. */
        Sample domainsApportionedFrom(Map<String, DomainJoules> passDomains,
                                      java.util.function.ToDoubleBiFunction<String, String> idleWatts,
                                      java.util.Set<String> meters) {
            Map<String, DomainJoules> d = new LinkedHashMap<>(domains);
            passDomains.forEach((key, pass) -> {
                DomainJoules own = domains.get(key);
                if (own != null && meters.contains(pass.meter())) {
                    d.put(key, own.shareOf(pass, idleWatts.applyAsDouble(pass.meter(), key)));
                }
            });
            return new Sample(repetition, item, tokens, joulesGross, joulesNet, seconds, latencyMs, score, apportioned,
                    gen, block, d);
        }

        /** The sample as a row of queries.csv. */
        QueryRecord record(String task, String model, String backend, String method) {
            return new QueryRecord(task, model, backend, repetition, item, tokens, joulesGross, joulesNet, latencyMs,
                    score.primary(), method, apportioned ? "apportioned" : "measured", block, domains);
        }

        /** This sample, marked as measured in block {@code b} of its repetition ({@link PassSchedule.Turn#block()}). */
        Sample inBlock(int b) {
            return new Sample(repetition, item, tokens, joulesGross, joulesNet, seconds, latencyMs, score, apportioned,
                    gen, b, domains);
        }
    }

    /** A generation's two windows: prefill (to the first token) and decode (the rest). */
    record GenParts(int promptTokens, int newTokens, double prefillGross, double prefillNet, double prefillSeconds,
                    double decodeGross, double decodeNet, double decodeSeconds) {

        GenParts apportionedFrom(double passGross, double passSeconds, double idleWatts) {
            double pg = passGross * prefillSeconds / passSeconds;
            double dg = passGross * decodeSeconds / passSeconds;
            return new GenParts(promptTokens, newTokens, pg, IdleBaseline.net(pg, idleWatts, prefillSeconds),
                    prefillSeconds, dg, IdleBaseline.net(dg, idleWatts, decodeSeconds), decodeSeconds);
        }
    }

    /** Energy windows of one query each. */
    static final String WINDOW_QUERY = "query";
    /** Every query's joules apportioned by time from its pass's window. */
    static final String WINDOW_APPORTIONED = "pass, apportioned to queries by time";
    /** Some queries measured in their own window, some apportioned. */
    static final String WINDOW_MIXED = "query, some apportioned from their pass";

    private final List<Sample> samples = new ArrayList<>();
    private long processCpuNanos;
    private long machineBusyNanos;
    private boolean cpuTimesMissing;

    /** CPU time of this process and of the whole machine over one measured pass. */
    void addCpuTimes(long processNanos, long machineNanos) {
        if (processNanos < 0 || machineNanos < 0) {
            cpuTimesMissing = true;
            return;
        }
        processCpuNanos += processNanos;
        machineBusyNanos += machineNanos;
    }

    /** This process's share of the machine's CPU time, or null where it is not known. */
    Double cpuShare() {
        if (cpuTimesMissing || machineBusyNanos <= 0) {
            return null;
        }
        return Math.min(1.0, (double) processCpuNanos / machineBusyNanos);
    }

    void add(Sample s) {
        samples.add(s);
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    TaskModelResult result(String task, String model, String backend, String device, String precision, long params,
                           int repetitions, String metric, List<String> otherMetrics, String meter, String method,
                           String boundary, double setupJoulesGross, Double relativeUncertainty) {
        return result(task, model, backend, device, precision, params, repetitions, metric, otherMetrics, true, true,
                meter, method, boundary, setupJoulesGross, relativeUncertainty);
    }

    TaskModelResult result(String task, String model, String backend, String device, String precision, long params,
                           int repetitions, String metric, List<String> otherMetrics, boolean proportion,
                           boolean higherIsBetter, String meter, String method, String boundary,
                           double setupJoulesGross, Double relativeUncertainty) {
        if (samples.isEmpty()) {
            throw new IllegalStateException("no samples for " + task + " × " + model);
        }
        long tokens = 0;
        double gross = 0;
        double net = 0;
        double[] latency = new double[samples.size()];
        Map<Integer, double[]> perRep = new LinkedHashMap<>(); // rep -> {net J, tokens, seconds, queries}
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            tokens += s.tokens();
            gross += s.joulesGross();
            net += s.joulesNet();
            latency[i] = s.latencyMs();
            double[] r = perRep.computeIfAbsent(s.repetition(), k -> new double[4]);
            r[0] += s.joulesNet();
            r[1] += s.tokens();
            r[2] += s.seconds();
            r[3] += 1;
        }
        Stat jPerQuery;
        Stat jPerToken;
        Stat tokensPerS;
        if (perRep.size() >= 2) {
            jPerQuery = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[0] / r[3]).toArray(), "repetitions");
            jPerToken = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[0] / r[1]).toArray(), "repetitions");
            tokensPerS = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[1] / r[2]).toArray(), "repetitions");
        } else {
            jPerQuery = Stats.positiveMean(samples.stream().mapToDouble(Sample::joulesNet).toArray(), "queries");
            double[] perTokenRatio = samples.stream().mapToDouble(s -> s.joulesNet() / s.tokens()).toArray();
            Stat ratio = Stats.meanWithT(perTokenRatio, "queries");
            // The point estimate is the ratio of totals (tokens weigh by length); the interval is the per-query one, centred on it.
            double pt = net / tokens;
            jPerToken = Stat.of(pt, pt - (ratio.mean() - ratio.lo()), pt + (ratio.hi() - ratio.mean()), ratio.n(), "queries");
            double seconds = samples.stream().mapToDouble(Sample::seconds).sum();
            double tps = tokens / seconds;
            tokensPerS = Stat.of(tps, tps, tps, 1, "repetitions");
        }
        double totalSeconds = samples.stream().mapToDouble(Sample::seconds).sum();

        // Accuracy per item, averaged over repetitions (a deterministic model scores the same each time).
        Map<String, double[]> byItem = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> otherByItem = new HashMap<>();
        for (Sample s : samples) {
            double[] a = byItem.computeIfAbsent(s.item(), k -> new double[2]);
            a[0] += s.score().primary();
            a[1] += 1;
            for (var e : s.score().other().entrySet()) {
                double[] o = otherByItem.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(s.item(), k -> new double[2]);
                o[0] += e.getValue();
                o[1] += 1;
            }
        }
        double[] perItem = byItem.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
        Stat acc = proportion ? Stats.proportion(java.util.Arrays.stream(perItem).sum(), perItem.length, "items")
                : Stats.bootstrapMean(perItem, "items");
        Map<String, Stat> other = new LinkedHashMap<>();
        for (String name : otherMetrics) {
            Map<String, double[]> values = otherByItem.get(name);
            if (values != null) {
                other.put(name, Stats.bootstrapMean(values.values().stream().mapToDouble(a -> a[0] / a[1]).toArray(), "items"));
            }
        }
        int queries = samples.size();
        Double share = cpuShare();
        TaskModelResult.Attribution attribution = share == null ? null : new TaskModelResult.Attribution(share,
                gross * share, net * share, "process CPU time / busy CPU time of the whole machine over the measured"
                + " passes (idle, I/O wait and steal excluded); the machine's counters tick every 10 ms, so short passes make it coarse");
        return new TaskModelResult(task, model, backend, device, precision, params, repetitions, queries, tokens,
                new TaskModelResult.Accuracy(metric, acc.mean(), acc.ci95(), acc.n(), acc.basis(), other, higherIsBetter),
                new TaskModelResult.EnergyResult(meter, method, boundary, window(), gross, net, jPerQuery, jPerToken,
                        setupJoulesGross, relativeUncertainty, attribution),
                new TaskModelResult.Throughput(tokensPerS, queries / totalSeconds),
                new TaskModelResult.Latency(Stats.percentile(latency, 50), Stats.percentile(latency, 95)),
                generationStats());
    }

    /** Prefill and decode figures, when the samples are generations; null otherwise. */
    private TaskModelResult.GenerationStats generationStats() {
        List<Sample> gens = samples.stream().filter(s -> s.gen() != null).toList();
        if (gens.isEmpty()) {
            return null;
        }
        long prompt = 0;
        long generated = 0;
        Map<Integer, double[]> perRep = new LinkedHashMap<>(); // rep -> prefill J, prompt tok, decode J, new tok, decode s, responses, total J
        double[] ttft = new double[gens.size()];
        List<Double> tpot = new ArrayList<>();
        double[] lengths = new double[gens.size()];
        for (int i = 0; i < gens.size(); i++) {
            GenParts g = gens.get(i).gen();
            prompt += g.promptTokens();
            generated += g.newTokens();
            double[] r = perRep.computeIfAbsent(gens.get(i).repetition(), k -> new double[7]);
            r[0] += g.prefillNet();
            r[1] += g.promptTokens();
            r[2] += g.decodeNet();
            r[3] += g.newTokens();
            r[4] += g.decodeSeconds();
            r[5] += 1;
            r[6] += gens.get(i).joulesNet(); // the response's own window, not the sum of its parts
            ttft[i] = g.prefillSeconds() * 1000;
            if (g.newTokens() > 1) {
                tpot.add(g.decodeSeconds() * 1000 / (g.newTokens() - 1));
            }
            lengths[i] = g.newTokens();
        }
        String basis = perRep.size() >= 2 ? "repetitions" : "passes";
        Stat perPrompt = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[0] / r[1]).toArray(), basis);
        Stat perGenerated = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[2] / r[3]).toArray(), basis);
        Stat perResponse = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[6] / r[5]).toArray(), basis);
        Stat decodeRate = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[3] / r[4]).toArray(), basis);
        double[] tpots = tpot.stream().mapToDouble(Double::doubleValue).toArray();
        TaskModelResult.Latency tpotMs = tpots.length == 0 ? null
                : new TaskModelResult.Latency(Stats.percentile(tpots, 50), Stats.percentile(tpots, 95));
        java.util.Arrays.sort(lengths);
        return new TaskModelResult.GenerationStats(prompt, generated, perPrompt, perGenerated, perResponse,
                new TaskModelResult.Latency(Stats.percentile(ttft, 50), Stats.percentile(ttft, 95)), tpotMs,
                decodeRate, List.of(lengths[0], Stats.percentile(lengths, 50), lengths[lengths.length - 1]));
    }

    /**
     * Each domain's figures over the samples, in {@link RunEnergy#DOMAINS} order, with the same statistics as the
     * headline (repetitions as the basis where there are two or more); {@code boundaryOf} gives a meter's boundary.
     */
    List<TaskModelResult.DomainResult> domainResults(java.util.function.Function<String, String> boundaryOf) {
        List<TaskModelResult.DomainResult> out = new ArrayList<>();
        for (String key : RunEnergy.DOMAINS) {
            List<Sample> with = samples.stream().filter(s -> s.domains().containsKey(key)).toList();
            if (with.isEmpty()) {
                continue;
            }
            DomainJoules first = with.get(0).domains().get(key);
            double gross = 0;
            double net = 0;
            long tokens = 0;
            long apportioned = 0;
            Map<String, Double> sources = new LinkedHashMap<>();
            Map<Integer, double[]> perRep = new LinkedHashMap<>(); // net J, tokens, queries
            for (Sample s : with) {
                DomainJoules d = s.domains().get(key);
                gross += d.gross();
                net += d.net();
                tokens += s.tokens();
                apportioned += d.apportioned() ? 1 : 0;
                d.sources().forEach((k, v) -> sources.merge(k, v, Double::sum));
                double[] r = perRep.computeIfAbsent(s.repetition(), k -> new double[3]);
                r[0] += d.net();
                r[1] += s.tokens();
                r[2] += 1;
            }
            Stat perQuery;
            Stat perToken;
            if (perRep.size() >= 2) {
                perQuery = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[0] / r[2]).toArray(), "repetitions");
                perToken = Stats.positiveMean(perRep.values().stream().mapToDouble(r -> r[0] / r[1]).toArray(), "repetitions");
            } else {
                perQuery = Stats.positiveMean(with.stream().mapToDouble(s -> s.domains().get(key).net()).toArray(), "queries");
                Stat ratio = Stats.meanWithT(with.stream()
                        .mapToDouble(s -> s.domains().get(key).net() / s.tokens()).toArray(), "queries");
                double pt = net / tokens;
                perToken = Stat.of(pt, pt - (ratio.mean() - ratio.lo()), pt + (ratio.hi() - ratio.mean()), ratio.n(),
                        "queries");
            }
            String window = apportioned == 0 ? WINDOW_QUERY : apportioned == with.size() ? WINDOW_APPORTIONED
                    : WINDOW_MIXED;
            out.add(new TaskModelResult.DomainResult(key, first.meter(), first.method(), boundaryOf.apply(first.meter()),
                    window, gross, net, perQuery, perToken, sources));
        }
        return out;
    }

    private String window() {
        long apportioned = samples.stream().filter(Sample::apportioned).count();
        return apportioned == 0 ? WINDOW_QUERY : apportioned == samples.size() ? WINDOW_APPORTIONED : WINDOW_MIXED;
    }

    List<QueryRecord> records(String task, String model, String backend, String method) {
        List<QueryRecord> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            out.add(s.record(task, model, backend, method));
        }
        return out;
    }
}
