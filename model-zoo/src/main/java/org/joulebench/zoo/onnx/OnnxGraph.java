package org.joulebench.zoo.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.joulebench.zoo.Precision;

/**
 * What an ONNX model file says about itself without running it: its graph's inputs and outputs, and its weights
 * (initializers) counted. ONNX Runtime's Java API shows neither the initializers nor their sizes, so the file's
 * protobuf is walked here ({@link Protobuf}); only the fields named below are read.
 *
 * <p><b>Parameters</b> are the elements of the initializers that hold weights — floating point (fp32, fp16, bf16,
 * fp64) or integer weights of quantised models (int8, uint8, int4, uint4) — less quantisation scales and zero points
 * (initializers named {@code *_scale}, {@code *_zero_point}); int64/int32 initializers are shapes and index buffers
 * ({@code position_ids}), not weights. This gives the zoo's catalogued count for each of its five ONNX files, fp32
 * and int8 alike.
 *
 * @param inputs       the graph's inputs, less those that are initializers (older exports list weights as inputs)
 * @param outputs      the graph's outputs
 * @param parameters   weight elements, as above
 * @param precision    the type that holds most of the weights
 * @param layers       distinct {@code layer.N} indices in weight names; 0 where the names say none
 * @param externalData whether some initializer keeps its bytes in a file beside the model (exports over 2 GB)
 */
