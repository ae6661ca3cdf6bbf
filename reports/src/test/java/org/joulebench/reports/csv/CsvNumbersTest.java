package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvNumbersTest {

    @Test
    void nineSignificantDigits() {
        assertEquals("0.0123456789", CsvNumbers.decimal(0.0123456789123));
        assertEquals("3.14159265", CsvNumbers.decimal(Math.PI));
        assertEquals("0.3", CsvNumbers.decimal(0.1 + 0.2));
    }

    @Test
    void neverAnExponent() {
        assertEquals("0.0000001", CsvNumbers.decimal(1e-7));
        assertEquals("0.0000000000015", CsvNumbers.decimal(1.5e-12));
        assertEquals("12345678900", CsvNumbers.decimal(12345678901.0));
        assertEquals("1000000", CsvNumbers.decimal(1e6));
    }

    @Test
    void trailingZerosAreDropped() {
        assertEquals("2.5", CsvNumbers.decimal(2.5));
        assertEquals("1", CsvNumbers.decimal(1.0));
        assertEquals("0", CsvNumbers.decimal(0.0));
        assertEquals("0", CsvNumbers.decimal(-0.0));
        assertEquals("-0.00000005", CsvNumbers.decimal(-5e-8));
    }

    @Test
    void notFiniteIsAnEmptyFieldNotZero() {
        assertEquals("", CsvNumbers.decimal(Double.NaN));
        assertEquals("", CsvNumbers.decimal(Double.POSITIVE_INFINITY));
    }
}
