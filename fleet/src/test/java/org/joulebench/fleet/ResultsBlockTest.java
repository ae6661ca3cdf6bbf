package org.joulebench.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsBlockTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatThePodScriptsCommandsPrint() throws Exception {
        byte[] json = FixtureRun.resultsJson("fixture-block-run", "fixture-host");
        Path file = Files.write(dir.resolve("results.json"), json);
        // The Job's own lines, run by the shell with the image's gzip and base64 (coreutils wraps at 76 columns).
        String script = "echo 'joulebench run output'\necho \"" + ResultsBlock.BEGIN + "\"\ngzip -c \"$1\" | base64\necho \""
                + ResultsBlock.END + "\"\n";
        Process p = new ProcessBuilder(List.of("sh", "-c", script, "sh", file.toString())).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        assertArrayEquals(json, ResultsBlock.find(log).orElseThrow());
    }

    @Test
    void aLogWithoutACompleteBlockHasNoResult() throws Exception {
        assertEquals(Optional.empty(), ResultsBlock.find("run failed\n"));
        assertEquals(Optional.empty(), ResultsBlock.find(ResultsBlock.BEGIN + "\nH4sIAAAA\n"));
        assertThrows(IOException.class, () -> ResultsBlock.find(ResultsBlock.BEGIN + "\n!!!\n" + ResultsBlock.END));
    }
}
