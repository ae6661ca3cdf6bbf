package org.joulebench.runners.serve;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One meter window per response, and how many responses overlapped each: a meter reads its whole boundary, so a
 * response served beside others shares its window's joules with them. The figure is the gross energy of the
 * boundary over the response's time, never a share computed here; {@code concurrent_requests} says how many
 * responses were in flight at once at most during it (itself included), so that a reader can judge it.
 */
final class EnergyWindows {

    static final String NOTE = "gross energy of the whole meter boundary over this response's time (from the "
            + "moment one of the server's engine slots took it, its wait for a serial engine included, to its last "
            + "token); responses that overlap it (concurrent_requests counts them, this "
            + "one included) share the same joules, so these figures must not be summed";

    private final ResponseMeter meter;
    private final Set<Open> open = new HashSet<>();

    EnergyWindows(ResponseMeter meter) {
        this.meter = meter;
    }

    /** A response's window, open from {@link #begin} to {@link #end}. */
    static final class Open {
        private final ResponseMeter.Window window;
        private int mostAtOnce;

        private Open(ResponseMeter.Window window) {
            this.window = window;
        }
    }

    Open begin(String label) {
        Open o = new Open(meter.begin(label));
        synchronized (this) {
            open.add(o);
            int n = open.size();
            for (Open each : open) {
                each.mostAtOnce = Math.max(each.mostAtOnce, n);
            }
        }
        return o;
    }

    /** Ends the window; the {@code usage} fields it gives: {@code energy}, or {@code energy_unavailable}. */
    ObjectNode end(Open o) {
        int concurrent;
        synchronized (this) {
            open.remove(o);
            concurrent = o.mostAtOnce;
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        ResponseMeter.Reading r;
        try {
            r = o.window.end();
        } catch (ResponseMeter.Unreadable e) {
            fields.put("energy_unavailable", "meter " + meter.id() + " could not be read for this response: "
                    + e.getMessage());
            return fields;
        } catch (RuntimeException e) {
            fields.put("energy_unavailable", "meter " + meter.id() + " failed for this response: " + e);
            return fields;
        }
        ObjectNode energy = fields.putObject("energy");
        energy.put("joules", r.joules());
        energy.put("seconds", r.duration().toNanos() / 1e9);
        energy.put("method", meter.method());
        energy.put("meter", meter.id());
        energy.put("boundary", meter.boundary());
        energy.put("concurrent_requests", concurrent);
        if (!r.flags().isEmpty()) {
            r.flags().forEach(energy.putArray("flags")::add);
        }
        energy.put("note", NOTE);
        return fields;
    }
}
