package org.joulebench.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.joulebench.harness.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsReaderTest {

    @TempDir
    Path dir;

    private static final String BASE = """
            suite: default
            history: jdbc:sqlite:fleet.db
            image: registry.example/joulebench:0.2.0
            targets:
              - name: cpu-node
                kubernetes: {nodeSelector: {node.kubernetes.io/instance-type: c7i.large}}
            """;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("targets.yaml"), yaml);
    }

    private String refused(String yaml) throws Exception {
        Path f = file(yaml);
        InputException e = assertThrows(InputException.class, () -> TargetsReader.read(f));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsTheIssueExampleWithItsDefaults() throws Exception {
        FleetFile f = TargetsReader.read(file(BASE + """
                  - name: gpu-node
                    kubernetes: {nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}, gpus: 1}
                  - name: slurm-a100
                    slurm: {partition: gpu, constraint: a100, gpus: 1}
                """));
        assertEquals("joulebench", f.name());
        assertEquals(Optional.of("jdbc:sqlite:fleet.db"), f.history());
        assertEquals(List.of("cpu-node", "gpu-node"), f.kubernetesTargets().stream().map(Target::name).toList());
        Target.Kubernetes gpu = f.targets().get(1).kubernetes().orElseThrow();
        assertEquals(1, gpu.gpus());
        assertEquals(Optional.of("nvidia"), gpu.runtimeClassName(), "GPU targets get NVIDIA's runtime by default");
        assertTrue(gpu.powercap());
        assertEquals(Optional.empty(), f.targets().get(0).kubernetes().orElseThrow().runtimeClassName());
        Target.Slurm slurm = f.targets().get(2).slurm().orElseThrow();
        assertEquals(Optional.of("a100"), slurm.constraint());
        assertTrue(slurm.exclusive());
        assertEquals(1, f.targets().get(2).runs());
    }

    @Test
    void theHistoryVariableIsReadLater() throws Exception {
        FleetFile f = TargetsReader.read(file(BASE.replace("jdbc:sqlite:fleet.db", "$JOULEBENCH_HISTORY_URL")));
        assertEquals(Optional.empty(), f.history());
        assertFalse(f.historyIsFile());
    }

    @Test
    void anUnknownKeyIsNamedWithWhereItIs() throws Exception {
        assertTrue(refused(BASE + "colour: blue\n").startsWith("unknown key 'colour' in the top level of "));
        String nested = refused(BASE.replace("{nodeSelector:", "{gpu: 1, nodeSelector:"));
        assertTrue(nested.startsWith("unknown key 'gpu' in targets[0].kubernetes of "), nested);
        assertTrue(refused(BASE.replace("- name: cpu-node", "- name: cpu-node\n    count: 2"))
                .startsWith("unknown key 'count' in targets[0] of "));
    }

    @Test
    void aMissingKeyIsNamed() throws Exception {
        assertTrue(refused(BASE.replace("suite: default\n", "")).startsWith("missing key 'suite' in the top level of "));
        assertTrue(refused(BASE.replace("history: jdbc:sqlite:fleet.db\n", "")).startsWith("missing key 'history'"));
        assertTrue(refused(BASE.replace("    - name: cpu-node\n", "    - runs: 1\n").replace("  - name: cpu-node\n",
                "  - runs: 1\n")).startsWith("missing key 'name' in targets[0] of "));
        assertTrue(refused(BASE.replace("image: registry.example/joulebench:0.2.0\n", ""))
                .contains("'image' in " + dir.resolve("targets.yaml") + " is missing"));
    }

    @Test
    void badValuesAreRefused() throws Exception {
        assertTrue(refused(BASE + "  - name: Cpu_Node\n    slurm: {}\n").contains("not a short Kubernetes name"));
        assertTrue(refused(BASE + "  - name: cpu-node\n    slurm: {}\n").contains("repeats the target name 'cpu-node'"));
        assertTrue(refused(BASE + "  - name: x\n    slurm: {gpus: two}\n").contains("'targets[1].slurm.gpus'"));
        assertTrue(refused(BASE + "  - name: x\n").contains("has neither kubernetes: nor slurm:"));
        assertTrue(refused(BASE.replace("jdbc:sqlite:fleet.db", "jdbc:postgresql://db/j?user=u&password=secret"))
                .contains("holds a password"));
        assertTrue(refused(BASE.replace("jdbc:sqlite:fleet.db", "postgres://db/j")).contains("not a JDBC URL"));
    }

    @Test
    void brokenYamlAndDuplicateKeysAreOneLine() throws Exception {
        assertTrue(refused("suite: [default\n").contains("is not valid YAML"));
        assertTrue(refused(BASE + "suite: generation\n").contains("is not valid YAML: Duplicate field 'suite'"));
        assertTrue(refused("- just\n- a list\n").contains("is not a mapping"));
    }

    @Test
    void aMissingFileIsSaidSo() {
        InputException e = assertThrows(InputException.class, () -> TargetsReader.read(dir.resolve("none.yaml")));
        assertEquals("no targets file at " + dir.resolve("none.yaml"), e.getMessage());
    }
}
