package org.joulebench.meters;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The meters one command reads together: the CPU meter it chose and, beside it, every working meter of an accelerator
 * (NVML's GPUs today; any {@link MeterProvider} that does not {@linkplain MeterProvider#measuresCpu() measure the CPU}
 * joins the same way). A window over the set opens a window on each meter and ends them together, so that every
 * meter's figure covers the same span; the figures stay apart, one {@link Measurement} per meter, because figures of
 * different methods and boundaries must never be added.
 */
public final class MeterSet implements AutoCloseable {

    private final List<Meter> meters;

    private MeterSet(List<Meter> meters) {
        if (meters.isEmpty()) {
            throw new IllegalArgumentException("a meter set needs at least one meter");
        }
        this.meters = List.copyOf(meters);
    }

    /** A set over meters already open, in the order given; closing the set closes them. */
    public static MeterSet of(List<Meter> meters) {
        return new MeterSet(meters);
    }

    /**
     * Opens every meter of {@code names}, or none: {@value Meters#AUTO} is the best CPU meter and, after it, every
     * accelerator meter that works here and is not named as well; each meter may be named once.
     *
     * @throws MeterUnavailableException naming the meter that cannot be opened, why, and the fix; any meter opened
     *                                   before it is closed again
     */
    public static MeterSet open(List<String> names, MeterConfig config) throws MeterUnavailableException {
        return open(names, config, Meters.providers());
    }

    static MeterSet open(List<String> names, MeterConfig config, List<MeterProvider> providers)
            throws MeterUnavailableException {
        List<String> ids = new ArrayList<>();
        for (String n : names) {
            ids.add(n.toLowerCase(java.util.Locale.ROOT).trim());
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no meter named");
        }
        if (ids.contains(Meters.AUTO)) {
            providers.stream()
                    .filter(p -> !p.measuresCpu() && p.probe(config).isAvailable())
                    .map(MeterProvider::id)
                    .filter(id -> !ids.contains(id))
                    .forEach(ids::add);
        }
        List<Meter> open = new ArrayList<>();
        try {
            for (String id : ids) {
                Meter m;
                try {
                    m = Meters.open(id, config, providers);
                } catch (MeterUnavailableException e) {
                    throw new MeterUnavailableException("meter '" + id + "' cannot be used: " + e.getMessage(),
                            e.fix());
                }
                open.add(m);
                if (open.stream().filter(o -> o.id().equals(m.id())).count() > 1) {
                    throw new MeterUnavailableException("meter '" + m.id() + "' is named twice (auto picks it too)",
                            "name each meter once");
                }
            }
        } catch (MeterUnavailableException | RuntimeException e) {
            open.forEach(Meter::close);
            throw e;
        }
        return new MeterSet(open);
    }

    /** The meters, the chosen (CPU) one first. */
    public List<Meter> meters() {
        return meters;
    }

    public int size() {
        return meters.size();
    }

    /** The first meter: the one {@code --meter} chose. */
    public Meter first() {
        return meters.get(0);
    }

    /** The index of the first meter that reports {@code domain}, if any. */
    public Optional<Integer> indexOf(Domain domain) {
        for (int i = 0; i < meters.size(); i++) {
            if (meters.get(i).domains().contains(domain)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Opens a window on every meter of the set. */
    public Windows begin(String label) {
        List<Window> windows = new ArrayList<>(meters.size());
        try {
            for (Meter m : meters) {
                windows.add(m.begin(label));
            }
        } catch (RuntimeException e) {
            // the windows already begun are dropped: a window holds no resource until it ends
            throw e;
        }
        return new Windows(label, windows);
    }

    /** Closes every meter. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Meter m : meters) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** One window on each meter of the set, ended together. */
    public static final class Windows {

        private final String label;
        private final List<Window> windows;

        private Windows(String label, List<Window> windows) {
            this.label = label;
            this.windows = windows;
        }

        public String label() {
            return label;
        }

        /**
         * Ends every meter's window, the last begun first, so that the windows nest: the first meter's (the CPU
         * meter's) holds the others. Returns the measurements in the set's order.
         *
         * @throws MeterReadException the failure of the first meter that failed, after every other window was ended too
         */
        public Readings end() {
            Measurement[] out = new Measurement[windows.size()];
            MeterReadException failed = null;
            for (int i = windows.size() - 1; i >= 0; i--) {
                try {
                    out[i] = windows.get(i).end();
                } catch (MeterReadException e) {
                    failed = e;
                }
            }
            if (failed != null) {
                throw failed;
            }
            return new Readings(List.of(out));
        }
    }

    /** What one window over the set measured: one measurement per meter, in the set's order. */
    public record Readings(List<Measurement> parts) {

        public Readings {
            parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        }

        public Measurement get(int meter) {
            return parts.get(meter);
        }

        /** The first meter's measurement. */
        public Measurement first() {
            return parts.get(0);
        }
    }
}
