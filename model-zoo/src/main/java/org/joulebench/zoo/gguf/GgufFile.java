package org.joulebench.zoo.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file opened for reading: its typed metadata and tensor infos are read at once, tensor data is
 * memory-mapped on demand. Reads version 3 (and version 2, whose layout is the same), little-endian.
 */
public final class GgufFile implements AutoCloseable {

    /** {@code "GGUF"} read as a little-endian int. */
    static final int MAGIC = 0x4655_4747;
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final Map<String, GgufTensor> tensors;
    private final int alignment;
    private final long dataOffset;

    private GgufFile(Path path, FileChannel channel, long fileSize, int version, Map<String, GgufValue> metadata,
                     Map<String, GgufTensor> tensors, int alignment, long dataOffset) {
        this.path = path;
        this.channel = channel;
        this.fileSize = fileSize;
        this.version = version;
        this.metadata = metadata;
        this.tensors = tensors;
        this.alignment = alignment;
        this.dataOffset = dataOffset;
    }

    /**
     * Opens {@code file} and reads its header, metadata and tensor infos.
     *
     * @throws GgufFormatException when the file is not GGUF, of another version, damaged or truncated
     */
    public static GgufFile open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return read(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static GgufFile read(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        Reader in = new Reader(file, channel, size);
        int magic = in.i32("the magic number");
        if (magic != MAGIC) {
            throw new GgufFormatException(file, 0, String.format("not a GGUF file: the magic number is 0x%08x,"
                    + " a GGUF file starts with the bytes 'GGUF'", Integer.reverseBytes(magic)));
        }
        int version = in.i32("the version");
        if (version != 3 && version != 2) {
            String hint = Integer.reverseBytes(version) == 3 ? "; this looks like a big-endian GGUF file, which"
                    + " Joulebench does not read" : "; Joulebench reads GGUF version 3 (and 2)";
            throw new GgufFormatException(file, 4, "unsupported GGUF version " + Integer.toUnsignedString(version)
                    + hint);
        }
        long tensorCount = in.count("the tensor count", 8 + 4 + 4 + 8);
        long kvCount = in.count("the metadata count", 8 + 4);

        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            long at = in.position();
            String key = in.string("metadata key " + i);
            GgufValue value = in.value("the value of " + key);
            if (metadata.put(key, value) != null) {
                throw new GgufFormatException(file, at, "metadata key " + key + " appears twice");
            }
        }
        int alignment = DEFAULT_ALIGNMENT;
        GgufValue align = metadata.get(ALIGNMENT_KEY);
        if (align != null) {
            long a = align.type().isInteger() ? align.asLong() : -1;
            if (a <= 0 || a > (1 << 20) || Long.bitCount(a) != 1) {
                throw new GgufFormatException(file, in.position(), ALIGNMENT_KEY + " must be a power of two, was "
                        + align);
            }
            alignment = (int) a;
        }

        Map<String, GgufTensor> tensors = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            long at = in.position();
            String name = in.string("the name of tensor " + i);
            int rank = in.i32("the rank of tensor " + name);
            if (rank < 1 || rank > 4) {
                throw new GgufFormatException(file, at, "tensor " + name + " has " + rank + " dimensions; GGUF allows"
                        + " 1 to 4");
            }
            long[] dims = new long[rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = in.i64("dimension " + d + " of tensor " + name);
            }
            long typeAt = in.position();
            int typeId = in.i32("the type of tensor " + name);
            GgmlType type;
            try {
                type = GgmlType.ofId(typeId);
            } catch (IllegalArgumentException e) {
                throw new GgufFormatException(file, typeAt, "tensor " + name + " has unknown ggml type id " + typeId);
            }
            long offset = in.i64("the data offset of tensor " + name);
            GgufTensor t;
            try {
                t = new GgufTensor(name, type, dims, offset);
                t.byteSize();
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new GgufFormatException(file, at, e.getMessage());
            }
            if (offset % alignment != 0) {
                throw new GgufFormatException(file, at, "tensor " + name + " starts at data offset " + offset
                        + ", which is not a multiple of the alignment " + alignment);
            }
            if (tensors.put(name, t) != null) {
                throw new GgufFormatException(file, at, "tensor " + name + " appears twice");
            }
        }
        long dataOffset = align(in.position(), alignment);
        for (GgufTensor t : tensors.values()) {
            long end = dataOffset + t.offset() + t.byteSize();
            if (end > size) {
                throw new GgufFormatException(file, size, "truncated: tensor " + t.name() + " (" + t.type() + ", "
                        + t.byteSize() + " bytes) should end at byte " + end + ", but the file has " + size + " bytes");
            }
        }
        return new GgufFile(file, channel, size, version, Collections.unmodifiableMap(metadata),
                Collections.unmodifiableMap(tensors), alignment, dataOffset);
    }

    static long align(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /** Alignment of tensor data: {@code general.alignment}, or 32. */
    public int alignment() {
        return alignment;
    }

    /** Where the tensor data section starts in the file. */
    public long dataOffset() {
        return dataOffset;
    }

    /** All metadata, in file order. */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    /** All tensors, in file order. */
    public List<GgufTensor> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<GgufTensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * The tensor's bytes, memory-mapped read-only and ordered little-endian; the mapping stays valid after
     * {@link #close()}.
     */
    public ByteBuffer data(GgufTensor tensor) throws IOException {
        requireOwn(tensor);
        long size = tensor.byteSize();
        if (size > Integer.MAX_VALUE) {
            throw new IOException(path + ": tensor " + tensor.name() + " has " + size + " bytes; Java maps at most"
                    + " 2 GiB at once");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataOffset + tensor.offset(), size)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The tensor's bytes read into a heap buffer (little-endian, backed by an array of exactly its size), without
     * mapping the file: for a reader that keeps its own copy, so that the file's pages are not held twice.
     */
    public ByteBuffer read(GgufTensor tensor) throws IOException {
        requireOwn(tensor);
        long size = tensor.byteSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(path + ": tensor " + tensor.name() + " has " + size + " bytes; a Java array holds"
                    + " at most 2 GiB");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        long at = dataOffset + tensor.offset();
        // in slices of 1 MiB: a read into a heap buffer goes through a temporary direct buffer of the read's size,
        // which the JDK then keeps for the thread
        while (out.hasRemaining()) {
            out.limit(Math.min(out.capacity(), out.position() + (1 << 20)));
            if (channel.read(out, at + out.position()) < 0) {
                throw new IOException(path + ": the file ends inside tensor " + tensor.name());
            }
            out.limit(out.capacity());
        }
        return out.clear().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void requireOwn(GgufTensor tensor) {
        if (tensors.get(tensor.name()) != tensor && !tensor.equals(tensors.get(tensor.name()))) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " is not one of " + path + "'s");
        }
    }

    /** The tensor's values as floats (quantised types dequantised); for small tensors, tests and tools. */
    public float[] readFloats(GgufTensor tensor) throws IOException {
        tensor.type().requireSupported();
        long n = tensor.elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " has " + n + " values, too many for"
                    + " one float[]");
        }
        float[] out = new float[(int) n];
        TensorCodec.decode(tensor.type(), data(tensor), out);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return path + " (GGUF v" + version + ", " + metadata.size() + " keys, " + tensors.size() + " tensors, "
                + fileSize + " bytes)";
    }

    /** Sequential reads through a buffer, knowing the file offset for error messages. */
    private static final class Reader {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long bufStart;

        Reader(Path file, FileChannel channel, long size) {
            this.file = file;
            this.channel = channel;
            this.size = size;
            buf.limit(0);
        }

        long position() {
            return bufStart + buf.position();
        }

        private void need(int n, String what) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            long at = position();
            if (at + n > size) {
                throw new GgufFormatException(file, at, "truncated: " + what + " needs " + n + " bytes, but the file"
                        + " ends at byte " + size);
            }
            buf.compact();
            bufStart = at;
            while (buf.position() < n) {
                if (channel.read(buf, at + buf.position()) < 0) {
                    throw new EOFException(file + ": the file shrank while being read");
                }
            }
            buf.flip();
        }

        int i32(String what) throws IOException {
            need(4, what);
            return buf.getInt();
        }

        long i64(String what) throws IOException {
            need(8, what);
            return buf.getLong();
        }

        /** A u64 count, each item taking at least {@code minBytes}; guards against garbage before allocating. */
        long count(String what, int minBytes) throws IOException {
            long at = position();
            long n = i64(what);
            if (n < 0 || (minBytes > 0 && n > (size - position()) / minBytes)) {
                throw new GgufFormatException(file, at, "truncated or damaged: " + what + " is "
                        + Long.toUnsignedString(n) + ", more than the " + (size - position())
                        + " bytes left can hold");
            }
            return n;
        }

        String string(String what) throws IOException {
            long at = position();
            long n = count("the length of " + what, 1);
            if (n > Integer.MAX_VALUE - 8) {
                throw new GgufFormatException(file, at, what + " is " + n + " bytes long");
            }
            byte[] bytes = new byte[(int) n];
            int done = 0;
            while (done < n) {
                need(1, what);
                int chunk = Math.min(buf.remaining(), (int) n - done);
                buf.get(bytes, done, chunk);
                done += chunk;
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new GgufFormatException(file, at, what + " is not valid UTF-8");
            }
        }

        GgufValue value(String what) throws IOException {
            long at = position();
            int id = i32("the type of " + what);
            GgufValueType type = GgufValueType.ofId(id);
            if (type == null) {
                throw new GgufFormatException(file, at, what + " has unknown GGUF value type " + id);
            }
            return value(type, what);
        }

        private GgufValue value(GgufValueType type, String what) throws IOException {
            need(type == GgufValueType.STRING || type == GgufValueType.ARRAY ? 0 : type.minBytes(), what);
            return switch (type) {
                case UINT8 -> GgufValue.uint8(buf.get() & 0xFF);
                case INT8 -> GgufValue.int8(buf.get());
                case UINT16 -> GgufValue.uint16(buf.getShort() & 0xFFFF);
                case INT16 -> GgufValue.int16(buf.getShort());
                case UINT32 -> GgufValue.uint32(buf.getInt() & 0xFFFF_FFFFL);
                case INT32 -> GgufValue.int32(buf.getInt());
                case UINT64 -> GgufValue.uint64(buf.getLong());
                case INT64 -> GgufValue.int64(buf.getLong());
                case FLOAT32 -> GgufValue.float32(buf.getFloat());
                case FLOAT64 -> GgufValue.float64(buf.getDouble());
                case BOOL -> {
                    long at = position();
                    int b = buf.get();
                    if (b != 0 && b != 1) {
                        throw new GgufFormatException(file, at, what + " is a bool of value " + b + ", not 0 or 1");
                    }
                    yield GgufValue.bool(b == 1);
                }
                case STRING -> GgufValue.string(string(what));
                case ARRAY -> array(what);
            };
        }

        private GgufValue array(String what) throws IOException {
            long at = position();
            int id = i32("the element type of " + what);
            GgufValueType element = GgufValueType.ofId(id);
            if (element == null) {
                throw new GgufFormatException(file, at, what + " is an array of unknown GGUF value type " + id);
            }
            long n = count("the length of " + what, element.minBytes());
            if (n > Integer.MAX_VALUE - 8) {
                throw new GgufFormatException(file, at, what + " has " + n + " elements");
            }
            List<GgufValue> elements = new ArrayList<>((int) n);
            for (long i = 0; i < n; i++) {
                elements.add(value(element, what));
            }
            return GgufValue.array(element, elements);
        }
    }
}
