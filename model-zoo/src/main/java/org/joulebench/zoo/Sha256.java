package org.joulebench.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Lower-case hex sha256 of bytes, of a text (UTF-8), of several byte arrays one after the other, or of a file read
 * as a stream: the one sha256 of the project (model checksums, cached copies, suite checksums, host fingerprints,
 * history rows). It lives here, in the lowest module that needs it; every module above uses it.
 */
public final class Sha256 {

    private Sha256() {
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** The sha256 of {@code text} as UTF-8. */
    public static String hex(String text) {
        return hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The sha256 of {@code parts} one after the other, as if they were one array (a suite and its data files). */
    public static String hexOfAll(List<byte[]> parts) {
        MessageDigest digest = newDigest();
        parts.forEach(digest::update);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The sha256 of a file's bytes, read as a stream (a model of gigabytes is never held in memory). */
    public static String hex(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DigestInputStream in = new DigestInputStream(raw, newDigest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
