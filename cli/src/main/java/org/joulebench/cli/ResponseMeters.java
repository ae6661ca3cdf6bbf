package org.joulebench.cli;

import java.util.Locale;

import org.joulebench.meters.Measurement;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterReadException;
import org.joulebench.runners.serve.ResponseMeter;

/** {@code serve}'s response meter over one of Joulebench's meters: each response its own, independent window. */
final class ResponseMeters implements ResponseMeter {

    private final Meter meter;

    ResponseMeters(Meter meter) {
        this.meter = meter;
    }

    @Override
    public String id() {
        return meter.id();
    }

    @Override
    public String method() {
        return meter.method().name();
    }

    @Override
    public String boundary() {
        return meter.boundary();
    }

    @Override
    public Window begin(String label) {
        org.joulebench.meters.Window w = meter.begin(label);
        return () -> {
            Measurement m;
            try {
                m = w.end();
            } catch (MeterReadException e) {
                throw new Unreadable(e.getMessage(), e);
            }
            return new Reading(m.total().joules(), m.duration(),
                    m.flags().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        };
    }
}
