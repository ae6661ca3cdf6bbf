package org.joulebench.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.InputException;
import org.joulebench.harness.RunFailedException;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterUnavailableException;

/** Opening the meters a command names (auto: the best CPU meter and every working GPU meter) and their idle power. */
final class OpenMeters {

    private OpenMeters() {
    }

    /** Opens every meter of {@code names}, or none: each one named once, each one working, else bad input. */
    static List<Meter> open(List<String> names, MeterConfig config) throws InputException {
        try {
            return MeterSet.open(names, config).meters();
        } catch (MeterUnavailableException e) {
            throw new InputException(e.getMessage(), e.fix(), e);
        }
    }

    /** Each meter's average power over {@code seconds} of idling, by meter id; empty for 0 seconds. */
    static Map<String, Double> idleWatts(List<Meter> open, double seconds) throws RunFailedException {
        Map<String, Double> watts = new LinkedHashMap<>();
        if (seconds == 0) {
            return watts;
        }
        MeterSet.Windows windows = MeterSet.of(open).begin("idle");
        try {
            Thread.sleep(Math.round(seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailedException("interrupted while measuring idle power", e);
        }
        MeterSet.Readings idle = windows.end();
        for (int i = 0; i < open.size(); i++) {
            watts.put(open.get(i).id(), idle.get(i).averagePower().watts());
        }
        return watts;
    }
}
