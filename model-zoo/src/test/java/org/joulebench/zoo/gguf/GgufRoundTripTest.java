package org.joulebench.zoo.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    static Map<String, GgufValue> everyKind() {
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        kv.put("u8", GgufValue.uint8(255));
        kv.put("i8", GgufValue.int8(-128));
        kv.put("u16", GgufValue.uint16(65535));
        kv.put("i16", GgufValue.int16(-32768));
        kv.put("u32", GgufValue.uint32(0xFFFF_FFFFL));
        kv.put("i32", GgufValue.int32(Integer.MIN_VALUE));
        kv.put("u64", GgufValue.uint64(-1L));
        kv.put("i64", GgufValue.int64(Long.MIN_VALUE));
        kv.put("f32", GgufValue.float32(-1.5e-7f));
        kv.put("f64", GgufValue.float64(Math.PI));
        kv.put("true", GgufValue.bool(true));
        kv.put("false", GgufValue.bool(false));
        kv.put("string", GgufValue.string("Ġhello wörld ✓ 𝄞"));
        kv.put("empty string", GgufValue.string(""));
        kv.put("strings", GgufValue.strings(List.of("a", "", "Ġb c")));
        kv.put("ints", GgufValue.int32s(new int[] {1, -2, 3}));
        kv.put("empty", GgufValue.array(GgufValueType.FLOAT64, List.of()));
        kv.put("floats", GgufValue.array(GgufValueType.FLOAT32, List.of(GgufValue.float32(1), GgufValue.float32(2))));
        kv.put("bools", GgufValue.array(GgufValueType.BOOL, List.of(GgufValue.bool(true), GgufValue.bool(false))));
        kv.put("u64s", GgufValue.array(GgufValueType.UINT64, List.of(GgufValue.uint64(7))));
        kv.put("nested", GgufValue.array(GgufValueType.ARRAY, List.of(
                GgufValue.int32s(new int[] {1}), GgufValue.int32s(new int[] {}))));
        return kv;
    }

    @Test
    void everyMetadataTypeSurvivesARoundTrip() throws IOException {
        GgufWriter w = new GgufWriter();
        everyKind().forEach(w::put);
        Path file = dir.resolve("kv.gguf");
        w.write(file);
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(3, f.version());
            assertEquals(List.copyOf(everyKind().keySet()), List.copyOf(f.metadata().keySet()), "order kept");
            everyKind().forEach((k, v) -> assertEquals(v, f.get(k).orElseThrow(), k));
            assertEquals(255, f.get("u8").orElseThrow().asInt());
            assertEquals("18446744073709551615", f.get("u64").orElseThrow().toString());
            assertEquals(List.of("a", "", "Ġb c"), f.get("strings").orElseThrow().asStrings());
            assertTrue(f.tensors().isEmpty());
        }
    }

    @Test
    void everyTensorTypeSurvivesARoundTrip() throws IOException {
        float[] values = new float[3 * 64];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.37) * (i % 7 + 1);
        }
        values[5] = 0;
        Path file = dir.resolve("t.gguf");
        new GgufWriter()
                .put("general.architecture", GgufValue.string("test"))
                .tensor("f32", GgmlType.F32, new long[] {64, 3}, values)
                .tensor("f16", GgmlType.F16, new long[] {64, 3}, values)
                .tensor("q8", GgmlType.Q8_0, new long[] {64, 3}, values)
                .tensor("odd", GgmlType.F32, new long[] {3}, new float[] {1, 2, 3})
                .tensor("cube", GgmlType.F16, new long[] {2, 3, 4}, new float[24])
                .write(file);
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(List.of("f32", "f16", "q8", "odd", "cube"), f.tensors().stream().map(GgufTensor::name).toList());
            for (GgufTensor t : f.tensors()) {
                assertEquals(0, t.offset() % 32, t + " aligned");
                assertEquals(0, (f.dataOffset() + t.offset()) % 32, t + " aligned in the file");
            }
            GgufTensor q8 = f.tensor("q8").orElseThrow();
            assertEquals(GgmlType.Q8_0, q8.type());
            assertArrayEquals(new long[] {64, 3}, q8.dims());
            assertEquals(3, q8.rows());
            assertEquals(3 * 2 * 34, q8.byteSize());

            assertArrayEquals(values, f.readFloats(f.tensor("f32").orElseThrow()));
            float[] f16 = f.readFloats(f.tensor("f16").orElseThrow());
            float[] q = f.readFloats(q8);
            for (int i = 0; i < values.length; i++) {
                assertEquals(Half.toFloat(Half.fromFloat(values[i])), f16[i], "f16 " + i);
                // Q8_0 errs by at most half a step of its block's scale max|x|/127.
                int block = i / 32;
                float amax = 0;
                for (int j = block * 32; j < block * 32 + 32; j++) {
                    amax = Math.max(amax, Math.abs(values[j]));
                }
                assertEquals(values[i], q[i], amax / 127 * 0.51f, "q8 " + i);
            }
            assertEquals(0f, q[5]);
            assertArrayEquals(new float[] {1, 2, 3}, f.readFloats(f.tensor("odd").orElseThrow()));
            ByteBuffer raw = f.data(f.tensor("f32").orElseThrow());
            assertEquals(values[1], raw.getFloat(4));
        }
    }

    @Test
    void q8BlocksAreGgmlReferenceQuantisation() {
        float[] x = new float[32];
        x[0] = 127;
        x[1] = -0.5f;   // roundf rounds halves away from zero: -1
        x[2] = 2.5f;    // 3, not banker's 2
        x[3] = -127;
        ByteBuffer b = ByteBuffer.allocate(34).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        TensorCodec.encode(GgmlType.Q8_0, x, 0, 32, b);
        assertEquals(Half.fromFloat(1f), b.getShort(0));
        assertEquals(127, b.get(2));
        assertEquals(-1, b.get(3));
        assertEquals(3, b.get(4));
        assertEquals(-127, b.get(5));
    }

    @Test
    void unsupportedTypesAreNamedButRefused() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new GgufWriter().tensor("w", GgmlType.Q3_K, new long[] {256}, new float[256]));
        assertTrue(e.getMessage().startsWith("tensor type Q3_K is not supported by Joulebench, which reads and"
                + " writes F32, F16, Q8_0, Q4_0, Q4_K, Q5_K and Q6_K"), e.getMessage());
        assertEquals(GgmlType.Q4_K, GgmlType.ofId(12));
        assertEquals(144, GgmlType.Q4_K.byteSize(256));
        assertEquals("unknown ggml tensor type id 4",
                assertThrows(IllegalArgumentException.class, () -> GgmlType.ofId(4)).getMessage());
    }

    @Test
    void writerRefusesMistakes() {
        GgufWriter w = new GgufWriter().put("k", GgufValue.uint8(1));
        assertEquals("metadata key k was already set to 1",
                assertThrows(IllegalArgumentException.class, () -> w.put("k", GgufValue.uint8(2))).getMessage());
        assertEquals("tensor q: rows of 33 values are not whole Q8_0 blocks of 32",
                assertThrows(IllegalArgumentException.class,
                        () -> w.tensor("q", GgmlType.Q8_0, new long[] {33}, new float[33])).getMessage());
        assertEquals("UINT8 must lie in [0, 255], was 256",
                assertThrows(IllegalArgumentException.class, () -> GgufValue.uint8(256)).getMessage());
    }

    @Test
    void readerHonoursACustomAlignment() throws IOException {
        Path file = dir.resolve("a.gguf");
        new GgufWriter().put("general.alignment", GgufValue.uint32(64))
                .tensor("a", GgmlType.F32, new long[] {3}, new float[] {1, 2, 3})
                .tensor("b", GgmlType.F32, new long[] {1}, new float[] {4})
                .write(file);
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(64, f.alignment());
            assertEquals(64, f.tensor("b").orElseThrow().offset());
            assertEquals(0, f.dataOffset() % 64);
            assertArrayEquals(new float[] {4}, f.readFloats(f.tensor("b").orElseThrow()));
        }
        assertEquals(f64Size(file), Files.size(file));
    }

    private static long f64Size(Path file) throws IOException {
        try (GgufFile f = GgufFile.open(file)) {
            return f.dataOffset() + 64 + 64;
        }
    }
}
