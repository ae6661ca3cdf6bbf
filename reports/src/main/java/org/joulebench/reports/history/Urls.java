package org.joulebench.reports.history;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown: a password in the URL is replaced by {@code ***}. */
final class Urls {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]*:)[^/@]*@");

    private Urls() {
    }

    static String redact(String url) {
        String out = PASSWORD.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(out).replaceAll("$1***@");
    }
}
