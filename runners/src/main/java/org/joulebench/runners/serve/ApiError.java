package org.joulebench.runners.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request the server refuses, as OpenAI's {@code {"error": {...}}} with an HTTP status. */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String code;
    final String param;

    private ApiError(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400: the body is not JSON, or a field is missing, of the wrong type, or out of range. */
    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", null, param, message);
    }

    /** 400: a field this server does not offer was set to something other than its neutral value. */
    static ApiError unsupported(String param, String message) {
        return new ApiError(400, "invalid_request_error", "unsupported_parameter", param, message);
    }

    static ApiError modelNotFound(String asked, String served) {
        return new ApiError(404, "invalid_request_error", "model_not_found", "model",
                "the model '" + asked + "' does not exist here; this server serves '" + served + "'");
    }

    static ApiError notFound(String path) {
        return new ApiError(404, "invalid_request_error", "unknown_url", null, "no endpoint " + path
                + "; this server has GET /v1/models, POST /v1/completions and POST /v1/chat/completions");
    }

    static ApiError methodNotAllowed(String method, String path, String allowed) {
        return new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                method + " is not allowed on " + path + "; use " + allowed);
    }

    static ApiError tooLarge(long limit) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null,
                "the request body is over " + limit + " bytes");
    }

    static ApiError busy(int concurrency, int queue) {
        return new ApiError(429, "server_busy", "queue_full", null, "the server is busy: its " + concurrency
                + " engine slots are taken and its queue of " + queue + " is full; retry later");
    }

    static ApiError engine(String message) {
        return new ApiError(500, "engine_error", null, null, message);
    }

    static ApiError closing() {
        return new ApiError(503, "server_shutting_down", null, null, "the server is shutting down");
    }

    ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", getMessage());
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root;
    }
}
