package org.joulebench.meters.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Method;
import org.junit.jupiter.api.Test;

/** The lifecycle rules over a hand-written fake: init and shutdown balanced on every path. */
class NvmlSessionTest {

    private static final String LIB = "libnvidia-ml.so.1";

    private static MeterUnavailableException failsToOpen(FakeNvml fake) {
        return assertThrows(MeterUnavailableException.class, () -> NvmlSession.open(fake, LIB));
    }

    @Test
    void openAndCloseCallInitAndShutdownOnceEach() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(2);
        NvmlSession session = NvmlSession.open(fake, LIB);
        assertEquals(1, fake.inits);
        assertEquals(0, fake.shutdowns);
        assertEquals(List.of("GPU-0", "GPU-1"), session.devices().stream().map(GpuDevice::uuid).toList());
        assertEquals(Method.COUNTER, session.method());
        assertTrue(session.methodReason().isEmpty());
        session.close();
        session.close();
        assertEquals(1, fake.shutdowns);
        assertEquals(0, fake.refs);
    }

    @Test
    void failedInitIsNotShutDown() {
        FakeNvml fake = FakeNvml.withBoards(1).fail("nvmlInit_v2", NvmlReturn.NO_PERMISSION);
        MeterUnavailableException e = failsToOpen(fake);
        assertEquals("NVML (libnvidia-ml.so.1) could not start: nvmlInit_v2 failed: NVML_ERROR_NO_PERMISSION (the"
                + " current user may not perform this operation): \"fake says 4\"", e.getMessage());
        assertTrue(e.fix().contains("/dev/nvidia*"), e.fix());
        assertEquals(0, fake.shutdowns);
    }

    @Test
    void everyFailureAfterInitShutsDownAgain() {
        for (String function : List.of("nvmlDeviceGetCount_v2", "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetUUID",
                "nvmlDeviceGetName", "nvmlDeviceIsMigDeviceHandle")) {
            FakeNvml fake = FakeNvml.withBoards(2).fail(function, NvmlReturn.GPU_IS_LOST);
            MeterUnavailableException e = failsToOpen(fake);
            assertTrue(e.getMessage().contains(function + " failed: NVML_ERROR_GPU_IS_LOST"), e.getMessage());
            assertTrue(e.fix().contains("Xid"), e.fix());
            assertEquals(1, fake.shutdowns, function);
            assertEquals(0, fake.refs, function);
        }
    }

    @Test
    void zeroGpusIsUnavailableAndShutsDown() {
        FakeNvml fake = FakeNvml.withBoards(0);
        MeterUnavailableException e = failsToOpen(fake);
        assertEquals("NVML (libnvidia-ml.so.1) found no GPU (nvmlDeviceGetCount_v2 returned 0)", e.getMessage());
        assertEquals(NvmlSession.NO_GPU_FIX, e.fix());
        assertEquals(1, fake.shutdowns);
    }

    @Test
    void aCounterErrorOtherThanNotSupportedFailsTheOpen() {
        FakeNvml fake = FakeNvml.withBoards(1).fail("nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NO_PERMISSION);
        MeterUnavailableException e = failsToOpen(fake);
        assertTrue(e.getMessage().startsWith("GPU 0 (Board 0, GPU-0): nvmlDeviceGetTotalEnergyConsumption failed:"
                + " NVML_ERROR_NO_PERMISSION"), e.getMessage());
        assertEquals(1, fake.shutdowns);
    }

    @Test
    void notSupportedCounterFallsBackToPowerForEveryBoard() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(2).fail("nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED);
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            assertEquals(Method.POWER_INTEGRATION, session.method());
            String reason = session.methodReason().orElseThrow();
            assertTrue(reason.startsWith("GPU 0 (Board 0, GPU-0): nvmlDeviceGetTotalEnergyConsumption failed:"
                    + " NVML_ERROR_NOT_SUPPORTED"), reason);
            assertTrue(reason.contains("(the counter needs Volta or newer)"), reason);
        }
    }

    @Test
    void neitherCounterNorPowerIsEstimatedFromUtilisation() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(1).fail("nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED)
                .fail("nvmlDeviceGetPowerUsage", NvmlReturn.NOT_SUPPORTED);
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            assertEquals(Method.ESTIMATE, session.method());
            GpuDevice d = session.devices().get(0);
            assertEquals("nvmlDeviceGetPowerUsage failed: NVML_ERROR_NOT_SUPPORTED (the device does not support the"
                    + " requested feature): \"fake says 3\"", d.powerProblem().orElseThrow());
            assertEquals(List.of(d), session.estimatedBecause());
            String reason = session.methodReason().orElseThrow();
            assertTrue(reason.startsWith("GPU 0 (Board 0, GPU-0) has no energy counter (nvmlDeviceGetTotalEnergy"
                    + "Consumption failed: NVML_ERROR_NOT_SUPPORTED"), reason);
            assertTrue(reason.contains(" and no power readings (nvmlDeviceGetPowerUsage failed:"
                    + " NVML_ERROR_NOT_SUPPORTED"), reason);
            assertTrue(reason.endsWith("; so every GPU's power is estimated from its utilisation (ESTIMATE, not"
                    + " measured)"), reason);
        }
    }

    @Test
    void aPowerFunctionMissingFromTheDriverAlsoLeadsToTheEstimate() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(1).missing("nvmlDeviceGetTotalEnergyConsumption")
                .missing("nvmlDeviceGetPowerUsage");
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            assertEquals(Method.ESTIMATE, session.method());
            assertEquals("nvmlDeviceGetPowerUsage not in this driver",
                    session.devices().get(0).powerProblem().orElseThrow());
        }
    }

    @Test
    void oneBoardWithoutCounterAndPowerPutsEveryBoardOnTheEstimate() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(2)
                .failOn(1, "nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED)
                .failOn(1, "nvmlDeviceGetPowerUsage", NvmlReturn.NOT_SUPPORTED);
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            assertEquals(Method.ESTIMATE, session.method());
            assertTrue(session.devices().get(0).hasCounter());
            assertFalse(session.devices().get(0).lacksPower());
            assertEquals(List.of("GPU-1"), session.estimatedBecause().stream().map(GpuDevice::uuid).toList());
            String reason = session.methodReason().orElseThrow();
            assertTrue(reason.startsWith("GPU 1 (Board 1, GPU-1) has no energy counter"), reason);
            assertFalse(reason.contains("GPU 0"), reason);
            assertTrue(reason.endsWith("(ESTIMATE, not measured), and methods are never mixed"), reason);
        }
    }

    @Test
    void aCounterOnOneBoardAndPowerOnTheOtherIsStillAnEstimate() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(2)
                .failOn(0, "nvmlDeviceGetPowerUsage", NvmlReturn.NOT_SUPPORTED)
                .failOn(1, "nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED);
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            assertEquals(Method.ESTIMATE, session.method(), "neither method reaches both boards");
            assertEquals(List.of("GPU-0", "GPU-1"), session.estimatedBecause().stream().map(GpuDevice::uuid).toList());
            String reason = session.methodReason().orElseThrow();
            assertTrue(reason.startsWith("GPU 0 (Board 0, GPU-0) has no power readings ("), reason);
            assertTrue(reason.contains("; GPU 1 (Board 1, GPU-1) has no energy counter ("), reason);
        }
    }

    @Test
    void aPowerErrorThatCanBeFixedIsUnavailableNotEstimated() {
        FakeNvml fake = FakeNvml.withBoards(1).fail("nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED)
                .fail("nvmlDeviceGetPowerUsage", NvmlReturn.NO_PERMISSION);
        MeterUnavailableException e = failsToOpen(fake);
        assertTrue(e.getMessage().startsWith("GPU 0 (Board 0, GPU-0) has no usable energy counter"), e.getMessage());
        assertTrue(e.getMessage().endsWith("and its power cannot be read: nvmlDeviceGetPowerUsage failed:"
                + " NVML_ERROR_NO_PERMISSION (the current user may not perform this operation): \"fake says 4\""),
                e.getMessage());
        assertTrue(e.fix().contains("/dev/nvidia*"), e.fix());
        assertEquals(1, fake.shutdowns);
    }

    @Test
    void neitherCounterNorPowerNorUtilisationIsUnavailable() {
        FakeNvml fake = FakeNvml.withBoards(1).fail("nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED)
                .fail("nvmlDeviceGetPowerUsage", NvmlReturn.NOT_SUPPORTED)
                .fail("nvmlDeviceGetUtilizationRates", NvmlReturn.NOT_SUPPORTED);
        MeterUnavailableException e = failsToOpen(fake);
        assertTrue(e.getMessage().startsWith("GPU 0 (Board 0, GPU-0): its utilisation cannot be read, so its power"
                + " cannot even be estimated: nvmlDeviceGetUtilizationRates failed: NVML_ERROR_NOT_SUPPORTED (the"
                + " device does not support the requested feature): \"fake says 3\" (the estimate is the last"
                + " resort, as GPU 0 (Board 0, GPU-0) has no energy counter ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(" and no power readings (nvmlDeviceGetPowerUsage failed:"
                + " NVML_ERROR_NOT_SUPPORTED (the device does not support the requested feature): \"fake says 3\"))"),
                e.getMessage());
        assertEquals(NvmlSession.NO_POWER_FIX, e.fix());
        assertEquals(1, fake.shutdowns);
        assertEquals(0, fake.refs);
    }

    @Test
    void theEstimateNeedsTheUtilisationOfEveryBoard() {
        FakeNvml fake = FakeNvml.withBoards(2)
                .failOn(1, "nvmlDeviceGetTotalEnergyConsumption", NvmlReturn.NOT_SUPPORTED)
                .failOn(1, "nvmlDeviceGetPowerUsage", NvmlReturn.NOT_SUPPORTED)
                .failOn(0, "nvmlDeviceGetUtilizationRates", NvmlReturn.GPU_IS_LOST);
        MeterUnavailableException e = failsToOpen(fake);
        assertTrue(e.getMessage().startsWith("GPU 0 (Board 0, GPU-0): its utilisation cannot be read, so its power"
                + " cannot even be estimated: nvmlDeviceGetUtilizationRates failed: NVML_ERROR_GPU_IS_LOST"),
                e.getMessage());
        assertTrue(e.getMessage().contains("(the estimate is the last resort, as GPU 1 (Board 1, GPU-1) has no energy"
                + " counter ("), e.getMessage());
        assertTrue(e.fix().contains("Xid"), e.fix());
        assertEquals(1, fake.shutdowns);
    }

    @Test
    void migInstancesAreReportedOnceAsTheirParent() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(5);
        fake.count = 4;                  // slot 4 is not enumerated: a board only its MIG instances show
        fake.slots.get(1).migParentSlot = 0;
        fake.slots.get(2).migParentSlot = 4;
        fake.slots.get(3).migParentSlot = 4;
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            List<GpuDevice> devices = session.devices();
            assertEquals(List.of("GPU-0", "GPU-4"), devices.stream().map(GpuDevice::uuid).toList());
            assertEquals(List.of(1), devices.get(0).migIndices());
            assertEquals(2, devices.get(1).index());
            assertEquals(List.of(2, 3), devices.get(1).migIndices());
            assertEquals(104, devices.get(1).handle());
        }
    }

    @Test
    void missingMigFunctionsDegradeToWholeGpus() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(2).missing("nvmlDeviceIsMigDeviceHandle")
                .missing("nvmlDeviceGetDeviceHandleFromMigDeviceHandle");
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            assertEquals(2, session.devices().size());
            assertEquals(List.of("nvmlDeviceIsMigDeviceHandle not in this driver: every handle is taken as a whole"
                    + " GPU (MIG needs driver 470+)"), session.driverNotes());
        }
    }

    @Test
    void unreadableFactsAreNamedNotZeroed() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(1).fail("nvmlDeviceGetTemperature", NvmlReturn.NOT_SUPPORTED)
                .missing("nvmlDeviceGetUtilizationRates");
        try (NvmlSession session = NvmlSession.open(fake, LIB)) {
            GpuDevice d = session.devices().get(0);
            assertFalse(d.facts().containsKey("temperature_c"));
            assertEquals(250.0, d.facts().get("power_limit_w"));
            assertEquals(List.of("temperature_c: NVML_ERROR_NOT_SUPPORTED", "utilization: not in this driver"),
                    d.factsUnreadable());
        }
    }

    @Test
    void aFailingShutdownIsKept() throws Exception {
        FakeNvml fake = FakeNvml.withBoards(1);
        NvmlSession session = NvmlSession.open(fake, LIB);
        fake.fail("nvmlShutdown", NvmlReturn.UNINITIALIZED);
        session.close();
        assertEquals("NVML_ERROR_UNINITIALIZED", session.shutdownFailure().orElseThrow().shortReason());
    }
}
