package org.joulebench.zoo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lower-case hex sha256 of bytes, of a text (UTF-8) or of a file read as a stream: the one sha256 of the project
 * (model checksums, cached copies, fingerprints of hosts and history rows).
 */
public final class Sha256 {

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** The sha256 of {@code text} as UTF-8. */
    public static String hex(String text) {
        return hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The sha256 of a file's bytes, read as a stream (a model of gigabytes is never held in memory). */
    public static String hex(java.nio.file.Path file) throws java.io.IOException {
        try (java.security.DigestInputStream in = new java.security.DigestInputStream(
                java.nio.file.Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
