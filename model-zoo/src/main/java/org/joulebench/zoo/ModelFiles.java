package org.joulebench.zoo;

/**
 * A model's files, read and verified against the zoo's checksum.
 *
 * @param model     the model file's bytes
 * @param tokenizer the tokenizer.json's bytes
 */
public record ModelFiles(ModelEntry entry, byte[] model, byte[] tokenizer) {
}
