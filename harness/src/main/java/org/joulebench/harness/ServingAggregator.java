package org.joulebench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;


/**
 * Turns the windows of one task × model × engine × concurrency level (one per repetition) into its result entry and
 * its queries.csv rows. Only the steady-state windows make the per-token figures; the whole level's energy is kept
 * beside them as the gross figure, labelled as such.
 */
final class ServingAggregator {

    /** What the result is of, and how it was measured. */
    record Row(String task, String model, String engine, String device, String precision, long params, String metric,
               List<String> otherMetrics, boolean proportion, boolean higherIsBetter, String meter, String method,
               String boundary, Double relativeUncertainty) {
    }

    /** How the steady-state energy was obtained, for the result. */
    static final String METHOD = "meter read at the steady-state window's two ends, on the fly (the last stream's first"
            + " token; the first stream out of work, or the Poisson arrivals that bound it): the window's own reading,"
            + " not apportioned";

    private final int concurrency;
    private final ServingPlan plan;
    private final RunEnergy energy;
    private final int headline;
    private final List<LoadDriver.Outcome> windows = new ArrayList<>();
    private final List<Integer> repetitions = new ArrayList<>();
    /** The per-domain figures of {@link #result}, for {@link #records}. */
    private List<TaskModelResult.DomainResult> domainResults = List.of();
    private final java.util.Set<String> shortMeters = new java.util.LinkedHashSet<>();

    /**
     * @param energy   the run's meters and their idle baselines
     * @param headline the index of the meter whose total is this row's headline ({@link RunEnergy#headline})
     */
    ServingAggregator(int concurrency, ServingPlan plan, RunEnergy energy, int headline) {
        this.concurrency = concurrency;
        this.plan = plan;
        this.energy = energy;
        this.headline = headline;
    }

    void add(int repetition, LoadDriver.Outcome outcome) {
        windows.add(outcome);
        repetitions.add(repetition);
    }

    /** The steady-state windows measured; none means the level has no per-token figures. */
    private List<LoadDriver.Outcome> steady() {
        return windows.stream().filter(o -> o.readings().steady() != null).toList();
    }

