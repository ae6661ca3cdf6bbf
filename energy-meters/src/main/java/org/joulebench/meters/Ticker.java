package org.joulebench.meters;

/** A source of monotonic nanoseconds, injectable so that tests control time. */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}

enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
