package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PassScheduleTest {

    private static List<Item> items(int n) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Item("q" + i, "text " + i, "label", null));
        }
        return out;
    }

    @Test
    void everyModelRunsEveryItemOnceInBlocksOfTheGivenSize() {
        List<String> models = List.of("a", "b", "c");
        var turns = PassSchedule.repetition(models, items(20), 8, new Random(1));
        assertEquals(3 * 3, turns.size(), "blocks of 8, 8 and 4 for each of three models");
        Map<String, List<String>> seen = new HashMap<>();
        for (var t : turns) {
            t.items().forEach(i -> seen.computeIfAbsent(t.model(), k -> new ArrayList<>()).add(i.id()));
        }
        for (String m : models) {
            assertEquals(items(20).stream().map(Item::id).toList(), seen.get(m), "model " + m + " in dataset order");
        }
        for (int block = 0; block < 3; block++) {
            var ofBlock = turns.subList(3 * block, 3 * block + 3);
            assertEquals(3, ofBlock.stream().map(PassSchedule.Turn::model).distinct().count(), "each model once per block");
            int number = block + 1;
            assertTrue(ofBlock.stream().allMatch(t -> t.block() == number && t.items().equals(ofBlock.get(0).items())),
                    "the turns of block " + number + " carry its number and its items: the unit of a within-run A/B");
        }
    }

    @Test
    void theOrderOfModelsIsSeededAndRandom() {
        List<String> models = List.of("a", "b");
        List<String> one = firsts(models, new Random(7));
        assertEquals(one, firsts(models, new Random(7)), "the same seed, the same order");
        assertNotEquals(one, firsts(models, new Random(8)));
        long aFirst = one.stream().filter("a"::equals).count();
        assertTrue(aFirst > 15 && aFirst < 45, "random, not fixed: a went first in " + aFirst + " of 60 blocks");
    }

    @Test
    void eachModelTakesEachPositionEquallyOftenEveryKBlocks() {
        List<String> models = List.of("a", "b", "c");
        var turns = PassSchedule.repetition(models, items(9 * 4), 4, new Random(5));
        for (int group = 0; group < 3; group++) { // 9 blocks: three groups of three
            for (int position = 0; position < 3; position++) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int block = 3 * group; block < 3 * group + 3; block++) {
                    seen.add(turns.get(3 * block + position).model());
                }
                assertEquals(3, seen.size(), "group " + group + ", position " + position + ": every model once");
            }
        }
    }

    @Test
    void aBlockOfOneAlternatesQueryByQuery() {
        var turns = PassSchedule.repetition(List.of("a", "b"), items(5), 1, new Random(3));
        assertEquals(10, turns.size());
        for (int i = 0; i < 10; i += 2) {
            assertEquals(turns.get(i).items(), turns.get(i + 1).items(), "both models run the same query in a row");
        }
    }

    @Test
    void aBlockAsLongAsThePassGivesEachModelOneTurn() {
        var turns = PassSchedule.repetition(List.of("a", "b"), items(7), Integer.MAX_VALUE, new Random(3));
        assertEquals(2, turns.size());
        assertEquals(7, turns.get(0).items().size());
    }

    @Test
    void aBlockBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PassSchedule.repetition(List.of("a"), items(3), 0,
                new Random(1)));
    }

    /** The model that went first in each of 60 blocks of one query. */
    private static List<String> firsts(List<String> models, Random random) {
        var turns = PassSchedule.repetition(models, items(60), 1, random);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < turns.size(); i += models.size()) {
            out.add(turns.get(i).model());
        }
        return out;
    }
}
