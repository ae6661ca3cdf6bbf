package org.joulebench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.joulebench.zoo.gguf.GgmlType;
import org.joulebench.zoo.gguf.SyntheticLlama;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code joulebench serve}: one-line refusals before serving, and a served request, then SIGTERM, in a JVM of its own. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private Path tinyModel() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        SyntheticLlama.write(file, SyntheticLlama.Shape.of(2, 64, 4, 300, 256), GgmlType.F32, 7);
        return file;
    }

    private static void assertOneLineError(CliRunner.Outcome o, String expected) {
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().filter(l -> !l.contains("no energy in usage")).count(), o.err());
        assertTrue(o.err().contains(expected), "'" + expected + "' in: " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
        assertEquals("", o.out(), "nothing listened");
    }

    @Test
    void badStartsAreOneLineErrorsWithStatus2() throws Exception {
        Path notGguf = Files.writeString(dir.resolve("notes.gguf"), "hello");
        assertOneLineError(CliRunner.run("serve", "--model", "no-such-model", "--meter", "none", "--port", "0"),
                "unknown model 'no-such-model'");
        assertOneLineError(CliRunner.run("serve", "--gguf", notGguf.toString(), "--meter", "none", "--port", "0"),
                "not a GGUF file");
        assertOneLineError(CliRunner.run("serve", "--meter", "none"), "--model=ID | --gguf=FILE");
        assertOneLineError(CliRunner.run("serve", "--model", "kjv-small", "--gguf", notGguf.toString()),
                "mutually exclusive");
        assertOneLineError(CliRunner.run("serve", "--gguf", tinyModel().toString(), "--meter", "none",
                "--max-batch", "0"), "--max-batch must be >= 1");
        assertOneLineError(CliRunner.run("serve", "--gguf", tinyModel().toString(), "--meter", "none",
                "--engine", "onnx"), "unknown engine 'onnx'");
        assertOneLineError(CliRunner.run("serve", "--gguf", tinyModel().toString(), "--meter", "no-such-meter"),
                "meter 'no-such-meter' cannot be used");
    }

    @Test
    void aPortInUseIsAOneLineErrorWithStatus2() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRunner.Outcome o = CliRunner.run("serve", "--gguf", tinyModel().toString(), "--meter", "none",
                    "--port", Integer.toString(taken.getLocalPort()));
            assertOneLineError(o, "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": the port is in use");
            assertTrue(o.err().contains("--port 0 for any free one"), o.err());
        }
    }

    @Test
    void servesUntilSigtermThenExits143() throws Exception {
        Path model = tinyModel();
        Process p = JoulebenchProcess.start(dir, "serve", "--gguf", model.toString(), "--port", "0", "--meter",
                "estimate", "--threads", "1");
        try {
            Path out = dir.resolve("stdout.txt");
            assertTrue(JoulebenchProcess.await(() -> JoulebenchProcess.read(out).contains("listening on")
                    || !p.isAlive(), 60), "it says where it listens");
            Matcher url = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/v1) \\(model tiny, engine java\\)")
                    .matcher(JoulebenchProcess.read(out));
            assertTrue(url.find(), JoulebenchProcess.read(out) + JoulebenchProcess.read(dir.resolve("stderr.txt")));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(url.group(1) + "/completions")).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"In the\","
                            + "\"max_tokens\":4,\"temperature\":0,\"ignore_eos\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode usage = new ObjectMapper().readTree(r.body()).path("usage");
            assertEquals(4, usage.path("completion_tokens").asInt());
            assertEquals("estimate", usage.path("energy").path("meter").asText(), r.body());
            assertTrue(usage.path("energy").path("joules").asDouble() >= 0, r.body());

            JoulebenchProcess.signal(p.pid(), "TERM");
            assertTrue(JoulebenchProcess.await(() -> !p.isAlive(), 30), "serve ends after SIGTERM");
            assertEquals(143, p.exitValue());
            assertTrue(JoulebenchProcess.read(dir.resolve("stderr.txt")).contains("SIGTERM: stopping"));
        } finally {
            p.destroyForcibly();
        }
    }
}
