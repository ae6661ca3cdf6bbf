package org.joulebench.reports.charts;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One colour per key (an engine, say), in order of first appearance, the same in every chart of a run. */
final class Palette {

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22)};

    private Palette() {
    }

    /**
     * A colour per model id of {@code results}, in order of first appearance: every chart of one report colours a
     * model alike.
     */
    static Map<String, Color> ofModels(List<org.joulebench.harness.TaskModelResult> results) {
        return of(results.stream().map(r -> String.valueOf(r.model())).toList());
    }

    /** A colour for each of {@code keys}, in order of first appearance, repeating after eight keys. */
    static Map<String, Color> of(List<String> keys) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (String key : keys) {
            colours.putIfAbsent(key, COLOURS[colours.size() % COLOURS.length]);
        }
        return colours;
    }
}
