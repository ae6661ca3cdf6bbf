package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.joulebench.reports.HistoryRun;
import org.joulebench.reports.ResultsHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * {@code joulebench fleet} as a user meets it: a plan, wrong input of every kind (one line, exit 2, nothing
 * submitted), and submit → collect against fabric8's mock API server through a kubeconfig, into an SQLite history.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class FleetCommandTest {

    /** The mock server logs every request at INFO through java.util.logging; kept (strongly) at WARNING here. */
    private static final java.util.logging.Logger MOCK_LOG = quiet();

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private Path targets(String history) throws Exception {
        return Files.writeString(dir.resolve("targets.yaml"), """
                name: demo
                suite: default
                run: [--limit, "10"]
                history: %s
                image: registry.example/joulebench:0.2.0
                targets:
                  - name: cpu-node
                    kubernetes: {nodeSelector: {node.kubernetes.io/instance-type: c7i.large}}
                  - name: slurm-a100
                    slurm: {partition: gpu, constraint: a100, gpus: 1}
                """.formatted(history));
    }

    private Path kubeconfig(String serverUrl) throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s"}
                users:
                  - name: fixture-user
                    user: {token: fixture-token}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: fixture-user, namespace: test}
                current-context: mock
                """.formatted(serverUrl));
    }

    private static void oneLineError(CliRunner.Outcome o, String expected) {
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("joulebench: " + expected), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void planWritesTheFilesAndSaysWhatIsNext() throws Exception {
        Path plan = dir.resolve("plan");
        CliRunner.Outcome o = CliRunner.run("fleet", "plan", "--targets", targets("jdbc:sqlite:h.db").toString(),
                "--out", plan.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("wrote " + plan.resolve("kubernetes/cpu-node.yaml")), o.out());
        assertTrue(o.out().contains("wrote " + plan.resolve("slurm/slurm-a100.sbatch")), o.out());
        assertTrue(o.out().contains("next: joulebench fleet submit --plan " + plan), o.out());
        assertTrue(Files.readString(plan.resolve("kubernetes/cpu-node.yaml")).contains("collect adds the runs from the logs"));
    }

    @Test
    void badTargetsFilesAreOneLine() throws Exception {
        String out = dir.resolve("plan").toString();
        oneLineError(CliRunner.run("fleet", "plan", "--targets", dir.resolve("none.yaml").toString(), "--out", out),
                "no targets file at ");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "suite: [default\n");
        oneLineError(CliRunner.run("fleet", "plan", "--targets", bad.toString(), "--out", out), bad + " is not valid YAML");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), Files.readString(targets("jdbc:sqlite:h.db"))
                .replace("gpus: 1}", "gpus: 1, nodes: 4}"));
        oneLineError(CliRunner.run("fleet", "plan", "--targets", unknown.toString(), "--out", out),
                "unknown key 'nodes' in targets[1].slurm of " + unknown);
        oneLineError(CliRunner.run("fleet", "plan", "--targets", unknown.toString()), "Missing required option: '--out=DIR'");
        assertFalse(Files.exists(dir.resolve("plan")), "nothing written");
        oneLineError(CliRunner.run("fleet", "status", "--plan", dir.resolve("nowhere").toString()),
                "no fleet plan in " + dir.resolve("nowhere"));
    }

    @Test
    void aMissingKubeconfigOrAnUnreachableClusterIsOneLine() throws Exception {
        Path plan = dir.resolve("plan");
        CliRunner.run("fleet", "plan", "--targets", targets("jdbc:sqlite:h.db").toString(), "--out", plan.toString());
        oneLineError(CliRunner.run("fleet", "submit", "--plan", plan.toString(), "--kubeconfig",
                dir.resolve("nowhere").toString()), "no kubeconfig at " + dir.resolve("nowhere"));
        String before = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", dir.resolve("no-such-kubeconfig").toString());
        try {
            oneLineError(CliRunner.run("fleet", "status", "--plan", plan.toString()), "no kubeconfig (looked at ");
        } finally {
            if (before == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", before);
            }
        }
        // Port 1 on the loopback: nothing listens there, the connection is refused at once.
        Path unreachable = kubeconfig("http://127.0.0.1:1");
        oneLineError(CliRunner.run("fleet", "submit", "--plan", plan.toString(), "--kubeconfig", unreachable.toString()),
                "cannot reach the Kubernetes API at http://127.0.0.1:1");
    }

    @Test
    void anUnreachableHistoryStopsSubmitBeforeAnyJob() throws Exception {
        Path plan = dir.resolve("plan");
        CliRunner.run("fleet", "plan", "--targets", targets("jdbc:postgresql://127.0.0.1:1/joulebench").toString(),
                "--out", plan.toString());
        CliRunner.Outcome o = CliRunner.run("fleet", "submit", "--plan", plan.toString(), "--kubeconfig",
                kubeconfig(server.url("/")).toString());
        assertEquals(2, o.status(), o.out() + o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(client.batch().v1().jobs().inNamespace("test").list().getItems().isEmpty(), "nothing submitted");
    }

    @Test
    void submitThenCollectPutsTheRunInTheHistory() throws Exception {
        Path db = dir.resolve("history.db");
        Path plan = dir.resolve("plan");
        CliRunner.run("fleet", "plan", "--targets", targets("jdbc:sqlite:" + db).toString(), "--out", plan.toString());
        String kube = kubeconfig(server.url("/")).toString();

        CliRunner.Outcome submitted = CliRunner.run("fleet", "submit", "--plan", plan.toString(), "--kubeconfig", kube);
        assertEquals(0, submitted.status(), submitted.err());
        assertTrue(submitted.out().startsWith("created job demo-cpu-node in namespace test (1 run)"), submitted.out());
        assertTrue(CliRunner.run("fleet", "submit", "--plan", plan.toString(), "--kubeconfig", kube).out()
                .startsWith("job demo-cpu-node is there already"));
        assertEquals(1, client.batch().v1().jobs().inNamespace("test").list().getItems().size());

        CliRunner.Outcome status = CliRunner.run("fleet", "status", "--plan", plan.toString(), "--kubeconfig", kube);
        assertEquals(List.of("cpu-node: job demo-cpu-node: 0 of 1 succeeded, 0 failed, 0 running — waiting",
                "slurm-a100: Slurm, see squeue --name=demo-slurm-a100"), status.out().lines().toList());

        CliRunner.Outcome early = CliRunner.run("fleet", "collect", "--plan", plan.toString(), "--kubeconfig", kube);
        assertEquals(1, early.status(), "a run not finished is exit 1: " + early.out());
        assertTrue(early.out().contains("not finished: cpu-node run 0: no pod yet"), early.out());

        Path run = FakeResultFolders.write(dir.resolve("fixture-run"));
        Pod pod = new PodBuilder().withNewMetadata().withName("demo-cpu-node-0-aaaaa").addToLabels("job-name", "demo-cpu-node")
                .addToAnnotations("batch.kubernetes.io/job-completion-index", "0").endMetadata()
                .withNewStatus().withPhase("Succeeded").endStatus().build();
        client.pods().inNamespace("test").resource(pod).create();
        client.pods().inNamespace("test").withName(pod.getMetadata().getName()).editStatus(p -> {
            p.setStatus(pod.getStatus());
            return p;
        });
        server.expect().get().withPath("/api/v1/namespaces/test/pods/demo-cpu-node-0-aaaaa/log?pretty=false")
                .andReturn(200, podLog(Files.readAllBytes(run.resolve("results.json")))).always();

        CliRunner.Outcome collected = CliRunner.run("fleet", "collect", "--plan", plan.toString(), "--kubeconfig", kube);
        assertEquals(0, collected.status(), collected.out() + collected.err());
        assertTrue(collected.out().startsWith("added run fixture-run (2 results) to jdbc:sqlite:" + db), collected.out());
        assertTrue(collected.out().contains("collected 1 of 1 runs into " + plan.resolve("collected")), collected.out());
        try (ResultsHistory h = ResultsHistory.open("jdbc:sqlite:" + db)) {
            assertEquals(List.of("fixture-run"), h.runs().stream().map(HistoryRun::runId).toList());
        }
        CliRunner.Outcome again = CliRunner.run("fleet", "collect", "--plan", plan.toString(), "--kubeconfig", kube);
        assertTrue(again.out().startsWith("run fixture-run is already in"), again.out());
    }

    /** What the Job's script prints last: results.json, gzip'd and base64'd, between the marker lines. */
    private static String podLog(byte[] json) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(json);
        }
        return "fixture run output\n-----BEGIN JOULEBENCH RESULTS-----\n"
                + Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(gz.toByteArray())
                + "\n-----END JOULEBENCH RESULTS-----\n";
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }
}
