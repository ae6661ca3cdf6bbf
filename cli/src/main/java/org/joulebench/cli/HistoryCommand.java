package org.joulebench.cli;

import java.math.BigDecimal;
import java.math.MathContext;

import picocli.CommandLine.Command;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Keep results of many runs in one database (SQLite file by default, or any JDBC URL) and chart them over time.",
        subcommands = {HistoryAddCommand.class, HistoryTrendCommand.class, HistoryListCommand.class})
final class HistoryCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Four significant digits, without exponent or locale. */
    static String number(Double v) {
        if (v == null) {
            return "n/a";
        }
        return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
