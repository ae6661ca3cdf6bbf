package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.QueryRecord;
import org.joulebench.harness.ResultCodec;
import org.joulebench.harness.ResultFolder;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportFixtures;
import org.joulebench.runners.EnergyClaim;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's claim of energy: two columns after the rest, only when some query has one, and read back whole. */
class ServerClaimColumnsTest {

    private static final EnergyClaim CLAIM = new EnergyClaim(0.375, "COUNTER", "nvml",
            "GPU board 0, shared by overlapping responses, e.g. 2, 3");

    private static RunResult withClaimOnFirst() {
        RunResult run = ReportFixtures.run();
        // The fixture's first two queries (its others test escaping with figures no meter could read back).
        List<QueryRecord> queries = new ArrayList<>(run.queries().subList(0, 2));
        queries.set(0, queries.get(0).withServerClaim(CLAIM));
        return run.withQueries(queries);
    }

    @Test
    void theClaimGoesBesideTheMeasuredFiguresAndComesBackWhole(@TempDir Path dir) throws Exception {
        RunResult run = withClaimOnFirst();
        new QueriesCsvWriter().write(run, dir);
        try (var out = Files.newOutputStream(dir.resolve("results.json"))) {
            ResultCodec.write(run, out);
        }
        String header = Files.readAllLines(dir.resolve("queries.csv")).get(0);
        assertTrue(header.endsWith(",energy,block,concurrency,server_claim_joules,server_claim"), header);

        List<QueryRecord> back = ResultFolder.read(dir).queries();
        assertEquals(run.queries().size(), back.size());
        assertEquals(CLAIM, back.get(0).serverClaim());
        assertEquals(run.queries().get(0).joulesGross(), back.get(0).joulesGross(), 1e-9,
                "the measured figure is its own, not the claim");
        for (QueryRecord q : back.subList(1, back.size())) {
            assertNull(q.serverClaim(), "no claim where the server made none");
        }
    }

    @Test
    void aLabelOfAnotherFormKeepsTheJoulesOnly() {
        assertEquals(new EnergyClaim(2, "", "", ""), EnergyClaim.fromLabel(2, "from somewhere"));
        assertEquals(new EnergyClaim(2, "", "", ""), EnergyClaim.fromLabel(2, new EnergyClaim(2, "", "", "").label()));
    }
}
