package org.joulebench.reports.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void markupCharactersBecomeEntities() {
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.escape("<script>alert(1)</script>"));
        assertEquals("a &amp;&amp; b &quot;q&quot; &#39;s&#39;", Html.escape("a && b \"q\" 's'"));
    }

    @Test
    void ordinaryTextIsUntouched() {
        assertEquals("fixture-small ±50% J/query", Html.escape("fixture-small ±50% J/query"));
        assertEquals("", Html.escape(null));
    }
}
