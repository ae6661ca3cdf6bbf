package org.joulebench.reports.document;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.reports.Carbon;
import org.joulebench.reports.CrossRun;
import org.joulebench.reports.CrossRunFigures;
import org.joulebench.reports.DomainEnergy;
import org.joulebench.reports.EnergyRating;
import org.joulebench.reports.Figures;
import org.joulebench.reports.GridRegions;
import org.joulebench.harness.HostFingerprint;

/** "How these figures were obtained" of a cross-run report: definitions, rating bands, the carbon conversion. */
final class CrossRunMethods {

    private CrossRunMethods() {
    }

    static final String TITLE = "How these figures were obtained";

    /** The section's blocks, below its title. */
    static List<Block> of(CrossRun runs) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Paragraph("Every figure comes from the runs' results.json as each run measured it:"
                + " net energy is gross energy less the run's own idle baseline over the same time, with the method"
                + " (COUNTER, POWER_INTEGRATION or ESTIMATE with its stated uncertainty) in the Method column, and 95%"
                + " confidence intervals over repetitions as the run computed them. Nothing is re-measured or"
                + " averaged across runs; a figure that is not available reads n/a with the reason, never 0."));
        blocks.add(new Block.Paragraph(Figures.INTERVAL_METHODS));
        blocks.add(new Block.Paragraph(CrossRunFigures.WH_PER_1000_DEFINITION));
        blocks.add(new Block.Paragraph(CrossRunFigures.J_PER_CORRECT_DEFINITION));
        blocks.add(new Block.Paragraph(DomainEnergy.DEFINITION));
        blocks.add(new Block.Paragraph("A " + HostFingerprint.DEFINITION + "."));

        blocks.add(new Block.Heading(3, "Energy rating"));
        blocks.add(new Block.Paragraph(EnergyRating.DEFINITION));
        if (runs.rows().stream().anyMatch(r -> r.result().concurrency() != null)) {
            blocks.add(new Block.Paragraph(EnergyRating.SERVING_NOTE));
        }
        List<EnergyRating.Bands> bands = EnergyRating.bands(runs);
        if (bands.isEmpty()) {
            blocks.add(new Block.Paragraph("No task has two distinct net J per query values above zero of one method"
                    + " in these runs, so nothing is rated."));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (EnergyRating.Bands b : bands) {
                for (int stars = 5; stars >= 1; stars--) {
                    rows.add(List.of(b.concurrency() == null ? b.task() : b.task() + " (c=" + b.concurrency() + ")",
                            b.method(), Integer.toString(b.size()), EnergyRating.stars(stars),
                            Numbers.sig(b.lower(stars)) + " – " + Numbers.sig(b.upper(stars))));
                }
            }
            blocks.add(new Block.Table(List.of(Block.Column.text("Task"), Block.Column.text("Method"),
                    Block.Column.number("Reference results"), Block.Column.text("Rating"),
                    Block.Column.number("Net J/query from – to")), rows));
        }

        blocks.add(new Block.Heading(3, "Carbon (a conversion, not a measurement)"));
        blocks.add(new Block.Paragraph(Carbon.DEFINITION));
        Carbon carbon = runs.carbon();
        if (carbon == null) {
            blocks.add(new Block.Paragraph("No grid intensity was given, so no gCO2e figures: pass --grid-intensity"
                    + " G_PER_KWH or --region CODE (one of the table below), and --pue X for a data centre's overhead."));
        } else {
            blocks.add(new Block.Facts(List.of(new Block.Fact("Grid intensity",
                            Numbers.value(carbon.gramsPerKilowattHour()) + " gCO2e/kWh"),
                    new Block.Fact("PUE", Numbers.value(carbon.pue())),
                    new Block.Fact("Basis", carbon.basis()))));
        }
        List<List<String>> regions = new ArrayList<>();
        GridRegions.all().forEach(r -> regions.add(List.of(r.code(), r.name(), Numbers.value(r.gramsPerKilowattHour()),
                Integer.toString(r.year()), r.source())));
        blocks.add(new Block.Paragraph("Regions --region knows (yearly averages of electricity generation; for"
                + " another region or year pass --grid-intensity):"));
        blocks.add(new Block.Table(List.of(Block.Column.text("Code"), Block.Column.text("Region"),
                Block.Column.number("gCO2e/kWh"), Block.Column.number("Year"), Block.Column.text("Source")), regions));
        return blocks;
    }
}
