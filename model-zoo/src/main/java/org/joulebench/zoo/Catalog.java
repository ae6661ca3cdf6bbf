package org.joulebench.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and checks a catalogue: {@code {"models": [ ... ]}}, one object per {@link ModelEntry} with every field, plus an
 * optional free-text {@code note} saying where the facts come from. A broken catalogue is a packaging bug, so it fails
 * with {@link IllegalStateException} naming the catalogue, the model and the field.
 */
final class Catalog {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> KINDS = Set.of(SourceReader.MAVEN, SourceReader.FILE);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(ModelEntry.class, NoteIsDocumentation.class)
            .build();

    @JsonIgnoreProperties({"note"})
    private interface NoteIsDocumentation {
    }

    private Catalog() {
    }

    static List<ModelEntry> fromResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalogue " + resource + " is not on the class path; "
                        + "the model-zoo jar is incomplete — rebuild it with mvn install -pl model-zoo");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("catalogue " + resource + " could not be read: " + e.getMessage(), e);
        }
    }

    static List<ModelEntry> parse(InputStream in, String origin) throws IOException {
        List<ModelEntry> models;
        try {
            JsonNode root = MAPPER.readTree(in);
            JsonNode list = root == null ? null : root.get("models");
            if (list == null || !list.isArray()) {
                throw new IllegalStateException("catalogue " + origin + ": expected {\"models\": [ ... ]} at the top");
            }
            models = List.of(MAPPER.treeToValue(list, ModelEntry[].class));
        } catch (JsonMappingException e) {
            throw new IllegalStateException("catalogue " + origin + ": " + e.getOriginalMessage()
                    + " (at " + e.getPathReference() + ")", e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalStateException("catalogue " + origin + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
        check(models, origin);
        return models;
    }

    private static void check(List<ModelEntry> models, String origin) {
        Set<String> ids = new HashSet<>();
        for (ModelEntry m : models) {
            String where = "catalogue " + origin + ", model '" + m.id() + "': ";
            if (!ids.add(m.id())) {
                throw new IllegalStateException(where + "the id appears twice; ids must be unique");
            }
            if (!SHA256.matcher(m.sha256()).matches()) {
                throw new IllegalStateException(where + "sha256 must be 64 lower-case hex digits, was '" + m.sha256() + "'");
            }
            if (!KINDS.contains(m.source().kind())) {
                throw new IllegalStateException(where + "source kind '" + m.source().kind() + "' is unknown; use one of "
                        + KINDS);
            }
            positive(where, "sizeBytes", m.sizeBytes());
            positive(where, "layers", m.layers());
            positive(where, "hiddenSize", m.hiddenSize());
            positive(where, "maxTokens", m.maxTokens());
        }
    }

    private static void positive(String where, String field, long value) {
        if (value <= 0) {
            throw new IllegalStateException(where + field + " must be positive, was " + value);
        }
    }
}
