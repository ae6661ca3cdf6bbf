package org.joulebench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.joulebench.meters.Domain;
import org.joulebench.meters.Meter;
import org.joulebench.meters.Method;
import org.joulebench.meters.Window;
import org.junit.jupiter.api.Test;

/** A result's relative uncertainty is the meter's typed statement, not a key read back from its details. */
class MeterUncertaintyTest {

    /** A meter that states {@code stated} (typed) and carries {@code details}; it never opens a window. */
    private static Meter meter(OptionalDouble stated, Map<String, Object> details) {
        return new Meter() {
            @Override public String id() { return "fixture"; }
            @Override public Method method() { return Method.ESTIMATE; }
            @Override public List<Domain> domains() { return List.of(Domain.CPU_PACKAGE); }
            @Override public String boundary() { return "fixture"; }
            @Override public Map<String, Object> details() { return details; }
            @Override public OptionalDouble relativeUncertainty() { return stated; }
            @Override public Window begin(String label) { throw new UnsupportedOperationException("no windows"); }
            @Override public void close() { }
        };
    }

    @Test
    void theTypedValueIsUsed() {
        assertEquals(0.25, RunEnergy.relativeUncertainty(meter(OptionalDouble.of(0.25), Map.of())));
    }

    @Test
    void aDetailsKeyAloneStatesNothing() {
        assertNull(RunEnergy.relativeUncertainty(meter(OptionalDouble.empty(),
                Map.of("relative_uncertainty", 0.25))), "no statement: null, never 0");
    }
}
