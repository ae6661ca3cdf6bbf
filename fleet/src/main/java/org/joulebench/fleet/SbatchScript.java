package org.joulebench.fleet;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.harness.Suites;

/** The sbatch script of one Slurm target: an array job where the target asks for several runs. */
final class SbatchScript {

    private SbatchScript() {
    }

    static String write(FleetFile fleet, Target target) {
        Target.Slurm s = target.slurm().orElseThrow();
        String job = fleet.jobName(target);
        StringBuilder b = new StringBuilder();
        b.append("#!/bin/bash\n");
        b.append("# Joulebench fleet '").append(fleet.name()).append("', target '").append(target.name()).append("': ")
                .append(target.runs() == 1 ? "one run" : target.runs() + " runs").append(" of the suite '")
                .append(fleet.suite()).append("'.\n");
        b.append("# Written by `joulebench fleet plan`. Submit: sbatch ").append(target.name())
                .append(".sbatch   Watch: squeue --name=").append(job).append("\n");
        b.append("#SBATCH --job-name=").append(job).append('\n');
        s.partition().ifPresent(p -> b.append("#SBATCH --partition=").append(p).append('\n'));
        s.constraint().ifPresent(c -> b.append("#SBATCH --constraint=").append(c).append('\n'));
        if (s.gpus() > 0) {
            b.append("#SBATCH --gres=gpu:").append(s.gpus()).append('\n');
        }
        if (s.exclusive()) {
            b.append("# The whole node: another job's load on it would be measured with this run's.\n");
            b.append("#SBATCH --exclusive\n");
        }
        if (target.runs() > 1) {
            b.append("# One array task per run; each has its own output folder.\n");
            b.append("#SBATCH --array=0-").append(target.runs() - 1).append('\n');
        }
        b.append("#SBATCH --time=").append(s.time()).append('\n');
        b.append("#SBATCH --output=").append(job).append(target.runs() > 1 ? "-%A_%a.log" : "-%j.log").append('\n');
        b.append("set -euo pipefail\n");
        if (fleet.history().isEmpty()) {
            b.append(": \"${JOULEBENCH_HISTORY_URL:?set JOULEBENCH_HISTORY_URL (the history's JDBC URL) before sbatch}\"\n");
        }
        if (!Suites.builtIn().contains(fleet.suite())) {
            b.append("# the suite file must be at this path on the nodes (a shared filesystem)\n");
        }
        b.append("out=\"out/").append(fleet.name()).append('/').append(target.name())
                .append("/run-${SLURM_ARRAY_TASK_ID:-0}\"\n");
        List<String> run = new ArrayList<>(List.of("run", "--suite", fleet.suite()));
        run.addAll(fleet.run());
        run.addAll(target.run());
        b.append(s.command()).append(' ').append(Shell.words(run)).append(" --out \"$out\"\n");
        b.append("# Into the history: ");
        if (fleet.history().isPresent()) {
            b.append(fleet.history().get()).append('\n');
            b.append(s.command()).append(" history add --jdbc-url ").append(Shell.quote(fleet.history().get()))
                    .append(" \"$out\"\n");
        } else {
            b.append("$JOULEBENCH_HISTORY_URL (sbatch passes the submitting shell's environment on)\n");
            b.append(s.command()).append(" history add \"$out\"\n");
        }
        return b.toString();
    }
}
