package org.joulebench.ci;

import org.joulebench.harness.RowComparison;

/**
 * One row and metric with the gate's verdict.
 *
 * @param change     the change in the worse direction: relative (0.15 = 15 % worse) for energy and speed,
 *                   absolute (in the task metric's unit) for accuracy; negative when better; NaN where there is
 *                   no ratio
 * @param detectable the smallest change the data could have detected, in the same terms as {@code change}
 * @param summary    the verdict in a few words, e.g. {@code inconclusive (detects ≥ 12.3 %)}
 * @param reason     why this verdict, in words with the figures
 */
public record GateRow(RowComparison comparison, Verdict verdict, double change, double detectable, String summary,
                      String reason) {
}
