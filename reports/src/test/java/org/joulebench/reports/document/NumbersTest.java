package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.joulebench.harness.Stat;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void fourSignificantDigitsButNeverRoundedLeftOfThePoint() {
        assertEquals("0.01235", Numbers.sig(0.0123456));
        assertEquals("5.000", Numbers.sig(5));
        assertEquals("1235", Numbers.sig(1234.567));
        assertEquals("123457", Numbers.sig(123456.7));
        assertEquals("0.000", Numbers.sig(0));
        assertEquals("-0.001000", Numbers.sig(-0.001));
        assertEquals("0.0000001000", Numbers.sig(1e-7));
        assertEquals("0.1000", Numbers.sig(0.099996));
    }

    @Test
    void notFiniteIsNotAvailableNotZero() {
        assertEquals("n/a", Numbers.sig(Double.NaN));
        assertEquals("n/a", Numbers.fixed(Double.POSITIVE_INFINITY, 2));
        assertEquals("n/a", Numbers.withCi(null));
    }

    @Test
    void anIntervalUsesTheDecimalsOfItsLargestValue() {
        assertEquals("0.05000 [0.04500, 0.05600]", Numbers.withCi(Stat.of(0.05, 0.045, 0.056, 3, "repetitions")));
        assertEquals("-0.001000 [-0.004000, 0.002000]",
                Numbers.withCi(Stat.of(-0.001, -0.004, 0.002, 3, "repetitions")));
        assertEquals("6.250 [5.600, 7.000]", Numbers.withCi(0.00625, 0.0056, 0.007, 1000));
        assertEquals("420.5 [400.1, 441.8]", Numbers.withCi(Stat.of(420.5, 400.125, 441.75, 3, "repetitions")));
    }

    @Test
    void accuracyHasThreeDecimals() {
        assertEquals("0.750 [0.500, 0.900]", Numbers.accuracy(0.75, List.of(0.5, 0.9)));
        assertEquals("0.750", Numbers.accuracy(0.75, null));
    }

    @Test
    void parameterCountsAreShort() {
        assertEquals("22.7M", Numbers.params(22_700_000));
        assertEquals("1.10B", Numbers.params(1_100_000_000));
        assertEquals("4.40M", Numbers.params(4_400_000));
        assertEquals("999", Numbers.params(999));
        assertEquals("n/a", Numbers.params(0));
    }

    @Test
    void valuesFromMapsArePlain() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("a", 1e-7);
        nested.put("b", List.of(1, 2.5f));
        assertEquals("{a: 0.0000001, b: [1, 2.5]}", Numbers.value(nested));
        assertEquals("0.74", Numbers.value(0.74));
        assertEquals("8", Numbers.value(8L));
        assertEquals("1500", Numbers.value(new BigDecimal("1.5E+3")));
        assertEquals("none", Numbers.value(null));
    }
}
