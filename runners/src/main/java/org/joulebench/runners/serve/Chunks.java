package org.joulebench.runners.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.Generation;

/** The JSON bodies and streamed chunks of the two endpoints, in OpenAI's shapes. */
final class Chunks {

    private final boolean chat;
    private final String id;
    private final long created;
    private final String model;

    Chunks(boolean chat, String id, long created, String model) {
        this.chat = chat;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    private ObjectNode head(boolean chunk) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("object", chat ? (chunk ? "chat.completion.chunk" : "chat.completion") : "text_completion");
        o.put("created", created);
        o.put("model", model);
        return o;
    }

    static String finishReason(Generation g) {
        return g.stoppedAtEos() ? "stop" : "length";
    }

    /** The whole answer at once. */
    ObjectNode complete(Generation g, ObjectNode energyFields) {
        ObjectNode o = head(false);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", g.text());
        } else {
            choice.put("text", g.text());
            choice.putNull("logprobs");
        }
        choice.put("finish_reason", finishReason(g));
        o.set("usage", usage(g, energyFields));
        return o;
    }

    /** Chat's first chunk: the role, no content yet. */
    ObjectNode role() {
        ObjectNode o = head(true);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        choice.putNull("finish_reason");
        return o;
    }

    /** A piece of text; with {@code finishReason} the last content chunk. */
    ObjectNode piece(String text, String finishReason) {
        ObjectNode o = head(true);
        ObjectNode choice = o.putArray("choices").addObject();
        choice.put("index", 0);
        if (chat) {
            ObjectNode delta = choice.putObject("delta");
            if (!text.isEmpty()) {
                delta.put("content", text);
            }
        } else {
            choice.put("text", text);
            choice.putNull("logprobs");
        }
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return o;
    }

    /** The chunk after the last content chunk ({@code stream_options.include_usage}): no choices, the usage. */
    ObjectNode usageChunk(Generation g, ObjectNode energyFields) {
        ObjectNode o = head(true);
        o.putArray("choices");
        o.set("usage", usage(g, energyFields));
        return o;
    }

    private static ObjectNode usage(Generation g, ObjectNode energyFields) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("prompt_tokens", g.promptTokens());
        u.put("completion_tokens", g.newTokens());
        u.put("total_tokens", g.promptTokens() + g.newTokens());
        if (energyFields != null) {
            u.setAll(energyFields);
        }
        return u;
    }
}
