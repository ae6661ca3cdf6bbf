package org.joulebench.runners.openai;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;

/**
 * A model behind an OpenAI-compatible HTTP server ({@code /v1/completions} or {@code /v1/chat/completions}),
 * streamed with server-sent events: the listener hears {@code prefillDone} at the first streamed content (a real
 * time to first token) and one {@code token} per streamed chunk.
 *
 * <p><b>Naming a remote model.</b> A zoo entry or suite names one with source kind {@code openai}: the source's
 * {@code coordinates} are the base URL, its {@code model} is the server's model name, and the entry's {@code format}
 * picks the endpoint ({@code chat} for chat completions, anything else for completions). The model file and the
 * backend config's threads mean nothing to a remote engine and are ignored; a device or GPU layers are refused
 * (the server places its model). Code can skip the zoo with
 * {@link #open(OpenAiConfig)}.
 *
 * <p><b>The API key</b> is read from the environment variable the config names ({@code OPENAI_API_KEY} by default)
 * and only sent in the {@code Authorization} header: it is taken out of every message this engine makes, and never
 * logged or written.
 *
 * <p><b>What comes from the server.</b> Token counts come from its {@code usage} object (asked for with
 * {@code stream_options.include_usage}). A server that sends none leaves {@code promptTokens} at {@code -1} (unknown)
 * and {@code newTokens} counting streamed chunks, which the common servers send one per token. The listener's
 * {@code prefillDone} gets {@code -1} unless the server reported usage before its first token, and token ids are
 * always {@code -1}; {@code Generation.tokens()} is empty. {@code stoppedAtEos} is the {@code finish_reason}
 * {@code stop}. Fixed-length runs send {@code ignore_eos} (llama-server and vLLM honour it; OpenAI refuses it), and
 * {@code top_k} goes only with sampling that sets one.
 *
 * <p><b>Failures</b> are {@link BackendException}s that the harness reports before going on to the next model: an
 * HTTP error carries the status and the server's message (cut short); a server that sends nothing for the idle
 * timeout gives "no data from URL for TIMEOUT"; one that cannot be reached, or refuses the key, fails in
 * {@code open}. Tokenizing and scoring are not offered.
 */
public final class OpenAiProvider implements GenerationProvider {

    static final String ID = "openai";

    /** The source kind that marks a zoo entry as a remote model. */
    public static final String SOURCE_KIND = ModelEntry.REMOTE_KIND;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "an OpenAI-compatible HTTP server (completions or chat, streamed), for zoo entries of source kind "
                + SOURCE_KIND;
    }

    @Override
    public boolean supports(ModelEntry model) {
        return model.source().kind().equals(SOURCE_KIND);
    }

    @Override
    public GenerationBackend open(ModelEntry model, Path modelFile, BackendConfig config) throws BackendException {
        config.requireCpuOnly(ID, "the server decides where its model runs (start it on the GPU)");
        return open(configOf(model));
    }

    /** Connects to the server {@code config} names, checking that it answers and takes the key. */
    public static GenerationBackend open(OpenAiConfig config) throws BackendException {
        return open(config, System::getenv);
    }

    /** {@link #open(OpenAiConfig)} with the environment given, for tests. */
    static GenerationBackend open(OpenAiConfig config, Function<String, String> env) throws BackendException {
        OpenAiBackend backend = new OpenAiBackend(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(env, "env"));
        backend.probe();
        return backend;
    }

    /** The config a zoo entry of source kind {@code openai} stands for. */
    static OpenAiConfig configOf(ModelEntry model) throws BackendException {
        if (!model.source().kind().equals(SOURCE_KIND)) {
            throw new BackendException("openai runs models whose source kind is " + SOURCE_KIND + "; "
                    + model.id() + " comes from '" + model.source().kind() + "'");
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(model.source().coordinates());
            OpenAiConfig config = OpenAiConfig.of(baseUrl, model.source().model());
            return model.format().equals("chat") ? config.withEndpoint(OpenAiConfig.Endpoint.CHAT) : config;
        } catch (IllegalArgumentException e) {
            throw new BackendException("model " + model.id() + ": source coordinates '"
                    + model.source().coordinates() + "' and model '" + model.source().model()
                    + "' do not name a server and model: " + e.getMessage(), e);
        }
    }
}
