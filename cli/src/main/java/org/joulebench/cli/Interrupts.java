package org.joulebench.cli;

import java.util.ArrayList;
import java.util.List;

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
        Interrupts i = new Interrupts();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal s = new Signal(name);
                i.previous.add(Signal.handle(s, sig -> onSignal.run()));
                i.signals.add(s);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform does not let the signal be handled: the JVM's default stays
            }
        }
        return i;
    }

    @Override
    public void close() {
        for (int k = 0; k < signals.size(); k++) {
            Signal.handle(signals.get(k), previous.get(k));
        }
    }
}
