package org.joulebench.ci;

/** What the gate concludes for one row and metric. */
public enum Verdict {
    /** Worse, significantly and by more than allowed. The gate fails. */
    REGRESSION("regression"),
    /** Better, significantly and by more than the allowed margin. */
    IMPROVEMENT("improvement"),
    /** No change beyond the allowed margin, and the data were precise enough to have seen one. */
    NO_CHANGE("no change"),
    /** No significant change, but the data could not have detected one as small as the allowed margin. */
    INCONCLUSIVE("inconclusive");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The verdict as reports print it, e.g. {@code no change}. */
    public String label() {
        return label;
    }
}
