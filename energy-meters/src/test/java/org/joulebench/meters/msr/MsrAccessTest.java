package org.joulebench.meters.msr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system reader against files laid out as the device presents them: register R at offset R. */
class MsrAccessTest {

    @TempDir
    Path tmp;

    @Test
    void readsEightLittleEndianBytesAtTheRegistersAddress() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0)
                .writeAtAddress(0, 0x606, 0x000A_0E03L)
                .writeAtAddress(0, 0x611, 0x1122_3344_5566_7788L)
                .writeAtAddress(0, 0xC001_029BL, 0xDEAD_BEEFL);
        try (MsrAccess.Device device = MsrAccess.system().open(msr.device(0))) {
            assertEquals(0x000A_0E03L, device.read(0x606));
            assertEquals(0x1122_3344_5566_7788L, device.read(0x611));
            assertEquals(0xDEAD_BEEFL, device.read(0xC001_029BL));
            assertEquals(0, device.read(0x619), "a hole in the sparse file reads 0");
            EOFException e = assertThrows(EOFException.class, () -> device.read(0xC001_029CL));
            assertEquals("short read at 0xC001029C: 7 of 8 bytes", e.getMessage());
            assertEquals("short read at 0xC00102A3: 0 of 8 bytes",
                    assertThrows(EOFException.class, () -> device.read(0xC001_02A3L)).getMessage());
        }
    }

    @Test
    void theProviderReadsAnIntelLayoutThroughTheSystemReader() throws Exception {
        FakeMsr msr = FakeMsr.in(tmp).cpu(0, 0)
                .writeAtAddress(0, 0x606, FakeMsr.INTEL_UNIT_ESU_14)
                .writeAtAddress(0, 0x611, 1_000)
                .writeAtAddress(0, 0x619, 2_000);
        var provider = new MsrMeterProvider(MsrAccess.system(), FakeMsr.cpuInfo("GenuineIntel"));
        var nanos = new java.util.concurrent.atomic.AtomicLong();
        try (var meter = provider.open(msr.config(nanos::get))) {
            var w = meter.begin("system reader");
            msr.writeAtAddress(0, 0x611, 1_000 + 16_384);
            msr.writeAtAddress(0, 0x619, 2_000 + 8_192);
            nanos.addAndGet(1_000_000_000L);
            assertEquals(1.5, w.end().total().joules(), 0.0);
        }
    }
}
