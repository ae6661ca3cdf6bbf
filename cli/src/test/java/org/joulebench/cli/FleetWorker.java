package org.joulebench.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.joulebench.harness.BenchmarkRun;
import org.joulebench.harness.HostInfo;
import org.joulebench.harness.ProgressListener;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.RunConfig;
import org.joulebench.harness.RunResult;
import org.joulebench.meters.MeterConfig;

/**
 * One host of the local fleet simulation ({@link FleetHistorySimulationTest}), in a JVM of its own: it runs a short
 * suite with the real RAPL meter reading the powercap tree it is given (a test folder whose counters the test's feed
 * raises), describes itself with a made-up host identity, writes its results.json and adds it to every history
 * named, through {@code joulebench history add}, as a fleet's pod does. The fake identity lives here, in the tests:
 * nothing in Joulebench's own code lets a run claim another host.
 *
 * <p>The workers begin their measured passes together: each waits, when its run reaches them, until every worker
 * has reached them (a file per worker in a shared folder), so that the passes of every host are measured under the
 * same contention for the cores, and energy per query compares as power does.
 *
 * <p>Arguments: {@code HOST POWERCAP_ROOT RUN_ID LIMIT REPETITIONS OUT_DIR BARRIER_DIR WORKERS URL...}. Exit status
 * 0 when every history holds the run, else that of the step that failed (the run's message on stderr).
 */
final class FleetWorker {

    private FleetWorker() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        Path powercap = Path.of(args[1]);
        String runId = args[2];
        int limit = Integer.parseInt(args[3]);
        int repetitions = Integer.parseInt(args[4]);
        Path out = Files.createDirectories(Path.of(args[5]));
        Path barrier = Path.of(args[6]);
        int workers = Integer.parseInt(args[7]);
        List<String> urls = List.of(args).subList(8, args.length);

        MeterConfig meters = MeterConfig.system().withPowercapRoot(powercap).withSampleHz(FleetHistorySimulationTest.SAMPLE_HZ);
        // No idle baseline: the fake package draws the same power idle or busy, so net would be noise around zero;
        // net = gross then, and the report ranks the hosts by what they drew.
        RunConfig config = new RunConfig("default", List.of(FleetHistorySimulationTest.MODEL), null, limit,
                repetitions, 1, 0, "rapl", meters, 1, 7, runId, "fleet simulation worker " + host);
        HostInfo identity = identity(host);
        RunResult result = BenchmarkRun.builder(config).hostProbe(() -> identity)
                .progress(new Together(barrier, host, workers)).execute();
        Path json = out.resolve("results.json");
        try (OutputStream o = Files.newOutputStream(json)) {
            ResultCodec.write(result, o);
        }
        for (String url : urls) {
            List<String> add = new ArrayList<>(List.of("history", "add", json.toString(), "--jdbc-url", url));
            int status = Main.commandLine().execute(add.toArray(String[]::new));
            if (status != 0) {
                System.exit(status);
            }
        }
        System.exit(0);
    }

    /** Waits, as the measured passes begin, until {@code parties} workers have come to them. */
    private record Together(Path dir, String me, int parties) implements ProgressListener {
        private static final Duration TIMEOUT = Duration.ofMinutes(2);

        @Override
        public void phase(String name, long total) {
            if (!name.equals("measuring")) {
                return;
            }
            try (WatchService watch = dir.getFileSystem().newWatchService()) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                Files.createFile(dir.resolve(me));
                while (arrived() < parties) {
                    WatchKey key = watch.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    if (key == null) {
                        throw new IllegalStateException(me + ": only " + arrived() + " of " + parties
                                + " workers came to their measured passes in " + TIMEOUT);
                    }
                    key.pollEvents();
                    key.reset();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(me + ": interrupted at the barrier", e);
            }
        }

        private long arrived() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.count();
            }
        }

        @Override
        public void advance(long n) {
        }

        @Override
        public void done() {
        }
    }

    /** A host of its own: name, CPU and memory differ between hosts, so each has its own fingerprint. */
    static HostInfo identity(String host) {
        int n = Math.abs(host.hashCode() % 8) + 1;
        return new HostInfo(host, "SimVendor", "Sim CPU " + host, "sim", 2, 2, (long) n << 30, "Linux", "6.1",
                "sim jvm", List.of(), "none detected");
    }
}
