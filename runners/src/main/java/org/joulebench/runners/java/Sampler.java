package org.joulebench.runners.java;

import java.util.SplittableRandom;

import org.joulebench.runners.GenerationRequest.Sampling;

/** Picks the next token: argmax (lowest id on ties) when greedy, else temperature and top-k from a seed. */
final class Sampler {

    private final Sampling sampling;
    private final SplittableRandom random;
    private int[] heap = new int[0];
    private double[] weights = new double[0];

    Sampler(Sampling sampling) {
        this.sampling = sampling;
        this.random = new SplittableRandom(sampling.seed());
    }

    int next(float[] logits, int off, int n) {
        if (sampling.isGreedy()) {
            return argmax(logits, off, n);
        }
        int k = sampling.topK() == 0 || sampling.topK() >= n ? n : sampling.topK();
        int[] ids = k == n ? null : top(logits, off, n, k);
        double temperature = sampling.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, logits[off + (ids == null ? i : ids[i])]);
        }
        if (weights.length < k) {
            weights = new double[k];
        }
        double total = 0;
        for (int i = 0; i < k; i++) {
            double w = Math.exp((logits[off + (ids == null ? i : ids[i])] - max) / temperature);
            weights[i] = w;
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < k; i++) {
            u -= weights[i];
            if (u < 0) {
                return ids == null ? i : ids[i];
            }
        }
        return ids == null ? k - 1 : ids[k - 1];
    }

    static int argmax(float[] logits, int off, int n) {
        int best = 0;
        float max = logits[off];
        for (int i = 1; i < n; i++) {
            if (logits[off + i] > max) {
                max = logits[off + i];
                best = i;
            }
        }
        return best;
    }

    /** The {@code k} best ids, best first (higher logit, then lower id), by a heap whose root is the worst kept. */
    private int[] top(float[] logits, int off, int n, int k) {
        if (heap.length < k) {
            heap = new int[k];
        }
        int size = 0;
        for (int i = 0; i < n; i++) {
            if (size < k) {
                heap[size] = i;
                up(logits, off, size++);
            } else if (better(logits, off, i, heap[0])) {
                heap[0] = i;
                down(logits, off, 0, k);
            }
        }
        int[] best = new int[k];
        for (int i = k - 1; i >= 0; i--) {
            best[i] = heap[0];
            heap[0] = heap[--size];
            down(logits, off, 0, size);
        }
        return best;
    }

    private static boolean better(float[] logits, int off, int a, int b) {
        return logits[off + a] > logits[off + b] || (logits[off + a] == logits[off + b] && a < b);
    }

    private void up(float[] logits, int off, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(logits, off, heap[parent], heap[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(float[] logits, int off, int i, int size) {
        while (true) {
            int worst = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < size && better(logits, off, heap[worst], heap[l])) {
                worst = l;
            }
            if (r < size && better(logits, off, heap[worst], heap[r])) {
                worst = r;
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
