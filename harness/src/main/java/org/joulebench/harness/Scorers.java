package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds scorers by the name a suite gives. */
public final class Scorers {

    private Scorers() {
    }

    public static List<ScorerProvider> providers() {
        List<ScorerProvider> all = new ArrayList<>();
        ServiceLoader.load(ScorerProvider.class, Scorers.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /** The scorer {@code task} names; an unknown name is bad input. */
    public static ScorerProvider forTask(TaskSpec task) throws InputException {
        List<ScorerProvider> all = providers();
        for (ScorerProvider p : all) {
            if (p.id().equals(task.scorer())) {
                return p;
            }
        }
        throw new InputException("task '" + task.id() + "': unknown scorer '" + task.scorer() + "'",
                "use one of: " + all.stream().map(ScorerProvider::id).sorted().collect(Collectors.joining(", ")));
    }
}
