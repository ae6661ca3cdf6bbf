package org.joulebench.runners.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WorkersTest {

    @Test
    void everyPieceRunsOncePerJobOnItsOwnThread() {
        int parts = 3;
        int[] runs = new int[parts];
        String[] threads = new String[parts];
        try (Workers w = new Workers(parts, "workers-test")) {
            for (int i = 0; i < 10_000; i++) {
                w.run((part, n) -> {
                    runs[part]++;
                    threads[part] = Thread.currentThread().getName();
                });
            }
        }
        int[] expected = new int[parts];
        Arrays.fill(expected, 10_000);
        assertArrayEquals(expected, runs);
        assertEquals(List.of(Thread.currentThread().getName(), "workers-test-1", "workers-test-2"),
                Arrays.asList(threads));
    }

    @Test
    void parkedThreadsWakeForTheNextJob() {
        try (Workers w = new Workers(2, "workers-park")) {
            w.run((part, n) -> { });
            Thread member = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("workers-park-1")).findFirst().orElseThrow();
            while (member.getState() != Thread.State.WAITING) { // parked after spinning and yielding
                Thread.onSpinWait();
            }
            int[] ran = new int[2];
            w.run((part, n) -> ran[part]++);
            assertArrayEquals(new int[] {1, 1}, ran);
        }
    }

    @Test
    void aFailingPieceFailsTheRunAndTheTeamCarriesOn() {
        try (Workers w = new Workers(2, "workers-fail")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.run((part, n) -> {
                if (part == 1) {
                    throw new ArithmeticException("piece 1 broke");
                }
            }));
            assertEquals("a worker failed: java.lang.ArithmeticException: piece 1 broke", e.getMessage());
            int[] ran = new int[2];
            w.run((part, n) -> ran[part]++);
            assertArrayEquals(new int[] {1, 1}, ran);
        }
    }
}
