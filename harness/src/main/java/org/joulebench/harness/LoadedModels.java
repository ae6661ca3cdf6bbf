package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.BackendProvider;
import org.joulebench.runners.Backends;
import org.joulebench.runners.EmbeddingBackend;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelLoadException;
import org.joulebench.zoo.ModelZoo;

/** The run's models, resolved against the zoo and opened on their backends before anything is measured. */
final class LoadedModels implements AutoCloseable {

    record Spec(ModelEntry entry, BackendProvider backend) {
    }

    record Loaded(Spec spec, EmbeddingBackend backend) {
    }

    private final List<Loaded> loaded;

    private LoadedModels(List<Loaded> loaded) {
        this.loaded = loaded;
    }

    List<Loaded> all() {
        return loaded;
    }

    /**
     * The zoo entries named by {@code ids}, or every model the zoo has when empty; unknown ids are bad input. An id
     * named again is the same model loaded once more as its own row, {@code ID#2} (then {@code ID#3}): a within-run
     * A/A check, whose two rows should not differ.
     */
    static List<ModelEntry> entries(ModelZoo zoo, List<String> ids) throws InputException {
        if (ids.isEmpty()) {
            return zoo.models();
        }
        List<ModelEntry> entries = new ArrayList<>();
        for (String id : ids) {
            ModelEntry e = zoo.find(id).orElseThrow(() -> new InputException("unknown model '" + id + "'",
                    "choose from: " + zoo.models().stream().map(ModelEntry::id).collect(Collectors.joining(", "))
                            + " (see `joulebench zoo`)"));
            long earlier = entries.stream().filter(x -> x.id().equals(e.id()) || x.id().startsWith(e.id() + "#"))
                    .count();
            entries.add(earlier == 0 ? e : e.withId(e.id() + "#" + (earlier + 1)));
        }
        return entries;
    }

    /** The embedding models' backends: the first that supports each, or the one named. */
    static List<Spec> resolve(List<ModelEntry> entries, String backendId) throws InputException {
        List<Spec> specs = new ArrayList<>();
        for (ModelEntry e : entries) {
            List<BackendProvider> supporting = Backends.supporting(e);
            BackendProvider chosen;
            if (backendId == null) {
                if (supporting.isEmpty()) {
                    throw new InputException("no backend can run model '" + e.id() + "' (format " + e.format() + ")",
                            "add a backend for " + e.format() + " to the class path");
                }
                chosen = supporting.get(0);
            } else {
                chosen = supporting.stream().filter(p -> p.id().equals(backendId)).findFirst()
                        .orElseThrow(() -> new InputException("backend '" + backendId + "' cannot run model '" + e.id()
                                + "'", "backends for it: " + supporting.stream().map(BackendProvider::id)
                                .collect(Collectors.joining(", "))));
            }
            specs.add(new Spec(e, chosen));
        }
        return specs;
    }

    /** Loads and opens every model; on failure closes what was opened and says which model failed and why. */
    /** {@link #open(ModelZoo, List, BackendConfig)} on the CPU with {@code threads} threads. */
    static LoadedModels open(ModelZoo zoo, List<Spec> specs, int threads) throws InputException {
        return open(zoo, specs, BackendConfig.cpu(threads));
    }

    static LoadedModels open(ModelZoo zoo, List<Spec> specs, BackendConfig config) throws InputException {
        List<Loaded> opened = new ArrayList<>();
        try {
            for (Spec s : specs) {
                try {
                    opened.add(new Loaded(s, s.backend().open(zoo.load(s.entry()), config)));
                } catch (ModelLoadException e) {
                    throw new InputException(e.getMessage(), "see the message; `joulebench zoo` lists the models", e);
                } catch (BackendException e) {
                    throw new InputException("backend " + s.backend().id() + " cannot open model " + s.entry().id()
                            + ": " + e.getMessage(), "see the message", e);
                }
            }
            return new LoadedModels(opened);
        } catch (InputException e) {
            opened.forEach(l -> l.backend().close());
            throw e;
        }
    }

    @Override
    public void close() {
        loaded.forEach(l -> l.backend().close());
    }
}
