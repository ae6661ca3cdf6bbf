package org.joulebench.runners;

import java.util.List;

/**
 * What a generation produced.
 *
 * @param text         the generated text (the prompt excluded)
 * @param tokens       the generated token ids, where the engine exposes them (empty for remote engines that do not)
 * @param promptTokens tokens in the prompt as the engine counted them (special tokens included)
 * @param newTokens    generated tokens
 * @param stoppedAtEos whether generation ended at end-of-sequence rather than the token limit
 * @param prefillNanos time from the call to the first generated token (time to first token)
 * @param decodeNanos  time from the first generated token to the last
 * @param serverClaim  the energy a server said it spent on this response; null where none was said (local engines,
 *                     servers that report no energy)
 */
public record Generation(String text, List<Integer> tokens, int promptTokens, int newTokens, boolean stoppedAtEos,
                         long prefillNanos, long decodeNanos, EnergyClaim serverClaim) {

    public Generation {
        tokens = List.copyOf(tokens);
    }

    /** A generation with no claim of energy. */
    public Generation(String text, List<Integer> tokens, int promptTokens, int newTokens, boolean stoppedAtEos,
                      long prefillNanos, long decodeNanos) {
        this(text, tokens, promptTokens, newTokens, stoppedAtEos, prefillNanos, decodeNanos, null);
    }
}
