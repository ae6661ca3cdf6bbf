package org.joulebench.reports.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Renders blocks as one self-contained HTML page: inline CSS, images as {@code data:} URIs (a chart's SVG
 * where one lies beside its PNG, so it stays sharp at any zoom; an SVG shown as an image runs no script), no
 * scripts, no fonts or files from elsewhere. Every string goes through {@link Html#escape}. Every table sits
 * in a container that scrolls sideways on its own, so a narrow screen never widens the page.
 */
final class HtmlRenderer {

    private static final String CSS = css();

    private HtmlRenderer() {
    }

    /** Matches a figure with its interval, {@code 0.123 [0.100, 0.150]} and any mark after it. */
    private static final java.util.regex.Pattern WITH_CI =
            java.util.regex.Pattern.compile("([^\\[]+?) (\\[[^\\]]*\\])(.*)");

    /**
     * @param images reads an image by its path relative to the report; null where there is no such file
     */
    static String render(List<Block> blocks, Function<String, byte[]> images) {
        String title = blocks.stream().filter(b -> b instanceof Block.Heading).map(b -> ((Block.Heading) b).text())
                .findFirst().orElse("Joulebench report");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        for (Block block : blocks) {
            block(block, images, html);
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static void block(Block block, Function<String, byte[]> images, StringBuilder html) {
        if (block instanceof Block.Section s) {
            html.append("<section id=\"").append(Html.escape(s.id())).append("\">\n");
            s.blocks().forEach(b -> block(b, images, html));
            html.append("</section>\n");
        } else if (block instanceof Block.Details d) {
            int level = Math.max(1, Math.min(6, d.level()));
            html.append("<details><summary class=\"h").append(level).append("\">").append(Html.escape(d.summary()))
                    .append("</summary>\n");
            d.blocks().forEach(b -> block(b, images, html));
            html.append("</details>\n");
        } else if (block instanceof Block.Figures figs) {
            html.append("<div class=\"figures\">\n");
            figs.figures().forEach(f -> figure(f, images, html));
            html.append("</div>\n");
        } else if (block instanceof Block.Heading h) {
            int level = Math.max(1, Math.min(6, h.level()));
            html.append("<h").append(level).append('>').append(Html.escape(h.text()))
                    .append("</h").append(level).append(">\n");
        } else if (block instanceof Block.Paragraph p) {
            html.append("<p>").append(Html.escape(p.text())).append("</p>\n");
        } else if (block instanceof Block.Note n) {
            html.append("<p class=\"note\"><strong>Note:</strong> ").append(Html.escape(n.text())).append("</p>\n");
        } else if (block instanceof Block.Warnings w) {
            html.append("<div class=\"warnings\"><p><strong>Warnings</strong></p>\n<ul>\n");
            w.items().forEach(item -> html.append("<li>").append(Html.escape(item)).append("</li>\n"));
            html.append("</ul></div>\n");
        } else if (block instanceof Block.Facts f) {
            html.append("<dl>\n");
            f.facts().forEach(fact -> html.append("<dt>").append(Html.escape(fact.name())).append("</dt><dd>")
                    .append(Html.escape(fact.value())).append("</dd>\n"));
            html.append("</dl>\n");
        } else if (block instanceof Block.Table t) {
            table(t, html);
        } else if (block instanceof Block.Figure fig) {
            figure(fig, images, html);
        } else {
            throw new IllegalArgumentException("no HTML for " + block);
        }
    }

    /** The chart's SVG where one lies beside its PNG, else the PNG. */
    private static void figure(Block.Figure fig, Function<String, byte[]> images, StringBuilder html) {
        String svgPath = fig.path().endsWith(".png")
                ? fig.path().substring(0, fig.path().length() - 4) + ".svg" : null;
        byte[] svg = svgPath == null ? null : images.apply(svgPath);
        byte[] image = svg != null ? svg : images.apply(fig.path());
        if (image == null) {
            throw new java.io.UncheckedIOException(new IOException("could not embed " + fig.path() + ": no such file"));
        }
        html.append("<figure><img src=\"data:").append(svg != null ? "image/svg+xml" : "image/png").append(";base64,")
                .append(Base64.getEncoder().encodeToString(image))
                .append("\" alt=\"").append(Html.escape(fig.caption())).append("\"><figcaption>")
                .append(Html.escape(fig.caption())).append("</figcaption></figure>\n");
    }

    /** A numeric cell: the figure, and its interval on a line of its own in smaller type. */
    private static String numeric(String cell) {
        java.util.regex.Matcher m = WITH_CI.matcher(cell);
        if (!m.matches()) {
            return Html.escape(cell);
        }
        return Html.escape(m.group(1)) + Html.escape(m.group(3)) + "<span class=\"ci\">" + Html.escape(m.group(2))
                + "</span>";
    }

    private static void table(Block.Table t, StringBuilder html) {
        html.append("<div class=\"table\"><table>\n<thead><tr>");
        t.columns().forEach(c -> html.append(c.numeric() ? "<th class=\"num\">" : "<th>")
                .append(Html.escape(c.title())).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : t.rows()) {
            html.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                boolean num = t.columns().get(i).numeric();
                html.append(num ? "<td class=\"num\">" : "<td>")
                        .append(num ? numeric(row.get(i)) : Html.escape(row.get(i))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table></div>\n");
    }

    private static String css() {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the reports jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read report.css from the reports jar", e);
        }
    }
}
