package org.joulebench.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.Suites;

/** The Indexed Job of one Kubernetes target, as commented YAML. */
final class JobManifest {

    /** Labels of every object of a fleet. */
    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String FLEET_LABEL = "joulebench.org/fleet";
    static final String TARGET_LABEL = "joulebench.org/target";
    /** Where the host's powercap tree is mounted in the pod. */
    static final String POWERCAP_MOUNT = "/host/powercap";
    /** The Secret key that holds the history's JDBC URL. */
    static final String SECRET_KEY = "url";

    private JobManifest() {
    }

    /** The Secret that holds the history's URL for the pods of {@code fleet}. */
    static String secretName(FleetFile fleet) {
        return fleet.name() + "-history";
    }

    static String write(FleetFile fleet, Target target) {
        Target.Kubernetes k = target.kubernetes().orElseThrow();
        String job = fleet.jobName(target);
        YamlText y = new YamlText();
        y.comment(0, "Joulebench fleet '" + fleet.name() + "', target '" + target.name() + "': " + runs(target.runs())
                + " of the suite '" + fleet.suite() + "'" + (k.gpus() > 0 ? " with " + k.gpus() + " NVIDIA GPU(s) per run" : "")
                + ".\nWritten by `joulebench fleet plan`; created by `joulebench fleet submit` (or `kubectl apply -f`).");
        y.entry(0, "apiVersion", "batch/v1").entry(0, "kind", "Job");
        y.key(0, "metadata").entry(1, "name", job);
        labels(y, 1, fleet, target);
        y.key(0, "spec");
        y.comment(1, "One pod per run; each run knows its index ($JOB_COMPLETION_INDEX) and prints its own result.");
        y.entry(1, "completionMode", "Indexed").entry(1, "completions", target.runs());
        y.comment(1, "Runs may go side by side on different nodes: the anti-affinity below keeps two Joulebench pods\n"
                + "of this fleet off one node, where each would measure the other's load.");
        y.entry(1, "parallelism", target.runs());
        y.comment(1, "A failed run is not retried: `fleet collect` lists it with its pod's reason (Kubernetes 1.29+;\n"
                + "on older clusters replace this line with backoffLimit: 0).");
        y.entry(1, "backoffLimitPerIndex", 0);
        y.key(1, "template");
        y.key(2, "metadata");
        labels(y, 3, fleet, target);
        y.key(2, "spec");
        y.entry(3, "restartPolicy", "Never");
        if (k.nodeSelector().isEmpty()) {
            y.comment(3, "No nodeSelector: any node of the cluster.");
        } else {
            y.comment(3, "The hardware this target compares.");
            y.key(3, "nodeSelector");
            for (Map.Entry<String, String> e : k.nodeSelector().entrySet()) {
                y.entry(4, e.getKey(), e.getValue());
            }
        }
        if (k.gpus() > 0) {
            if (k.runtimeClassName().isPresent()) {
                y.comment(3, "The NVIDIA container runtime: it brings the driver's libnvidia-ml.so.1 for the nvml meter.");
                y.entry(3, "runtimeClassName", k.runtimeClassName().get());
            } else {
                y.comment(3, "No runtimeClassName: the cluster's default runtime is taken to be NVIDIA's.");
            }
            y.comment(3, "GPU nodes are often tainted for GPU work only.");
            y.key(3, "tolerations");
            y.raw("        - key: nvidia.com/gpu");
            y.raw("          operator: Exists");
            y.raw("          effect: NoSchedule");
        }
        y.key(3, "affinity").key(4, "podAntiAffinity").key(5, "requiredDuringSchedulingIgnoredDuringExecution");
        y.raw("            - topologyKey: kubernetes.io/hostname");
        y.raw("              labelSelector:");
        y.raw("                matchLabels:");
        y.raw("                  " + YamlText.scalar(FLEET_LABEL) + ": " + YamlText.scalar(fleet.name()));
        y.key(3, "containers");
        y.raw("        - name: joulebench");
        int c = 5;
        y.entry(c, "image", fleet.image().orElseThrow());
        y.comment(c, "Runs the suite, adds the run to the history where the pod can reach it, then prints results.json\n"
                + "(gzip, base64) between marker lines: `fleet collect` reads it from the log, so no shared storage is needed.");
        y.key(c, "command");
        y.raw("            - /bin/sh");
        y.raw("            - -c");
        y.key(c, "args");
        y.raw("            - |");
        for (String line : script(fleet, target).split("\n")) {
            y.raw(line.isEmpty() ? "" : "              " + line);
        }
        y.key(c, "env");
        y.raw("            - name: JOULEBENCH_FLEET_TARGET");
        y.raw("              value: " + YamlText.scalar(target.name()));
        if (fleet.historyIsFile()) {
            y.comment(c + 1, "The history is an SQLite file on the machine that runs `fleet collect`, out of the pods' reach:\n"
                    + "collect adds the runs from the logs.");
        } else {
            y.comment(c + 1, "The history's JDBC URL, from the Secret `fleet submit` creates (no password in this file).");
            y.raw("            - name: JOULEBENCH_HISTORY_URL");
            y.raw("              valueFrom:");
            y.raw("                secretKeyRef:");
            y.raw("                  name: " + YamlText.scalar(secretName(fleet)));
            y.raw("                  key: " + SECRET_KEY);
        }
        y.comment(c, "Root in the pod: the kernel lets only root read RAPL's energy_uj (since Linux 5.10).");
        y.key(c, "securityContext").entry(c + 1, "runAsUser", 0);
        resources(y, c, k);
        y.key(c, "volumeMounts");
        if (k.powercap()) {
            y.raw("            - name: powercap");
            y.raw("              mountPath: " + POWERCAP_MOUNT);
            y.raw("              readOnly: true");
        }
        y.raw("            - name: out");
        y.raw("              mountPath: /out");
        y.key(3, "volumes");
        if (k.powercap()) {
            y.comment(4, "The host's RAPL counters, read-only, for the rapl meter. /sys/class/powercap holds only links into\n"
                    + "this folder, and container runtimes mask the pod's own copy of it.");
            y.raw("        - name: powercap");
            y.raw("          hostPath:");
            y.raw("            path: /sys/devices/virtual/powercap");
            y.raw("            type: Directory");
        } else {
            y.comment(4, "No powercap mount (powercap: false in the targets file): CPU energy falls back to the estimate meter,\n"
                    + "labelled ESTIMATE" + (k.gpus() > 0 ? "; the GPUs are metered by nvml all the same." : "."));
        }
        y.comment(4, "The run's output folder, gone with the pod once collect has its result.");
        y.raw("        - name: out");
        y.raw("          emptyDir: {}");
        return y.toString();
    }

