package org.joulebench.zoo.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a GGUF version 3 file: metadata in the order given, then tensors (F32, F16 or Q8_0) aligned to 32 bytes
 * (or to {@code general.alignment} when that is set). Tensor values are produced row by row while the file is
 * written, so that files larger than memory can be written; the file appears whole or not at all.
 */
public final class GgufWriter {

    /** Produces a tensor's rows: called once per row, in order, with an array of {@code ne0} values to fill. */
    @FunctionalInterface
    public interface Rows {
        void row(long index, float[] values);
    }

    private record Pending(GgufTensor info, Rows rows) {
    }

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final Map<String, Pending> tensors = new LinkedHashMap<>();

    /** Adds a metadata entry; each key once. */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (metadata.containsKey(key)) {
            throw new IllegalArgumentException("metadata key " + key + " was already set to " + metadata.get(key));
        }
        if (key.equals(GgufFile.ALIGNMENT_KEY) && (value.type() != GgufValueType.UINT32
                || Long.bitCount(value.asLong()) != 1)) {
            throw new IllegalArgumentException(key + " must be a uint32 power of two, was " + value);
        }
        metadata.put(key, value);
        return this;
    }

    /** Adds a tensor whose values, row after row, are {@code values}. */
    public GgufWriter tensor(String name, GgmlType type, long[] dims, float[] values) {
        long elements = check(name, type, dims);
        if (values.length != elements) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(dims)
                    + " has " + elements + " values, " + values.length + " were given");
        }
        int rowLength = (int) dims[0];
        float[] copy = values.clone();
        return tensor(name, type, dims, (row, out) -> System.arraycopy(copy, (int) row * rowLength, out, 0, rowLength));
    }

    /** Adds a tensor whose rows {@code rows} produces while the file is written. */
    public GgufWriter tensor(String name, GgmlType type, long[] dims, Rows rows) {
        check(name, type, dims);
        Objects.requireNonNull(rows, "rows");
        // The offset is fixed in write(), once every tensor is known.
        tensors.put(name, new Pending(new GgufTensor(name, type, dims, 0), rows));
        return this;
    }

    private long check(String name, GgmlType type, long[] dims) {
        Objects.requireNonNull(name, "name");
        type.requireSupported();
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("tensor " + name + " was already added");
        }
        GgufTensor t = new GgufTensor(name, type, dims, 0);
        if (t.rowLength() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + name + ": rows of " + t.rowLength() + " values are too long");
        }
        return t.elements();
    }

    /** Writes the file, replacing {@code file} only once it is complete. */
    public void write(Path file) throws IOException {
        int alignment = metadata.containsKey(GgufFile.ALIGNMENT_KEY)
                ? (int) metadata.get(GgufFile.ALIGNMENT_KEY).asLong() : GgufFile.DEFAULT_ALIGNMENT;
        List<Pending> placed = new ArrayList<>();
        long offset = 0;
        for (Pending p : tensors.values()) {
            GgufTensor t = p.info();
            placed.add(new Pending(new GgufTensor(t.name(), t.type(), t.dims(), offset), p.rows()));
            offset = GgufFile.align(offset + t.byteSize(), alignment);
        }

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Out out = new Out(channel);
                out.i32(GgufFile.MAGIC);
                out.i32(3);
                out.i64(placed.size());
                out.i64(metadata.size());
                for (Map.Entry<String, GgufValue> kv : metadata.entrySet()) {
                    out.string(kv.getKey());
                    out.i32(kv.getValue().type().id());
                    out.value(kv.getValue());
                }
                for (Pending p : placed) {
                    GgufTensor t = p.info();
                    out.string(t.name());
                    out.i32(t.rank());
                    for (long d : t.dims()) {
                        out.i64(d);
                    }
                    out.i32(t.type().id());
                    out.i64(t.offset());
                }
                out.pad(alignment);
                long dataStart = out.position();
                for (Pending p : placed) {
                    GgufTensor t = p.info();
                    if (out.position() != dataStart + t.offset()) {
                        throw new IllegalStateException("tensor " + t.name() + " would start at " + out.position());
                    }
                    out.tensor(t, p.rows());
                    out.pad(alignment);
                }
                out.flush();
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Little-endian output through a buffer. */
    private static final class Out {
        private final FileChannel channel;
        private ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long flushed;

        Out(FileChannel channel) {
            this.channel = channel;
        }

        long position() {
            return flushed + buf.position();
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
                if (buf.capacity() < n) {
                    buf = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                flushed += channel.write(buf);
            }
            buf.clear();
        }

        void i32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            i64(bytes.length);
            room(bytes.length);
            buf.put(bytes);
        }

        void value(GgufValue v) throws IOException {
            room(8);
            switch (v.type()) {
                case UINT8, INT8 -> buf.put((byte) v.asLong());
                case UINT16, INT16 -> buf.putShort((short) v.asLong());
                case UINT32, INT32 -> buf.putInt((int) v.asLong());
                case UINT64, INT64 -> buf.putLong(v.asLong());
                case FLOAT32 -> buf.putFloat(v.asFloat());
                case FLOAT64 -> buf.putDouble(v.asDouble());
                case BOOL -> buf.put((byte) (v.asBoolean() ? 1 : 0));
                case STRING -> string(v.asString());
                case ARRAY -> {
                    i32(v.elementType().id());
                    List<GgufValue> elements = v.asArray();
                    i64(elements.size());
                    for (GgufValue e : elements) {
                        value(e);
                    }
                }
            }
        }

        void pad(int alignment) throws IOException {
            long target = GgufFile.align(position(), alignment);
            room((int) (target - position()));
            while (position() < target) {
                buf.put((byte) 0);
            }
        }

        void tensor(GgufTensor t, Rows rows) throws IOException {
            int rowLength = (int) t.rowLength();
            int rowBytes = (int) t.type().byteSize(rowLength);
            float[] row = new float[rowLength];
            for (long r = 0; r < t.rows(); r++) {
                Arrays.fill(row, 0f);
                rows.row(r, row);
                room(rowBytes);
                TensorCodec.encode(t.type(), row, 0, rowLength, buf);
            }
        }
    }
}
