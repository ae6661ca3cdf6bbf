package org.joulebench.meters;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of this process and of every live process it started (engines that run in a child
 * JVM, commands under {@code measure}), so that a model served from a child is charged like one
 * served in-process. Children's time comes from {@code /proc/<pid>/task/<tid>/schedstat}
 * (nanoseconds on the CPU), falling back to {@link ProcessHandle.Info#totalCpuDuration()}; children
 * that ended and were reaped come from {@code getrusage(RUSAGE_CHILDREN)} ({@link ChildrenCpuClock}).
 * Between a child's end and its reaping its time is briefly unseen: the clock never goes backwards
 * (it holds its last value), so a window can only undercount by that gap.
 */
final class ProcessTreeCpuClock implements CpuClock {

    /**
     * How long the list of child processes is reused: finding descendants scans every process of the
     * machine (about a millisecond), too slow to do at both ends of every query's window.
     */
    private static final long DESCENDANTS_REFRESH_NANOS = 250_000_000L;

    private final Path proc;
    private final ChildrenCpuClock reaped;
    private long last;
    private java.util.List<ProcessHandle> descendants = java.util.List.of();
    private long descendantsAt = Long.MIN_VALUE;

    ProcessTreeCpuClock(Path proc) {
        this.proc = proc;
        this.reaped = new ChildrenCpuClock(proc);
    }

    @Override
    public synchronized long processCpuNanos() {
        long own = CpuClock.process().processCpuNanos();
        if (own < 0) {
            return own;
        }
        long now = System.nanoTime();
        if (descendantsAt == Long.MIN_VALUE || now - descendantsAt > DESCENDANTS_REFRESH_NANOS) {
            descendants = ProcessHandle.current().descendants().toList();
            descendantsAt = now;
        }
        long children = 0;
        boolean anyEnded = false;
        for (ProcessHandle p : descendants) {
            if (p.isAlive()) {
                children += cpuNanos(p);
            } else {
                anyEnded = true;
            }
        }
        if (anyEnded) {
            descendantsAt = Long.MIN_VALUE; // look again next time
        }
        last = Math.max(last, own + children + reapedChildrenNanos());
        return last;
    }

    /** CPU time of children that ended and were waited for; 0 where unreadable. */
    private long reapedChildrenNanos() {
        return Math.max(0, reaped.processCpuNanos());
    }

    private long cpuNanos(ProcessHandle p) {
        Path tasks = proc.resolve(Long.toString(p.pid())).resolve("task");
        if (Files.isDirectory(tasks)) {
            long sum = 0;
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path t : threads) {
                    String line = Files.readString(t.resolve("schedstat"));
                    int space = line.indexOf(' ');
                    sum += Long.parseLong(space < 0 ? line.trim() : line.substring(0, space));
                }
                return sum;
            } catch (IOException | NumberFormatException e) {
                // the process ended or hides its threads: fall back to what the JDK reports
            }
        }
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
}
