package org.joulebench.zoo.onnx;

import java.nio.ByteBuffer;

/**
 * The protocol-buffer wire format, just enough to walk a message's fields: each {@link #next()} reads one field's
 * number and its varint value or length-delimited bytes. Bounds are checked, so a file that is not protobuf fails with
 * {@link IllegalArgumentException} instead of reading past its end.
 */
final class Protobuf {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int BYTES = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;

    /** The field just read: its number and wire type, its varint value, or (length-delimited) its bytes. */
    int number;
    int wireType;
    long value;
    ByteBuffer bytes;

    Protobuf(ByteBuffer buf) {
        this.buf = buf.slice();
    }

    /** Reads the next field; false at the end of the message. */
    boolean next() {
        if (!buf.hasRemaining()) {
            return false;
        }
        long key = varint();
        number = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (number <= 0) {
            throw new IllegalArgumentException("field number " + (key >>> 3) + " at byte " + buf.position());
        }
        switch (wireType) {
            case VARINT -> value = varint();
            case FIXED64 -> skip(8);
            case FIXED32 -> skip(4);
            case BYTES -> {
                long length = varint();
                if (length < 0 || length > buf.remaining()) {
                    throw new IllegalArgumentException("a field of " + length + " bytes with " + buf.remaining()
                            + " left");
                }
                bytes = buf.slice(buf.position(), (int) length);
                buf.position(buf.position() + (int) length);
            }
            default -> throw new IllegalArgumentException("wire type " + wireType + " at byte " + buf.position());
        }
        return true;
    }

    /** This field's bytes as UTF-8 text. */
    String text() {
        byte[] b = new byte[bytes.remaining()];
        bytes.duplicate().get(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The message in this field's bytes. */
    Protobuf message() {
        return new Protobuf(bytes);
    }

    /** The varints packed in this field's bytes ({@code repeated int64} written packed). */
    long[] packed() {
        Protobuf p = new Protobuf(bytes);
        long[] out = new long[8];
        int n = 0;
        while (p.buf.hasRemaining()) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.varint();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new IllegalArgumentException("a varint runs past the end");
            }
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes at byte " + buf.position());
    }

    private void skip(int n) {
        if (buf.remaining() < n) {
            throw new IllegalArgumentException("a fixed field runs past the end");
        }
        buf.position(buf.position() + n);
    }
}
