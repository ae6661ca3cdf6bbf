package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result folder read back: the document and queries.csv as the csv report writes it. */
class ResultFolderTest {

    @TempDir
    Path dir;

    private void writeJson() throws Exception {
        try (OutputStream out = Files.newOutputStream(dir.resolve("results.json"))) {
            ResultCodec.write(ResultCodecTest.fixture(), out);
        }
    }

    @Test
    void readsQueriesByColumnNameWithQuotesAndEmptyNumbers() throws Exception {
        writeJson();
        Files.writeString(dir.resolve("queries.csv"), """
                task,model,backend,repetition,item,tokens,joules_gross,joules_net,latency_ms,score,method,energy
                fixture-task,fixture-model,fixture-backend,1,"item, with \"\"comma\"\"",12,0.5,0.25,10,1,ESTIMATE,measured
                fixture-task,fixture-model,fixture-backend,2,i2,12,0.6,0.35,10.5,,ESTIMATE,apportioned
                """);
        RunResult r = ResultFolder.read(dir);
        assertEquals("fixture-run", r.run().id());
        assertEquals(2, r.queries().size());
        QueryRecord first = r.queries().get(0);
        assertEquals(new QueryRecord("fixture-task", "fixture-model", "fixture-backend", 1, "item, with \"comma\"", 12,
                0.5, 0.25, 10, 1, "ESTIMATE", "measured"), first);
        assertTrue(Double.isNaN(r.queries().get(1).score()), "an empty field is not 0");
        assertEquals("apportioned", r.queries().get(1).energy());
    }

    @Test
    void olderFilesWithoutTheAppendedColumnsRead() throws Exception {
        writeJson();
        Files.writeString(dir.resolve("queries.csv"), """
                task,model,backend,repetition,item,tokens,joules_gross,joules_net,latency_ms,score
                t,m,b,1,i,3,1,0.5,2,1
                """);
        assertEquals("measured", ResultFolder.read(dir).queries().get(0).energy());
    }

    @Test
    void problemsNameTheFileAndLine() throws Exception {
        InputException missing = assertThrows(InputException.class, () -> ResultFolder.read(dir));
        assertTrue(missing.getMessage().contains("has no results.json"), missing.getMessage());
        writeJson();
        Files.writeString(dir.resolve("queries.csv"), """
                task,model,backend,repetition,item,tokens,joules_gross,joules_net,latency_ms,score
                t,m,b,1,i,three,1,0.5,2,1
                """);
        InputException bad = assertThrows(InputException.class, () -> ResultFolder.read(dir));
        assertTrue(bad.getMessage().endsWith("queries.csv:2: tokens is 'three', not a whole number"), bad.getMessage());
        Files.writeString(dir.resolve("results.json"), "{\"schema\":\"other\"}");
        InputException schema = assertThrows(InputException.class, () -> ResultFolder.read(dir));
        assertTrue(schema.getMessage().contains("not a Joulebench result"), schema.getMessage());
    }
}
