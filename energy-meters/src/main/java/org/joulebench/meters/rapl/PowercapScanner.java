package org.joulebench.meters.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.joulebench.meters.Domain;
import org.joulebench.meters.MeterUnavailableException;

/**
 * Finds the RAPL zones under a powercap folder and proves each one can be read, or says why not
 * and what to do. Zones are folders named {@code intel-rapl:N[:M]} (AMD kernels use the same
 * control type), nested under their parent and, in real sysfs, also listed flat as symlinks: each
 * is taken once, by its real path. {@code intel-rapl-mmio:*} zones repeat the package and are
 * skipped.
 */
final class PowercapScanner {

    static final String PERMISSION_FIX_FORMAT = "run as root, or `sudo chmod a+r %s/intel-rapl:*/energy_uj`"
            + " (resets at boot; a udev rule or sysfsutils makes it last)";
    static final String NO_ROOT_FIX = "on bare metal Linux: modprobe intel_rapl_common (Intel) / use a kernel"
            + " ≥ 5.8 for AMD; in containers mount /sys/class/powercap read-only; or use --meter estimate";
    static final String NO_ZONES_FIX = "on bare metal Linux: modprobe intel_rapl_common (Intel) / use a kernel"
            + " ≥ 5.8 for AMD; or use --meter estimate";
    static final String BROKEN_FIX = "check the powercap driver (dmesg | grep -i rapl); or use --meter estimate";

    private static final String ZONE_PREFIX = "intel-rapl:";

    private final ZoneFiles files;

    PowercapScanner(ZoneFiles files) {
        this.files = files;
    }

    ZoneSet scan(Path root) throws MeterUnavailableException {
        if (!Files.isDirectory(root)) {
            throw new MeterUnavailableException("no powercap folder at " + root
                    + " (no RAPL driver, a VM, or a container without /sys/class/powercap mounted)", NO_ROOT_FIX);
        }
        List<Path> dirs = new ArrayList<>();
        collectZoneDirs(root, dirs, new HashSet<>(), new HashSet<>());
        dirs.sort(Comparator.comparing(d -> d.getFileName().toString(), PowercapScanner::compareZoneIds));

        List<Zone> zones = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (Path dir : dirs) {
            String id = dir.getFileName().toString();
            String name = readText(root, dir.resolve("name"));
            Optional<Domain> domain = Zone.domainOf(name);
            if (domain.isEmpty()) {
                ignored.add(id + " (" + name + ")");
                continue;
            }
            MaxPower max = maxPower(dir, domain.get());
            Zone zone = new Zone(id, dir, name, domain.get(), readMicrojoules(root, dir.resolve("max_energy_range_uj")),
                    max.uw(), max.source());
            readMicrojoules(root, zone.energyFile()); // the trial read: fail here, not mid-run
            zones.add(zone);
        }
        if (zones.isEmpty()) {
            throw new MeterUnavailableException("no RAPL zones under " + root
                    + (ignored.isEmpty() ? "" : " (only " + String.join(", ", ignored) + ")"), NO_ZONES_FIX);
        }
        ZoneSet set = new ZoneSet(root, zones, ignored);
        if (set.count(Domain.CPU_PACKAGE) == 0 && set.count(Domain.PSYS) == 0) {
            throw new MeterUnavailableException("RAPL under " + root + " has no package or psys zone to total"
                    + " (found " + zones.stream().map(Zone::name).toList() + ")", BROKEN_FIX);
        }
        return set;
    }

    private void collectZoneDirs(Path dir, List<Path> out, Set<Path> seenReal, Set<String> seenIds)
            throws MeterUnavailableException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(PowercapScanner::isRaplZone).filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot list " + dir + ": " + describe(e), BROKEN_FIX, e);
        }
        for (Path child : children) {
            if (seenReal.add(realPath(child)) && seenIds.add(child.getFileName().toString())) {
                out.add(child);
                collectZoneDirs(child, out, seenReal, seenIds);
            }
        }
    }

    private static boolean isRaplZone(Path path) {
        return path.getFileName().toString().startsWith(ZONE_PREFIX);
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** Orders {@code intel-rapl:10} after {@code intel-rapl:2}. */
    static int compareZoneIds(String a, String b) {
        String[] pa = a.split(":");
        String[] pb = b.split(":");
        for (int i = 1; i < Math.min(pa.length, pb.length); i++) {
            int c = compareNumbers(pa[i], pb[i]);
            if (c != 0) {
                return c;
            }
        }
        return pa.length != pb.length ? Integer.compare(pa.length, pb.length) : a.compareTo(b);
    }

    private static int compareNumbers(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private record MaxPower(long uw, String source) {
    }

    /**
     * The most power a zone can draw: {@code constraint_0_max_power_uw} when the zone has it (and it
     * is not 0), else twice the long-term limit {@code constraint_0_power_limit_uw}, else the default
     * for the domain. A higher short-term limit ({@code constraint_1_power_limit_uw}, Intel's PL2)
     * raises it, as the package may draw that for seconds. Missing or unreadable files are skipped:
     * they only sharpen an upper bound.
     */
    private MaxPower maxPower(Path dir, Domain domain) {
        MaxPower max;
        OptionalLong maxPower = optionalMicro(dir.resolve("constraint_0_max_power_uw"));
        OptionalLong longTerm = optionalMicro(dir.resolve("constraint_0_power_limit_uw"));
        if (maxPower.isPresent()) {
            max = new MaxPower(maxPower.getAsLong(), "constraint_0_max_power_uw");
        } else if (longTerm.isPresent()) {
            max = new MaxPower(2 * longTerm.getAsLong(), "2 × constraint_0_power_limit_uw");
        } else {
            max = new MaxPower(Zone.defaultMaxPowerUw(domain), Zone.defaultSource(domain));
        }
        OptionalLong shortTerm = optionalMicro(dir.resolve("constraint_1_power_limit_uw"));
        if (shortTerm.isPresent() && shortTerm.getAsLong() > max.uw()) {
            max = new MaxPower(shortTerm.getAsLong(), "constraint_1_power_limit_uw (short-term limit above "
                    + max.source() + ")");
        }
        return max;
    }

    /** A positive number from an optional file; empty when missing, unreadable, not a number or 0. */
    private OptionalLong optionalMicro(Path file) {
        try {
            long value = Long.parseLong(files.read(file).strip());
            return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private long readMicrojoules(Path root, Path file) throws MeterUnavailableException {
        String text = readText(root, file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MeterUnavailableException("unexpected content in " + file + ": '" + text + "'", BROKEN_FIX, e);
        }
    }

    private String readText(Path root, Path file) throws MeterUnavailableException {
        try {
            return files.read(file).strip();
        } catch (AccessDeniedException e) {
            throw new MeterUnavailableException("cannot read " + file + ": permission denied"
                    + (file.endsWith("energy_uj") ? " (energy_uj is readable by root only since Linux 5.10)" : ""),
                    String.format(PERMISSION_FIX_FORMAT, root), e);
        } catch (NoSuchFileException e) {
            throw new MeterUnavailableException("RAPL zone without " + file.getFileName() + ": " + file
                    + " is missing", BROKEN_FIX, e);
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot read " + file + ": " + describe(e), BROKEN_FIX, e);
        }
    }

    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
