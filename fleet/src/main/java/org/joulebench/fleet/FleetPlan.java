package org.joulebench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.joulebench.harness.InputException;
import org.joulebench.reports.ResultsHistory;

/**
 * A fleet plan: a folder that {@link #write(Path, Path)} fills from a targets file, holding a copy of that file
 * ({@value #TARGETS}), one Indexed Job per Kubernetes target ({@code kubernetes/TARGET.yaml}) and one sbatch script
 * per Slurm target ({@code slurm/TARGET.sbatch}). The same targets file always writes the same bytes.
 */
public final class FleetPlan {

    /** The plan's copy of its targets file. */
    public static final String TARGETS = "targets.yaml";
    static final String KUBERNETES = "kubernetes";
    static final String SLURM = "slurm";

    private final Path dir;
    private final FleetFile fleet;

    private FleetPlan(Path dir, FleetFile fleet) {
        this.dir = dir;
        this.fleet = fleet;
    }

    /**
     * Checks {@code targets} and writes its plan into {@code out} (absent or empty).
     *
     * @return the plan, whose {@link #files()} are the files written
     * @throws InputException for a targets file with an unknown or missing key, a bad value, or an {@code out} that
     *                        holds files already
     */
    public static FleetPlan write(Path targets, Path out) throws InputException, IOException {
        FleetFile fleet = TargetsReader.read(targets);
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new InputException(out + " is a file, not a folder", "give --out a new or empty folder");
            }
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new InputException(out + " is not empty", "give --out a new or empty folder");
                }
            }
        }
        Files.createDirectories(out);
        Files.copy(targets, out.resolve(TARGETS));
        for (Target t : fleet.kubernetesTargets()) {
            Files.createDirectories(out.resolve(KUBERNETES));
            Files.writeString(out.resolve(KUBERNETES).resolve(t.name() + ".yaml"), JobManifest.write(fleet, t));
        }
        for (Target t : fleet.slurmTargets()) {
            Files.createDirectories(out.resolve(SLURM));
            Path script = out.resolve(SLURM).resolve(t.name() + ".sbatch");
            Files.writeString(script, SbatchScript.write(fleet, t));
            script.toFile().setExecutable(true);
        }
        return new FleetPlan(out, fleet);
    }

    /**
     * The plan in {@code dir}, as {@link #write(Path, Path)} left it (the manifests may have been edited since).
     *
     * @throws InputException where {@code dir} is not a plan, or its targets file no longer reads
     */
    public static FleetPlan open(Path dir) throws InputException {
        Path targets = dir.resolve(TARGETS);
        if (!Files.isRegularFile(targets)) {
            throw new InputException("no fleet plan in " + dir + " (no " + TARGETS + ")",
                    "write one with `joulebench fleet plan --targets FILE --out " + dir + "`");
        }
        return new FleetPlan(dir, TargetsReader.read(targets));
    }

    /** The plan's folder. */
    public Path dir() {
        return dir;
    }

    /** The fleet's name: the prefix of its Job names. */
    public String name() {
        return fleet.name();
    }

    /** Every file of the plan, targets file first, then the Jobs and the scripts in the targets' order. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(TARGETS));
        fleet.kubernetesTargets().forEach(t -> files.add(jobFile(t)));
        fleet.slurmTargets().forEach(t -> files.add(dir.resolve(SLURM).resolve(t.name() + ".sbatch")));
        return files;
    }

    /** The names of the Kubernetes targets, in the targets file's order. */
    public List<String> kubernetesTargets() {
        return fleet.kubernetesTargets().stream().map(Target::name).toList();
    }

    /** The names of the Slurm targets, in the targets file's order. */
    public List<String> slurmTargets() {
        return fleet.slurmTargets().stream().map(Target::name).toList();
    }

    /**
     * The history's JDBC URL: the targets file's {@code history}, or {@code $JOULEBENCH_HISTORY_URL} from
     * {@code environment} where it says so.
     *
     * @throws InputException where it names the variable and the variable is not set
     */
    public String historyUrl(Map<String, String> environment) throws InputException {
        if (fleet.history().isPresent()) {
            return fleet.history().get();
        }
        String url = environment.get(ResultsHistory.URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new InputException("the plan's history is $" + ResultsHistory.URL_VARIABLE + ", which is not set",
                    "export " + ResultsHistory.URL_VARIABLE + "=jdbc:postgresql://HOST/DB?user=U&password=P");
        }
        return url.trim();
    }

    /** Whether the pods reach the history themselves (a database server), or only collect does (an SQLite file). */
    public boolean podsReachHistory() {
        return !fleet.historyIsFile();
    }

    FleetFile fleet() {
        return fleet;
    }

    Path jobFile(Target t) {
        return dir.resolve(KUBERNETES).resolve(t.name() + ".yaml");
    }
}
