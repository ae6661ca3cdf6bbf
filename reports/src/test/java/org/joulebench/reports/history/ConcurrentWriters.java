package org.joulebench.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.joulebench.reports.ResultsHistory;

/**
 * Writers that open one history and add runs to it at the same moment, each run on a connection of its own, as
 * separate {@code history add} processes (a fleet's pods finishing together) do; released together by a latch.
 */
final class ConcurrentWriters {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private ConcurrentWriters() {
    }

    /** Runs them and checks that every run was added and the history holds them all. */
    static void addAtOnce(String url, int writers, int runsEach) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> added = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                added.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    for (int i = 0; i < runsEach; i++) {
                        try (ResultsHistory h = ResultsHistory.open(url)) {
                            n += h.add(HistoryFixtures.run("run-" + writer + "-" + i, T0.plusSeconds(i),
                                    "host-" + writer, 1.0)) ? 1 : 0;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            for (Future<Integer> f : added) {
                assertEquals(runsEach, f.get(), "every run of every writer is added");
            }
        } finally {
            pool.shutdownNow();
        }
        try (ResultsHistory h = ResultsHistory.open(url)) {
            assertEquals(writers * runsEach, h.runs().size());
        }
    }
}
