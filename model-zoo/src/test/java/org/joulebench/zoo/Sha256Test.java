package org.joulebench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one sha256: every form gives the same digest for the same bytes. */
class Sha256Test {

    /** The sha256 of "abc", FIPS 180-2 appendix B.1. */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void everyFormAgrees() throws Exception {
        assertEquals(ABC, Sha256.hex("abc"));
        assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ABC, Sha256.hexOfAll(List.of("a".getBytes(StandardCharsets.US_ASCII),
                "bc".getBytes(StandardCharsets.US_ASCII))));
        Path file = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals(ABC, Sha256.hex(file));
    }
}
