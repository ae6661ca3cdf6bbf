package org.joulebench.reports.charts;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.joulebench.harness.TaskModelResult;

/** What a chart calls a result: its model id, with the backend where one model ran on several. */
final class ModelLabels {

    private ModelLabels() {
    }

    static List<String> of(List<TaskModelResult> results) {
        Map<String, Long> backends = results.stream().collect(Collectors.groupingBy(
                r -> String.valueOf(r.model()),
                Collectors.mapping(r -> String.valueOf(r.backend()), Collectors.collectingAndThen(
                        Collectors.toSet(), s -> (long) s.size()))));
        return results.stream().map(r -> backends.get(String.valueOf(r.model())) > 1
                ? r.model() + " (" + r.backend() + ")" : String.valueOf(r.model())).toList();
    }
}
