package org.joulebench.runners;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds generation engine providers, as {@link Backends} finds embedding backends. */
public final class Engines {

    private Engines() {
    }

    /** All generation engines on the class path, sorted by id. */
    public static List<GenerationProvider> providers() {
        List<GenerationProvider> all = new ArrayList<>();
        ServiceLoader.load(GenerationProvider.class, Engines.class.getClassLoader()).forEach(all::add);
        all.sort(Comparator.comparing(GenerationProvider::id));
        return all;
    }

    public static Optional<GenerationProvider> find(String id) {
        return providers().stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
