package org.joulebench.runners.llamacpp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.joulebench.zoo.Sha256;

/**
 * The binding's own native library (the CPU build inside the de.kherud:llama jar), copied once per content into a
 * folder named by its sha256 under {@code ~/.cache/joulebench/native}, for the child JVMs to load with
 * {@code -Dde.kherud.llama.lib.path}. Left to itself the binding extracts the library into the temp folder on every
 * start, under a fixed name, and deletes the copies it finds there: two Joulebench processes starting llama.cpp at
 * the same moment (parallel CI jobs, a fleet's pods on one node, two terminals) then overwrite or delete the file
 * the other is loading, and its JVM crashes in the dynamic loader. A copy that is written to a temporary file and
 * moved into place, and never written again, cannot be.
 */
final class BundledLibrary {

    private static Path cached;

    private BundledLibrary() {
    }

    /** The folder holding the library, for {@code de.kherud.llama.lib.path}; null where there is none to copy. */
    static synchronized Path folder() {
        if (cached == null) {
            cached = folder(Path.of(System.getProperty("user.home"), ".cache", "joulebench", "native"));
        }
        return cached;
    }

    /**
     * The folder under {@code root}, copied there if need be; null where this platform's library is not in the jar
     * (the binding then loads its own way) or the copy cannot be written (read-only home: likewise).
     */
    static Path folder(Path root) {
        String resource = resource();
        if (resource == null) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = de.kherud.llama.LlamaModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        Path dir = root.resolve("llama-" + Sha256.hex(bytes).substring(0, 16));
        Path file = dir.resolve(System.mapLibraryName("jllama"));
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length) {
                return dir;
            }
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "jllama", ".part");
            try {
                Files.write(part, bytes);
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return dir;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The library's path inside the jar for this OS and CPU, as the binding lays it out; null for other systems. */
    static String resource() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return null; // macOS also needs its Metal shader beside the library: left to the binding
        }
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return a == null ? null : "/de/kherud/llama/Linux/" + a + "/" + System.mapLibraryName("jllama");
    }
}
