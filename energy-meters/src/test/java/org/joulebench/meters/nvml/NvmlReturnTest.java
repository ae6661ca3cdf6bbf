package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class NvmlReturnTest {

    @Test
    void codesAreThoseOfNvmlH() {
        assertEquals("NVML_SUCCESS", NvmlReturn.symbolOf(0));
        assertEquals("NVML_ERROR_UNINITIALIZED", NvmlReturn.symbolOf(1));
        assertEquals("NVML_ERROR_NOT_SUPPORTED", NvmlReturn.symbolOf(3));
        assertEquals("NVML_ERROR_NO_PERMISSION", NvmlReturn.symbolOf(4));
        assertEquals("NVML_ERROR_NOT_FOUND", NvmlReturn.symbolOf(6));
        assertEquals("NVML_ERROR_DRIVER_NOT_LOADED", NvmlReturn.symbolOf(9));
        assertEquals("NVML_ERROR_LIBRARY_NOT_FOUND", NvmlReturn.symbolOf(12));
        assertEquals("NVML_ERROR_FUNCTION_NOT_FOUND", NvmlReturn.symbolOf(13));
        assertEquals("NVML_ERROR_GPU_IS_LOST", NvmlReturn.symbolOf(15));
        assertEquals("NVML_ERROR_LIB_RM_VERSION_MISMATCH", NvmlReturn.symbolOf(18));
        assertEquals("NVML_ERROR_UNKNOWN", NvmlReturn.symbolOf(999));
    }

    @Test
    void everyCodeIsListedOnce() {
        Set<Integer> codes = Arrays.stream(NvmlReturn.values()).map(NvmlReturn::code).collect(Collectors.toSet());
        assertEquals(NvmlReturn.values().length, codes.size());
    }

    @Test
    void describeGivesSymbolAndMeaning() {
        assertEquals("NVML_ERROR_NOT_SUPPORTED (the device does not support the requested feature)",
                NvmlReturn.describe(3));
    }

    @Test
    void anUnknownCodeIsNamedByItsNumber() {
        assertEquals("nvmlReturn_t 4242", NvmlReturn.symbolOf(4242));
        assertTrue(NvmlReturn.describe(4242).startsWith("nvmlReturn_t 4242 (a code this version of Joulebench"),
                NvmlReturn.describe(4242));
        assertEquals("fallback", NvmlReturn.fixFor(4242, "fallback"));
    }

    @Test
    void fixesComeFromTheTableOrTheFallback() {
        assertTrue(NvmlReturn.fixFor(18, "fallback").contains("reboot"));
        assertTrue(NvmlReturn.fixFor(9, "fallback").contains("--gpus"));
        assertEquals("fallback", NvmlReturn.fixFor(3, "fallback"));
    }

    @Test
    void exceptionsCarryTheTableAndTheDriversWords() {
        NvmlException e = new NvmlException("nvmlDeviceGetPowerUsage", 15, "GPU is lost");
        assertEquals("nvmlDeviceGetPowerUsage failed: NVML_ERROR_GPU_IS_LOST (the GPU has fallen off the bus or"
                + " otherwise become inaccessible): \"GPU is lost\"", e.getMessage());
        assertTrue(e.is(NvmlReturn.GPU_IS_LOST));
        assertEquals("NVML_ERROR_GPU_IS_LOST", e.shortReason());

        NvmlException missing = NvmlException.missingFunction("nvmlDeviceIsMigDeviceHandle");
        assertEquals("nvmlDeviceIsMigDeviceHandle not in this driver", missing.getMessage());
        assertTrue(missing.isMissingFunction());
        assertEquals("not in this driver", missing.shortReason());
        assertTrue(new NvmlException("f", 13, null).isMissingFunction());
    }
}
