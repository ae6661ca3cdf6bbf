package org.joulebench.harness;

import java.util.List;

import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterSet;

/**
 * How a run opens its meters, and how it describes every meter for results.json: {@link #system()} for the meters
 * of this machine (the command line's); a test passes its own.
 */
public interface MeterOpener {

    /**
     * The meter {@code meter} names (or auto's CPU meter) first and, beside it, every accelerator meter that works;
     * one left out is said in {@code warnings}.
     *
     * @throws InputException when the named meter cannot be used here (before anything is measured)
     */
    MeterSet open(String meter, MeterConfig config, List<String> warnings) throws InputException;

    /** Every meter known, as results.json lists them: those of {@code used}, then the others available or not. */
    List<MeterInfo> describe(MeterSet used, MeterConfig config);

    /** The meters of this machine, found through {@link org.joulebench.meters.Meters}. */
    static MeterOpener system() {
        return SystemMeters.INSTANCE;
    }
}
