package org.joulebench.zoo.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the smallest ONNX models that ONNX Runtime opens: int64 inputs {@code [batch, seq]}, one of them cast to float
 * plus a float weight of one element (0) as the only output {@code [batch, seq]}. For tests of {@link OnnxGraph},
 * {@link EncoderSignature} and the backend's handling of inputs and outputs, without an exported model.
 */
public final class OnnxWriter {

    private static final int INT64 = 7;
    private static final int FLOAT = 1;

    private OnnxWriter() {
    }

    /**
     * @param inputs the graph's inputs, each int64 {@code [batch, seq]}
     * @param source the input that is cast to float
     * @param output the output's name: float {@code [batch, seq]}
     */
    public static byte[] castModel(List<String> inputs, String source, String output) {
        Message graph = new Message();
        Message cast = new Message().text(1, source).text(2, "cast").text(3, "cast").text(4, "Cast")
                .message(5, new Message().text(1, "to").varint(3, FLOAT).varint(20, 2));
        Message add = new Message().text(1, "cast").text(1, "weight").text(2, output).text(3, "add").text(4, "Add");
        graph.message(1, cast).message(1, add).text(2, "joulebench-test");
        graph.message(5, new Message().varint(1, 1).varint(2, FLOAT).text(8, "weight").bytes(9, new byte[4]));
        for (String in : inputs) {
            graph.message(11, value(in, INT64));
        }
        graph.message(12, value(output, FLOAT));
        return new Message().varint(1, 8).message(8, new Message().text(1, "").varint(2, 13)).message(7, graph)
                .toByteArray();
    }

    private static Message value(String name, int elemType) {
        Message shape = new Message().message(1, new Message().text(2, "batch"))
                .message(1, new Message().text(2, "seq"));
        return new Message().text(1, name)
                .message(2, new Message().message(1, new Message().varint(1, elemType).message(2, shape)));
    }

    /** A protobuf message being written, field by field. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Message bytes(int field, byte[] b) {
            raw((long) field << 3 | 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Message text(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Message message(int field, Message m) {
            return bytes(field, m.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
