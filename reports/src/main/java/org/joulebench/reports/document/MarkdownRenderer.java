package org.joulebench.reports.document;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Renders blocks as Markdown, every string through {@link Markdown#escape}. */
final class MarkdownRenderer {

    private static final String HEX = "0123456789ABCDEF";

    private MarkdownRenderer() {
    }

    static String render(List<Block> blocks) {
        StringBuilder md = new StringBuilder();
        render(blocks, md);
        return md.toString();
    }

    private static void render(List<Block> blocks, StringBuilder md) {
        for (Block block : blocks) {
            if (block instanceof Block.Section s) {
                render(s.blocks(), md);
                continue;
            }
            if (block instanceof Block.Details d) {
                md.append("#".repeat(d.level())).append(' ').append(Markdown.escape(d.summary())).append("\n\n");
                render(d.blocks(), md);
                continue;
            }
            if (block instanceof Block.Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(Markdown.escape(h.text())).append('\n');
            } else if (block instanceof Block.Paragraph p) {
                md.append(Markdown.escape(p.text())).append('\n');
            } else if (block instanceof Block.Note n) {
                md.append("> **Note:** ").append(Markdown.escape(n.text())).append('\n');
            } else if (block instanceof Block.Warnings w) {
                md.append("> **Warnings**\n>\n");
                w.items().forEach(item -> md.append("> - ").append(Markdown.escape(item)).append('\n'));
            } else if (block instanceof Block.Facts f) {
                f.facts().forEach(fact -> md.append("- **").append(Markdown.escape(fact.name())).append(":** ")
                        .append(Markdown.escape(fact.value())).append('\n'));
            } else if (block instanceof Block.Table t) {
                table(t, md);
            } else if (block instanceof Block.Figure fig) {
                figure(fig, md);
            } else if (block instanceof Block.Figures figs) {
                for (int i = 0; i < figs.figures().size(); i++) {
                    md.append(i > 0 ? "\n" : "");
                    figure(figs.figures().get(i), md);
                }
            } else {
                throw new IllegalArgumentException("no Markdown for " + block);
            }
            md.append('\n');
        }
    }

    private static void figure(Block.Figure fig, StringBuilder md) {
        md.append("![").append(Markdown.escape(fig.caption())).append("](").append(link(fig.path())).append(")\n");
    }

    /** A relative link with every character outside {@code A-Z a-z 0-9 . _ - /} percent-encoded. */
    static String link(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ".-_/".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
            }
        }
        return out.toString();
    }

    private static void table(Block.Table t, StringBuilder md) {
        md.append('|');
        t.columns().forEach(c -> md.append(' ').append(Markdown.escape(c.title())).append(" |"));
        md.append("\n|");
        t.columns().forEach(c -> md.append(c.numeric() ? " ---: |" : " --- |"));
        md.append('\n');
        for (List<String> row : t.rows()) {
            md.append('|');
            row.forEach(cell -> md.append(' ').append(Markdown.escape(cell)).append(" |"));
            md.append('\n');
        }
    }
}