public record OnnxGraph(List<String> inputs, List<Tensor> outputs, long parameters, Precision precision, int layers,
                        boolean externalData) {

    /**
     * A graph input or output.
     *
     * @param name     its name
     * @param elemType its ONNX element type (1 float, 7 int64, …); 0 where the file does not say
     * @param dims     its dimensions; -1 for a symbolic one ({@code batch_size}); empty where the file gives no shape
     */
    public record Tensor(String name, int elemType, List<Long> dims) {
        public int rank() {
            return dims.size();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(name).append(" [");
            for (int i = 0; i < dims.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(dims.get(i) < 0 ? "?" : dims.get(i).toString());
            }
            return s.append(']').toString();
        }
    }

    // ModelProto, GraphProto, TensorProto, ValueInfoProto and TypeProto field numbers (onnx/onnx.proto).
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int EXTERNAL = 1;
    private static final int VALUE_NAME = 1;
    private static final int VALUE_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_ELEM = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_VALUE = 1;

    /** ONNX element types that hold weights, and the precision each stands for. */
    private static final Map<Integer, Precision> WEIGHT_TYPES = Map.of(
            1, Precision.FP32, 11, Precision.FP32, 10, Precision.FP16, 16, Precision.FP16,
            2, Precision.INT8, 3, Precision.INT8, 21, Precision.UNKNOWN, 22, Precision.UNKNOWN);

    private static final Pattern LAYER = Pattern.compile("(?:^|[./_])(?:layer|layers|block|blocks|h)[._](\\d+)[./_]");

    public OnnxGraph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Reads {@code file}'s graph.
     *
     * @throws OnnxFormatException when the file is not an ONNX model (not protobuf, or no graph)
     */
    public static OnnxGraph read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new OnnxFormatException("over 2 GB, which is more than one ONNX protobuf can hold");
            }
            return parse(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        }
    }

    /** Reads a model from its bytes. */
    public static OnnxGraph parse(ByteBuffer model) throws OnnxFormatException {
        try {
            Protobuf m = new Protobuf(model);
            Protobuf graph = null;
            boolean irVersion = false;
            while (m.next()) {
                if (m.number == MODEL_IR_VERSION && m.wireType == Protobuf.VARINT) {
                    irVersion = true;
                } else if (m.number == MODEL_GRAPH && m.wireType == Protobuf.BYTES) {
                    graph = m.message();
                }
            }
            if (!irVersion || graph == null) {
                throw new OnnxFormatException("not an ONNX model (it has no " + (irVersion ? "graph" : "ir_version")
                        + ")");
            }
            return graph(graph);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException("not an ONNX model (not protobuf: " + e.getMessage() + ")");
        }
    }

    private static OnnxGraph graph(Protobuf g) {
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        Map<Precision, Long> byPrecision = new EnumMap<>(Precision.class);
        Set<Integer> layers = new TreeSet<>();
        boolean external = false;
        long parameters = 0;
        while (g.next()) {
            if (g.wireType != Protobuf.BYTES) {
                continue;
            }
            switch (g.number) {
                case GRAPH_INPUT -> inputs.add(value(g.message()));
                case GRAPH_OUTPUT -> outputs.add(value(g.message()));
                case GRAPH_INITIALIZER -> {
                    Weight w = weight(g.message());
                    initializers.add(w.name());
                    external |= w.external();
                    Precision p = WEIGHT_TYPES.get(w.dataType());
                    if (p == null || w.name().endsWith("_scale") || w.name().endsWith("_zero_point")) {
                        continue;
                    }
                    parameters += w.elements();
                    byPrecision.merge(p, w.elements(), Long::sum);
                    Matcher layer = LAYER.matcher(w.name());
                    if (layer.find()) {
                        layers.add(Integer.parseInt(layer.group(1)));
                    }
                }
                default -> {
                    // nodes, names, doc strings, value_info: not needed
                }
            }
        }
        Precision precision = byPrecision.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(Precision.UNKNOWN);
        List<String> names = inputs.stream().map(Tensor::name).filter(n -> !initializers.contains(n)).toList();
        return new OnnxGraph(names, outputs, parameters, precision, layers.size(), external);
    }

    private record Weight(String name, int dataType, long elements, boolean external) {
    }

    private static Weight weight(Protobuf t) {
        String name = "";
        int dataType = 0;
        long elements = 1;
        boolean external = false;
        while (t.next()) {
            if (t.number == TENSOR_DIMS) {
                if (t.wireType == Protobuf.BYTES) {
                    for (long d : t.packed()) {
                        elements *= d;
                    }
                } else {
                    elements *= t.value;
                }
            } else if (t.number == TENSOR_DATA_TYPE && t.wireType == Protobuf.VARINT) {
                dataType = (int) t.value;
            } else if (t.number == TENSOR_NAME && t.wireType == Protobuf.BYTES) {
                name = t.text();
            } else if (t.number == TENSOR_DATA_LOCATION && t.wireType == Protobuf.VARINT) {
                external = t.value == EXTERNAL;
            }
        }
        return new Weight(name, dataType, elements, external);
    }

    private static Tensor value(Protobuf v) {
        String name = "";
        int elemType = 0;
        List<Long> dims = new ArrayList<>();
        while (v.next()) {
            if (v.number == VALUE_NAME && v.wireType == Protobuf.BYTES) {
                name = v.text();
            } else if (v.number == VALUE_TYPE && v.wireType == Protobuf.BYTES) {
                Protobuf type = v.message();
                while (type.next()) {
                    if (type.number != TYPE_TENSOR || type.wireType != Protobuf.BYTES) {
                        continue;
                    }
                    Protobuf tensor = type.message();
                    while (tensor.next()) {
                        if (tensor.number == TENSOR_TYPE_ELEM && tensor.wireType == Protobuf.VARINT) {
                            elemType = (int) tensor.value;
                        } else if (tensor.number == TENSOR_TYPE_SHAPE && tensor.wireType == Protobuf.BYTES) {
                            Protobuf shape = tensor.message();
                            while (shape.next()) {
                                if (shape.number == SHAPE_DIM && shape.wireType == Protobuf.BYTES) {
                                    dims.add(dim(shape.message()));
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Tensor(name, elemType, dims);
    }

    /** A dimension's fixed size, or -1 where it is symbolic. */
    private static long dim(Protobuf d) {
        long size = -1;
        while (d.next()) {
            if (d.number == DIM_VALUE && d.wireType == Protobuf.VARINT) {
                size = d.value;
            }
        }
        return size;
    }
}
