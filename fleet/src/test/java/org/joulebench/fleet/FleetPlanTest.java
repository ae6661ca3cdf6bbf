package org.joulebench.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The plan of the issue's three targets against golden files ({@code -Dgolden.update=true} rewrites them), and what
 * the files say: Jobs that parse as Jobs without duplicate keys, naming the image, the suite and the history.
 */
class FleetPlanTest {

    private static final Path GOLDEN = Path.of("src/test/resources/fleet/golden");
    private static final ObjectMapper STRICT_YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    @TempDir
    Path dir;

    private FleetPlan plan() throws Exception {
        Path targets = dir.resolve("in.yaml");
        try (InputStream in = getClass().getResourceAsStream("/fleet/targets.yaml")) {
            Files.copy(in, targets);
        }
        return FleetPlan.write(targets, dir.resolve("plan"));
    }

    @Test
    void writesTheGoldenFiles() throws Exception {
        FleetPlan plan = plan();
        List<String> names = plan.files().stream().map(p -> plan.dir().relativize(p).toString()).toList();
        assertEquals(List.of("targets.yaml", "kubernetes/cpu-node.yaml", "kubernetes/gpu-node.yaml",
                "slurm/slurm-a100.sbatch"), names);
        boolean update = Boolean.getBoolean("golden.update");
        for (String name : names.subList(1, names.size())) {
            Path golden = GOLDEN.resolve(name.replace('/', '-'));
            String written = Files.readString(plan.dir().resolve(name));
            if (update) {
                Files.writeString(golden, written);
            }
            assertEquals(Files.readString(golden), written, name + " differs from " + golden);
        }
        assertTrue(Files.isExecutable(plan.dir().resolve("slurm/slurm-a100.sbatch")));
    }

