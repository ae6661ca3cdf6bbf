package org.joulebench.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/**
 * The CI examples in {@code examples/} parse as YAML (duplicate keys are errors) and do what ci/README.md says:
 * run a suite on a pull or merge request, fetch the main branch's baseline, compare with the flags, upload the
 * results, post the table, fail on a regression; no secret is written into them; every {@code joulebench} flag
 * they use exists.
 */
class CiExamplesTest {

    private static final Path EXAMPLES = Path.of("examples");
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Flags of the commands the examples use. {@code run}'s are read from the CLI's sources, so a renamed option
     * fails here; the others are listed as the commands define them.
     */
    private static final Map<String, Set<String>> LISTED_FLAGS = Map.of(
            "compare", Set.of("--max-regression", "--min-accuracy-delta", "--metric", "--alpha", "--resamples",
                    "--seed", "--markdown", "--junit", "--allow-different-host", "--allow-different-method",
                    "--allow-different-models", "--allow-different-suite"),
            "report", Set.of("--out"),
            "history", Set.of("--db", "--jdbc-url", "--model", "--task", "--metric", "--out"));

    private static JsonNode read(String name) throws IOException {
        Path file = EXAMPLES.resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("missing example " + file.toAbsolutePath());
        }
        return YAML.readTree(file.toFile());
    }

    private static String text(String name) throws IOException {
        return Files.readString(EXAMPLES.resolve(name));
    }

    // ---- GitHub Actions ----

    @Test
    void githubGatesPullRequestsWithAnAbOfBaseAndHeadInOneJob() throws IOException {
        JsonNode wf = read("github-actions.yml");
        assertTrue(wf.path("on").has("pull_request"), "triggered by pull requests");
        assertTrue(contains(wf.path("on").path("push").path("branches"), "main"), "main keeps a run for the history");
        assertEquals("write", wf.path("permissions").path("pull-requests").asText(), "may comment");
        assertEquals("read", wf.path("permissions").path("contents").asText());
        assertEquals(1, wf.path("jobs").size(), "base and head are measured in the same job");
        JsonNode job = wf.path("jobs").path("energy");
        assertTrue(job.has("runs-on"));

        List<JsonNode> steps = list(job.path("steps"));
        for (JsonNode s : steps) {
            assertTrue(s.has("uses") ^ s.has("run"), "a step either uses an action or runs a command: " + s);
            if (s.has("uses")) {
                assertTrue(s.path("uses").asText().matches("[\\w.-]+/[\\w./-]+@v\\d+"), "pinned to a major version: " + s);
            }
        }
        assertEquals(0, step(steps, "actions/checkout@").path("with").path("fetch-depth").asInt(-1),
                "the whole history, so that the base commit can be checked out");

        // main: a run for the history, not for the gate
        JsonNode save = step(steps, "actions/cache/save@");
        assertEquals("energy/baseline", save.path("with").path("path").asText());
        assertFalse(save.path("if").asText().contains("== 'pull_request'"), "only main stores its run");
        JsonNode history = runStep(steps, "./joulebench history add energy/baseline");
        assertTrue(history.path("if").asText().contains("JOULEBENCH_HISTORY_URL"));

        // pull request: build the base commit beside the head, then ab the two
        JsonNode base = runStep(steps, "git worktree add");
        assertTrue(base.path("if").asText().contains("== 'pull_request'"));
        String baseScript = base.path("run").asText();
        assertTrue(baseScript.contains("github.event.pull_request.base.sha"), "the pull request's base commit");
        assertTrue(baseScript.contains("mvn -B -q package -DskipTests"), "built where it was checked out");
        JsonNode ab = runStep(steps, "./joulebench ab");
        String script = ab.path("run").asText();
        assertTrue(ab.path("if").asText().contains("pull_request"));
        assertFlags(script, "--rounds", "--max-regression", "--markdown energy/ab.md", "--junit energy/ab-junit.xml",
                "--json energy/ab.json");
        assertTrue(script.contains("\"$RUNNER_TEMP/base/joulebench run $JOULEBENCH_AB_RUN_FLAGS"), "A is the base");
        assertTrue(script.contains("\"./joulebench run $JOULEBENCH_AB_RUN_FLAGS"), "B is the head");
        assertTrue(steps.indexOf(base) < steps.indexOf(ab), "the base is built before the A/B");
        assertFalse(text("github-actions.yml").contains("actions/cache/restore@"),
                "the gate no longer compares with a stored baseline");

        JsonNode upload = step(steps, "actions/upload-artifact@");
        assertEquals("energy/", upload.path("with").path("path").asText());
        assertTrue(upload.path("if").asText().startsWith("always()"), "uploaded also when the gate fails");

        JsonNode comment = step(steps, "actions/github-script@");
        assertTrue(comment.path("if").asText().startsWith("always()"));
        assertTrue(comment.path("with").path("script").asText().contains("energy/ab.md"));
        assertTrue(comment.path("with").path("script").asText().contains("createComment"));

        JsonNode gate = runStep(steps, "exit 1");
        assertTrue(gate.path("if").asText().contains("steps." + ab.path("id").asText() + ".outputs.status"),
                "fails on ab's status");
        assertTrue(steps.indexOf(gate) > steps.indexOf(comment), "fails only after the comment is posted");
    }

    // ---- GitLab CI ----

    @Test
    void gitlabGatesMergeRequestsWithAnAbOfTargetAndHeadInOneJob() throws IOException {
        JsonNode ci = read("gitlab-ci.yml");
        Set<String> stages = new TreeSet<>();
        list(ci.path("stages")).forEach(s -> stages.add(s.asText()));
        JsonNode hidden = ci.path(".joulebench");
        assertTrue(stages.contains(hidden.path("stage").asText()), "the jobs' stage is declared");
        assertEquals("0", ci.path("variables").path("GIT_DEPTH").asText(), "the whole history, for the base commit");

        JsonNode history = ci.path("energy-history");
        assertEquals(".joulebench", history.path("extends").asText());
        assertTrue(rules(history).contains("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"));
        assertTrue(contains(history.path("artifacts").path("paths"), "energy/baseline/"));
        assertTrue(script(history).contains("./joulebench run $JOULEBENCH_RUN_FLAGS --out energy/baseline"));
        assertTrue(script(history).contains("./joulebench history add energy/baseline"));

        JsonNode ab = ci.path("energy-ab");
        assertEquals(".joulebench", ab.path("extends").asText());
        assertTrue(rules(ab).contains("$CI_PIPELINE_SOURCE == \"merge_request_event\""));
        String script = script(ab);
        assertTrue(script.contains("git worktree add \"$CI_BUILDS_DIR/joulebench-base\" \"$base_sha\""));
        assertTrue(script.contains("CI_MERGE_REQUEST_DIFF_BASE_SHA"), "the merge request's base commit");
        assertTrue(script.indexOf("git worktree add") < script.indexOf("./joulebench ab"));
        assertFlags(script, "./joulebench ab", "--rounds", "--max-regression", "--markdown energy/ab.md",
                "--junit energy/ab-junit.xml");
        assertTrue(script.contains("\"$CI_BUILDS_DIR/joulebench-base/joulebench run $JOULEBENCH_AB_RUN_FLAGS"));
        assertTrue(script.contains("\"./joulebench run $JOULEBENCH_AB_RUN_FLAGS"));
        assertTrue(script.contains("merge_requests/$CI_MERGE_REQUEST_IID/notes"), "posts a note");
        assertTrue(script.contains("PRIVATE-TOKEN: $JOULEBENCH_GITLAB_TOKEN"), "with a token from a CI/CD variable");
        assertTrue(script.contains("if [ \"$status\" = \"1\" ]; then echo \"joulebench ab found a regression\"; exit 1; fi"));

        JsonNode artifacts = ab.path("artifacts");
        assertEquals("always", artifacts.path("when").asText(), "kept also when the gate fails");
        assertTrue(contains(artifacts.path("paths"), "energy/"));
        assertEquals("energy/ab-junit.xml", artifacts.path("reports").path("junit").asText());
    }

    // ---- both ----

    @Test
    void noSecretIsWrittenIntoTheExamples() throws IOException {
        Pattern inlined = Pattern.compile("(ghp_|gho_|ghs_|github_pat_|glpat-|AKIA)[A-Za-z0-9]"
                + "|jdbc:[a-z]+:|password\\s*[:=]\\s*[^\\s$]|PRIVATE-TOKEN:\\s*[^\\s$]|JOB-TOKEN:\\s*[^\\s$]");
        for (String name : List.of("github-actions.yml", "gitlab-ci.yml")) {
            Matcher m = inlined.matcher(text(name));
            if (m.find()) {
                fail(name + " inlines a secret or a database URL: " + m.group());
            }
        }
        // GitHub's secrets only ever come in through an expression
        for (String line : text("github-actions.yml").lines().toList()) {
            if (line.contains("secrets.")) {
                assertTrue(line.matches(".*\\$\\{\\{ secrets\\.[A-Z_]+ }}.*"), line);
            }
        }
    }

    @Test
    void everyJoulebenchFlagTheExamplesUseExists() throws IOException {
        Map<String, Set<String>> known = new HashMap<>(LISTED_FLAGS);
        known.put("run", flagsOf("RunCommand.java", "MeterOptions.java"));
        known.put("ab", flagsOf("AbCommand.java", "MeterOptions.java", "GateOptions.java"));
        JsonNode gh = read("github-actions.yml");
        Map<String, String> ghEnv = new HashMap<>();
        gh.path("env").fields().forEachRemaining(e -> ghEnv.put(e.getKey(), e.getValue().asText()));
        List<String> ghScripts = new ArrayList<>();
        list(gh.path("jobs").path("energy").path("steps")).forEach(s -> ghScripts.add(s.path("run").asText()));

        JsonNode gl = read("gitlab-ci.yml");
        Map<String, String> glEnv = new HashMap<>();
        gl.path("variables").fields().forEachRemaining(e -> glEnv.put(e.getKey(), e.getValue().asText()));
        List<String> glScripts = new ArrayList<>();
        gl.fields().forEachRemaining(e -> glScripts.add(script(e.getValue())));

        int checked = check(ghScripts, ghEnv, known) + check(glScripts, glEnv, known);
        assertTrue(checked >= 8, "found the joulebench commands of both examples, checked " + checked);
    }

    @Test
    void everyShellScriptIsValidBash() throws Exception {
        List<String> scripts = new ArrayList<>();
        list(read("github-actions.yml").path("jobs").path("energy").path("steps"))
                .forEach(s -> scripts.add(s.path("run").asText()));
        read("gitlab-ci.yml").fields().forEachRemaining(e -> scripts.add(script(e.getValue())));
        for (String script : scripts) {
            Process bash;
            try {
                bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            } catch (IOException e) {
                org.junit.jupiter.api.Assumptions.abort("no bash here to check the scripts with: " + e.getMessage());
                return;
            }
            try (var in = bash.getOutputStream()) {
                in.write(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, bash.waitFor(), "bash -n rejects:\n" + script + "\n" + out);
        }
    }

    /** Checks each {@code ./joulebench COMMAND ...} in {@code scripts}; returns how many were checked. */
    private static int check(List<String> scripts, Map<String, String> env, Map<String, Set<String>> known) {
        int n = 0;
        for (String script : scripts) {
            String joined = script.replace("\\\n", " ");
            for (var e : env.entrySet()) {
                joined = joined.replace("$" + e.getKey(), e.getValue());
            }
            n += checkCalls(joined, known);
        }
        return n;
    }

    /**
     * Checks each {@code …/joulebench COMMAND ...} in one script; quoted arguments (the commands {@code ab} runs) are
     * checked as scripts of their own, not as flags of the call around them.
     */
    private static int checkCalls(String script, Map<String, Set<String>> known) {
        Pattern call = Pattern.compile("/joulebench\\s+([a-z-]+)([^;&|\\n]*)");
        Pattern quoted = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"");
        int n = 0;
        Matcher m = call.matcher(script);
        while (m.find()) {
            String command = m.group(1);
            assertTrue(known.containsKey(command), "unknown command joulebench " + command);
            Matcher q = quoted.matcher(m.group(2));
            while (q.find()) {
                n += checkCalls(q.group(1).replace("\\\"", "\""), known);
            }
            for (String token : quoted.matcher(m.group(2)).replaceAll(" ").trim().split("\\s+")) {
                if (token.startsWith("--")) {
                    String flag = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                    assertTrue(known.get(command).contains(flag), "joulebench " + command + " has no " + flag
                            + " (in: " + m.group().strip() + ")");
                }
            }
            n++;
        }
        return n;
    }

    /** A command's options, read from its command class and the options it mixes in. */
    private static Set<String> flagsOf(String... files) throws IOException {
        Path cli = Path.of("..", "cli", "src", "main", "java", "org", "joulebench", "cli");
        Set<String> flags = new TreeSet<>();
        Pattern names = Pattern.compile("names\\s*=\\s*(\\{[^}]*}|\"[^\"]*\")");
        Pattern flag = Pattern.compile("\"(--[a-z0-9-]+)\"");
        for (String file : files) {
            Matcher m = names.matcher(Files.readString(cli.resolve(file)));
            while (m.find()) {
                Matcher f = flag.matcher(m.group(1));
                while (f.find()) {
                    flags.add(f.group(1));
                }
            }
        }
        assertTrue(flags.contains("--powercap-root") && flags.size() > 5,
                "read the options of " + List.of(files) + " from the CLI sources: " + flags);
        return flags;
    }

    private static void assertFlags(String script, String... expected) {
        for (String e : expected) {
            assertTrue(script.replace("\\\n", " ").replaceAll("[ \\t]+", " ").contains(e), "uses " + e + ":\n" + script);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static boolean contains(JsonNode array, String value) {
        return list(array).stream().anyMatch(n -> n.asText().equals(value));
    }

    private static JsonNode step(List<JsonNode> steps, String uses) {
        return steps.stream().filter(s -> s.path("uses").asText().startsWith(uses)).findFirst()
                .orElseGet(() -> fail("no step uses " + uses));
    }

    private static JsonNode runStep(List<JsonNode> steps, String command) {
        return steps.stream().filter(s -> s.path("run").asText().contains(command)).findFirst()
                .orElseGet(() -> fail("no step runs " + command));
    }

    private static String rules(JsonNode job) {
        StringBuilder sb = new StringBuilder();
        list(job.path("rules")).forEach(r -> sb.append(r.path("if").asText()).append('\n'));
        return sb.toString();
    }

    private static String script(JsonNode job) {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("before_script", "script")) {
            list(job.path(key)).forEach(line -> sb.append(line.asText()).append('\n'));
        }
        return sb.toString();
    }
}