    /** The level's entry; empty where no window reached a steady state (a reason is then {@link #whyEmpty}). */
    Optional<TaskModelResult> result(Row row, int repetitionsAsked, Integer maxBatch, String whyNotBatched) {
        List<ServedResponse> all = new ArrayList<>();
        windows.forEach(o -> all.addAll(o.responses()));
        if (steady().isEmpty() || all.isEmpty()) {
            return Optional.empty();
        }
        double[] perWindowJPerToken = new double[windows.size()];
        double[] perWindowTokensPerS = new double[windows.size()];
        double seconds = 0;
        double gross = 0;
        double net = 0;
        long tokens = 0;
        Map<String, DomainSum> domains = new LinkedHashMap<>();
        List<TaskModelResult.SteadyWindow> steadyWindows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            LoadDriver.Outcome o = windows.get(i);
            if (o.readings().steady() == null) {
                continue;
            }
            SteadyState.Span span = o.readings().span();
            long inside = 0;
            for (ServedResponse r : o.responses()) {
                inside += r.tokensWithin(span.openNanos(), span.closeNanos());
            }
            if (inside == 0) {
                continue;
            }
            RunEnergy.Figures f = energy.figures(o.readings().steady(), headline);
            shortMeters.addAll(f.shortMeters());
            double meanOut = o.responses().stream().mapToLong(ServedResponse::outputTokens).average().orElse(0);
            steadyWindows.add(new TaskModelResult.SteadyWindow(repetitions.get(i), f.seconds(), inside, f.gross(),
                    f.net(), meanOut));
            perWindowJPerToken[i] = f.net() / inside;
            perWindowTokensPerS[i] = inside / f.seconds();
            seconds += f.seconds();
            gross += f.gross();
            net += f.net();
            tokens += inside;
            for (var d : f.domains().entrySet()) {
                domains.computeIfAbsent(d.getKey(), k -> new DomainSum(d.getValue(), windows.size())).add(i, d.getValue(),
                        inside);
            }
        }
        if (tokens == 0) {
            return Optional.empty();
        }
        double pointJ = net / tokens;
        Stat jPerToken = centred(pointJ, perWindowJPerToken);
        double pointTps = tokens / seconds;
        Stat tokensPerS = centred(pointTps, perWindowTokensPerS);
        long outputTokens = all.stream().mapToLong(ServedResponse::outputTokens).sum();
        long promptTokens = all.stream().mapToLong(ServedResponse::promptTokens).sum();
        double meanOutput = (double) outputTokens / all.size();
        Stat jPerResponse = Stat.of(jPerToken.mean() * meanOutput, jPerToken.lo() * meanOutput,
                jPerToken.hi() * meanOutput, jPerToken.n(), jPerToken.basis());
        double levelSeconds = 0;
        double levelGross = 0;
        for (LoadDriver.Outcome o : windows) {
            levelSeconds += o.readings().level().get(headline).duration().toNanos() / 1e9;
            levelGross += o.readings().level().get(headline).total().joules();
        }
        TaskModelResult.Percentiles ttft = percentiles(all.stream().map(ServedResponse::ttftMs));
        TaskModelResult.Percentiles tpot = percentiles(all.stream().map(ServedResponse::tpotMs));
        Boolean meets = plan.sloTpotMs() == null || tpot == null ? null : tpot.p50() <= plan.sloTpotMs();
        double[] latency = all.stream().mapToDouble(r -> (r.endNanos() - r.arrivedNanos()) / 1e6).toArray();
        TaskModelResult.ServingStats serving = new TaskModelResult.ServingStats(
                plan.ratePerS() == null ? "closed-loop" : "poisson", plan.ratePerS(),
                plan.requestsAt(concurrency) * windows.size(),
                all.size(), steady().size(), seconds, tokens, gross, net, jPerToken, jPerResponse.mean(), pointTps, ttft,
                tpot, levelSeconds, levelGross, outputTokens, plan.sloTpotMs(), meets, maxBatch, whyNotBatched, METHOD,
                steadyWindows);
        List<TaskModelResult.DomainResult> byDomain = new ArrayList<>();
        for (var d : domains.entrySet()) {
            byDomain.add(d.getValue().result(d.getKey(), tokens, meanOutput));
        }
        domainResults = byDomain;
        TaskModelResult.EnergyResult headlineEnergy = new TaskModelResult.EnergyResult(row.meter(), row.method(),
                row.boundary(), "steady-state", gross, net, jPerResponse, jPerToken, 0, row.relativeUncertainty())
                .withDomains(byDomain);
        return Optional.of(new TaskModelResult(row.task(), row.model(), row.engine(), row.device(), row.precision(),
                row.params(), repetitionsAsked, all.size(), promptTokens + outputTokens, accuracy(row, all),
                headlineEnergy,
                new TaskModelResult.Throughput(tokensPerS, all.size() / levelSeconds),
                new TaskModelResult.Latency(Stats.percentile(latency, 50), Stats.percentile(latency, 95)), null,
                concurrency, serving));
    }

    /** Why {@link #result} is empty, for the run's warning. */
    String whyEmpty() {
        if (windows.stream().allMatch(o -> o.responses().isEmpty())) {
            return "no response completed";
        }
        return steady().isEmpty() ? "no steady state: a stream ran out of requests (or the run stopped) before the"
                + " last stream had its first token; give more --requests per stream"
                : "no output token arrived inside the steady-state window";
    }

    /**
     * One queries.csv row per response. A response has no energy window of its own (N share the engine at once):
     * its joules are its output tokens × its level's net J/output token (and the gross likewise), marked {@code
     * shared} in the {@code energy} column; each domain's column pair likewise, from that domain's own meter.
     */
    List<QueryRecord> records(Row row, TaskModelResult result) {
        List<QueryRecord> out = new ArrayList<>();
        double jNet = result.energy().jPerToken().mean();
        double jGross = result.serving().steadyJoulesGross() / result.serving().steadyTokens();
        for (int w = 0; w < windows.size(); w++) {
            for (ServedResponse r : windows.get(w).responses()) {
                Map<String, DomainJoules> shares = new LinkedHashMap<>();
                for (TaskModelResult.DomainResult d : domainResults) {
                    double share = (double) r.outputTokens() / result.serving().steadyTokens();
                    Map<String, Double> sources = new LinkedHashMap<>();
                    d.sources().forEach((k, v) -> sources.put(k, v * share));
                    shares.put(d.domain(), new DomainJoules(d.meter(), d.method(), d.joulesGross() * share,
                            d.joulesNet() * share, Double.NaN, true, sources));
                }
                out.add(new QueryRecord(row.task(), row.model(), row.engine(), repetitions.get(w), r.item(),
                        r.promptTokens() + r.outputTokens(), jGross * r.outputTokens(), jNet * r.outputTokens(),
                        (r.endNanos() - r.arrivedNanos()) / 1e6, r.score().primary(), row.method(), "shared", 0,
                        shares, null, concurrency));
            }
        }
        return out;
    }

    /** The meters for which some steady-state window was shorter than their update period. */
    java.util.Set<String> shortMeters() {
        return shortMeters;
    }

    /** One domain's figures over the level's steady-state windows, from its own meter. */
    private final class DomainSum {
        private final DomainJoules first;
        private final double[] perWindowJPerToken;
        private double gross;
        private double net;
        private final Map<String, Double> sources = new LinkedHashMap<>();

        DomainSum(DomainJoules first, int windows) {
            this.first = first;
            this.perWindowJPerToken = new double[windows];
        }

        void add(int window, DomainJoules d, long tokens) {
            gross += d.gross();
            net += d.net();
            perWindowJPerToken[window] = d.net() / tokens;
            d.sources().forEach((k, v) -> sources.merge(k, v, Double::sum));
        }

        TaskModelResult.DomainResult result(String domain, long tokens, double meanOutput) {
            Stat perToken = centred(net / tokens, perWindowJPerToken);
            Stat perResponse = Stat.of(perToken.mean() * meanOutput, perToken.lo() * meanOutput,
                    perToken.hi() * meanOutput, perToken.n(), perToken.basis());
            return new TaskModelResult.DomainResult(domain, first.meter(), first.method(),
                    energy.boundaryOf(first.meter()), "steady-state", gross, net, perResponse, perToken, sources);
        }
    }

    /** The ratio of totals, with the per-window interval centred on it (its point where there is one window). */
    private static Stat centred(double point, double[] perWindow) {
        double[] values = Arrays.stream(perWindow).filter(v -> v != 0).toArray();
        if (values.length < 2) {
            return Stat.of(point, point, point, 1, "windows");
        }
        Stat s = Stats.meanWithT(values, "windows");
        return Stat.of(point, point - (s.mean() - s.lo()), point + (s.hi() - s.mean()), s.n(), "windows");
    }

    private static TaskModelResult.Percentiles percentiles(java.util.stream.Stream<Double> values) {
        double[] v = values.filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return null;
        }
        return new TaskModelResult.Percentiles(Stats.percentile(v, 50), Stats.percentile(v, 90),
                Stats.percentile(v, 99));
    }

    private static TaskModelResult.Accuracy accuracy(Row row, List<ServedResponse> all) {
        Map<String, double[]> byItem = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> other = new LinkedHashMap<>();
        for (ServedResponse r : all) {
            double[] a = byItem.computeIfAbsent(r.item(), k -> new double[2]);
            a[0] += r.score().primary();
            a[1] += 1;
            for (var e : r.score().other().entrySet()) {
                double[] o = other.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.item(), k -> new double[2]);
                o[0] += e.getValue();
                o[1] += 1;
            }
        }
        double[] perItem = byItem.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
        Stat acc = row.proportion() ? Stats.proportion(Arrays.stream(perItem).sum(), perItem.length, "items")
                : Stats.bootstrapMean(perItem, "items");
        Map<String, Stat> others = new LinkedHashMap<>();
        for (String name : row.otherMetrics()) {
            Map<String, double[]> values = other.get(name);
            if (values != null) {
                others.put(name, Stats.bootstrapMean(values.values().stream().mapToDouble(a -> a[0] / a[1]).toArray(),
                        "items"));
            }
        }
        return new TaskModelResult.Accuracy(row.metric(), acc.mean(), acc.ci95(), acc.n(), acc.basis(), others,
                row.higherIsBetter());
    }
}
