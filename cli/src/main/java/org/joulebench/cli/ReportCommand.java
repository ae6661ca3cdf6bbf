package org.joulebench.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.joulebench.harness.InputException;
import org.joulebench.harness.RunResult;
import org.joulebench.reports.Carbon;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.GridRegions;
import org.joulebench.reports.ReportedRun;
import org.joulebench.reports.Reports;
import org.joulebench.reports.ResultsHistory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Merge result folders (different hosts, commits or dates), or the runs of a results history"
                + " (--history), into one report: report.md, report.html, report.csv and charts/*.png, with the host as"
                + " a dimension.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "RUN", description = "result folders written by `joulebench run`")
    List<Path> folders = new ArrayList<>();

    @Option(names = "--history", paramLabel = "URL", description = "report the runs of this results history instead"
            + " of folders: an SQLite file, or a JDBC URL such as jdbc:postgresql://HOST/DB?user=U&password=P")
    String history;

    @Option(names = "--suite", paramLabel = "S", description = "with --history: only runs of this suite (name, or name@version)")
    String suite;

    @Option(names = "--since", paramLabel = "DATE", description = "with --history: only runs started on or after this"
            + " day (YYYY-MM-DD, UTC) or instant (2026-01-31T12:00:00Z)")
    String since;

    @Option(names = "--hosts", split = ",", paramLabel = "HOST", description = "with --history: only runs of these"
            + " host names (comma-separated)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the report (absent or empty)")
    Path out;

    @Option(names = "--grid-intensity", paramLabel = "G_PER_KWH",
            description = "grid carbon intensity in gCO2e/kWh, to convert energy to emissions (a conversion, not a measurement)")
    Double gridIntensity;

    @Option(names = "--region", paramLabel = "CODE",
            description = "take the grid intensity from the report's table of regions (source and year in the report)")
    String region;

    @Option(names = "--pue", paramLabel = "X", description = "power usage effectiveness to multiply by (default 1: none)")
    Double pue;

    @Option(names = "--labels", description = "also write an energy label per model and task:"
            + " labels/<task>--<model>.svg and .png (model, task, accuracy, J/query, Wh per 1,000 queries, stars, method,"
            + " host, date, version)")
    boolean labels;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Carbon carbon = carbon();
        CrossRun runs = history != null ? HistoryReport.read(history, selection(), carbon, commandLine())
                : fromFolders(carbon);
        OutputFolder folder = OutputFolder.prepare(out);
        boolean committed = false;
        try {
            List<Path> written = new ArrayList<>(Reports.writeCrossRun(runs, folder.staging()));
            if (labels) {
                written.addAll(Reports.writeLabels(runs, folder.staging()));
            }
            folder.commit();
            committed = true;
            var stdout = spec.commandLine().getOut();
            stdout.printf("report of %d runs: %d files in %s%n", runs.runs().size(), written.size(), folder.target());
            runs.notShown().forEach(n -> stdout.println("not shown: " + n));
            stdout.println("report: " + folder.target().resolve("report.html"));
            stdout.flush();
            return 0;
        } finally {
            if (!committed) {
                folder.abandon();
            }
        }
    }

    private CrossRun fromFolders(Carbon carbon) throws InputException {
        if (folders.isEmpty()) {
            throw new InputException("no result folders given", "name the folders `joulebench run` wrote, or give"
                    + " --history URL to report the runs of a results history");
        }
        if (suite != null || since != null || !hosts.isEmpty()) {
            throw new InputException((suite != null ? "--suite" : since != null ? "--since" : "--hosts")
                    + " selects runs of a results history, and no --history was given",
                    "add --history URL, or leave it out to report the folders as given");
        }
        List<RunResult> results = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Path folder : folders) {
            try {
                results.add(ReportedRun.read(folder));
            } catch (IOException e) {
                throw new InputException("cannot read the result folder " + folder + ": " + e.getMessage(),
                        "give folders that `joulebench run` wrote (each holds results.json)", e);
            }
            sources.add(folder.toString());
        }
        return CrossRun.of(results, sources, carbon, commandLine());
    }

    private ResultsHistory.Selection selection() throws InputException {
        if (!folders.isEmpty()) {
            throw new InputException("--history and result folders both name runs to report",
                    "give --history URL or folders, not both");
        }
        return new ResultsHistory.Selection(suite, HistoryReport.since(since), hosts);
    }

    private Carbon carbon() throws InputException {
        if (gridIntensity != null && region != null) {
            throw new InputException("--grid-intensity and --region both give a grid intensity",
                    "give one of them");
        }
        double p = pue == null ? 1.0 : pue;
        if (!(p >= 1) || !Double.isFinite(p)) {
            throw new InputException("--pue " + pue + " is below 1 or not a number",
                    "give a PUE of 1 or more (1 = no data-centre overhead, 1.1–1.6 is typical)");
        }
        if (region != null) {
            return GridRegions.find(region).map(r -> r.carbon(p)).orElseThrow(() -> new InputException(
                    "--region " + region + " is not in the table of regions",
                    "use one of " + String.join(", ", GridRegions.all().stream().map(GridRegions.Region::code).toList())
                            + ", or give --grid-intensity G_PER_KWH"));
        }
        if (gridIntensity != null) {
            if (!(gridIntensity >= 0) || !Double.isFinite(gridIntensity)) {
                throw new InputException("--grid-intensity " + gridIntensity + " is not a number of g/kWh at or above 0",
                        "give the grid's carbon intensity in gCO2e per kWh, e.g. --grid-intensity 380");
            }
            return new Carbon(gridIntensity, p, "given by --grid-intensity");
        }
        if (pue != null) {
            throw new InputException("--pue needs a grid intensity to convert with",
                    "add --grid-intensity G_PER_KWH or --region CODE");
        }
        return null;
    }

    private String commandLine() {
        return "joulebench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
