package org.joulebench.runners.llamacpp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's llama.cpp library is copied once, by content, and the child JVMs load that copy. */
class BundledLibraryTest {

    @TempDir
    Path root;

    @Test
    void theLibraryIsCopiedOnceIntoAFolderNamedByItsContent() throws Exception {
        Path dir = BundledLibrary.folder(root);
        assertNotNull(dir, "this Linux build has the jar's library");
        Path file = dir.resolve(System.mapLibraryName("jllama"));
        byte[] expected;
        try (InputStream in = de.kherud.llama.LlamaModel.class.getResourceAsStream(BundledLibrary.resource())) {
            expected = in.readAllBytes();
        }
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertTrue(dir.getFileName().toString().matches("llama-[0-9a-f]{16}"), dir.toString());

        FileTime written = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, written);
        assertEquals(dir, BundledLibrary.folder(root), "the same folder again");
        assertEquals(written, Files.getLastModifiedTime(file), "and the file is not written again");
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary file is left beside it");
        }
    }

    @Test
    void theChildJvmLoadsTheCopyUnlessTheUserGaveALibrary() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(LlamaCppProvider.LIB_PATH) == null);
        assertTrue(ChildProcess.command().contains("-D" + LlamaCppProvider.LIB_PATH + "=" + BundledLibrary.folder()),
                ChildProcess.command().toString());
    }
}
