package org.joulebench.runners;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.joulebench.zoo.ModelEntry;

/** Finds backend providers. */
public final class Backends {

    private Backends() {
    }

    /** All providers on the class path, sorted by id. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> all = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(all::add);
        all.sort(java.util.Comparator.comparing(BackendProvider::id));
        return all;
    }

    /** The providers that can run {@code model}. */
    public static List<BackendProvider> supporting(ModelEntry model) {
        return providers().stream().filter(p -> p.supports(model)).toList();
    }

    public static Optional<BackendProvider> find(String id) {
        return providers().stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
