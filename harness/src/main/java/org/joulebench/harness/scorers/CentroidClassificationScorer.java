package org.joulebench.harness.scorers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.joulebench.harness.EmbeddingTask;
import org.joulebench.harness.InputException;
import org.joulebench.harness.Item;
import org.joulebench.harness.Score;
import org.joulebench.harness.ScorerProvider;
import org.joulebench.harness.TaskSpec;

/**
 * Nearest-centroid classification on a fixed split: the {@code train} items' vectors are averaged
 * per label into centroids; each {@code test} item is assigned the label of the most similar
 * centroid. Primary metric {@code accuracy}.
 */
public final class CentroidClassificationScorer implements ScorerProvider {

    @Override
    public String id() {
        return "centroid-classification";
    }

    @Override
    public EmbeddingTask create(TaskSpec task) throws InputException {
        List<Item> train = new ArrayList<>();
        List<Item> test = new ArrayList<>();
        for (Item item : task.items()) {
            if ("train".equals(item.split())) {
                train.add(item);
            } else if ("test".equals(item.split())) {
                test.add(item);
            } else {
                throw new InputException(task.dataset() + ": item '" + item.id() + "' has split '" + item.split()
                        + "'", "centroid-classification needs \"split\": \"train\" or \"test\" on every item");
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new InputException(task.dataset() + ": needs both train and test items (train " + train.size()
                    + ", test " + test.size() + ")", "add items of the missing split");
        }
        var trainLabels = train.stream().map(Item::label).collect(java.util.stream.Collectors.toSet());
        for (Item t : test) {
            if (!trainLabels.contains(t.label())) {
                throw new InputException(task.dataset() + ": test item '" + t.id() + "' has label '" + t.label()
                        + "', which no train item has", "add train items for every label");
            }
        }
        return new Task(train, test);
    }

    private static final class Task implements EmbeddingTask {
        private final List<Item> train;
        private final List<Item> test;
        private final Map<String, float[]> centroids = new LinkedHashMap<>();

        Task(List<Item> train, List<Item> test) {
            this.train = train;
            this.test = test;
        }

        @Override
        public String metric() {
            return "accuracy";
        }

        @Override
        public List<String> otherMetrics() {
            return List.of();
        }

        @Override
        public List<Item> queries() {
            return test;
        }

        @Override
        public List<String> setupTexts() {
            return train.stream().map(Item::text).toList();
        }

        @Override
        public void prepare(List<float[]> setupVectors) {
            if (setupVectors.size() != train.size()) {
                throw new IllegalArgumentException("expected " + train.size() + " training vectors, got "
                        + setupVectors.size());
            }
            Map<String, List<float[]>> byLabel = new TreeMap<>();
            for (int i = 0; i < train.size(); i++) {
                byLabel.computeIfAbsent(train.get(i).label(), k -> new ArrayList<>()).add(setupVectors.get(i));
            }
            centroids.clear();
            byLabel.forEach((label, vectors) -> centroids.put(label, Vectors.normalisedMean(vectors)));
        }

        @Override
        public Score score(Item query, float[] vector) {
            if (centroids.isEmpty()) {
                throw new IllegalStateException("prepare() has not run");
            }
            String best = null;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (var e : centroids.entrySet()) {
                double sim = Vectors.cosine(vector, e.getValue());
                if (sim > bestSim) {
                    bestSim = sim;
                    best = e.getKey();
                }
            }
            return Score.proportion(query.label().equals(best) ? 1 : 0, Map.of());
        }
    }
}