    @Test
    void theSameTargetsWriteTheSameBytes() throws Exception {
        FleetPlan a = plan();
        Path again = FleetPlan.write(a.dir().resolve("targets.yaml"), dir.resolve("again")).dir();
        for (Path f : a.files()) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again.resolve(a.dir().relativize(f))));
        }
    }

    @Test
    void theJobsParseAndNameTheImageSuiteAndHistory() throws Exception {
        FleetPlan plan = plan();
        KubernetesSerialization k8s = new KubernetesSerialization();
        for (String target : plan.kubernetesTargets()) {
            Path file = plan.dir().resolve("kubernetes/" + target + ".yaml");
            JsonNode tree = STRICT_YAML.readTree(Files.readString(file)); // no duplicate keys
            assertEquals("Job", tree.get("kind").asText());
            Job job = k8s.unmarshal(Files.newInputStream(file), Job.class);
            assertEquals("demo-" + target, job.getMetadata().getName());
            assertEquals("Indexed", job.getSpec().getCompletionMode());
            assertEquals(0, job.getSpec().getBackoffLimitPerIndex());
            Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals("registry.example/joulebench:0.2.0", c.getImage());
            String script = c.getArgs().get(0);
            assertTrue(script.contains("joulebench run --suite default --limit 100"), script);
            assertTrue(script.contains(ResultsBlock.BEGIN) && script.contains("gzip -c \"$out/results.json\" | base64"));
            EnvVar history = c.getEnv().stream().filter(e -> e.getName().equals("JOULEBENCH_HISTORY_URL")).findFirst()
                    .orElseThrow();
            assertEquals("demo-history", history.getValueFrom().getSecretKeyRef().getName());
            assertEquals(Map.of("joulebench.org/fleet", "demo"), job.getSpec().getTemplate().getSpec().getAffinity()
                    .getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().get(0).getLabelSelector()
                    .getMatchLabels());
        }
        Job cpu = k8s.unmarshal(Files.newInputStream(plan.dir().resolve("kubernetes/cpu-node.yaml")), Job.class);
        assertEquals(3, cpu.getSpec().getCompletions());
        var cpuPod = cpu.getSpec().getTemplate().getSpec();
        assertEquals("/sys/devices/virtual/powercap", cpuPod.getVolumes().get(0).getHostPath().getPath());
        assertTrue(cpuPod.getContainers().get(0).getVolumeMounts().get(0).getReadOnly());
        assertTrue(cpuPod.getContainers().get(0).getArgs().get(0).contains("--powercap-root /host/powercap/intel-rapl"));
        assertNull(cpuPod.getRuntimeClassName());
        assertEquals(new Quantity("2"), cpuPod.getContainers().get(0).getResources().getLimits().get("cpu"));
        assertEquals(Map.of("node.kubernetes.io/instance-type", "c7i.large"), cpuPod.getNodeSelector());

        Job gpu = k8s.unmarshal(Files.newInputStream(plan.dir().resolve("kubernetes/gpu-node.yaml")), Job.class);
        var gpuPod = gpu.getSpec().getTemplate().getSpec();
        assertEquals("nvidia", gpuPod.getRuntimeClassName());
        assertEquals(new Quantity("1"), gpuPod.getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu"));
        assertTrue(gpuPod.getVolumes().stream().noneMatch(v -> v.getHostPath() != null), "powercap: false mounts nothing");
        String gpuScript = gpuPod.getContainers().get(0).getArgs().get(0);
        assertTrue(gpuScript.contains("--limit 100 --device cuda --out"), gpuScript);
        assertFalse(gpuScript.contains("--powercap-root"));
        assertTrue(Files.readString(plan.dir().resolve("kubernetes/gpu-node.yaml")).contains("No powercap mount"));
    }

    @Test
    void theSlurmScriptAsksForTheHardwareAndAnArray() throws Exception {
        String script = Files.readString(plan().dir().resolve("slurm/slurm-a100.sbatch"));
        for (String line : List.of("#SBATCH --partition=gpu", "#SBATCH --constraint=a100", "#SBATCH --gres=gpu:1",
                "#SBATCH --array=0-1", "#SBATCH --exclusive",
                "joulebench run --suite default --limit 100 --out \"$out\"",
                "joulebench history add --jdbc-url jdbc:postgresql://db.example/joulebench \"$out\"")) {
            assertTrue(script.lines().anyMatch(line::equals), "no line " + line + " in\n" + script);
        }
    }

    @Test
    void aFolderWithFilesIsRefused() throws Exception {
        Path out = Files.createDirectories(dir.resolve("plan"));
        Files.writeString(out.resolve("old.txt"), "x");
        Path targets = dir.resolve("in.yaml");
        try (InputStream in = getClass().getResourceAsStream("/fleet/targets.yaml")) {
            Files.copy(in, targets);
        }
        InputException e = assertThrows(InputException.class, () -> FleetPlan.write(targets, out));
        assertEquals(out + " is not empty", e.getMessage());
        assertThrows(InputException.class, () -> FleetPlan.open(dir.resolve("nowhere")));
    }

    @Test
    void anEnvironmentHistoryIsReadWhenNeeded() throws Exception {
        Path targets = Files.writeString(dir.resolve("t.yaml"), """
                suite: default
                history: $JOULEBENCH_HISTORY_URL
                targets:
                  - name: a100
                    slurm: {partition: gpu}
                """);
        FleetPlan plan = FleetPlan.write(targets, dir.resolve("p"));
        assertEquals("jdbc:postgresql://h/db", plan.historyUrl(Map.of("JOULEBENCH_HISTORY_URL", "jdbc:postgresql://h/db")));
        InputException e = assertThrows(InputException.class, () -> plan.historyUrl(Map.of()));
        assertTrue(e.getMessage().contains("which is not set"));
        String script = Files.readString(plan.dir().resolve("slurm/a100.sbatch"));
        assertTrue(script.contains(": \"${JOULEBENCH_HISTORY_URL:?"), script);
        assertFalse(script.contains("--array"), "one run is no array");
    }
}
