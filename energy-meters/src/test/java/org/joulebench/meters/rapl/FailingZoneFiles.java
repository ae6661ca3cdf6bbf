package org.joulebench.meters.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/** Reads like sysfs, except that {@code energy_uj} is denied once {@link #deny()} is called. */
final class FailingZoneFiles implements ZoneFiles {

    private volatile boolean denied;

    static FailingZoneFiles denying() {
        FailingZoneFiles files = new FailingZoneFiles();
        files.deny();
        return files;
    }

    void deny() {
        denied = true;
    }

    @Override
    public String read(Path file) throws IOException {
        if (denied && file.endsWith("energy_uj")) {
            throw new AccessDeniedException(file.toString());
        }
        return ZoneFiles.system().read(file);
    }
}
