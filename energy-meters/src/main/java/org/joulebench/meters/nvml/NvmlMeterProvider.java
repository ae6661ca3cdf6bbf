package org.joulebench.meters.nvml;

import java.util.stream.Collectors;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterReadException;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;

/**
 * NVIDIA GPU boards through NVML, loaded from {@link MeterConfig#nvmlLibrary()}: each board's
 * total-energy counter (Volta and newer), or where a board lacks it, its power readings
 * integrated at {@link MeterConfig#sampleHz()} for every board, or as the last resort, where a
 * board has no power readings either, power estimated from every board's utilisation
 * ({@link UtilizationPowerModel}) and integrated the same way.
 */
public final class NvmlMeterProvider implements MeterProvider {

    private final Nvml.Loader loader;
    private final boolean startSampler;

    public NvmlMeterProvider() {
        this(JnaNvml::load, true);
    }

    /** {@code startSampler} false leaves power sampling to the caller of {@link NvmlMeter#sampleOnce} (tests). */
    NvmlMeterProvider(Nvml.Loader loader, boolean startSampler) {
        this.loader = loader;
        this.startSampler = startSampler;
    }

    @Override
    public String id() {
        return NvmlMeter.ID;
    }

    @Override
    public String description() {
        return "NVIDIA GPU board energy through NVML: the total-energy counter (Volta and newer), else integrated"
                + " power readings, else power estimated from utilisation";
    }

    /**
     * COUNTER; an open meter says POWER_INTEGRATION where a board lacks the counter, and ESTIMATE
     * where a board lacks power readings too.
     */
    @Override
    public Method method() {
        return Method.COUNTER;
    }

    /** A GPU meter: {@code auto} picks a CPU meter and commands add this one beside it. */
    @Override
    public boolean measuresCpu() {
        return false;
    }

    @Override
    public int priority() {
        return 80;
    }

    @Override
    public Probe probe(MeterConfig config) {
        try (NvmlSession session = NvmlSession.open(loader.load(config.nvmlLibrary()), config.nvmlLibrary())) {
            return Probe.available(describe(session, config));
        } catch (MeterUnavailableException e) {
            return Probe.unavailable(e.getMessage(), e.fix());
        }
    }

    @Override
    public Meter open(MeterConfig config) throws MeterUnavailableException {
        NvmlSession session = NvmlSession.open(loader.load(config.nvmlLibrary()), config.nvmlLibrary());
        try {
            return NvmlMeter.open(session, config.ticker(), config.sampleHz(), startSampler);
        } catch (MeterReadException e) {
            session.close();
            throw new MeterUnavailableException("the first NVML power reading failed: " + e.getMessage(),
                    NvmlSession.DEVICE_FIX, e);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    private static String describe(NvmlSession session, MeterConfig config) {
        int n = session.devices().size();
        String hz = NvmlMeter.formatHz(config.sampleHz());
        String how = switch (session.method()) {
            case COUNTER -> "energy counters";
            case POWER_INTEGRATION -> "power integration at " + hz + " Hz (" + session.methodReason().orElseThrow()
                    + ")";
            case ESTIMATE -> "power estimated from utilisation at " + hz + " Hz, not measured ("
                    + session.methodReason().orElseThrow() + ")";
        };
        return n + (n == 1 ? " NVIDIA GPU" : " NVIDIA GPUs") + " via NVML (" + session.library() + "), " + how + ": "
                + session.devices().stream().map(d -> d.index() + " " + d.name() + " (" + d.uuid() + ")")
                        .collect(Collectors.joining(", "));
    }
}
