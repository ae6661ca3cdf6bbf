package org.joulebench.zoo.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileErrorsTest {

    @TempDir
    Path dir;

    private Path written() throws IOException {
        Path file = dir.resolve("ok.gguf");
        new GgufWriter().put("general.name", GgufValue.string("x"))
                .tensor("w", GgmlType.F32, new long[] {8, 4}, new float[32])
                .write(file);
        return file;
    }

    private Path copy(byte[] bytes, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void aTruncatedTensorIsNamedWithTheSizes() throws IOException {
        byte[] ok = Files.readAllBytes(written());
        Path cut = copy(Arrays.copyOf(ok, ok.length - 10), "cut.gguf");
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(cut));
        assertEquals(cut, e.file());
        assertEquals(ok.length - 10, e.offset());
        assertTrue(e.getMessage().startsWith(cut + ": truncated: tensor w (F32, 128 bytes) should end at byte "
                + ok.length + ", but the file has " + (ok.length - 10) + " bytes"), e.getMessage());
    }

    @Test
    void aFileCutInsideTheHeaderSaysWhereAndWhat() throws IOException {
        byte[] ok = Files.readAllBytes(written());
        // magic 4, version 4, counts 16, key length 8 + "general.name" 12, type 4: the string value's length at 48.
        Path cut = copy(Arrays.copyOf(ok, 50), "header.gguf");
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(cut));
        assertEquals(48, e.offset());
        assertEquals(cut + ": truncated: the length of the value of general.name needs 8 bytes, but the file ends at"
                + " byte 50 (at byte offset 48)", e.getMessage());
    }

    @Test
    void everyCutIsAFormatErrorNeverAnotherException() throws IOException {
        byte[] ok = Files.readAllBytes(written());
        for (int n = 0; n < ok.length; n++) {
            Path cut = copy(Arrays.copyOf(ok, n), "cut" + n + ".gguf");
            assertThrows(GgufFormatException.class, () -> GgufFile.open(cut), "cut at " + n);
        }
    }

    @Test
    void badMagicAndVersionAreExplained() throws IOException {
        byte[] ok = Files.readAllBytes(written());
        byte[] magic = ok.clone();
        magic[0] = 'X';
        Path m = copy(magic, "magic.gguf");
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(m));
        assertEquals(m + ": not a GGUF file: the magic number is 0x58475546, a GGUF file starts with the bytes"
                + " 'GGUF' (at byte offset 0)", e.getMessage());

        byte[] version = ok.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1);
        Path v = copy(version, "v1.gguf");
        e = assertThrows(GgufFormatException.class, () -> GgufFile.open(v));
        assertEquals(v + ": unsupported GGUF version 1; Joulebench reads GGUF version 3 (and 2) (at byte offset 4)",
                e.getMessage());
    }

    @Test
    void aGarbageLengthIsCaughtBeforeAllocating() throws IOException {
        byte[] ok = Files.readAllBytes(written());
        ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN).putLong(24, Long.MAX_VALUE / 2);
        Path bad = copy(ok, "len.gguf");
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(bad));
        assertEquals(24, e.offset());
        assertTrue(e.getMessage().contains("the length of metadata key 0 is 4611686018427387903, more than the"),
                e.getMessage());
    }
}
