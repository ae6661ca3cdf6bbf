package org.joulebench.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.InputException;
import org.joulebench.harness.ResultFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** submit, status and collect against fabric8's mock API server (CRUD mode, with pod logs as expectations). */
@EnableKubernetesMockClient(crud = true)
class KubernetesFleetTest {

    /** The mock server logs every request at INFO through java.util.logging; kept (strongly) at WARNING here. */
    private static final java.util.logging.Logger MOCK_LOG = quiet();

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private FleetPlan plan;
    private KubernetesFleet fleet;

    @BeforeEach
    void plan() throws Exception {
        Path targets = dir.resolve("in.yaml");
        try (InputStream in = getClass().getResourceAsStream("/fleet/targets.yaml")) {
            Files.copy(in, targets);
        }
        plan = FleetPlan.write(targets, dir.resolve("plan"));
        fleet = new KubernetesFleet(client, plan);
    }

    @Test
    void submitCreatesTheJobsOnceAndTheHistorySecret() throws Exception {
        List<String> first = fleet.submit("jdbc:postgresql://db.example/joulebench");
        assertEquals(List.of("created secret demo-history (the history's URL for the pods)",
                "created job demo-cpu-node in namespace test (3 runs)",
                "created job demo-gpu-node in namespace test (1 run)"), first);
        List<Job> jobs = client.batch().v1().jobs().inNamespace("test").list().getItems();
        assertEquals(List.of("demo-cpu-node", "demo-gpu-node"), jobs.stream().map(j -> j.getMetadata().getName()).sorted().toList());
        assertEquals("registry.example/joulebench:0.2.0", jobs.get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertNotNull(client.secrets().inNamespace("test").withName("demo-history").get());

        List<String> again = fleet.submit("jdbc:postgresql://db.example/joulebench");
        assertEquals("secret demo-history is there already; left as it is", again.get(0));
        assertTrue(again.get(1).startsWith("job demo-cpu-node is there already"), again.get(1));
        assertEquals(2, client.batch().v1().jobs().inNamespace("test").list().getItems().size(), "nothing duplicated");
    }

    @Test
    void statusAndCollectReportSucceededFailedAndPendingRuns() throws Exception {
        fleet.submit("jdbc:postgresql://db.example/joulebench");
        assertEquals(List.of("cpu-node: job demo-cpu-node: 0 of 3 succeeded, 0 failed, 0 running — waiting",
                "gpu-node: job demo-gpu-node: 0 of 1 succeeded, 0 failed, 0 running — waiting"),
                fleet.status().stream().map(KubernetesFleet.Progress::line).toList());

        client.batch().v1().jobs().inNamespace("test").withName("demo-cpu-node").editStatus(j -> {
            j.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withSucceeded(1).withFailed(1)
                    .withActive(1).build());
            return j;
        });
        byte[] json = FixtureRun.resultsJson("fixture-fleet-run", "fixture-cpu-node-host");
        pod("demo-cpu-node-0-aaaaa", "demo-cpu-node", 0, new PodBuilder().withNewStatus().withPhase("Succeeded").endStatus());
        server.expect().get().withPath("/api/v1/namespaces/test/pods/demo-cpu-node-0-aaaaa/log?pretty=false")
                .andReturn(200, FixtureRun.podLog(json)).always();
        pod("demo-cpu-node-1-bbbbb", "demo-cpu-node", 1, new PodBuilder().withNewStatus().withPhase("Failed")
                .addNewContainerStatus().withName("joulebench").withNewState().withNewTerminated().withReason("OOMKilled")
                .withExitCode(137).endTerminated().endState().endContainerStatus().endStatus());
        pod("demo-cpu-node-2-ccccc", "demo-cpu-node", 2, new PodBuilder().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("joulebench").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry.example/joulebench:0.2.0\"").endWaiting().endState()
                .endContainerStatus().endStatus());

        assertEquals("cpu-node: job demo-cpu-node: 1 of 3 succeeded, 1 failed, 1 running — running",
                fleet.status().get(0).line());

        KubernetesFleet.Collected c = fleet.collect();
        Path expected = plan.dir().resolve("collected/cpu-node/run-0/results.json");
        assertEquals(List.of(expected), c.results());
        assertArrayEquals(json, Files.readAllBytes(expected));
        assertEquals("fixture-fleet-run", ResultFolder.readResults(expected).run().id());
        assertEquals(List.of("cpu-node run 1: failed, pod demo-cpu-node-1-bbbbb: OOMKilled (exit 137)"), c.problems());
        assertEquals(List.of("cpu-node run 2: pending, pod demo-cpu-node-2-ccccc: ImagePullBackOff: Back-off pulling "
                + "image \"registry.example/joulebench:0.2.0\"", "gpu-node run 0: no pod yet"), c.unfinished());

        client.batch().v1().jobs().inNamespace("test").withName("demo-gpu-node").delete();
        assertTrue(fleet.collect().unfinished().contains(
                "gpu-node: job demo-gpu-node not found in namespace test (not submitted, or deleted): joulebench fleet submit"));
    }

    @Test
    void aSucceededPodWithoutItsBlockIsAProblemNotAResult() throws Exception {
        fleet.submit("jdbc:postgresql://db.example/joulebench");
        pod("demo-gpu-node-0-ddddd", "demo-gpu-node", 0, new PodBuilder().withNewStatus().withPhase("Succeeded").endStatus());
        server.expect().get().withPath("/api/v1/namespaces/test/pods/demo-gpu-node-0-ddddd/log?pretty=false")
                .andReturn(200, "the log was rotated\n").always();
        KubernetesFleet.Collected c = fleet.collect();
        assertTrue(c.problems().contains("gpu-node run 0: pod demo-gpu-node-0-ddddd succeeded but its log holds no "
                + "complete results block (log rotated or cut?)"), c.problems().toString());
    }

    @Test
    void anEditedManifestThatNamesAnotherJobIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path file = plan.dir().resolve("kubernetes/gpu-node.yaml");
        Files.writeString(file, Files.readString(file).replace("name: demo-gpu-node", "name: other"));
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> fleet.submit("jdbc:postgresql://db.example/joulebench"));
        assertEquals(file + " does not hold the Job demo-gpu-node", e.getMessage());
        assertTrue(client.batch().v1().jobs().inNamespace("test").list().getItems().isEmpty());
    }

    private void pod(String name, String job, int index, PodBuilder status) {
        Pod pod = status.withNewMetadata().withName(name).addToLabels("job-name", job)
                .addToAnnotations("batch.kubernetes.io/job-completion-index", String.valueOf(index)).endMetadata()
                .build();
        client.pods().inNamespace("test").resource(pod).create();
        client.pods().inNamespace("test").withName(name).editStatus(p -> {
            p.setStatus(pod.getStatus());
            return p;
        });
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
        log.setLevel(java.util.logging.Level.WARNING);
        return log;
    }
}
