package org.joulebench.harness;

/**
 * A model as the run used it, so that two runs can be checked for having run the same bytes.
 *
 * @param id        the zoo id, or the name a local file gave itself
 * @param sha256    the checksum of the model file that was loaded (verified at load)
 * @param format    the file format ({@code onnx}, {@code gguf})
 * @param precision the weights' precision as catalogued
 * @param params    the parameter count
 * @param source    where it came from, in words (Maven coordinates, a local file)
 */
public record ModelInfo(String id, String sha256, String format, String precision, long params, String source) {
}
