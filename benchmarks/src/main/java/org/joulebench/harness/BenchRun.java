package org.joulebench.harness;

import java.io.IOException;
import java.util.List;

import org.joulebench.bench.FakeHardware;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterSet;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Ticker;

/**
 * What a run holds around its queries, for the overhead benchmarks: a {@link RunEnergy} over a RAPL meter on a fake
 * powercap tree (a counter meter, as on a host with RAPL; {@link FakeHardware}) without an idle baseline, and the
 * meters' clock, which times the queries' latencies as a run does. {@code -Djoulebench.bench.meter=ID} opens another
 * meter instead (e.g. {@code estimate}, which reads the process's CPU time; the fake tree is still its powercap root).
 */
final class BenchRun implements AutoCloseable {

    final FakeHardware hardware;
    final MeterSet meters;
    final RunEnergy energy;
    final Ticker clock;

    BenchRun() throws IOException, MeterUnavailableException {
        hardware = FakeHardware.create();
        var config = hardware.powercap();
        Meter meter = Meters.open(System.getProperty("joulebench.bench.meter", "rapl"), config);
        meters = MeterSet.of(List.of(meter));
        energy = new RunEnergy(meters, IdleBaseline.none(meter.method().name(), meter.boundary(), null, List.of()));
        clock = config.ticker();
    }

    @Override
    public void close() throws IOException {
        meters.close();
        hardware.close();
    }
}
