package org.joulebench.zoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelLoadException;
import org.joulebench.zoo.ModelZoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The protobuf walk against the zoo's own ONNX files, whose parameter counts the catalogue states. */
class OnnxGraphTest {

    static List<ModelEntry> onnxModels() {
        return ModelZoo.builtIn().models().stream().filter(m -> m.format().equals("onnx")).toList();
    }

    private static OnnxGraph graph(ModelEntry e) throws Exception {
        return OnnxGraph.parse(ByteBuffer.wrap(ModelZoo.builtIn().load(e).model()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onnxModels")
    void countsTheCataloguedParametersPrecisionAndSignature(ModelEntry e) throws Exception {
        OnnxGraph g = graph(e);
        assertEquals(e.parameters(), g.parameters(), "the catalogue's count");
        assertEquals(e.precision(), g.precision());
        assertEquals(e.layers(), g.layers());
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), g.inputs());
        assertEquals(1, g.outputs().size());
        OnnxGraph.Tensor out = g.outputs().get(0);
        assertEquals("last_hidden_state", out.name());
        assertEquals(List.of(-1L, -1L, (long) e.hiddenSize()), out.dims(), "batch and sequence are symbolic");
        assertFalse(g.externalData());
        EncoderSignature s = EncoderSignature.of(g.inputs(), java.util.Map.of(out.name(), out.rank()));
        assertEquals(new EncoderSignature(true, "last_hidden_state", false), s);
    }

    @Test
    void aTextFileIsNotAModel() {
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxGraph.parse(ByteBuffer.wrap(
                "this is a README, not a model\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("not an ONNX model"), e.getMessage());
    }

    @Test
    void aTruncatedModelIsRefused() throws ModelLoadException {
        byte[] model = ModelZoo.builtIn().load(ModelZoo.builtIn().find("all-minilm-l6-v2-q").orElseThrow()).model();
        byte[] half = Arrays.copyOf(model, model.length / 2);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxGraph.parse(ByteBuffer.wrap(half)));
        assertTrue(e.getMessage().contains("not protobuf"), e.getMessage());
    }

    @Test
    void aWrittenModelReadsBack() throws Exception {
        OnnxGraph g = OnnxGraph.parse(ByteBuffer.wrap(OnnxWriter.castModel(List.of("input_ids", "attention_mask"),
                "input_ids", "sentence_embedding")));
        assertEquals(List.of("input_ids", "attention_mask"), g.inputs());
        assertEquals(List.of(new OnnxGraph.Tensor("sentence_embedding", 1, List.of(-1L, -1L))), g.outputs());
        assertEquals(1, g.parameters());
        assertEquals(org.joulebench.zoo.Precision.FP32, g.precision());
        assertEquals(0, g.layers());
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThrows(OnnxFormatException.class, () -> OnnxGraph.parse(ByteBuffer.allocate(0)));
    }
}
