package org.joulebench.zoo.onnx;

import java.io.IOException;

/** A file is not an ONNX model Joulebench can read; the message says what was wrong. */
public class OnnxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public OnnxFormatException(String problem) {
        super(problem);
    }
}
