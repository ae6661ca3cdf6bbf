package org.joulebench.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GraphicsCard;
import oshi.hardware.HardwareAbstractionLayer;

/** Describes this machine with OSHI and the JVM. */
final class HostProbe {

    private HostProbe() {
    }

    static HostInfo describe() {
        SystemInfo si = new SystemInfo();
        HardwareAbstractionLayer hw = si.getHardware();
        CentralProcessor cpu = hw.getProcessor();
        CentralProcessor.ProcessorIdentifier id = cpu.getProcessorIdentifier();
        List<String> gpus = new ArrayList<>();
        for (GraphicsCard card : hw.getGraphicsCards()) {
            gpus.add(card.getVendor() + " " + card.getName());
        }
        var os = si.getOperatingSystem();
        return new HostInfo(hostname(), id.getVendor(), id.getName().trim(), id.getMicroarchitecture(),
                cpu.getPhysicalProcessorCount(), cpu.getLogicalProcessorCount(), hw.getMemory().getTotal(),
                os.toString(), System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                gpus, virtualisation(hw));
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** What the machine says about running under a hypervisor or in a container; "none detected" otherwise. */
    private static String virtualisation(HardwareAbstractionLayer hw) {
        List<String> found = new ArrayList<>();
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                try (var lines = Files.lines(cpuinfo)) {
                    if (lines.anyMatch(l -> l.startsWith("flags") && l.contains(" hypervisor"))) {
                        found.add("hypervisor (cpu flag)");
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            found.add("unknown: /proc/cpuinfo unreadable");
        }
        String system = (hw.getComputerSystem().getManufacturer() + " " + hw.getComputerSystem().getModel()).trim();
        if (!system.isBlank() && !system.toLowerCase(java.util.Locale.ROOT).contains("unknown")) {
            found.add("system: " + system);
        }
        if (Files.exists(Path.of("/.dockerenv")) || Files.exists(Path.of("/run/.containerenv"))) {
            found.add("container");
        }
        return found.isEmpty() ? "none detected" : String.join("; ", found);
    }
}
