package org.joulebench.meters.estimate;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a {@link CpuIdentity} to a CCF row: first by OSHI's microarchitecture name, then for AMD by
 * the CPUID family and model, then by an EPYC model number in the name; a CPU none of these
 * recognise gets CCF's average. Newer cores than CCF has rows for get the newest row of their line
 * ("nearest available").
 */
final class MicroarchitectureMatcher {

    /** EPYC model numbers end in the generation: 7601 (1st), 7R32 (2nd), 7R13 (3rd), 9654 (4th), 9755 (5th). */
    private static final Pattern EPYC_NUMBER = Pattern.compile("EPYC\\s+\\d[0-9A-Z]{2}(\\d)(?!\\d)");

    private MicroarchitectureMatcher() {
    }

    static CoefficientMatch match(CpuIdentity cpu) {
        return byMicroarchitecture(cpu.microarchitecture())
                .or(() -> byAmdFamily(cpu))
                .or(() -> byEpycName(cpu.name()))
                .orElseGet(() -> new CoefficientMatch(CcfCpuRow.AVERAGE, CoefficientMatch.FALLBACK,
                        "no CCF row for " + describe(cpu) + "; CCF's average coefficients"));
    }

    static Optional<CoefficientMatch> byMicroarchitecture(String microarchitecture) {
        String full = microarchitecture.toLowerCase(Locale.ROOT).strip();
        boolean client = full.contains("(client)");
        String core = full.replaceAll("\\s*\\(.*?\\)", "").strip();
        String seen = "microarchitecture " + microarchitecture;
        return Optional.ofNullable(switch (core) {
            case "cascade lake" -> CoefficientMatch.exact(CcfCpuRow.CASCADE_LAKE, seen);
            case "cooper lake" -> CoefficientMatch.nearest(CcfCpuRow.CASCADE_LAKE,
                    seen + ", a Cascade Lake successor with no CCF row");
            case "skylake" -> serverRow(CcfCpuRow.SKYLAKE, client, seen);
            case "broadwell" -> serverRow(CcfCpuRow.BROADWELL, client, seen);
            case "haswell" -> serverRow(CcfCpuRow.HASWELL, client, seen);
            case "sandy bridge" -> serverRow(CcfCpuRow.SANDY_BRIDGE, client, seen);
            case "ivy bridge" -> serverRow(CcfCpuRow.IVY_BRIDGE, client, seen);
            case "coffee lake" -> CoefficientMatch.exact(CcfCpuRow.COFFEE_LAKE, seen);
            case "kaby lake", "amber lake", "whiskey lake", "comet lake" -> CoefficientMatch.nearest(
                    CcfCpuRow.COFFEE_LAKE, seen + ", the same Skylake-derived client core as Coffee Lake");
            case "zen" -> CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_1ST_GEN, seen + " (EPYC 7001 Naples)");
            case "zen+", "zen / zen+" -> CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_1ST_GEN,
                    seen + ", no Zen+ EPYC exists");
            case "hygon dhyana" -> CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_1ST_GEN,
                    seen + ", a Zen-derived core");
            case "zen 2" -> CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_2ND_GEN, seen + " (EPYC 7002 Rome)");
            case "zen 3" -> CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_3RD_GEN, seen + " (EPYC 7003 Milan)");
            case "zen 3+", "zen 4", "zen 4c", "zen 5", "zen 5c" -> CoefficientMatch.nearest(
                    CcfCpuRow.AMD_EPYC_3RD_GEN, seen + ", newer than CCF's newest AMD row (EPYC 3rd Gen, Zen 3)");
            case "cortex-a72" -> CoefficientMatch.exact(CcfCpuRow.AWS_GRAVITON, seen + ", the core of AWS Graviton");
            case "neoverse-n1" -> CoefficientMatch.exact(CcfCpuRow.AWS_GRAVITON_2,
                    seen + ", the core of AWS Graviton2");
            case "neoverse-n2", "neoverse-v1", "neoverse-v2", "neoverse-v3" -> CoefficientMatch.nearest(
                    CcfCpuRow.AWS_GRAVITON_2, seen + ", newer than CCF's newest Arm row (Graviton2, Neoverse-N1)");
            default -> null;
        });
    }

    private static CoefficientMatch serverRow(CcfCpuRow row, boolean client, String seen) {
        return client
                ? CoefficientMatch.nearest(row, seen + "; CCF's row is measured on Xeon servers")
                : CoefficientMatch.exact(row, seen);
    }

    /** For AMD CPUs OSHI could not name: CPUID family 23 is Zen/Zen+/Zen 2, 25 Zen 3/4, 26 Zen 5. */
    static Optional<CoefficientMatch> byAmdFamily(CpuIdentity cpu) {
        if (!cpu.vendor().contains("AMD")) {
            return Optional.empty();
        }
        OptionalInt family = parse(cpu.family());
        OptionalInt model = parse(cpu.model());
        if (family.isEmpty()) {
            return Optional.empty();
        }
        String seen = "AMD CPUID family " + cpu.family() + " model " + cpu.model();
        return Optional.ofNullable(switch (family.getAsInt()) {
            case 23 -> model.isPresent() && model.getAsInt() >= 0x30
                    ? CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_2ND_GEN, seen + " (Zen 2)")
                    : CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_1ST_GEN, seen + " (Zen or Zen+)");
            case 24 -> CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_1ST_GEN, seen + " (Hygon, Zen-derived)");
            case 25 -> model.isPresent() && model.getAsInt() < 0x10
                    ? CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_3RD_GEN, seen + " (Zen 3)")
                    : CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_3RD_GEN, seen + " (Zen 3+ or Zen 4)");
            case 26 -> CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_3RD_GEN,
                    seen + " (Zen 5), newer than CCF's newest AMD row (EPYC 3rd Gen, Zen 3)");
            default -> null;
        });
    }

    static Optional<CoefficientMatch> byEpycName(String name) {
        Matcher m = EPYC_NUMBER.matcher(name);
        if (!m.find()) {
            return Optional.empty();
        }
        String seen = "model number in '" + name + "'";
        return Optional.ofNullable(switch (m.group(1)) {
            case "1" -> CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_1ST_GEN, seen);
            case "2" -> CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_2ND_GEN, seen);
            case "3" -> CoefficientMatch.exact(CcfCpuRow.AMD_EPYC_3RD_GEN, seen);
            case "4", "5" -> CoefficientMatch.nearest(CcfCpuRow.AMD_EPYC_3RD_GEN,
                    seen + ", newer than CCF's newest AMD row (EPYC 3rd Gen)");
            default -> null;
        });
    }

    private static OptionalInt parse(String number) {
        try {
            return OptionalInt.of(Integer.parseInt(number.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String describe(CpuIdentity cpu) {
        return "'" + cpu.name() + "' (" + cpu.vendor() + ", microarchitecture " + cpu.microarchitecture() + ")";
    }
}
