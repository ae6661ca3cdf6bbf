package org.joulebench.reports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The small table of yearly grid carbon intensities a report can convert with ({@code --region CODE}),
 * each row with its source and year; committed as {@code grid-intensity.csv} beside this class, its
 * provenance in {@code grid-intensity.PROVENANCE.md}.
 */
public final class GridRegions {

    /**
     * @param code                 the code to ask for it by, e.g. {@code DE} or {@code WORLD}
     * @param name                 the region in words
     * @param gramsPerKilowattHour yearly average intensity of electricity generation, gCO2e per kWh
     * @param year                 the data year
     * @param source               who published the figure, and where
     */
    public record Region(String code, String name, double gramsPerKilowattHour, int year, String source) {

        /** The conversion this region's figure gives, with a PUE. */
        public Carbon carbon(double pue) {
            return new Carbon(gramsPerKilowattHour, pue, "region " + code + " (" + name + "), " + year + ": "
                    + source);
        }
    }

    private static final List<Region> ALL = load();

    private GridRegions() {
    }

    /** Every region of the table, in its order. */
    public static List<Region> all() {
        return ALL;
    }

    /** The region with {@code code}, ignoring case. */
    public static Optional<Region> find(String code) {
        String wanted = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        return ALL.stream().filter(r -> r.code().equals(wanted)).findFirst();
    }

    private static List<Region> load() {
        try (InputStream in = GridRegions.class.getResourceAsStream("grid-intensity.csv")) {
            if (in == null) {
                throw new IllegalStateException("grid-intensity.csv is missing from the reports jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Region> regions = new ArrayList<>();
            String header = reader.readLine();
            if (!"code,region,g_per_kwh,year,source".equals(header)) {
                throw new IllegalStateException("grid-intensity.csv has the header '" + header
                        + "', expected code,region,g_per_kwh,year,source");
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", 5);
                if (f.length != 5) {
                    throw new IllegalStateException("grid-intensity.csv: a row needs 5 fields: " + line);
                }
                regions.add(new Region(f[0], f[1], Double.parseDouble(f[2]), Integer.parseInt(f[3]), f[4]));
            }
            return List.copyOf(regions);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read grid-intensity.csv from the reports jar", e);
        }
    }
}
