package org.joulebench.runners.serve;

import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.joulebench.runners.GenerationRequest;

/**
 * A completions or chat request read from its JSON body into what the engine takes. Fields that would change the
 * output in a way the engines cannot honour (several choices, stop sequences, penalties, nucleus sampling,
 * log-probabilities) are refused when set to anything but their neutral value; others are ignored.
 *
 * @param chat        whether it came to {@code /v1/chat/completions}
 * @param generation  what to generate
 * @param stream      server-sent events instead of one JSON body
 * @param streamUsage with {@code stream}: a last chunk carries {@code usage} ({@code stream_options.include_usage})
 */
record ApiRequest(boolean chat, GenerationRequest generation, boolean stream, boolean streamUsage) {

    /** OpenAI's default for completions; chat's is "as many as fit", which would be the whole context here. */
    static final int DEFAULT_MAX_TOKENS = 16;
    static final int DEFAULT_CHAT_MAX_TOKENS = 256;

    /**
     * Reads {@code body}, which must name {@code servedModel}; a sampled request without a seed gets one from
     * {@code seeds}.
     */
    static ApiRequest parse(boolean chat, JsonNode body, String servedModel, LongSupplier seeds) throws ApiError {
        if (body == null || !body.isObject()) {
            throw ApiError.invalid(null, "the body must be a JSON object");
        }
        JsonNode model = body.path("model");
        if (!model.isTextual()) {
            throw ApiError.invalid("model", "model is required (a string); this server serves '" + servedModel + "'");
        }
        if (!model.asText().equals(servedModel)) {
            throw ApiError.modelNotFound(model.asText(), servedModel);
        }
        String prompt = chat ? ChatPrompt.of(body.path("messages")) : prompt(body.path("prompt"));
        int maxTokens = maxTokens(body, chat);
        refuseUnsupported(body);
        double temperature = number(body, "temperature", 1.0, 0, 2);
        int topK = (int) number(body, "top_k", 0, 0, Integer.MAX_VALUE);
        JsonNode seed = body.path("seed");
        if (!seed.isMissingNode() && !seed.isNull() && !seed.canConvertToLong()) {
            throw ApiError.invalid("seed", "seed must be an integer, was " + seed);
        }
        GenerationRequest.Sampling sampling = temperature == 0 ? GenerationRequest.Sampling.GREEDY
                : new GenerationRequest.Sampling(temperature, topK,
                seed.canConvertToLong() ? seed.asLong() : seeds.getAsLong());
        boolean ignoreEos = bool(body, "ignore_eos");
        boolean stream = bool(body, "stream");
        JsonNode options = body.path("stream_options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            throw ApiError.invalid("stream_options", "stream_options must be an object");
        }
        boolean usage = options.path("include_usage").asBoolean(false);
        return new ApiRequest(chat, new GenerationRequest(prompt, maxTokens, ignoreEos, sampling), stream, usage);
    }

    private static String prompt(JsonNode prompt) throws ApiError {
        if (prompt.isTextual()) {
            return prompt.asText();
        }
        if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            return prompt.get(0).asText();
        }
        if (prompt.isArray()) {
            throw ApiError.unsupported("prompt", "prompt must be one string: several prompts or token ids in one "
                    + "request are not supported; send one request each");
        }
        throw ApiError.invalid("prompt", "prompt is required (a string)");
    }

    private static int maxTokens(JsonNode body, boolean chat) throws ApiError {
        String field = chat && body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        return (int) number(body, field, chat ? DEFAULT_CHAT_MAX_TOKENS : DEFAULT_MAX_TOKENS, 1, Integer.MAX_VALUE);
    }

    private static void refuseUnsupported(JsonNode body) throws ApiError {
        neutral(body, "n", 1, "several choices per request are not supported; send n requests");
        neutral(body, "best_of", 1, "best_of is not supported");
        neutral(body, "top_p", 1, "nucleus sampling (top_p) is not supported; use temperature and top_k");
        neutral(body, "presence_penalty", 0, "presence_penalty is not supported");
        neutral(body, "frequency_penalty", 0, "frequency_penalty is not supported");
        for (String flag : new String[] {"echo", "logprobs"}) {
            JsonNode v = body.path(flag);
            if (v.isBoolean() && v.asBoolean() || v.isNumber()) {
                throw ApiError.unsupported(flag, flag + " is not supported");
            }
        }
        JsonNode stop = body.path("stop");
        if (!stop.isMissingNode() && !stop.isNull() && !(stop.isArray() && stop.isEmpty())) {
            throw ApiError.unsupported("stop", "stop sequences are not supported; generation ends at end-of-sequence"
                    + " or max_tokens");
        }
        JsonNode bias = body.path("logit_bias");
        if (!bias.isMissingNode() && !bias.isNull() && !(bias.isObject() && bias.isEmpty())) {
            throw ApiError.unsupported("logit_bias", "logit_bias is not supported");
        }
    }

    private static void neutral(JsonNode body, String field, double neutral, String message) throws ApiError {
        JsonNode v = body.path(field);
        if (!v.isMissingNode() && !v.isNull() && !(v.isNumber() && v.asDouble() == neutral)) {
            throw ApiError.unsupported(field, message + " (" + field + " was " + v + ")");
        }
    }

    private static double number(JsonNode body, String field, double missing, double min, double max)
            throws ApiError {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return missing;
        }
        boolean integral = field.equals("top_k") || field.startsWith("max_");
        if (!v.isNumber() || integral && !v.canConvertToInt()) {
            throw ApiError.invalid(field, field + " must be " + (integral ? "an integer" : "a number") + ", was " + v);
        }
        double d = v.asDouble();
        if (integral && d != Math.rint(d) || d < min || d > max) {
            throw ApiError.invalid(field, field + " must be " + (integral ? "an integer " : "") + "from "
                    + fmt(min) + " to " + fmt(max) + ", was " + v);
        }
        return d;
    }

    private static boolean bool(JsonNode body, String field) throws ApiError {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiError.invalid(field, field + " must be true or false, was " + v);
        }
        return v.asBoolean();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
