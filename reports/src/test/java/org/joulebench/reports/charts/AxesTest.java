package org.joulebench.reports.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.joulebench.reports.ReportFixtures;
import org.junit.jupiter.api.Test;

class AxesTest {

    @Test
    void anEnergyAxisCarriesTheMethod() {
        assertEquals("J/query (net, ESTIMATE ±50%)", Axes.energyLabel("J/query", ReportFixtures.run().results()));
    }

    @Test
    void smallAndLargeModelsFarApartGetALogScale() {
        ValueAxis axis = Axes.energy("J/query", new double[] {0.01, 0.012, 5.0});
        assertInstanceOf(LogAxis.class, axis);
        assertEquals("J/query, log scale", axis.getLabel());
    }

    @Test
    void netEnergyAtOrBelowZeroKeepsALinearScale() {
        assertInstanceOf(NumberAxis.class, Axes.energy("J/query", new double[] {-0.001, 5.0}));
        assertInstanceOf(NumberAxis.class, Axes.energy("J/query", new double[] {0.1, 0.8}));
    }

    @Test
    void tickLabelsHaveAPointAndNoGrouping() {
        assertEquals("16000.25", Axes.number("x").getNumberFormatOverride().format(16000.25));
    }
}
