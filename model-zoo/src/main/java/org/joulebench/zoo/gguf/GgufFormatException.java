package org.joulebench.zoo.gguf;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not a GGUF file Joulebench can read; the message names the file, the offset and what was wrong. */
public class GgufFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public GgufFormatException(Path file, long offset, String problem) {
        super(file + ": " + problem + " (at byte offset " + offset + ")");
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Where in the file the problem was found. */
    public long offset() {
        return offset;
    }
}
