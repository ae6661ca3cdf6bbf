package org.joulebench.meters.rapl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the text of one powercap attribute file. The seam through which every sysfs read goes,
 * so that tests can make a read fail the way the kernel does (an {@code AccessDeniedException}
 * for a root-only {@code energy_uj}).
 */
@FunctionalInterface
interface ZoneFiles {

    /** The file's whole text, as the kernel wrote it (usually one line). */
    String read(Path file) throws IOException;

    static ZoneFiles system() {
        return NioZoneFiles.INSTANCE;
    }
}

enum NioZoneFiles implements ZoneFiles {
    INSTANCE;

    @Override
    public String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
