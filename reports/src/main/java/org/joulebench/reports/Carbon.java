package org.joulebench.reports;

import java.util.Objects;

/**
 * A conversion of energy to emissions: grams of CO2-equivalent = kWh × grid intensity × PUE. Always a
 * conversion with a declared factor, never a measurement; reports label it so.
 *
 * @param gramsPerKilowattHour the grid's carbon intensity, gCO2e per kWh
 * @param pue                  the data centre's power usage effectiveness (1 for none), at least 1
 * @param basis                where the intensity comes from, in words (a region with its source and year, or a flag)
 */
public record Carbon(double gramsPerKilowattHour, double pue, String basis) {

    private static final double JOULES_PER_KWH = 3.6e6;

    public Carbon {
        if (!(gramsPerKilowattHour >= 0) || !Double.isFinite(gramsPerKilowattHour)) {
            throw new IllegalArgumentException("a grid intensity must be a finite number of g/kWh at or above 0, got "
                    + gramsPerKilowattHour);
        }
        if (!(pue >= 1) || !Double.isFinite(pue)) {
            throw new IllegalArgumentException("a PUE must be a finite number at or above 1 (1 = no overhead), got "
                    + pue);
        }
        Objects.requireNonNull(basis, "basis");
    }

    /** What the conversion is, in words a report can print. */
    public static final String DEFINITION = "gCO2e = net energy in kWh × grid intensity (gCO2e/kWh) × PUE. This is a"
            + " conversion with a declared factor, not a measurement: the grid's intensity varies by hour and"
            + " place, and the factor is a yearly average.";

    /** Grams of CO2-equivalent for {@code joules} of energy. */
    public double grams(double joules) {
        return joules / JOULES_PER_KWH * gramsPerKilowattHour * pue;
    }
}
