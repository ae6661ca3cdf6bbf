package org.joulebench.runners.onnx;

/**
 * Texts tokenised and right-padded to the longest, as row-major {@code [size, length]} arrays ready for tensors.
 *
 * @param ids        token ids; padding is id 0
 * @param mask       1 for a real token (special tokens included), 0 for padding
 * @param typeIds    token type ids; 0 for padding
 * @param size       number of texts
 * @param length     tokens per row after padding
 * @param tokens     real tokens per text
 */
record TokenBatch(long[] ids, long[] mask, long[] typeIds, int size, int length, int[] tokens) {

    long[] shape() {
        return new long[] {size, length};
    }
}
