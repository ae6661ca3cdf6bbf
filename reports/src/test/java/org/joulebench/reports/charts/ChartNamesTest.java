package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChartNamesTest {

    @Test
    void aSlugIsLowerCaseAndSafeInAFileName() {
        assertEquals("fixture-retrieval", ChartNames.slug("fixture-retrieval"));
        assertEquals("wordnet-reverse-dictionary", ChartNames.slug("WordNet / Reverse Dictionary"));
        assertEquals("script-alert-1-script", ChartNames.slug("<script>alert(1)</script>"));
        assertEquals("task", ChartNames.slug("../"));
        assertEquals("task", ChartNames.slug(null));
    }

    @Test
    void tasksWithTheSameSlugGetNumbered() {
        assertEquals(Map.of("A b", "a-b", "a/b", "a-b-2", "a-b", "a-b-3"),
                ChartNames.slugs(List.of("A b", "a/b", "a-b")));
    }
}
