package org.joulebench.meters.jmh;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.Profiler;
import org.openjdk.jmh.profile.ProfilerFactory;

/** The profiler is registered as a JMH {@link Profiler} service, so {@code -lprof} lists it. */
class EnergyProfilerServiceTest {

    @Test
    void serviceLoaderFindsIt() {
        assertTrue(ServiceLoader.load(Profiler.class).stream().anyMatch(p -> p.type() == EnergyProfiler.class),
                "META-INF/services/org.openjdk.jmh.profile.Profiler names EnergyProfiler");
    }

    @Test
    void jmhListsIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProfilerFactory.listProfilers(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String listing = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(listing.contains(EnergyProfiler.class.getName()), listing);
    }
}
