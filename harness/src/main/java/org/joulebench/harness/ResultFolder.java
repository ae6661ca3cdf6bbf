package org.joulebench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A result folder as {@code joulebench run} writes it: {@code results.json} plus {@code queries.csv}. */
public final class ResultFolder {

    /** The result document's file name. */
    public static final String RESULTS = "results.json";
    /** The per-query records' file name. */
    public static final String QUERIES = "queries.csv";

    private ResultFolder() {
    }

    /**
     * Reads a result folder back: the document and its per-query records.
     *
     * @throws InputException when the folder, either file or a record in them cannot be read, saying which
     */
    public static RunResult read(Path dir) throws InputException {
        if (!Files.isDirectory(dir)) {
            throw new InputException("no result folder at " + dir,
                    "give the folder `joulebench run --out` wrote (it holds results.json and queries.csv)");
        }
        Path json = dir.resolve(RESULTS);
        Path csv = dir.resolve(QUERIES);
        for (Path f : new Path[] {json, csv}) {
            if (!Files.isRegularFile(f)) {
                throw new InputException(dir + " has no " + f.getFileName(),
                        "give the folder `joulebench run --out` wrote (it holds results.json and queries.csv)");
            }
        }
        RunResult result = readResults(json);
        return result.withQueries(QueriesCsvReader.read(csv, ResultChecks.maxWatts(result)));
    }

    /**
     * Reads a {@code results.json} alone, refusing figures no run can have written (not finite, negative gross
     * joules, more energy than the meter could measure), with where they are.
     *
     * @throws InputException when the file cannot be read or holds such a figure
     */
    public static RunResult readResults(Path json) throws InputException {
        RunResult result;
        try (InputStream in = Files.newInputStream(json)) {
            result = ResultCodec.read(in);
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new InputException("cannot read " + json + ": " + why, "use the results.json a run wrote", e);
        }
        ResultChecks.result(result, json);
        return result;
    }
}
