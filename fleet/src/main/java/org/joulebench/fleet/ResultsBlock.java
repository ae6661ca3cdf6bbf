package org.joulebench.fleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A run's results.json in its pod's log: gzip, base64, between {@link #BEGIN} and {@link #END} on lines of their
 * own. The pod prints it last; {@code fleet collect} reads it back. No shared storage, no extra permission.
 */
final class ResultsBlock {

    static final String BEGIN = "-----BEGIN JOULEBENCH RESULTS-----";
    static final String END = "-----END JOULEBENCH RESULTS-----";

    private ResultsBlock() {
    }

    /**
     * The results.json bytes in {@code log}, or empty where it holds no complete block (a pod that failed before
     * printing it, or a log cut short).
     *
     * @throws IOException when a block is there but is not gzip and base64 of a file
     */
    static Optional<byte[]> find(String log) throws IOException {
        int begin = log.lastIndexOf(BEGIN);
        if (begin < 0) {
            return Optional.empty();
        }
        int end = log.indexOf(END, begin);
        if (end < 0) {
            return Optional.empty();
        }
        String body = log.substring(begin + BEGIN.length(), end).replaceAll("\\s+", "");
        byte[] gzip;
        try {
            gzip = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IOException("the results block is not base64: " + e.getMessage(), e);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return Optional.of(in.readAllBytes());
        }
    }
}
