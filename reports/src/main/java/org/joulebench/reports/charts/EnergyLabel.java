package org.joulebench.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.jfree.svg.SVGGraphics2D;

/**
 * One model's energy label for one task, after Hugging Face's AI Energy Score label: a card a team can put in a
 * model card, drawn once as SVG and once as PNG. Every string is drawn as text (JFreeSVG escapes it for XML), so
 * markup from a model or task name shows as written.
 *
 * @param model      the model id, with its engine where needed
 * @param task       the task
 * @param metric     the metric and its value with interval, e.g. {@code accuracy@1 0.275 [0.222, 0.335]}
 * @param perQuery   net J per query with interval
 * @param whPer1000  net Wh per 1,000 queries, or why there is none
 * @param stars      {@code ★★★☆☆}, or why there are no stars
 * @param bands      the band definition: which net J per query gets how many stars, against what reference
 * @param method     the energy method, e.g. {@code COUNTER} or {@code ESTIMATE ±50%}
 * @param host       the host that measured it
 * @param date       when the run started (UTC date)
 * @param version    the Joulebench version that measured it
 */
public record EnergyLabel(String model, String task, String metric, String perQuery, String whPer1000, String stars,
        String bands, String method, String host, String date, String version) {

    static final int WIDTH = 520;
    private static final int MARGIN = 24;
    private static final Color INK = new Color(0x1b1b1b);
    private static final Color MUTED = new Color(0x555555);
    private static final Color ACCENT = new Color(0x2e7d32);

    /** Writes {@code base.svg} and {@code base.png}; returns both. */
    public List<Path> write(Path dir, String base) throws IOException {
        Png.ensureHeadless();
        int height = draw(null);
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH, height);
        ground(svg, height);
        draw(svg);
        Path svgFile = dir.resolve(base + ".svg");
        Files.writeString(svgFile, svg.getSVGDocument(), StandardCharsets.UTF_8);
        BufferedImage png = new BufferedImage(WIDTH * 2, height * 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = png.createGraphics();
        try {
            g.scale(2, 2);
            ground(g, height);
            draw(g);
        } finally {
            g.dispose();
        }
        Path pngFile = dir.resolve(base + ".png");
        if (!ImageIO.write(png, "png", pngFile.toFile())) {
            throw new IOException("no PNG writer in this JVM for " + pngFile);
        }
        return List.of(svgFile, pngFile);
    }

    /** Draws the label on {@code g}, or only measures it where {@code g} is null; returns its height. */
    private int draw(Graphics2D g) {
        Graphics2D m = g != null ? g : new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        m.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        m.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font title = new Font(Font.SANS_SERIF, Font.BOLD, 20);
        Font big = new Font(Font.SANS_SERIF, Font.BOLD, 17);
        Font starFont = new Font(Font.SANS_SERIF, Font.PLAIN, 30);
        Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int width = WIDTH - 2 * MARGIN;
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("Energy label · Joulebench", small, MUTED, 0));
        wrap(m, model, title, INK, width, lines, 4);
        wrap(m, "Task: " + task, body, INK, width, lines, 2);
        wrap(m, stars, stars.startsWith("★") || stars.startsWith("☆") ? starFont : body, ACCENT, width, lines, 10);
        wrap(m, whPer1000 + " Wh per 1,000 queries", big, INK, width, lines, 8);
        wrap(m, perQuery + " J per query (net)", body, INK, width, lines, 2);
        wrap(m, metric, body, INK, width, lines, 2);
        wrap(m, "Method: " + method, body, INK, width, lines, 8);
        wrap(m, bands, small, MUTED, width, lines, 8);
        wrap(m, "Host: " + host, small, MUTED, width, lines, 8);
        wrap(m, "Date: " + date + " · Joulebench " + version, small, MUTED, width, lines, 2);
        int y = MARGIN;
        for (Line line : lines) {
            FontMetrics fm = m.getFontMetrics(line.font());
            y += line.gap() + fm.getAscent();
            if (g != null) {
                g.setFont(line.font());
                g.setPaint(line.colour());
                g.drawString(line.text(), MARGIN, y);
            }
            y += fm.getDescent();
        }
        int height = y + MARGIN;
        if (g != null) {
            g.setStroke(new BasicStroke(2));
            g.setPaint(ACCENT);
            g.drawRoundRect(1, 1, WIDTH - 3, height - 3, 16, 16);
        } else {
            m.dispose();
        }
        return height;
    }

    /** A white ground: SVG and PNG alike have one. */
    private static void ground(Graphics2D g, int height) {
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
    }

    private record Line(String text, Font font, Color colour, int gap) {
    }

    /** {@code text} broken at spaces into lines no wider than {@code width}; a word wider than it is cut. */
    private static void wrap(Graphics2D g, String text, Font font, Color colour, int width, List<Line> lines, int gap) {
        FontMetrics fm = g.getFontMetrics(font);
        StringBuilder line = new StringBuilder();
        boolean first = true;
        for (String word : Optional.ofNullable(text).orElse("").split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width || line.length() == 0 && fm.stringWidth(word) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(new Line(line.toString(), font, colour, first ? gap : 0));
                first = false;
                line.setLength(0);
            }
            String rest = word;
            while (fm.stringWidth(rest) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && fm.stringWidth(rest.substring(0, cut)) > width) {
                    cut--;
                }
                lines.add(new Line(rest.substring(0, cut), font, colour, first ? gap : 0));
                first = false;
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        lines.add(new Line(line.toString(), font, colour, first ? gap : 0));
    }
}