    private static void resources(YamlText y, int c, Target.Kubernetes k) {
        if (k.gpus() == 0 && k.cpu().isEmpty() && k.memory().isEmpty()) {
            return;
        }
        y.comment(c, "Requests equal to limits: the Guaranteed class, so that nothing squeezes the run mid-measurement.");
        y.key(c, "resources");
        for (String side : List.of("requests", "limits")) {
            y.key(c + 1, side);
            k.cpu().ifPresent(v -> y.entry(c + 2, "cpu", v));
            k.memory().ifPresent(v -> y.entry(c + 2, "memory", v));
            if (k.gpus() > 0) {
                y.entry(c + 2, "nvidia.com/gpu", k.gpus());
            }
        }
    }

    private static void labels(YamlText y, int indent, FleetFile fleet, Target target) {
        y.key(indent, "labels");
        y.entry(indent + 1, APP_LABEL, "joulebench");
        y.entry(indent + 1, FLEET_LABEL, fleet.name());
        y.entry(indent + 1, TARGET_LABEL, target.name());
    }

    /** The pod's shell script. */
    static String script(FleetFile fleet, Target target) {
        Target.Kubernetes k = target.kubernetes().orElseThrow();
        List<String> run = new ArrayList<>(List.of("joulebench", "run", "--suite", fleet.suite()));
        run.addAll(fleet.run());
        run.addAll(target.run());
        if (k.powercap()) {
            run.addAll(List.of("--powercap-root", POWERCAP_MOUNT + "/intel-rapl"));
        }
        StringBuilder s = new StringBuilder();
        s.append("set -eu\n");
        if (!Suites.builtIn().contains(fleet.suite())) {
            s.append("# the suite file must be in the image (or a volume) at this path\n");
        }
        s.append("out=\"/out/run-${JOB_COMPLETION_INDEX:-0}\"\n");
        s.append(Shell.words(run)).append(" --out \"$out\"\n");
        s.append("if [ -n \"${JOULEBENCH_HISTORY_URL:-}\" ]; then\n");
        s.append("  joulebench history add \"$out\" || echo \"history not reached: fleet collect adds this run from the log\" >&2\n");
        s.append("fi\n");
        s.append("echo \"").append(ResultsBlock.BEGIN).append("\"\n");
        s.append("gzip -c \"$out/results.json\" | base64\n");
        s.append("echo \"").append(ResultsBlock.END).append("\"\n");
        return s.toString();
    }

    private static String runs(int n) {
        return n == 1 ? "one run" : n + " runs";
    }
}
