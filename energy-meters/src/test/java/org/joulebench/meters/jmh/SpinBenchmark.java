package org.joulebench.meters.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.Blackhole;

/** A trivial benchmark for the profiler's test: it burns a little CPU per operation. */
public class SpinBenchmark {

    @Benchmark
    public void spin(Blackhole bh) {
        Blackhole.consumeCPU(1000);
        bh.consume(this);
    }
}
