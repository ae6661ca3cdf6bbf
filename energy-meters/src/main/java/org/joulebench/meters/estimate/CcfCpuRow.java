package org.joulebench.meters.estimate;

import org.joulebench.meters.Power;

/**
 * Cloud Carbon Footprint's per-vCPU minimum (idle) and maximum (full load) power by CPU
 * microarchitecture, derived by CCF from SPECpower results.
 *
 * <p>Source: Cloud Carbon Footprint (Thoughtworks), https://github.com/cloud-carbon-footprint/cloud-carbon-footprint,
 * {@code packages/aws/src/domain/AwsFootprintEstimationConstants.ts}, {@code AWS_CLOUD_CONSTANTS}
 * ({@code MIN_WATTS_BY_COMPUTE_PROCESSOR}, {@code MAX_WATTS_BY_COMPUTE_PROCESSOR}, {@code MIN_WATTS_AVG},
 * {@code MAX_WATTS_AVG}); licence Apache-2.0. Two rows are not in those AWS constants and come from CCF's
 * coefficient notebook outputs, https://github.com/cloud-carbon-footprint/cloud-carbon-coefficients
 * (Apache-2.0), rounded to two decimals as CCF rounds its constants: AMD EPYC 3rd Gen from
 * {@code output/coefficients-azure-use.csv} (0.4454 / 2.0193 W) and AWS Graviton from
 * {@code output/coefficients-aws-use.csv} (0.4743 / 1.6930 W, the same figures as Graviton2).
 */
enum CcfCpuRow {
    CASCADE_LAKE("Cascade Lake", 0.64, 3.97, Source.AWS_CONSTANTS),
    SKYLAKE("Skylake", 0.65, 4.26, Source.AWS_CONSTANTS),
    BROADWELL("Broadwell", 0.71, 3.69, Source.AWS_CONSTANTS),
    HASWELL("Haswell", 1.0, 4.74, Source.AWS_CONSTANTS),
    COFFEE_LAKE("Coffee Lake", 1.14, 5.42, Source.AWS_CONSTANTS),
    SANDY_BRIDGE("Sandy Bridge", 2.17, 8.58, Source.AWS_CONSTANTS),
    IVY_BRIDGE("Ivy Bridge", 3.04, 8.25, Source.AWS_CONSTANTS),
    AMD_EPYC_1ST_GEN("AMD EPYC 1st Gen", 0.82, 2.55, Source.AWS_CONSTANTS),
    AMD_EPYC_2ND_GEN("AMD EPYC 2nd Gen", 0.47, 1.69, Source.AWS_CONSTANTS),
    AMD_EPYC_3RD_GEN("AMD EPYC 3rd Gen", 0.45, 2.02, Source.AZURE_COEFFICIENTS),
    AWS_GRAVITON("AWS Graviton", 0.47, 1.69, Source.AWS_COEFFICIENTS),
    AWS_GRAVITON_2("AWS Graviton2", 0.47, 1.69, Source.AWS_CONSTANTS),
    /** CCF's fallback for processors it has no row for: {@code MIN_WATTS_AVG}, {@code MAX_WATTS_AVG}. */
    AVERAGE("CCF average", 0.74, 3.5, Source.AWS_CONSTANTS);

    private final String label;
    private final Power minPerVcpu;
    private final Power maxPerVcpu;
    private final String source;

    CcfCpuRow(String label, double minWattsPerVcpu, double maxWattsPerVcpu, String source) {
        this.label = label;
        this.minPerVcpu = Power.ofWatts(minWattsPerVcpu);
        this.maxPerVcpu = Power.ofWatts(maxWattsPerVcpu);
        this.source = source;
    }

    String label() {
        return label;
    }

    /** Power per vCPU at idle. */
    Power minPerVcpu() {
        return minPerVcpu;
    }

    /** Power per vCPU at full load. */
    Power maxPerVcpu() {
        return maxPerVcpu;
    }

    /** Where this row's figures come from, for the details. */
    String source() {
        return source;
    }

    private static final class Source {
        static final String AWS_CONSTANTS = "Cloud Carbon Footprint, github.com/cloud-carbon-footprint/"
                + "cloud-carbon-footprint, packages/aws/src/domain/AwsFootprintEstimationConstants.ts"
                + " (AWS_CLOUD_CONSTANTS), licence Apache-2.0";
        static final String AZURE_COEFFICIENTS = "Cloud Carbon Footprint, github.com/cloud-carbon-footprint/"
                + "cloud-carbon-coefficients, output/coefficients-azure-use.csv (EPYC 3rd Gen 0.4454 / 2.0193 W,"
                + " rounded; not in CCF's AWS constants), licence Apache-2.0";
        static final String AWS_COEFFICIENTS = "Cloud Carbon Footprint, github.com/cloud-carbon-footprint/"
                + "cloud-carbon-coefficients, output/coefficients-aws-use.csv (Graviton 0.4743 / 1.6930 W,"
                + " rounded; not in CCF's AWS constants), licence Apache-2.0";

        private Source() {
        }
    }
}
