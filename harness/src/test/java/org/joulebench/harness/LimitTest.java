package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LimitTest {

    private static List<Item> items(int n) {
        List<Item> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new Item("i" + i, "t", "l", null));
        }
        return all;
    }

    @Test
    void limitSpreadsOverTheWholeDataset() {
        List<Item> picked = BenchmarkRun.limited(items(600), 4);
        assertEquals(List.of("i0", "i150", "i300", "i450"), picked.stream().map(Item::id).toList());
    }

    @Test
    void zeroOrLargeLimitKeepsEverything() {
        List<Item> all = items(10);
        assertSame(all, BenchmarkRun.limited(all, 0));
        assertSame(all, BenchmarkRun.limited(all, 10));
        assertSame(all, BenchmarkRun.limited(all, 11));
    }

    @Test
    void aSuiteLimitCapsTheRunAndARunLimitOnlyLowersIt() {
        TaskSpec capped = new TaskSpec("t", "", "retrieval", "d", items(3), 40);
        assertEquals(40, capped.limitFor(0));
        assertEquals(10, capped.limitFor(10));
        assertEquals(40, capped.limitFor(100));
        TaskSpec open = new TaskSpec("t", "", "retrieval", "d", items(3));
        assertEquals(0, open.limitFor(0));
        assertEquals(7, open.limitFor(7));
    }
}
