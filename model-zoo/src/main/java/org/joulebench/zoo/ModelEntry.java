package org.joulebench.zoo;

import java.util.Objects;

/**
 * One model of the zoo: what it is, where it comes from, and the checksum its file must have.
 *
 * @param id                stable id used on the command line
 * @param family            model family, e.g. {@code MiniLM}, {@code BGE}
 * @param task              what it does: {@code embedding}
 * @param parameters        number of parameters; 0 (unknown) only for a model behind a server (source kind
 *                          {@code openai}), whose size the server does not say
 * @param layers            transformer layers
 * @param hiddenSize        embedding width
 * @param precision         weight precision
 * @param format            file format: {@code onnx}
 * @param source            where its files come from
 * @param sha256            hex sha256 of the model file, verified at load
 * @param sizeBytes         size of the model file
 * @param licence           SPDX id of the model's licence
 * @param pooling           sentence pooling
 * @param normalize         whether sentence vectors are L2-normalised
 * @param maxTokens         longest input in tokens; longer inputs are truncated
 * @param upstream          the original model this file was converted from
 * @param inputPrefix       text the model's card says to put before every input (e5: {@code "query: "}); empty for none
 */
public record ModelEntry(String id, String family, String task, long parameters, int layers, int hiddenSize,
                         Precision precision, String format, ModelSource source, String sha256, long sizeBytes,
                         String licence, Pooling pooling, boolean normalize, int maxTokens, String upstream,
                         String inputPrefix) {

    /** The source kind of a model behind an OpenAI-compatible server. */
    public static final String REMOTE_KIND = "openai";

    public ModelEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(inputPrefix, "inputPrefix");
        if (parameters < 0 || parameters == 0 && !source.kind().equals(REMOTE_KIND)) {
            throw new IllegalArgumentException("model " + id + ": parameters must be positive, was " + parameters);
        }
    }

    /** This entry under another id: the same files, e.g. a model run twice in one run as {@code ID} and {@code ID#2}. */
    public ModelEntry withId(String newId) {
        return new ModelEntry(newId, family, task, parameters, layers, hiddenSize, precision, format, source, sha256,
                sizeBytes, licence, pooling, normalize, maxTokens, upstream, inputPrefix);
    }
}
