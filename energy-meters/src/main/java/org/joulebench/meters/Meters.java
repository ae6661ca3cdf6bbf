package org.joulebench.meters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds meter providers and chooses among them. */
public final class Meters {

    /** The choice that picks the best available meter. */
    public static final String AUTO = "auto";

    private Meters() {
    }

    /** All providers on the class path, best first. */
    public static List<MeterProvider> providers() {
        List<MeterProvider> all = new ArrayList<>();
        ServiceLoader.load(MeterProvider.class, Meters.class.getClassLoader()).forEach(all::add);
        all.sort(Comparator.comparingInt(MeterProvider::priority).reversed().thenComparing(MeterProvider::id));
        return all;
    }

    /**
     * Opens the meter named by {@code choice}, or for {@value #AUTO} the available CPU meter of
     * highest priority (see {@link MeterProvider#measuresCpu()}).
     */
    public static Meter open(String choice, MeterConfig config) throws MeterUnavailableException {
        return open(choice, config, providers());
    }

    /** The available meters of accelerators (GPUs), which {@value #AUTO} leaves to the caller to add. */
    public static List<MeterProvider> availableAccelerators(MeterConfig config) {
        return providers().stream().filter(p -> !p.measuresCpu() && p.probe(config).isAvailable()).toList();
    }

    static Meter open(String choice, MeterConfig config, List<MeterProvider> providers)
            throws MeterUnavailableException {
        String wanted = choice.toLowerCase(Locale.ROOT).trim();
        if (AUTO.equals(wanted)) {
            List<String> reasons = new ArrayList<>();
            for (MeterProvider p : providers) {
                if (!p.measuresCpu()) {
                    continue;
                }
                Probe probe = p.probe(config);
                if (probe.isAvailable()) {
                    return p.open(config);
                }
                reasons.add(p.id() + ": " + probe.detail());
            }
            throw new MeterUnavailableException("no energy meter is available (" + String.join("; ", reasons) + ")",
                    "run `joulebench meters` to see each meter's fix");
        }
        for (MeterProvider p : providers) {
            if (p.id().equals(wanted)) {
                return p.open(config);
            }
        }
        throw new MeterUnavailableException("unknown meter '" + choice + "'",
                "choose one of: auto, " + providers.stream().map(MeterProvider::id).collect(Collectors.joining(", ")));
    }
}
