package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void tableAndMarkupCharactersAreEscaped() {
        assertEquals("a\\|b \\`code\\` \\<script\\> \\*x\\* \\_y\\_ \\~z\\~ \\&amp; back\\\\slash",
                Markdown.escape("a|b `code` <script> *x* _y_ ~z~ &amp; back\\slash"));
    }

    @Test
    void lineBreaksBecomeSpacesSoACellStaysInItsRow() {
        assertEquals("one two  three", Markdown.escape("one\ntwo\r\nthree"));
    }

    @Test
    void ordinaryTextIsUntouched() {
        assertEquals("fixture-small 0.05 [0.045, 0.056] J/query (ESTIMATE ±50%)",
                Markdown.escape("fixture-small 0.05 [0.045, 0.056] J/query (ESTIMATE ±50%)"));
        assertEquals("", Markdown.escape(null));
    }

    @Test
    void chartLinksArePercentEncoded() {
        assertEquals("charts/j-per-token.png", MarkdownRenderer.link("charts/j-per-token.png"));
        assertEquals("charts/a%20b%29%C3%A9.png", MarkdownRenderer.link("charts/a b)é.png"));
    }
}
