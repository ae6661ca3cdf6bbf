package org.joulebench.runners.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one prompt a chat's messages become. The local models are plain language models with no chat format, so the
 * template is the simplest that keeps the text: the messages' contents in order, joined by a newline, roles left
 * out. A chat of one user message is therefore the same prompt as a completion of its content.
 */
final class ChatPrompt {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    private ChatPrompt() {
    }

    static String of(JsonNode messages) throws ApiError {
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("messages", "messages must be a non-empty array of {role, content}");
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ApiError.invalid(where, where + " must be an object with role and content");
            }
            String role = m.path("role").asText("");
            if (!ROLES.contains(role)) {
                throw ApiError.invalid(where + ".role", where + ".role must be one of system, developer, user, "
                        + "assistant; was " + m.path("role"));
            }
            parts.add(content(m.path("content"), where + ".content"));
        }
        return String.join("\n", parts);
    }

    /** A string, or an array of {@code {"type": "text", "text": ...}} parts, joined. */
    private static String content(JsonNode content, String where) throws ApiError {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiError.unsupported(where, where + ": only text parts are supported, got " + part);
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw ApiError.invalid(where, where + " must be a string or an array of text parts");
    }
}
