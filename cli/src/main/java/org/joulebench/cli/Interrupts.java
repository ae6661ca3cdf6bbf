package org.joulebench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM turned into a call instead of the JVM's exit, for as long as a command keeps its results
 * on an interruption (it stops its work, writes what it has and exits on its own); the previous handlers come
 * back on {@link #close()}. Where the signals cannot be handled (not a POSIX JVM) nothing changes.
 */
final class Interrupts implements AutoCloseable {

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {
    }

    static Interrupts forwardTo(Runnable onSignal) {
        return handle(name -> onSignal.run());
    }

    /** As {@link #forwardTo(Runnable)}, telling the handler which signal came: {@code "INT"} or {@code "TERM"}. */
    static Interrupts handle(Consumer<String> onSignal) {
        Interrupts i = new Interrupts();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal s = new Signal(name);
                i.previous.add(Signal.handle(s, sig -> onSignal.accept(name)));
                i.signals.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform does not let the signal be handled: the JVM's default stays
            }
        }
        return i;
    }

    /** The shell's status for a process ended by the signal: 128 + its number (130 for INT, 143 for TERM). */
    static int status(String signal) {
        return "INT".equals(signal) ? 130 : 143;
    }

    @Override
    public void close() {
        for (int k = 0; k < signals.size(); k++) {
            Signal.handle(signals.get(k), previous.get(k));
        }
    }
}
