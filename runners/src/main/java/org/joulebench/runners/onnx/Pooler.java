package org.joulebench.runners.onnx;

import java.nio.FloatBuffer;

import org.joulebench.zoo.Pooling;

/** Turns token vectors {@code [batch, seq, hidden]} into one sentence vector per row. */
final class Pooler {

    private Pooler() {
    }

    /**
     * @param hidden    row-major {@code [size, length, width]} token vectors
     * @param mask      row-major {@code [size, length]}, 1 for real tokens
     * @param normalize whether to scale each vector to unit length
     */
    static float[][] pool(FloatBuffer hidden, long[] mask, int size, int length, int width, Pooling pooling,
                          boolean normalize) {
        float[][] out = new float[size][];
        for (int row = 0; row < size; row++) {
            float[] v = pooling == Pooling.CLS
                    ? first(hidden, row, length, width)
                    : mean(hidden, mask, row, length, width);
            out[row] = normalize ? unit(v) : v;
        }
        return out;
    }

    /** Sentence vectors {@code [size, width]} the graph already pooled: each row as it is, or scaled to unit length. */
    static float[][] rows(FloatBuffer pooled, int size, int width, boolean normalize) {
        float[][] out = new float[size][];
        for (int row = 0; row < size; row++) {
            float[] v = new float[width];
            pooled.get(row * width, v);
            out[row] = normalize ? unit(v) : v;
        }
        return out;
    }

    private static float[] first(FloatBuffer hidden, int row, int length, int width) {
        float[] v = new float[width];
        hidden.get(row * length * width, v);
        return v;
    }

    private static float[] mean(FloatBuffer hidden, long[] mask, int row, int length, int width) {
        double[] sum = new double[width];
        long count = 0;
        for (int t = 0; t < length; t++) {
            if (mask[row * length + t] == 0) {
                continue;
            }
            count++;
            int base = (row * length + t) * width;
            for (int i = 0; i < width; i++) {
                sum[i] += hidden.get(base + i);
            }
        }
        float[] v = new float[width];
        for (int i = 0; i < width; i++) {
            v[i] = (float) (sum[i] / Math.max(count, 1));
        }
        return v;
    }

    static float[] unit(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(squares), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
