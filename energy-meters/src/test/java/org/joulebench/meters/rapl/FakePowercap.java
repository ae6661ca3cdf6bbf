package org.joulebench.meters.rapl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds powercap trees in a test folder. Nested by default, as the zones hang under their parent;
 * {@link #sysfsStyle} builds the real layout, where the zones live elsewhere and the powercap
 * folder lists every zone, subzones too, flat as symlinks.
 */
final class FakePowercap {

    static final long MAX_UJ = 262_143_328_850L;

    private final Path root;
    private final Path home;

    private FakePowercap(Path root, Path home) {
        this.root = mkdirs(root);
        this.home = mkdirs(home);
    }

    /** Zones nested in {@code tmp/powercap}. */
    static FakePowercap nested(Path tmp) {
        Path root = tmp.resolve("powercap");
        return new FakePowercap(root, root);
    }

    /** Zones in {@code tmp/devices/...}, each linked flat from {@code tmp/powercap}. */
    static FakePowercap sysfsStyle(Path tmp) {
        return new FakePowercap(tmp.resolve("powercap"), tmp.resolve("devices/virtual/powercap/intel-rapl"));
    }

    Path root() {
        return root;
    }

    Path zone(String id, String name, long energyUj) {
        return zoneIn(home, id, name, energyUj, MAX_UJ);
    }

    Path subzone(Path parent, String id, String name, long energyUj) {
        return zoneIn(parent, id, name, energyUj, MAX_UJ);
    }

    Path zoneIn(Path parent, String id, String name, long energyUj, long maxUj) {
        Path dir = mkdirs(parent.resolve(id));
        write(dir.resolve("name"), name + "\n");
        write(dir.resolve("max_energy_range_uj"), maxUj + "\n");
        energy(dir, energyUj);
        if (!home.equals(root)) {
            try {
                Files.createSymbolicLink(root.resolve(id), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Sets a zone's counter, as the hardware advancing between two reads. */
    void energy(Path zone, long energyUj) {
        write(zone.resolve("energy_uj"), energyUj + "\n");
    }

    /** Writes a power-limit attribute such as {@code constraint_0_max_power_uw} into a zone. */
    void limit(Path zone, String file, long microwatts) {
        write(zone.resolve(file), microwatts + "\n");
    }

    /** A laptop: package-0 with core, uncore and dram subzones, and a psys zone beside it. */
    static Laptop laptop(Path tmp) {
        FakePowercap tree = nested(tmp);
        Path pkg = tree.zone("intel-rapl:0", "package-0", 1_000_000);
        Path core = tree.subzone(pkg, "intel-rapl:0:0", "core", 2_000_000);
        Path uncore = tree.subzone(pkg, "intel-rapl:0:1", "uncore", 3_000_000);
        Path dram = tree.subzone(pkg, "intel-rapl:0:2", "dram", 4_000_000);
        Path psys = tree.zone("intel-rapl:1", "psys", 5_000_000);
        return new Laptop(tree, pkg, core, uncore, dram, psys);
    }

    record Laptop(FakePowercap tree, Path pkg, Path core, Path uncore, Path dram, Path psys) {
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
