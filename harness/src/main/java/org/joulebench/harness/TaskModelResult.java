package org.joulebench.harness;

import java.util.Map;

/**
 * One task × model × backend: how accurate, at what energy, how fast.
 *
 * @param queries measured queries (items × repetitions)
 * @param tokens  input tokens processed by the measured queries (no padding)
 */
public record TaskModelResult(String task, String model, String backend, String device, String precision,
                              long params, int repetitions, int queries, long tokens, Accuracy accuracy,
                              EnergyResult energy, Throughput throughput, Latency latency, GenerationStats generation,
                              Integer concurrency, ServingStats serving) {

    /** A result of the single scenario (one query at a time): no concurrency, no serving figures. */
    public TaskModelResult(String task, String model, String backend, String device, String precision, long params,
                           int repetitions, int queries, long tokens, Accuracy accuracy, EnergyResult energy,
                           Throughput throughput, Latency latency, GenerationStats generation) {
        this(task, model, backend, device, precision, params, repetitions, queries, tokens, accuracy, energy,
                throughput, latency, generation, null, null);
    }

    /** A result of a task without generation (embedding tasks). */
    public TaskModelResult(String task, String model, String backend, String device, String precision, long params,
                           int repetitions, int queries, long tokens, Accuracy accuracy, EnergyResult energy,
                           Throughput throughput, Latency latency) {
        this(task, model, backend, device, precision, params, repetitions, queries, tokens, accuracy, energy,
                throughput, latency, null);
    }

    /** The same result with no accuracy: for models whose answers mean nothing (random weights). */
    public TaskModelResult withoutAccuracy() {
        return new TaskModelResult(task, model, backend, device, precision, params, repetitions, queries, tokens, null,
                energy, throughput, latency, generation, concurrency, serving);
    }

    /**
     * Generation figures: prefill (the prompt) and decode (the new tokens) measured in windows of their own.
     *
     * @param promptTokens        prompt tokens over the measured queries, as the engine counted them
     * @param newTokens           generated tokens over the measured queries
     * @param jPerPromptToken     net prefill joules per prompt token
     * @param jPerGeneratedToken  net decode joules per generated token
     * @param jPerResponse        net joules per response (prefill + decode)
     * @param ttftMs              time to first token, p50 and p95
     * @param tpotMs              time per output token after the first, p50 and p95
     * @param decodeTokensPerS    generated tokens per second of decode
     * @param outputTokens        generated tokens per response: min, p50, max
     */
    public record GenerationStats(long promptTokens, long newTokens, Stat jPerPromptToken, Stat jPerGeneratedToken,
                                  Stat jPerResponse, Latency ttftMs, Latency tpotMs, Stat decodeTokensPerS,
                                  java.util.List<Double> outputTokens) {
    }

    /**
     * @param metric the task's primary metric, e.g. {@code accuracy@1}
     * @param value  its value in [0, 1]
     * @param ci95   its 95% interval
     * @param n      how many items the interval rests on
     * @param basis  what the interval rests on: {@code items} (each item's score averaged over repetitions)
     * @param other  secondary metrics by name, e.g. {@code mrr}
     * @param higherIsBetter false for metrics such as bits per character
     */
    public record Accuracy(String metric, double value, java.util.List<Double> ci95, int n, String basis,
                           Map<String, Stat> other, Boolean higherIsBetter) {

        /** An accuracy-like metric, where higher is better. */
        public Accuracy(String metric, double value, java.util.List<Double> ci95, int n, String basis,
                        Map<String, Stat> other) {
            this(metric, value, ci95, n, basis, other, Boolean.TRUE);
        }
    }

    /**
     * @param meter           id of the meter the figures came from
     * @param method          COUNTER, POWER_INTEGRATION or ESTIMATE
     * @param boundary        what the figures cover
     * @param window          what one energy window wraps: {@code query} or {@code batch}
     * @param joulesGross     energy over all measured queries
     * @param joulesNet       the same less the idle baseline over the same time
     * @param jPerQuery       net joules per query
     * @param jPerToken       net joules per input token
     * @param setupJoulesGross energy of preparing the task (embedding candidates or training items), measured apart
     * @param relativeUncertainty the method's own systematic uncertainty (estimates), or null for counters
     * @param attribution this process's share of the domain's energy, or null where it could not be computed
     * @param domains     each measured domain's figures beside the headline above (CPU package, DRAM, GPU), each from
     *                    its own meter and never added across meters; empty in results written before
     */
    public record EnergyResult(String meter, String method, String boundary, String window, double joulesGross, double joulesNet,
                               Stat jPerQuery, Stat jPerToken, double setupJoulesGross, Double relativeUncertainty,
                               Attribution attribution, java.util.List<DomainResult> domains) {

        public EnergyResult {
            domains = domains == null ? java.util.List.of() : java.util.List.copyOf(domains);
        }

        public EnergyResult(String meter, String method, String boundary, String window, double joulesGross,
                            double joulesNet, Stat jPerQuery, Stat jPerToken, double setupJoulesGross,
                            Double relativeUncertainty, Attribution attribution) {
            this(meter, method, boundary, window, joulesGross, joulesNet, jPerQuery, jPerToken, setupJoulesGross,
                    relativeUncertainty, attribution, java.util.List.of());
        }

        /** The same figures with {@code domains} beside them. */
        public EnergyResult withDomains(java.util.List<DomainResult> d) {
            return new EnergyResult(meter, method, boundary, window, joulesGross, joulesNet, jPerQuery, jPerToken,
                    setupJoulesGross, relativeUncertainty, attribution, d);
        }

        /** Figures without an attribution. */
        public EnergyResult(String meter, String method, String boundary, String window, double joulesGross,
                            double joulesNet, Stat jPerQuery, Stat jPerToken, double setupJoulesGross,
                            Double relativeUncertainty) {
            this(meter, method, boundary, window, joulesGross, joulesNet, jPerQuery, jPerToken, setupJoulesGross,
                    relativeUncertainty, null);
        }
    }

    /**
     * One domain's figures over a row's measured queries, from the one meter that measured it.
     *
     * @param domain      {@code cpu_package}, {@code dram} or {@code gpu} (all boards together)
     * @param meter       the meter's id
     * @param method      COUNTER, POWER_INTEGRATION or ESTIMATE
     * @param boundary    what the meter covers
     * @param window      {@code query}, or apportioned from passes where the queries were shorter than the meter's
     *                    update period (as {@link EnergyResult#window()})
     * @param joulesGross energy over all measured queries
     * @param joulesNet   the same less the meter's idle power for this domain over the same time
     * @param jPerQuery   net joules per query
     * @param jPerToken   net joules per token
     * @param sources     gross joules of each source (a GPU board by UUID); empty where the meter has one source
     */
    public record DomainResult(String domain, String meter, String method, String boundary, String window,
                               double joulesGross, double joulesNet, Stat jPerQuery, Stat jPerToken,
                               Map<String, Double> sources) {

        public DomainResult {
            sources = sources == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        }
    }

    /** This result with each measured domain's figures beside the headline. */
    public TaskModelResult withDomains(java.util.List<DomainResult> domains) {
        return new TaskModelResult(task, model, backend, device, precision, params, repetitions, queries, tokens,
                accuracy, energy == null ? null : energy.withDomains(domains), throughput, latency, generation,
                concurrency, serving);
    }

    /**
     * The part of a whole-domain figure this process accounts for, by CPU time: labelled ATTRIBUTED,
     * never a measurement of its own.
     *
     * @param share       process CPU time / CPU time of the whole machine over the measured queries, in [0, 1]
     * @param joulesGross the measured gross energy × share
     * @param joulesNet   the measured net energy × share
     * @param basis       how the share was computed, in words
     */
    public record Attribution(double share, double joulesGross, double joulesNet, String basis) {
    }

    public record Throughput(Stat tokensPerS, double queriesPerS) {
    }

    public record Latency(double p50Ms, double p95Ms) {
    }

    /**
     * The serving scenario's figures at one concurrency level (see {@code docs/serving.md}).
     *
     * @param arrivals          {@code closed-loop} or {@code poisson}
     * @param ratePerS          the Poisson arrival rate, or null for a closed loop
     * @param requests          requests the level was to send, over its repetitions
     * @param responses         responses completed over its repetitions (fewer than requests when the run stopped or
     *                          a request failed)
     * @param windows           steady-state windows measured (one per repetition of the level)
     * @param steadySeconds     the steady-state windows' length, summed
     * @param steadyTokens      output tokens that arrived inside the steady-state windows
     * @param steadyJoulesGross the steady-state windows' energy as the meter read it at their two ends
     * @param steadyJoulesNet   the same less the idle baseline over the same time
     * @param jPerOutputToken   net steady-state joules per output token in it; mean over windows, with its interval
     *                          where there are two or more (basis {@code windows})
     * @param jPerResponse      J/output token × mean output tokens per response (as ML.ENERGY computes it)
     * @param outputTokensPerS  output tokens per second of steady state
     * @param ttftMs            time to first token from the request's arrival (waiting included): p50, p90, p99
     * @param tpotMs            time per output token after the first, per response: p50, p90, p99
     * @param levelSeconds      the whole level (ramp-up and tail included), summed over windows: the gross figures
     * @param levelJoulesGross  the whole level's gross energy, ramp-up and tail included
     * @param levelOutputTokens output tokens of every response of the level
     * @param sloTpotMs         the TPOT objective, or null for none
     * @param meetsSlo          whether TPOT p50 is within the objective; null with no objective
     * @param maxBatch          the most requests the engine decodes together; null where a server decides
     * @param whyNotBatched     why the engine did not decode requests together, or null where it did
     * @param method            how the steady-state energy was obtained, in words
     * @param steadyWindows     each steady-state window's own figures (the unit a comparison of two runs' levels
     *                          rests on); empty in results written before they were kept
     */
    public record ServingStats(String arrivals, Double ratePerS, int requests, int responses, int windows,
                               double steadySeconds, long steadyTokens, double steadyJoulesGross,
                               double steadyJoulesNet, Stat jPerOutputToken, double jPerResponse,
                               double outputTokensPerS, Percentiles ttftMs, Percentiles tpotMs, double levelSeconds,
                               double levelJoulesGross, long levelOutputTokens, Double sloTpotMs, Boolean meetsSlo,
                               Integer maxBatch, String whyNotBatched, String method,
                               java.util.List<SteadyWindow> steadyWindows) {

        public ServingStats {
            steadyWindows = steadyWindows == null ? java.util.List.of() : java.util.List.copyOf(steadyWindows);
        }

        /** Figures without their windows'. */
        public ServingStats(String arrivals, Double ratePerS, int requests, int responses, int windows,
                            double steadySeconds, long steadyTokens, double steadyJoulesGross, double steadyJoulesNet,
                            Stat jPerOutputToken, double jPerResponse, double outputTokensPerS, Percentiles ttftMs,
                            Percentiles tpotMs, double levelSeconds, double levelJoulesGross, long levelOutputTokens,
                            Double sloTpotMs, Boolean meetsSlo, Integer maxBatch, String whyNotBatched,
                            String method) {
            this(arrivals, ratePerS, requests, responses, windows, steadySeconds, steadyTokens, steadyJoulesGross,
                    steadyJoulesNet, jPerOutputToken, jPerResponse, outputTokensPerS, ttftMs, tpotMs, levelSeconds,
                    levelJoulesGross, levelOutputTokens, sloTpotMs, meetsSlo, maxBatch, whyNotBatched, method,
                    java.util.List.of());
        }
    }

    /**
     * One steady-state window of a serving level, by the row's headline meter.
     *
     * @param repetition     the repetition it was measured in
     * @param seconds        the window's length
     * @param outputTokens   output tokens that arrived inside it
     * @param joulesGross    the meter's energy over it
     * @param joulesNet      the same less the meter's idle power over its length
     * @param meanOutputTokens the mean output tokens per response of the window's repetition (J/response = J/output
     *                       token × this)
     */
    public record SteadyWindow(int repetition, double seconds, long outputTokens, double joulesGross,
                               double joulesNet, double meanOutputTokens) {

        public double jPerOutputToken() {
            return joulesNet / outputTokens;
        }

        public double jPerResponse() {
            return jPerOutputToken() * meanOutputTokens;
        }

        public double outputTokensPerS() {
            return outputTokens / seconds;
        }
    }

    /** The 50th, 90th and 99th percentiles. */
    public record Percentiles(double p50, double p90, double p99) {
    }
}
