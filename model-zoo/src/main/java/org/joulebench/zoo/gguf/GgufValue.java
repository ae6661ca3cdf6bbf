package org.joulebench.zoo.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One typed GGUF metadata value. Integers of every width are held as a {@code long} (unsigned types
 * zero-extended; a {@code uint64} above {@link Long#MAX_VALUE} keeps its bits); arrays hold their element type
 * and a list of values of that type, so that an empty array keeps its type too.
 */
public final class GgufValue {

    private final GgufValueType type;
    private final GgufValueType elementType;
    private final Object value;

    private GgufValue(GgufValueType type, GgufValueType elementType, Object value) {
        this.type = type;
        this.elementType = elementType;
        this.value = value;
    }

    public static GgufValue uint8(int v) {
        return integer(GgufValueType.UINT8, v, 0, 0xFF);
    }

    public static GgufValue int8(int v) {
        return integer(GgufValueType.INT8, v, Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    public static GgufValue uint16(int v) {
        return integer(GgufValueType.UINT16, v, 0, 0xFFFF);
    }

    public static GgufValue int16(int v) {
        return integer(GgufValueType.INT16, v, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    public static GgufValue uint32(long v) {
        return integer(GgufValueType.UINT32, v, 0, 0xFFFF_FFFFL);
    }

    public static GgufValue int32(int v) {
        return new GgufValue(GgufValueType.INT32, null, (long) v);
    }

    /** A {@code uint64}; values above {@link Long#MAX_VALUE} are passed as their (negative) two's-complement bits. */
    public static GgufValue uint64(long bits) {
        return new GgufValue(GgufValueType.UINT64, null, bits);
    }

    public static GgufValue int64(long v) {
        return new GgufValue(GgufValueType.INT64, null, v);
    }

    public static GgufValue float32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    public static GgufValue float64(double v) {
        return new GgufValue(GgufValueType.FLOAT64, null, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    public static GgufValue string(String v) {
        return new GgufValue(GgufValueType.STRING, null, Objects.requireNonNull(v, "string value"));
    }

    /** An array of values that all have type {@code elementType} (nested arrays allowed). */
    public static GgufValue array(GgufValueType elementType, List<GgufValue> elements) {
        Objects.requireNonNull(elementType, "elementType");
        List<GgufValue> copy = List.copyOf(elements);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).type != elementType) {
                throw new IllegalArgumentException("array of " + elementType + ": element " + i + " is a "
                        + copy.get(i).type);
            }
        }
        return new GgufValue(GgufValueType.ARRAY, elementType, copy);
    }

    /** An array of strings. */
    public static GgufValue strings(List<String> values) {
        List<GgufValue> elements = new ArrayList<>(values.size());
        values.forEach(v -> elements.add(string(v)));
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.STRING, List.copyOf(elements));
    }

    /** An array of int32. */
    public static GgufValue int32s(int[] values) {
        List<GgufValue> elements = new ArrayList<>(values.length);
        for (int v : values) {
            elements.add(int32(v));
        }
        return new GgufValue(GgufValueType.ARRAY, GgufValueType.INT32, List.copyOf(elements));
    }

    private static GgufValue integer(GgufValueType type, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(type + " must lie in [" + min + ", " + max + "], was " + v);
        }
        return new GgufValue(type, null, v);
    }

    public GgufValueType type() {
        return type;
    }

    /** The element type of an array. */
    public GgufValueType elementType() {
        require(GgufValueType.ARRAY);
        return elementType;
    }

    /** An integer of any width, unsigned ones zero-extended. */
    public long asLong() {
        if (!type.isInteger()) {
            throw wrongType("an integer");
        }
        return (Long) value;
    }

    /** An integer that fits an {@code int}. */
    public int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE || (type == GgufValueType.UINT64 && v < 0)) {
            throw new IllegalStateException("value " + Long.toUnsignedString(v) + " does not fit an int");
        }
        return (int) v;
    }

    /** A float32 or float64 as a double. */
    public double asDouble() {
        return switch (type) {
            case FLOAT32 -> (Float) value;
            case FLOAT64 -> (Double) value;
            default -> throw wrongType("a float");
        };
    }

    public float asFloat() {
        require(GgufValueType.FLOAT32);
        return (Float) value;
    }

    public boolean asBoolean() {
        require(GgufValueType.BOOL);
        return (Boolean) value;
    }

    public String asString() {
        require(GgufValueType.STRING);
        return (String) value;
    }

    /** An array's elements. */
    @SuppressWarnings("unchecked")
    public List<GgufValue> asArray() {
        require(GgufValueType.ARRAY);
        return (List<GgufValue>) value;
    }

    /** An array of strings as strings. */
    public List<String> asStrings() {
        if (type != GgufValueType.ARRAY || elementType != GgufValueType.STRING) {
            throw wrongType("an array of strings");
        }
        return asArray().stream().map(GgufValue::asString).toList();
    }

    private void require(GgufValueType wanted) {
        if (type != wanted) {
            throw wrongType("a " + wanted);
        }
    }

    private IllegalStateException wrongType(String wanted) {
        return new IllegalStateException("value is a " + describe() + ", not " + wanted);
    }

    private String describe() {
        return type == GgufValueType.ARRAY ? "ARRAY of " + elementType : type.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufValue other && type == other.type && elementType == other.elementType
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, elementType, value);
    }

    @Override
    public String toString() {
        return switch (type) {
            case ARRAY -> {
                List<GgufValue> list = asArray();
                yield describe() + "[" + list.size() + "]" + (list.size() <= 8 ? list : "");
            }
            case STRING -> '"' + (String) value + '"';
            case UINT64 -> Long.toUnsignedString((Long) value);
            default -> String.valueOf(value);
        };
    }
}
