package org.joulebench.harness.scorers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.joulebench.harness.EmbeddingTask;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Item;
import org.joulebench.harness.Score;
import org.joulebench.harness.TaskSpec;
import org.junit.jupiter.api.Test;

class ScorersTest {

    private static float[] v(float... xs) {
        return xs;
    }

    @Test
    void retrievalRanksCandidatesByCosine() throws Exception {
        List<Item> items = List.of(new Item("1", "q1", "cat", null), new Item("2", "q2", "car", null),
                new Item("3", "q3", "dog", null));
        EmbeddingTask task = new RetrievalScorer().create(new TaskSpec("t", "", "retrieval", "d.jsonl", items));
        assertEquals(List.of("car", "cat", "dog"), task.setupTexts()); // sorted, distinct
        task.prepare(List.of(v(1, 0, 0), v(0, 1, 0), v(0, 0, 1)));
        Score hit = task.score(items.get(0), v(0.1f, 1, 0)); // closest to cat
        assertEquals(1.0, hit.primary());
        assertEquals(1.0, hit.other().get("mrr"));
        Score second = task.score(items.get(0), v(1, 0.5f, 0)); // car first, cat second
        assertEquals(0.0, second.primary());
        assertEquals(0.5, second.other().get("mrr"));
    }

    @Test
    void retrievalTiesCountAgainstTheAnswer() throws Exception {
        List<Item> items = List.of(new Item("1", "q", "a", null), new Item("2", "q", "b", null));
        EmbeddingTask task = new RetrievalScorer().create(new TaskSpec("t", "", "retrieval", "d", items));
        task.prepare(List.of(v(1, 0), v(1, 0)));
        Score s = task.score(items.get(0), v(1, 0));
        assertEquals(0.0, s.primary());
        assertEquals(0.5, s.other().get("mrr"));
    }

    @Test
    void centroidClassificationUsesTrainCentroids() throws Exception {
        List<Item> items = List.of(
                new Item("a", "apple", "food", "train"), new Item("b", "bread", "food", "train"),
                new Item("c", "cow", "animal", "train"), new Item("d", "dog", "animal", "train"),
                new Item("e", "egg", "food", "test"), new Item("f", "fox", "animal", "test"));
        EmbeddingTask task = new CentroidClassificationScorer()
                .create(new TaskSpec("t", "", "centroid-classification", "d", items));
        assertEquals(List.of("apple", "bread", "cow", "dog"), task.setupTexts());
        assertEquals(2, task.queries().size());
        task.prepare(List.of(v(1, 0.1f), v(1, -0.1f), v(0.1f, 1), v(-0.1f, 1)));
        assertEquals(1.0, task.score(items.get(4), v(0.9f, 0.2f)).primary());
        assertEquals(0.0, task.score(items.get(5), v(0.9f, 0.2f)).primary());
        assertEquals(1.0, task.score(items.get(5), v(0.2f, 0.9f)).primary());
    }

    @Test
    void centroidClassificationRejectsBadSplits() {
        List<Item> noSplit = List.of(new Item("a", "x", "l", null));
        InputException e = assertThrows(InputException.class, () -> new CentroidClassificationScorer()
                .create(new TaskSpec("t", "", "centroid-classification", "d.jsonl", noSplit)));
        assertTrue(e.getMessage().contains("item 'a' has split 'null'"), e.getMessage());

        List<Item> unseen = List.of(new Item("a", "x", "l1", "train"), new Item("b", "y", "l2", "test"));
        InputException u = assertThrows(InputException.class, () -> new CentroidClassificationScorer()
                .create(new TaskSpec("t", "", "centroid-classification", "d.jsonl", unseen)));
        assertTrue(u.getMessage().contains("label 'l2', which no train item has"), u.getMessage());
    }

    @Test
    void scoringBeforePrepareIsAnError() throws Exception {
        List<Item> items = List.of(new Item("1", "q", "a", null), new Item("2", "q", "b", null));
        EmbeddingTask task = new RetrievalScorer().create(new TaskSpec("t", "", "retrieval", "d", items));
        assertThrows(IllegalStateException.class, () -> task.score(items.get(0), v(1, 0)));
    }
}
