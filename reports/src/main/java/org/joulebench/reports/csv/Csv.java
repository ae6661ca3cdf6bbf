package org.joulebench.reports.csv;

import java.util.List;

/**
 * RFC 4180 records: a field holding a comma, a double quote, CR or LF is enclosed in double quotes,
 * with its quotes doubled; other fields are written as they are. Records end with LF (RFC 4180
 * asks for CRLF; every common reader takes LF, and the files diff cleanly).
 */
final class Csv {

    private Csv() {
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    static String record(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(field(fields.get(i)));
        }
        return line.append('\n').toString();
    }
}
