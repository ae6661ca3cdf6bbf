package org.joulebench.reports.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.joulebench.harness.RunResult;
import org.joulebench.reports.ReportWriter;

/**
 * {@code labels/<task>--<model>.svg} and {@code .png}: an energy label per model and task of a run (see
 * {@link EnergyLabels}). Public only because {@link java.util.ServiceLoader} needs it.
 */
public final class LabelsWriter implements ReportWriter {

    @Override
    public String id() {
        return "labels";
    }

    @Override
    public List<Path> write(RunResult result, Path dir) throws IOException {
        return EnergyLabels.write(result, dir);
    }
}
