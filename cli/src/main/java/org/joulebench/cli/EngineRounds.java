package org.joulebench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One engine's timed runs in {@code bench-engines}, one per round: decode tokens/s (the tokens after the first over
 * the time after the first), time to first token and prompt tokens/s (the prompt's tokens over the time to first
 * token, which includes computing that token).
 */
final class EngineRounds {

    /** Median, least and greatest of a figure over the rounds, and the rounds' values in the order they ran. */
    record Spread(double median, double min, double max, List<Double> rounds) {

        Spread {
            rounds = List.copyOf(rounds);
        }

        /** The spread of {@code values}; empty when there are none (nothing measured is not a figure). */
        static Optional<Spread> of(List<Double> values) {
            if (values.isEmpty()) {
                return Optional.empty();
            }
            double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            return Optional.of(new Spread(median, s[0], s[s.length - 1], values));
        }
    }

    private final String engine;
    private final List<Double> decode = new ArrayList<>();
    private final List<Double> ttftMillis = new ArrayList<>();
    private final List<Double> prefill = new ArrayList<>();
    private int promptTokens;
    private int newTokens;

    EngineRounds(String engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The engine's name in the table and the JSON: {@code bare-llamacpp}, {@code llamacpp} or {@code java}. */
    String engine() {
        return engine;
    }

    /** Adds one round's run: {@code decode} is the time from the first new token to the last. */
    void add(int prompt, int generated, Duration toFirstToken, Duration decodeTime) {
        if (generated < 2 || decodeTime.isNegative() || decodeTime.isZero() || toFirstToken.isNegative()
                || toFirstToken.isZero()) {
            throw new IllegalArgumentException(engine + ": a run must have 2 or more new tokens and times above zero,"
                    + " had " + generated + " tokens, " + toFirstToken + " to the first and " + decodeTime + " after");
        }
        promptTokens = prompt;
        newTokens = generated;
        decode.add((generated - 1) / seconds(decodeTime));
        ttftMillis.add(seconds(toFirstToken) * 1e3);
        prefill.add(prompt / seconds(toFirstToken));
    }

    int rounds() {
        return decode.size();
    }

    /** Prompt tokens as the engine counted them in its last run (0 before any). */
    int promptTokens() {
        return promptTokens;
    }

    int newTokens() {
        return newTokens;
    }

    Optional<Spread> decode() {
        return Spread.of(decode);
    }

    Optional<Spread> ttftMillis() {
        return Spread.of(ttftMillis);
    }

    Optional<Spread> prefill() {
        return Spread.of(prefill);
    }

    /** Decode tokens/s of each round this engine and {@code other} both ran, divided by {@code other}'s. */
    Optional<Spread> decodeRatioPerRound(EngineRounds other) {
        int n = Math.min(decode.size(), other.decode.size());
        Double[] r = new Double[n];
        for (int i = 0; i < n; i++) {
            r[i] = decode.get(i) / other.decode.get(i);
        }
        return Spread.of(Arrays.asList(r));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
