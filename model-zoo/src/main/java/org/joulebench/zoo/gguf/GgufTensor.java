package org.joulebench.zoo.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor's entry in a GGUF file. Dimensions are innermost first, as GGUF lists them: {@code [ne0, ne1]} is a
 * row-major matrix of {@code ne1} rows of {@code ne0} values.
 */
public final class GgufTensor {

    private final String name;
    private final GgmlType type;
    private final long[] dims;
    private final long offset;

    /**
     * @param offset where the data starts, relative to the start of the file's tensor data section
     */
    public GgufTensor(String name, GgmlType type, long[] dims, long offset) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.dims = dims.clone();
        this.offset = offset;
        if (dims.length < 1 || dims.length > 4) {
            throw new IllegalArgumentException("tensor " + name + ": 1 to 4 dimensions, had " + dims.length);
        }
        for (long d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor " + name + ": dimensions must be >= 1, were "
                        + Arrays.toString(dims));
            }
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + ": rows of " + dims[0] + " values are not whole "
                    + type + " blocks of " + type.blockSize());
        }
        if (offset < 0) {
            throw new IllegalArgumentException("tensor " + name + ": negative offset " + offset);
        }
    }

    public String name() {
        return name;
    }

    public GgmlType type() {
        return type;
    }

    /** Number of dimensions, 1 to 4. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}, innermost first. */
    public long dim(int i) {
        return dims[i];
    }

    /** All dimensions, innermost first. */
    public long[] dims() {
        return dims.clone();
    }

    /** Values per row: {@code ne0}. */
    public long rowLength() {
        return dims[0];
    }

    /** Rows: the product of all dimensions but the first. */
    public long rows() {
        return elements() / dims[0];
    }

    public long elements() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteSize() {
        return type.byteSize(elements());
    }

    /** Offset of the data from the start of the tensor data section. */
    public long offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensor t && name.equals(t.name) && type == t.type && Arrays.equals(dims, t.dims)
                && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(dims), offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
