package org.joulebench.runners;

import java.util.Objects;

/**
 * What to generate.
 *
 * @param prompt       the text to continue
 * @param maxNewTokens how many tokens to generate at most
 * @param ignoreEos    fixed-length mode: keep generating past end-of-sequence, so engines do equal work
 * @param sampling     greedy or seeded sampling
 */
public record GenerationRequest(String prompt, int maxNewTokens, boolean ignoreEos, Sampling sampling) {

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, was " + maxNewTokens);
        }
    }

    public static GenerationRequest greedy(String prompt, int maxNewTokens) {
        return new GenerationRequest(prompt, maxNewTokens, false, Sampling.GREEDY);
    }

    /**
     * Token choice: {@link #GREEDY} (argmax, temperature 0) or temperature/top-k sampling from a seed.
     */
    public record Sampling(double temperature, int topK, long seed) {

        public static final Sampling GREEDY = new Sampling(0, 1, 0);

        public Sampling {
            if (temperature < 0) {
                throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
            }
            if (topK < 0) {
                throw new IllegalArgumentException("topK must be >= 0 (0 = all), was " + topK);
            }
        }

        public boolean isGreedy() {
            return temperature == 0;
        }
    }
}
