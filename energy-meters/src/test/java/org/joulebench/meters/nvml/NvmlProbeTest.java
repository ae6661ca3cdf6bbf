package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterProvider;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Method;
import org.joulebench.meters.Probe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlProbeTest {

    @TempDir
    static Path libs;

    @TempDir
    Path tmp;

    private static FakeNvmlLibrary full;
    private static FakeNvmlLibrary noMig;
    private FakeNvmlLibrary.Control gpu;

    private final NvmlMeterProvider provider = new NvmlMeterProvider();

    @BeforeAll
    static void compile() throws Exception {
        full = FakeNvmlLibrary.compile(libs, "full");
        noMig = FakeNvmlLibrary.compile(libs, "no-mig", "OMIT_MIG");
    }

    @BeforeEach
    void reset() {
        if (full != null && noMig != null) {
            noMig.reset();
            gpu = full.reset();
        }
    }

    private static MeterConfig config(String library) {
        return MeterConfig.system().withNvmlLibrary(library);
    }

    /** The probe is unavailable, and open() fails with the same reason and fix. */
    private Probe unavailable(String library) {
        Probe probe = provider.probe(config(library));
        assertFalse(probe.isAvailable(), probe.toString());
        MeterUnavailableException e = assertThrows(MeterUnavailableException.class,
                () -> provider.open(config(library)));
        assertEquals(probe.detail(), e.getMessage());
        assertEquals(probe.fix().orElseThrow(), e.fix());
        return probe;
    }

    @Test
    void aMissingLibraryPathIsUnavailableWithTheFix() {
        String library = tmp.resolve("no-driver/libnvidia-ml.so.1").toString();
        Probe probe = unavailable(library);
        assertEquals("NVML library " + library + " not found (no NVIDIA driver installed)", probe.detail());
        assertEquals("install the NVIDIA driver (it provides libnvidia-ml.so.1), or point --nvml-lib at it;"
                + " in containers use the NVIDIA container toolkit (--gpus)", probe.fix().orElseThrow());
    }

    @Test
    void aFileThatIsNoLibraryIsUnavailable() throws Exception {
        Path notALibrary = java.nio.file.Files.writeString(tmp.resolve("libnvidia-ml.so.1"), "not ELF");
        Probe probe = unavailable(notALibrary.toString());
        assertTrue(probe.detail().startsWith("NVML library " + notALibrary + " could not be loaded ("), probe.detail());
        assertEquals(JnaNvml.NOT_FOUND_FIX, probe.fix().orElseThrow());
    }

    @Test
    void aLibraryNameTheLoaderCannotFindIsUnavailable() {
        Probe probe = unavailable("libnvidia-ml-joulebench-absent.so.1");
        assertEquals("NVML library libnvidia-ml-joulebench-absent.so.1 not found (no NVIDIA driver installed)",
                probe.detail());
    }

    @Test
    void aFailedInitNamesTheMappedErrorAndTheDriversWords() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_init_result(9);
        Probe probe = unavailable(full.path().toString());
        assertEquals("NVML (" + full.path() + ") could not start: nvmlInit_v2 failed: NVML_ERROR_DRIVER_NOT_LOADED"
                + " (the NVIDIA kernel driver is not loaded): \"Driver Not Loaded\"", probe.detail());
        assertTrue(probe.fix().orElseThrow().contains("`nvidia-smi` must work"), probe.fix().orElseThrow());
        assertEquals(0, gpu.fake_init_refs());
        assertEquals(0, gpu.fake_shutdown_calls());
    }

    @Test
    void aDriverLibraryMismatchSaysToReboot() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_init_result(18);
        Probe probe = unavailable(full.path().toString());
        assertTrue(probe.detail().contains("NVML_ERROR_LIB_RM_VERSION_MISMATCH"), probe.detail());
        assertTrue(probe.fix().orElseThrow().contains("reboot"), probe.fix().orElseThrow());
    }

    @Test
    void zeroGpusIsUnavailableAndNvmlIsShutDown() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_device_count(0);
        Probe probe = unavailable(full.path().toString());
        assertEquals("NVML (" + full.path() + ") found no GPU (nvmlDeviceGetCount_v2 returned 0)", probe.detail());
        assertEquals(NvmlSession.NO_GPU_FIX, probe.fix().orElseThrow());
        assertEquals(0, gpu.fake_init_refs());
        assertEquals(2, gpu.fake_init_calls());
        assertEquals(2, gpu.fake_shutdown_calls());
    }

    @Test
    void aBoardWithNeitherCounterPowerNorUtilisationIsUnavailable() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_energy_supported(0, 0);
        gpu.fake_set_power_result(0, 3);
        gpu.fake_set_utilization_result(0, 3);
        Probe probe = unavailable(full.path().toString());
        assertTrue(probe.detail().startsWith("GPU 0 (Fake GPU 0, GPU-00000000-0000-0000-0000-000000000000): its"
                + " utilisation cannot be read, so its power cannot even be estimated: nvmlDeviceGetUtilizationRates"
                + " failed: NVML_ERROR_NOT_SUPPORTED"), probe.detail());
        assertTrue(probe.detail().contains("no power readings (nvmlDeviceGetPowerUsage failed:"
                + " NVML_ERROR_NOT_SUPPORTED"), probe.detail());
        assertEquals(NvmlSession.NO_POWER_FIX, probe.fix().orElseThrow());
        assertEquals(0, gpu.fake_init_refs());
    }

    @Test
    void aProbeOfTheEstimateSaysItIsNotMeasuredAndWhy() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_energy_supported(0, 0);
        gpu.fake_set_power_result(0, 3);
        Probe probe = provider.probe(config(full.path().toString()));
        assertTrue(probe.isAvailable(), probe.toString());
        assertTrue(probe.detail().startsWith("1 NVIDIA GPU via NVML (" + full.path() + "), power estimated from"
                + " utilisation at 10 Hz, not measured (GPU 0 (Fake GPU 0, "), probe.detail());
        assertEquals(0, gpu.fake_init_refs());
    }

    @Test
    void anAvailableProbeListsTheGpusAndLeavesNvmlShutDown() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_device_count(2);
        Probe probe = provider.probe(config(full.path().toString()));
        assertTrue(probe.isAvailable(), probe.toString());
        assertEquals("2 NVIDIA GPUs via NVML (" + full.path() + "), energy counters: 0 Fake GPU 0"
                + " (GPU-00000000-0000-0000-0000-000000000000), 1 Fake GPU 1 (GPU-00000000-0000-0000-0000-000000000001)",
                probe.detail());
        assertEquals(0, gpu.fake_init_refs());
    }

    @Test
    void aProbeOfPowerIntegrationSaysWhy() {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        gpu.fake_set_energy_supported(0, 0);
        Probe probe = provider.probe(config(full.path().toString()));
        assertTrue(probe.isAvailable(), probe.toString());
        assertTrue(probe.detail().startsWith("1 NVIDIA GPU via NVML (" + full.path() + "), power integration at"
                + " 10 Hz (GPU 0 (Fake GPU 0, "), probe.detail());
    }

    @Test
    void aDriverWithoutMigCallsTakesHandlesAsWholeGpus() throws Exception {
        FakeNvmlLibrary.assumeCompiled(full, noMig);
        noMig.control().fake_set_device_count(2);
        try (NvmlMeter meter = (NvmlMeter) provider.open(config(noMig.path().toString()))) {
            assertEquals(Method.COUNTER, meter.method());
            assertEquals(2, meter.devices().size());
            assertEquals(List.of("nvmlDeviceIsMigDeviceHandle not in this driver: every handle is taken as a whole"
                    + " GPU (MIG needs driver 470+)"), meter.details().get("driver_notes"));
        }
        assertEquals(0, noMig.control().fake_init_refs());
    }

    @Test
    void providerFacts() {
        assertEquals("nvml", provider.id());
        assertEquals(80, provider.priority());
        assertEquals(Method.COUNTER, provider.method());
        List<String> ids = Meters.providers().stream().map(MeterProvider::id).toList();
        assertEquals(List.of("rapl", "nvml", "estimate"),
                ids.stream().filter(List.of("rapl", "nvml", "estimate")::contains).toList());
    }
}
