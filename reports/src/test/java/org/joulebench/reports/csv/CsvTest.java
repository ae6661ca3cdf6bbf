package org.joulebench.reports.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void plainFieldsAreWrittenAsTheyAre() {
        assertEquals("fixture-small", Csv.field("fixture-small"));
        assertEquals("a b; c", Csv.field("a b; c"));
        assertEquals("", Csv.field(""));
    }

    @Test
    void aFieldWithACommaIsQuoted() {
        assertEquals("\"a,b\"", Csv.field("a,b"));
    }

    @Test
    void quotesAreDoubledInsideQuotes() {
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
    }

    @Test
    void lineBreaksAreKeptInsideQuotes() {
        assertEquals("\"one\ntwo\"", Csv.field("one\ntwo"));
        assertEquals("\"one\r\ntwo\"", Csv.field("one\r\ntwo"));
    }

    @Test
    void aMissingFieldIsEmpty() {
        assertEquals("", Csv.field(null));
    }

    @Test
    void aRecordJoinsItsFieldsAndEndsWithLf() {
        assertEquals("x,\"y,z\",,\"\"\"\"\n", Csv.record(Arrays.asList("x", "y,z", null, "\"")));
        assertEquals("only\n", Csv.record(List.of("only")));
    }
}
