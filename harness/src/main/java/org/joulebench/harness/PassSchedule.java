package org.joulebench.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of a task's measured queries over its models, for every kind of task: each repetition walks the
 * task's items in blocks, and within each block every model runs the block's items in a seeded random order of
 * the models. So the models of one task alternate every few queries rather than one model's whole pass after
 * another's: whatever changes on the machine meanwhile (other load, the clock frequency, the page cache) falls on
 * all of them alike, which is what lets two rows of one run be compared as an A/B. Each block is one {@link Pass}
 * (one energy window), from which too-short query windows are apportioned.
 */
final class PassSchedule {

    /**
     * One model's turn: a block of items.
     *
     * @param block the block's number within the repetition, from 1; every model's turn of one block ran the same
     *              items back to back
     */
    record Turn<M>(M model, List<Item> items, int block) {
    }

    private PassSchedule() {
    }

    /**
     * The turns of one repetition.
     *
     * @param blockSize items per turn; a block of one alternates query by query
     * @param random    the source of the models' order in each block, seeded by the run
     */
    static <M> List<Turn<M>> repetition(List<M> models, List<Item> items, int blockSize, Random random) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, was " + blockSize);
        }
        List<Turn<M>> turns = new ArrayList<>();
        List<M> base = new ArrayList<>(models);
        int k = models.size();
        int b = 0;
        for (int from = 0; from < items.size(); from = (int) Math.min(items.size(), (long) from + blockSize), b++) {
            List<Item> block = List.copyOf(items.subList(from, (int) Math.min(items.size(), (long) from + blockSize)));
            if (b % k == 0) {
                Collections.shuffle(base, random);
            }
            for (int i = 0; i < k; i++) {
                turns.add(new Turn<>(base.get((i + b) % k), block, b + 1));
            }
        }
        return turns;
    }
}
