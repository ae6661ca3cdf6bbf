package org.joulebench.reports.document;

/**
 * Escapes plain text for Markdown (CommonMark and GitHub tables): the characters that start markup
 * or end a table cell get a backslash, and line breaks become spaces so a value stays in its cell.
 */
final class Markdown {

    private static final String SPECIAL = "\\`*_<>|&~";

    private Markdown() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(' ');
            } else {
                if (SPECIAL.indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
