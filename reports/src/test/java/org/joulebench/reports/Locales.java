package org.joulebench.reports;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** Runs code under another default locale and puts the old one back. */
public final class Locales {

    /**
     * Language tags the format tests run in: {@code Locale.ROOT}, {@code Locale.GERMANY} (decimal
     * commas), French (narrow no-break spaces) and Egyptian Arabic (Arabic-Indic digits).
     */
    public static Stream<String> tags() {
        return Stream.of("und", "de-DE", "fr-FR", "ar-EG");
    }

    private Locales() {
    }

    public static <T> T with(String languageTag, Callable<T> body) throws Exception {
        Locale saved = Locale.getDefault();
        Locale savedFormat = Locale.getDefault(Locale.Category.FORMAT);
        Locale savedDisplay = Locale.getDefault(Locale.Category.DISPLAY);
        try {
            Locale.setDefault(Locale.forLanguageTag(languageTag));
            return body.call();
        } finally {
            Locale.setDefault(saved);
            Locale.setDefault(Locale.Category.FORMAT, savedFormat);
            Locale.setDefault(Locale.Category.DISPLAY, savedDisplay);
        }
    }
}
