package org.joulebench.meters.estimate;

import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * The CPU identity from OSHI, looked up once per process on first use (OSHI takes around half a
 * second to start) and kept: the CPU does not change while we run.
 */
enum OshiCpuIdentity implements Supplier<CpuIdentity> {
    INSTANCE;

    @Override
    public CpuIdentity get() {
        return Holder.IDENTITY;
    }

    private static final class Holder {
        static final CpuIdentity IDENTITY = lookUp();
    }

    private static CpuIdentity lookUp() {
        try {
            CentralProcessor cpu = new SystemInfo().getHardware().getProcessor();
            CentralProcessor.ProcessorIdentifier id = cpu.getProcessorIdentifier();
            int logical = cpu.getLogicalProcessorCount();
            return new CpuIdentity(orEmpty(id.getVendor()), orEmpty(id.getName()), orEmpty(id.getFamily()),
                    orEmpty(id.getModel()), orEmpty(id.getMicroarchitecture()),
                    logical > 0 ? logical : Runtime.getRuntime().availableProcessors());
        } catch (RuntimeException | LinkageError e) {
            // OSHI cannot identify this platform: the model falls back to CCF's average coefficients
            // and says so in its details, with the JVM's processor count as vCPUs.
            return new CpuIdentity("unknown", "unknown (OSHI failed: " + e + ")", "", "", "unknown",
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
