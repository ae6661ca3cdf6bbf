package org.joulebench.harness;

import java.util.List;

/**
 * One figure of one task × model × backend across the forks of a run (separate processes, each loading the models
 * afresh): what varies between processes beside what varies within one.
 *
 * @param metric        {@code j_per_query}, {@code j_per_token}, {@code tokens_per_s}, or a generation figure
 * @param forkMeans     each fork's own figure, in fork order
 * @param mean          their mean: the run's figure
 * @param ci95          the 95 % Student-t interval over the forks' figures (the run's interval)
 * @param betweenSpread (max − min) / mean of the forks' figures
 * @param withinHalfWidth the mean over forks of each fork's own relative interval half-width (within one process)
 */
public record ForkSpread(String task, String model, String backend, String metric, List<Double> forkMeans,
                         double mean, List<Double> ci95, double betweenSpread, double withinHalfWidth) {

    public ForkSpread {
        forkMeans = List.copyOf(forkMeans);
        ci95 = List.copyOf(ci95);
    }
}
