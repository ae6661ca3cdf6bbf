package org.joulebench.harness.scorers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.joulebench.harness.EmbeddingTask;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Item;
import org.joulebench.harness.Score;
import org.joulebench.harness.ScorerProvider;
import org.joulebench.harness.TaskSpec;

/**
 * Retrieval: each item's text is a query whose answer is its label; the candidates are every
 * distinct label of the dataset. Ranks candidates by cosine similarity. Primary metric
 * {@code accuracy@1}; secondary {@code mrr} (reciprocal rank of the right answer).
 */
public final class RetrievalScorer implements ScorerProvider {

    @Override
    public String id() {
        return "retrieval";
    }

    @Override
    public EmbeddingTask create(TaskSpec task) throws InputException {
        TreeSet<String> labels = new TreeSet<>();
        for (Item item : task.items()) {
            labels.add(item.label());
        }
        if (labels.size() < 2) {
            throw new InputException(task.dataset() + ": retrieval needs at least two distinct labels, found "
                    + labels.size(), "add items with other labels");
        }
        return new Task(task.items(), new ArrayList<>(labels));
    }

    private static final class Task implements EmbeddingTask {
        private final List<Item> queries;
        private final List<String> candidates;
        private List<float[]> candidateVectors;

        Task(List<Item> queries, List<String> candidates) {
            this.queries = queries;
            this.candidates = candidates;
        }

        @Override
        public String metric() {
            return "accuracy@1";
        }

        @Override
        public List<String> otherMetrics() {
            return List.of("mrr");
        }

        @Override
        public List<Item> queries() {
            return queries;
        }

        @Override
        public List<String> setupTexts() {
            return candidates;
        }

        @Override
        public void prepare(List<float[]> setupVectors) {
            if (setupVectors.size() != candidates.size()) {
                throw new IllegalArgumentException("expected " + candidates.size() + " candidate vectors, got "
                        + setupVectors.size());
            }
            candidateVectors = List.copyOf(setupVectors);
        }

        @Override
        public Score score(Item query, float[] vector) {
            if (candidateVectors == null) {
                throw new IllegalStateException("prepare() has not run");
            }
            int answer = candidates.indexOf(query.label());
            double answerScore = Vectors.cosine(vector, candidateVectors.get(answer));
            int rank = 1;
            for (int i = 0; i < candidateVectors.size(); i++) {
                if (i != answer && Vectors.cosine(vector, candidateVectors.get(i)) >= answerScore) {
                    rank++; // ties count against the answer: no credit for a draw
                }
            }
            return Score.proportion(rank == 1 ? 1 : 0, Map.of("mrr", 1.0 / rank));
        }
    }
}
