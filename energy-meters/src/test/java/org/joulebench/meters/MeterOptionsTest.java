package org.joulebench.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The one meter-option parser that the CLI, the JMH profiler and the JUnit extension share. */
class MeterOptionsTest {

    private static final MeterConfig BASE = MeterConfig.system();

    @Test
    void everyOptionSetsItsPart() throws Exception {
        MeterOptions o = MeterOptions.parse("meter=RAPL; powercap-root=/fixture/powercap;msr-root=/fixture/cpu;"
                + "cpu-sys-root=/fixture/sys;cpu-vendor=AMD;nvml-lib=/fixture/libnvidia-ml.so.1;sample-hz=20", BASE);
        assertEquals("rapl", o.meter());
        assertEquals(Path.of("/fixture/powercap"), o.config().powercapRoot());
        assertEquals(Path.of("/fixture/cpu"), o.config().msrRoot());
        assertEquals(Path.of("/fixture/sys"), o.config().cpuSysRoot());
        assertEquals("amd", o.config().cpuVendor());
        assertEquals("/fixture/libnvidia-ml.so.1", o.config().nvmlLibrary());
        assertEquals(20.0, o.config().sampleHz());
        assertEquals(7, MeterOptions.Option.values().length, "a new option is parsed and tested here");
    }

    @Test
    void nothingGivenIsTheBase() throws Exception {
        MeterOptions o = MeterOptions.parse("", BASE);
        assertEquals(Meters.AUTO, o.meter());
        assertEquals(BASE, o.config());
        Map<String, String> unset = new HashMap<>();
        unset.put("sample-hz", null);
        assertEquals(BASE, MeterOptions.parse(unset, BASE, "--").config());
    }

    @Test
    void badOptionsNameThemselvesInTheCallersSpelling() {
        assertMessage(Map.of("colour", "blue"), "--", "unknown meter option '--colour'");
        assertMessage(Map.of("sample-hz", "0"), "--", "--sample-hz must be >= 0.1, was 0");
        assertMessage(Map.of("sample-hz", "1e6"), "joulebench.energy.",
                "joulebench.energy.sample-hz 1000000 is above its bound of 1000");
        assertMessage(Map.of("sample-hz", "NaN"), "", "sample-hz must be a finite number, was NaN");
        assertMessage(Map.of("sample-hz", "fast"), "", "sample-hz must be a number, was 'fast'");
        assertMessage(Map.of("cpu-vendor", "via"), "--", "--cpu-vendor: cpu vendor must be 'intel' or 'amd'");
        assertMessage(Map.of("powercap-root", " "), "--", "--powercap-root is empty");
        MeterOptions.OptionException e = assertThrows(MeterOptions.OptionException.class,
                () -> MeterOptions.parse("meter", BASE));
        assertTrue(e.getMessage().contains("'meter' needs a value"), e.getMessage());
        e = assertThrows(MeterOptions.OptionException.class, () -> MeterOptions.parse("meter=rapl;meter=msr", BASE));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    private static void assertMessage(Map<String, String> values, String prefix, String expected) {
        MeterOptions.OptionException e = assertThrows(MeterOptions.OptionException.class,
                () -> MeterOptions.parse(new LinkedHashMap<>(values), BASE, prefix));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.fix().isBlank(), "says what to give");
    }

    @Test
    void theMeterChoicesAreTheProvidersOnTheClassPath() {
        Set<String> ids = new TreeSet<>(List.of(Meters.AUTO));
        Meters.providers().forEach(p -> ids.add(p.id()));
        assertEquals(ids, new TreeSet<>(Arrays.asList(MeterOptions.METER_CHOICES.split("\\|"))));
    }
}
