package org.joulebench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.joulebench.harness.InputException;
import org.joulebench.harness.ServingPlan;

import picocli.CommandLine.Option;

/** {@code run}'s serving-scenario options: checked here, before anything is loaded or measured. */
final class ServingOptions {

    @Option(names = "--scenario", paramLabel = "single|server", description = "single: one query at a time (default);"
            + " server: concurrent streams against one shared engine, measured in the steady state (docs/serving.md)")
    String scenario = "single";

    @Option(names = "--concurrency", paramLabel = "LIST", description = "server scenario: concurrent streams per level,"
            + " comma-separated whole numbers >= 1, e.g. 1,2,4,8,16")
    String concurrency;

    @Option(names = "--requests", paramLabel = "N", description = "server scenario: requests per concurrency level"
            + " (default: " + ServingPlan.DEFAULT_REQUESTS_PER_STREAM + " × the level; at least "
            + ServingPlan.MIN_REQUESTS_PER_STREAM + " × the level)")
    String requests;

    @Option(names = "--rate", paramLabel = "R", description = "server scenario: Poisson arrivals at R requests/s"
            + " (seeded by --seed), at most the level's concurrency in flight (default: closed loop)")
    String rate;

    @Option(names = "--slo-tpot-ms", paramLabel = "X", description = "server scenario: time-per-output-token objective;"
            + " the report names the lowest-energy level whose TPOT p50 meets it")
    String sloTpotMs;

    /** The plan, or null for the single scenario; every misuse is one {@link InputException}. */
    ServingPlan plan() throws InputException {
        String s = scenario.toLowerCase(Locale.ROOT);
        if (!s.equals("single") && !s.equals("server")) {
            throw new InputException("--scenario must be single or server, was '" + scenario + "'",
                    "give --scenario single (one query at a time) or --scenario server");
        }
        if (s.equals("single")) {
            for (String[] o : new String[][] {{"--concurrency", concurrency}, {"--requests", requests},
                    {"--rate", rate}, {"--slo-tpot-ms", sloTpotMs}}) {
                if (o[1] != null) {
                    throw new InputException(o[0] + " applies only to the server scenario",
                            "add --scenario server, or leave out " + o[0]);
                }
            }
            return null;
        }
        try {
            return new ServingPlan(levels(), whole("--requests", requests), number("--rate", rate),
                    number("--slo-tpot-ms", sloTpotMs));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), "see `joulebench run --help`");
        }
    }

    private List<Integer> levels() throws InputException {
        List<Integer> out = new ArrayList<>();
        if (concurrency == null) {
            return out; // each task must then name its own (the run checks)
        }
        for (String part : concurrency.split(",", -1)) {
            Integer n;
            try {
                n = Integer.valueOf(part.strip());
            } catch (NumberFormatException e) {
                n = null;
            }
            if (n == null || n < 1) {
                throw new InputException("--concurrency must be whole numbers >= 1, comma-separated; '" + part.strip()
                        + "' is not", "give e.g. --concurrency 1,2,4,8");
            }
            out.add(n);
        }
        return out;
    }

    private static Integer whole(String option, String value) throws InputException {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InputException(option + " must be a whole number, was '" + value + "'",
                    "give e.g. " + option + " 16");
        }
    }

    private static Double number(String option, String value) throws InputException {
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InputException(option + " must be a number, was '" + value + "'", "give e.g. " + option + " 2.5");
        }
    }
}
