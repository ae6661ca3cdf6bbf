package org.joulebench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a golden file under {@code src/test/resources/golden/}. Run the tests with
 * {@code -Djoulebench.golden.update=true} to rewrite the goldens from the current output; review the diff.
 */
public final class Golden {

    private Golden() {
    }

    public static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean("joulebench.golden.update")) {
            try {
                Path file = Path.of("src/test/resources/golden", name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertEquals(read(name), actual, "output differs from golden/" + name
                + " (rerun with -Djoulebench.golden.update=true to accept it, then review the diff)");
    }

    private static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file golden/" + name
                        + "; run with -Djoulebench.golden.update=true to create it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
