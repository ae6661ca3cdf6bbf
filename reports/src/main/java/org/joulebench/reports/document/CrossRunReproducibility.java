package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.joulebench.harness.ModelInfo;
import org.joulebench.harness.RunInfo;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.ReportedRun;

/** What it takes to reproduce each run: host and its fingerprint, meters, model and suite checksums, the command. */
final class CrossRunReproducibility {

    private CrossRunReproducibility() {
    }

    static final String TITLE = "Reproducibility";

    /** The section's blocks, below its title. */
    static List<Block> of(CrossRun runs) {
        List<Block> blocks = new ArrayList<>();
        if (runs.command() != null) {
            blocks.add(new Block.Facts(List.of(new Block.Fact("This report was made with", runs.command()))));
        }
        for (ReportedRun run : runs.runs()) {
            blocks.add(new Block.Heading(3, "Run: " + run.label()));
            List<Block.Fact> facts = new ArrayList<>();
            if (run.source() != null) {
                facts.add(new Block.Fact("Read from", run.source()));
            }
            RunInfo info = run.result().run();
            if (info != null) {
                facts.add(new Block.Fact("Command", info.command()));
                facts.add(new Block.Fact("Run id", info.id()));
                facts.add(new Block.Fact("Joulebench version", info.version()));
                facts.add(new Block.Fact("Seed", Long.toString(info.seed())));
                facts.add(new Block.Fact("Suite", info.suite() == null ? null : info.suite().name() + " "
                        + info.suite().version() + ", sha256 " + info.suite().sha256()));
            }
            facts.add(new Block.Fact("Host fingerprint", run.fingerprint()));
            if (run.result().host() != null) {
                facts.addAll(RunSection.hostFacts(run.result().host()));
            }
            blocks.add(new Block.Facts(facts));
            blocks.add(RunSection.meters(run.result().meters()));
            List<ModelInfo> models = run.result().models();
            if (models.isEmpty()) {
                blocks.add(new Block.Paragraph("This result lists no model checksums (written before they were"
                        + " recorded)."));
            } else {
                List<List<String>> rows = new ArrayList<>();
                models.forEach(m -> rows.add(List.of(String.valueOf(m.id()), Objects.toString(m.format(), "unknown"),
                        Objects.toString(m.precision(), "unknown"), Numbers.params(m.params()),
                        Objects.toString(m.sha256(), "not recorded"), Objects.toString(m.source(), "unknown"))));
                blocks.add(new Block.Table(List.of(Block.Column.text("Model"), Block.Column.text("Format"),
                        Block.Column.text("Precision"), Block.Column.number("Params"), Block.Column.text("sha256"),
                        Block.Column.text("Source")), rows));
            }
        }
        return blocks;
    }
}
