package org.joulebench.harness;

import java.net.URI;
import java.util.Objects;

import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelSource;
import org.joulebench.zoo.Pooling;
import org.joulebench.zoo.Precision;

/**
 * A model behind an OpenAI-compatible server, named on the command line ({@code --openai-url}, {@code
 * --openai-model}, {@code --openai-chat}); the API key comes only from the environment, never from here.
 *
 * @param url   the server's API root, e.g. {@code http://127.0.0.1:8000/v1}
 * @param model the model's name as the server knows it
 * @param chat         whether to use {@code /v1/chat/completions} rather than {@code /v1/completions}
 * @param startedByRun whether the server is a child process of this run ({@code --serve-local}), and so inside the
 *                     process tree the ESTIMATE meter counts
 */
public record RemoteModel(String url, String model, boolean chat, boolean startedByRun) {

    /** A server this run did not start. */
    public RemoteModel(String url, String model, boolean chat) {
        this(url, model, chat, false);
    }

    public RemoteModel {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(model, "model");
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--openai-url '" + url + "' is not a URL (" + e.getReason()
                    + "); give the server's API root, e.g. http://127.0.0.1:8000/v1");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("--openai-url '" + url + "' is not an http or https URL with a host;"
                    + " give the server's API root, e.g. http://127.0.0.1:8000/v1");
        }
        if (uri.getUserInfo() != null || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("--openai-url '" + url.replaceAll("//[^/@]*@", "//***@")
                    + "' carries user info or a query; give the API root only, the key goes in $OPENAI_API_KEY");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("--openai-model is blank; give the model's name as the server lists"
                    + " it (GET " + url + "/models)");
        }
    }

    /**
     * The zoo entry that stands for this model (source kind {@code openai}): its size and precision are unknown (the
     * server does not say), and it has no file, so no checksum.
     */
    ModelEntry entry(String id) {
        return new ModelEntry(id, "remote (OpenAI-compatible server)", "generation", 0, 0, 0, Precision.UNKNOWN,
                chat ? "chat" : "completions", new ModelSource(ModelEntry.REMOTE_KIND, url, model, ""), "",
                0, "unknown", Pooling.MEAN, false, 0, url + " " + model, "");
    }
}
