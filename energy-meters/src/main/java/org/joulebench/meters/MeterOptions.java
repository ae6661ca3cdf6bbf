package org.joulebench.meters;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one set of meter options and its one parser, shared by the command line ({@code --powercap-root DIR}), the
 * JMH profiler ({@code -prof "org.joulebench.meters.jmh.EnergyProfiler:meter=rapl;powercap-root=DIR"}) and the
 * JUnit extension ({@code joulebench.energy.powercap-root=DIR}): each front end only spells the names its way.
 *
 * @param meter  {@value Meters#AUTO} or a meter id ({@link #METER_CHOICES})
 * @param config the meter configuration the other options give, over the base the caller passed
 */
public record MeterOptions(String meter, MeterConfig config) {

    /** What {@code meter} takes, as a help label; a test keeps it equal to the providers on the class path. */
    public static final String METER_CHOICES = "auto|rapl|msr|nvml|estimate";

    /** The sampler's sane range: slower misses counter wraps, faster than RAPL's ~1 ms updates reads nothing new. */
    public static final double MIN_SAMPLE_HZ = 0.1;
    public static final double MAX_SAMPLE_HZ = 1000;

    /** Every option, by the name all front ends use. */
    public enum Option {
        METER("meter", "the meter: " + METER_CHOICES),
        POWERCAP_ROOT("powercap-root", "powercap sysfs folder (default " + MeterConfig.DEFAULT_POWERCAP_ROOT + ")"),
        MSR_ROOT("msr-root", "MSR device folder holding N/msr (default " + MeterConfig.DEFAULT_MSR_ROOT + ")"),
        CPU_SYS_ROOT("cpu-sys-root", "CPU topology folder (default " + MeterConfig.DEFAULT_CPU_SYS_ROOT + ")"),
        CPU_VENDOR("cpu-vendor", "intel or amd: read that vendor's MSRs instead of the one the CPU reports"),
        NVML_LIB("nvml-lib", "NVML library to load (default " + MeterConfig.DEFAULT_NVML_LIBRARY + ")"),
        SAMPLE_HZ("sample-hz", "sampler rate, " + MIN_SAMPLE_HZ + " to " + (long) MAX_SAMPLE_HZ + " (default "
                + (long) MeterConfig.DEFAULT_SAMPLE_HZ + ")");

        private final String key;
        private final String help;

        Option(String key, String help) {
            this.key = key;
            this.help = help;
        }

        /** The option's name, e.g. {@code powercap-root}. */
        public String key() {
            return key;
        }

        public String help() {
            return help;
        }
    }

    /** A meter option that cannot be used: the message says which and why, {@link #fix()} what to give. */
    public static final class OptionException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String fix;

        OptionException(String message, String fix) {
            super(message);
            this.fix = fix;
        }

        public String fix() {
            return fix;
        }
    }

    /** Every option's name, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(Option.values()).map(Option::key).collect(Collectors.joining(", "));
    }

    /**
     * The options in {@code values} (by name; a value may be null for "not given") over {@code base}. Messages
     * name an option as {@code prefix + name} ({@code --sample-hz}, {@code joulebench.energy.sample-hz}).
     */
    public static MeterOptions parse(Map<String, String> values, MeterConfig base, String prefix)
            throws OptionException {
        String meter = Meters.AUTO;
        MeterConfig config = base;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            Option option = option(e.getKey(), prefix);
            String name = prefix + option.key();
            String value = e.getValue().trim();
            try {
                switch (option) {
                    case METER -> meter = value.toLowerCase(Locale.ROOT);
                    case POWERCAP_ROOT -> config = config.withPowercapRoot(path(name, value));
                    case MSR_ROOT -> config = config.withMsrRoot(path(name, value));
                    case CPU_SYS_ROOT -> config = config.withCpuSysRoot(path(name, value));
                    case CPU_VENDOR -> config = config.withCpuVendor(value.toLowerCase(Locale.ROOT));
                    case NVML_LIB -> config = config.withNvmlLibrary(value);
                    case SAMPLE_HZ -> config = config.withSampleHz(sampleHz(name, value));
                }
            } catch (IllegalArgumentException bad) {
                throw new OptionException(name + ": " + bad.getMessage(), option.help());
            }
        }
        return new MeterOptions(meter, config);
    }

    /** The options of a line {@code name=value;name=value} (JMH's profiler options) over {@code base}. */
    public static MeterOptions parse(String line, MeterConfig base) throws OptionException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : line.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new OptionException("meter option '" + part.trim() + "' needs a value", "write name=value;"
                        + " options: " + names());
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (values.put(key, part.substring(eq + 1)) != null) {
                throw new OptionException("meter option '" + key + "' is given twice", "give it once");
            }
        }
        return parse(values, base, "");
    }

    private static Option option(String key, String prefix) throws OptionException {
        for (Option o : Option.values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        throw new OptionException("unknown meter option '" + prefix + key + "'", "known: " + List.of(Option.values())
                .stream().map(o -> prefix + o.key()).collect(Collectors.joining(", ")));
    }

    private static Path path(String name, String value) throws OptionException {
        if (value.isEmpty()) {
            throw new OptionException(name + " is empty", "give a folder");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new OptionException(name + " is not a path: " + e.getMessage(), "give a folder");
        }
    }

    /** The rate in [{@link #MIN_SAMPLE_HZ}, {@link #MAX_SAMPLE_HZ}], with the CLI's wording of bounds. */
    private static double sampleHz(String name, String value) throws OptionException {
        String range = "give " + number(MIN_SAMPLE_HZ) + " to " + number(MAX_SAMPLE_HZ);
        double hz;
        try {
            hz = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new OptionException(name + " must be a number, was '" + value + "'", range);
        }
        if (!Double.isFinite(hz)) {
            throw new OptionException(name + " must be a finite number, was " + value, range);
        }
        if (hz < MIN_SAMPLE_HZ) {
            throw new OptionException(name + " must be >= " + number(MIN_SAMPLE_HZ) + ", was " + number(hz), range);
        }
        if (hz > MAX_SAMPLE_HZ) {
            throw new OptionException(name + " " + number(hz) + " is above its bound of " + number(MAX_SAMPLE_HZ),
                    "give at most " + number(MAX_SAMPLE_HZ));
        }
        return hz;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
