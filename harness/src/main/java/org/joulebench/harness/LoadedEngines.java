package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.joulebench.runners.BackendConfig;
import org.joulebench.runners.BackendException;
import org.joulebench.runners.Engines;
import org.joulebench.runners.GenerationBackend;
import org.joulebench.runners.GenerationProvider;
import org.joulebench.zoo.ModelEntry;
import org.joulebench.zoo.ModelLoadException;
import org.joulebench.zoo.ModelZoo;

/**
 * The run's generative models, each on every engine that can run it (the same model on two
 * engines is the fair comparison of engines), opened before anything is measured.
 */
final class LoadedEngines implements AutoCloseable {

    record Spec(ModelEntry entry, GenerationProvider engine) {
    }

    record Loaded(Spec spec, GenerationBackend backend) {
    }

    private final List<Loaded> loaded;

    private LoadedEngines(List<Loaded> loaded) {
        this.loaded = loaded;
    }

    /** Engines opened elsewhere (tests). */
    static LoadedEngines of(List<Loaded> loaded) {
        return new LoadedEngines(List.copyOf(loaded));
    }

    List<Loaded> all() {
        return loaded;
    }

    /** Every (model, engine) pair for the given generation models; {@code engine} null means every engine. */
    static List<Spec> resolve(List<ModelEntry> models, String engine) throws InputException {
        List<GenerationProvider> providers = Engines.providers();
        List<Spec> specs = new ArrayList<>();
        for (ModelEntry e : models) {
            List<GenerationProvider> supporting = providers.stream().filter(p -> p.supports(e)).toList();
            List<GenerationProvider> chosen = engine == null ? supporting
                    : supporting.stream().filter(p -> p.id().equals(engine)).toList();
            if (chosen.isEmpty()) {
                throw new InputException("no " + (engine == null ? "engine" : "engine '" + engine + "'")
                        + " can run model '" + e.id() + "' (format " + e.format() + ")",
                        supporting.isEmpty() ? "add a generation engine for " + e.format() + " to the class path"
                                : "engines for it: " + supporting.stream().map(GenerationProvider::id)
                                .collect(Collectors.joining(", ")));
            }
            chosen.forEach(p -> specs.add(new Spec(e, p)));
        }
        return specs;
    }

    /** Opens every pair; on failure closes what was opened and says which pair failed and why. */
    /** {@link #open(ModelZoo, List, BackendConfig)} on the CPU with {@code threads} threads. */
    static LoadedEngines open(ModelZoo zoo, List<Spec> specs, int threads) throws InputException {
        return open(zoo, specs, BackendConfig.cpu(threads));
    }

    static LoadedEngines open(ModelZoo zoo, List<Spec> specs, BackendConfig config) throws InputException {
        List<Loaded> opened = new ArrayList<>();
        try {
            for (Spec s : specs) {
                try {
                    var file = onDisk(zoo, s.entry());
                    opened.add(new Loaded(s, s.engine().open(s.entry(), file, config)));
                } catch (ModelLoadException e) {
                    throw new InputException(e.getMessage(), "see the message; `joulebench zoo` lists the models", e);
                } catch (BackendException e) {
                    throw new InputException("engine " + s.engine().id() + " cannot open model " + s.entry().id()
                            + ": " + e.getMessage(), "see the message", e);
                }
            }
            return new LoadedEngines(opened);
        } catch (InputException e) {
            opened.forEach(l -> l.backend().close());
            throw e;
        }
    }

    /**
     * A file source is opened where it lies (after its checksum); class-path models get a verified copy on disk; a
     * model behind a server has no file (null).
     */
    private static java.nio.file.Path onDisk(ModelZoo zoo, ModelEntry e) throws ModelLoadException {
        if (ModelEntry.REMOTE_KIND.equals(e.source().kind())) {
            return null;
        }
        if (!"file".equals(e.source().kind())) {
            return zoo.modelFile(e, ModelZoo.defaultCacheDir());
        }
        java.nio.file.Path p = java.nio.file.Path.of(e.source().coordinates(), e.source().model());
        try {
            String actual = org.joulebench.zoo.Sha256.hex(p);
            if (!actual.equalsIgnoreCase(e.sha256())) {
                throw new ModelLoadException("model " + e.id() + ": sha256 of " + p + " is " + actual + ", expected "
                        + e.sha256() + "; the file changed since it was catalogued");
            }
            return p;
        } catch (java.io.IOException ex) {
            throw new ModelLoadException("model " + e.id() + ": cannot read " + p + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        loaded.forEach(l -> l.backend().close());
    }
}
