package org.joulebench.harness;

import java.util.ArrayList;
import java.util.List;

import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Probe;

/** The meters of this machine, by their providers ({@link Meters}). */
enum SystemMeters implements MeterOpener {
    INSTANCE;

    /**
     * The meter {@code --meter} names (or auto's CPU meter) and, beside it, every accelerator meter that works here:
     * one that probes available but fails to open is left out with a warning.
     */
    @Override
    public MeterSet open(String meter, MeterConfig config, List<String> warnings) throws InputException {
        Meter chosen;
        try {
            chosen = Meters.open(meter, config);
        } catch (MeterUnavailableException e) {
            throw new InputException("meter '" + meter + "' cannot be used: " + e.getMessage(), e.fix(), e);
        }
        List<Meter> open = new ArrayList<>(List.of(chosen));
        for (MeterProvider p : Meters.availableAccelerators(config)) {
            if (p.id().equals(chosen.id())) {
                continue;
            }
            try {
                open.add(p.open(config));
            } catch (MeterUnavailableException | RuntimeException e) {
                warnings.add("meter " + p.id() + " probed available but could not be opened, so its domain is not"
                        + " measured: " + e.getMessage());
            }
        }
        return MeterSet.of(open);
    }

    @Override
    public List<MeterInfo> describe(MeterSet meters, MeterConfig config) {
        List<MeterInfo> infos = new ArrayList<>();
        for (MeterProvider p : Meters.providers()) {
            Meter used = meters.meters().stream().filter(u -> u.id().equals(p.id())).findFirst().orElse(null);
            if (used != null) {
                infos.add(new MeterInfo(p.id(), used.method().name(),
                        used.domains().stream().map(Enum::name).toList(), "used", p.probe(config).detail(),
                        null, used.boundary(), used.details()));
            } else {
                Probe probe = p.probe(config);
                infos.add(new MeterInfo(p.id(), p.method().name(), List.of(),
                        probe.isAvailable() ? "available" : "unavailable", probe.detail(), probe.fix().orElse(null),
                        null, null));
            }
        }
        return infos;
    }
}
