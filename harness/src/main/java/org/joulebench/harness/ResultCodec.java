package org.joulebench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and writes {@code results.json}. Field names are snake_case; instants are ISO-8601
 * strings; the per-query records are not part of the JSON (they go to {@code queries.csv}).
 */
public final class ResultCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ResultCodec() {
    }

    /** The mapper the result model is written with, shared by anything that writes JSON of it. */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    public static void write(RunResult result, OutputStream out) throws IOException {
        MAPPER.writeValue(out, result);
    }

    public static String toJson(RunResult result) throws IOException {
        return MAPPER.writeValueAsString(result);
    }

    /** Reads a results.json of schema {@value RunResult#SCHEMA} or {@value RunResult#SCHEMA_1}. */
    public static RunResult read(InputStream in) throws IOException {
        JsonNode tree = MAPPER.readTree(in);
        String schema = tree.path("schema").asText("");
        if (!RunResult.SCHEMA.equals(schema) && !RunResult.SCHEMA_1.equals(schema)) {
            throw new IOException("not a Joulebench result: schema is '" + schema + "', expected '"
                    + RunResult.SCHEMA + "' (or '" + RunResult.SCHEMA_1 + "')");
        }
        return MAPPER.treeToValue(tree, RunResult.class);
    }
}
