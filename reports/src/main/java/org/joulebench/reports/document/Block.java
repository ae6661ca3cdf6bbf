package org.joulebench.reports.document;

import java.util.List;

/**
 * The content of a report, apart from its format: Markdown and HTML render the same blocks. Every
 * string is plain text, escaped by the renderer, never markup.
 */
sealed interface Block {

    record Heading(int level, String text) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    /** A paragraph a reader must not miss, such as the warning that figures are estimates. */
    record Note(String text) implements Block {
    }

    /** What a reader must know before trusting any figure, one plain-text item each; shown first. */
    record Warnings(List<String> items) implements Block {
        public Warnings {
            items = items.stream().map(i -> i == null ? "" : i).toList();
        }
    }

    /** Named values, such as the host's CPU and memory. */
    record Facts(List<Fact> facts) implements Block {
        public Facts {
            facts = List.copyOf(facts);
        }
    }

    /** A named value; a value that is not there reads {@code not reported}. */
    record Fact(String name, String value) {
        public Fact {
            value = value == null ? "not reported" : value;
        }
    }

    record Table(List<Column> columns, List<List<String>> rows) implements Block {
        public Table {
            columns = List.copyOf(columns);
            int width = columns.size();
            rows = rows.stream().map(r -> {
                if (r.size() != width) {
                    throw new IllegalArgumentException("a row has " + r.size() + " cells for " + width
                            + " columns: " + r);
                }
                return r.stream().map(c -> c == null ? "" : c).toList();
            }).toList();
        }
    }

    /** A column; numeric ones are right-aligned. */
    record Column(String title, boolean numeric) {
        static Column text(String title) {
            return new Column(title, false);
        }

        static Column number(String title) {
            return new Column(title, true);
        }
    }

    /** An image file, by its path relative to the report. */
    record Figure(String path, String caption) implements Block {
    }

    /** Figures shown side by side where the page is wide enough, one under another where not. */
    record Figures(List<Figure> figures) implements Block {
        public Figures {
            figures = List.copyOf(figures);
        }
    }

    /**
     * A part of the page with an id a link or a test can find ({@code summary}, {@code task-…}); Markdown
     * renders only its blocks.
     */
    record Section(String id, List<Block> blocks) implements Block {
        public Section {
            blocks = List.copyOf(blocks);
        }
    }

    /**
     * Blocks a reader opens when wanted (methods, reproducibility), under a title: a closed section in HTML, a
     * heading of {@code level} in Markdown.
     */
    record Details(int level, String summary, List<Block> blocks) implements Block {
        public Details {
            blocks = List.copyOf(blocks);
        }
    }
}
