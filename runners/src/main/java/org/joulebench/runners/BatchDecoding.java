package org.joulebench.runners;

/**
 * An engine that decodes several sequences in one step, reading its weights once for all of them, so that a
 * memory-bound model's cost per token falls with the batch. {@link SharedGenerator#of} batches such an engine's
 * callers: one thread joins their requests into a {@link DecodeBatch} and steps it.
 */
public interface BatchDecoding {

    /**
     * Room for up to {@code sequences} sequences at once (fewer where the engine holds fewer; see
     * {@link DecodeBatch#capacity()}). Cheap: a sequence's memory is taken when it first joins. While the batch is
     * open, the engine is not used otherwise.
     */
    DecodeBatch openBatch(int sequences);
}
