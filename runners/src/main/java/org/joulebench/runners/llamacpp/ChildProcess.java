package org.joulebench.runners.llamacpp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.BackendException;

/**
 * The parent's end of a {@link LlamaCppChild}: starts the child JVM, writes requests to its stdin, and hands out its
 * answers with a time limit on every wait, so that a stuck or crashed child becomes a {@link BackendException}
 * instead of a hang. The child's stderr (llama.cpp's log) is drained continuously; its last lines go into error
 * messages. {@link #close()} leaves no process behind.
 */
final class ChildProcess implements AutoCloseable {

    /** How long {@link #close()} lets the child exit on its own before destroying it. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_LINES = 60;
    private static final int STDERR_LINE_CHARS = 400;
    private static final long MIN_CHECK_NANOS = Duration.ofMillis(1).toNanos();
    private static final long MAX_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private final Process process;
    private final String name;
    private final OutputStream stdin;
    /** The child's answers, read on the caller's thread: no hand-over between threads per token. */
    private final BufferedReader answers;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final Thread shutdownHook;
    private final Thread stderrReader;
    /** The wait in {@link #next} now, or null. */
    private volatile Wait waiting;
    private volatile boolean timedOut;
    private volatile boolean interrupted;
    private volatile boolean broken;
    private volatile boolean closed;

    private ChildProcess(Process process, String name) {
        this.process = process;
        this.name = name;
        this.stdin = process.getOutputStream();
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderrReader = daemon("llamacpp-child-stderr", () -> readStderr(process.getErrorStream()));
        daemon("llamacpp-child-watchdog", this::watch);
        // If the harness exits without closing the backend, the child still goes (it also exits when stdin closes).
        this.shutdownHook = new Thread(this::destroy, "llamacpp-child-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a child JVM running {@link LlamaCppChild} with this JVM's java binary and class path. */
    static ChildProcess start() throws BackendException {
        List<String> command;
        try {
            command = command();
        } catch (LinkageError e) {
            throw new BackendException("de.kherud:llama or Jackson is missing from the class path (" + e + "); add "
                    + "them to run llamacpp", e);
        }
        return start(command, "the llama.cpp child");
    }

    /** Starts {@code command} as a child that speaks this protocol; {@code name} says what it is in messages. */
    static ChildProcess start(List<String> command, String name) throws BackendException {
        try {
            return new ChildProcess(new ProcessBuilder(command).start(), name);
        } catch (IOException e) {
            throw new BackendException("could not start " + name + " (" + command.get(0) + "): " + e.getMessage(),
                    e);
        }
    }

    /** The command line of the child JVM. */
    static List<String> command() {
        List<String> command = new java.util.ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"));
        // A native library of the user's own build (e.g. with CUDA) goes to the child, which is where it loads.
        String library = System.getProperty(LlamaCppProvider.LIB_PATH);
        if (library == null || library.isBlank()) {
            // the jar's own library, from a copy no other process rewrites (BundledLibrary says why)
            Path bundled = BundledLibrary.folder();
            library = bundled == null ? null : bundled.toString();
        }
        if (library != null && !library.isBlank()) {
            command.add("-D" + LlamaCppProvider.LIB_PATH + "=" + library);
        }
        command.addAll(List.of("-cp", classPath(), LlamaCppChild.class.getName()));
        return List.copyOf(command);
    }

    /** Sends one request; several threads may send. */
    synchronized void send(ObjectNode request) throws BackendException {
        checkUsable();
        try {
            stdin.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            broken = true;
            throw failure("could not write to " + name + " (" + e.getMessage() + ")");
        }
    }

    /**
     * The child's next event. An {@code error} event becomes a {@link ChildError}; no event within {@code timeout}
     * (checked by a watchdog, which stops the child), the child's end, or the caller's interruption breaks this
     * process.
     */
    JsonNode next(Duration timeout) throws BackendException {
        checkUsable();
        String line;
        waiting = new Wait(Thread.currentThread(), System.nanoTime(), timeout.toNanos());
        try {
            line = nextMarkedLine();
        } finally {
            waiting = null;
        }
        if (line == null) {
            broken = true;
            Optional<Integer> status = exitStatus();
            if (timedOut) {
                throw failure(name + " sent nothing for " + format(timeout) + "; it was stopped");
            }
            if (interrupted) {
                throw new BackendException("interrupted while waiting for " + name + "; it was stopped");
            }
            throw failure(name + " ended" + status.map(s -> " with status " + s).orElse(""));
        }
        JsonNode event;
        try {
            event = JSON.readTree(line.substring(LlamaCppChild.MARK.length()));
        } catch (IOException e) {
            broken = true;
            throw failure(name + " sent a line that is not JSON: " + line);
        }
        if (event.path("ev").asText().equals("error")) {
            throw new ChildError(event.path("message").asText());
        }
        return event;
    }

    /**
     * The child's next protocol line (other output it printed is remembered for error messages); null once the child
     * has ended or its answers cannot be read.
     */
    private String nextMarkedLine() {
        try {
            String line;
            do {
                line = answers.readLine();
                if (line != null && !line.startsWith(LlamaCppChild.MARK)) {
                    remember("[stdout] " + line);
                }
            } while (line != null && !line.startsWith(LlamaCppChild.MARK));
            return line;
        } catch (IOException e) {
            remember("[parent] reading the child's answers failed: " + e.getMessage());
            return null;
        }
    }

    /**
     * The child's next event, however long it takes, {@code error} events included; null once the child has ended.
     * For one reader thread that hands the events of concurrent requests to their callers, who bound their own waits.
     */
    JsonNode read() throws BackendException {
        String line;
        line = nextMarkedLine();
        if (line == null) {
            broken = true;
            return null;
        }
        try {
            return JSON.readTree(line.substring(LlamaCppChild.MARK.length()));
        } catch (IOException e) {
            broken = true;
            throw failure(name + " sent a line that is not JSON: " + line);
        }
    }

    /** Why the child cannot be used, with what its log says, once it has ended or failed. */
    BackendException ended() {
        Optional<Integer> status = exitStatus();
        return failure(name + " ended" + status.map(s -> " with status " + s).orElse(""));
    }

    /**
     * Stops the child when a wait in {@link #next} lasts longer than its timeout or its thread is interrupted. It
     * looks a few times per timeout (at least every second, at most every millisecond), so a timeout is noticed
     * within a second of its end.
     */
    private void watch() {
        while (process.isAlive()) {
            Wait wait = waiting;
            if (wait != null) {
                if (System.nanoTime() - wait.since() > wait.timeout()) {
                    timedOut = true;
                    destroy();
                    return;
                }
                if (wait.thread().isInterrupted()) {
                    interrupted = true;
                    destroy();
                    return;
                }
            }
            LockSupport.parkNanos(wait == null ? MAX_CHECK_NANOS / 10
                    : Math.max(MIN_CHECK_NANOS, Math.min(MAX_CHECK_NANOS, wait.timeout() / 4)));
        }
    }

    private record Wait(Thread thread, long since, long timeout) {
    }

    /** {@link #next}, checked to be the event {@code expected}. */
    JsonNode expect(String expected, Duration timeout) throws BackendException {
        JsonNode event = next(timeout);
        if (!event.path("ev").asText().equals(expected)) {
            broken = true;
            throw failure(name + " answered '" + event.path("ev").asText() + "' where '" + expected
                    + "' was due");
        }
        return event;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Ends the child after it reported an error, and returns that error with what the child's log says about it (the
     * log is read to its end first, so that the lines llama.cpp wrote just before failing are there).
     */
    BackendException closeWith(ChildError error) {
        close();
        BackendException explained = failure(error.getMessage());
        explained.setStackTrace(error.getStackTrace());
        return explained;
    }

    /** Asks the child to quit, waits up to {@link #EXIT_GRACE}, then destroys it and anything it started. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stdin.write("{\"op\":\"quit\"}\n".getBytes(StandardCharsets.UTF_8));
            stdin.close();
        } catch (IOException ignored) {
            // the child is already gone or not reading: it is destroyed below
        }
        try {
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway and finds nothing to do
        }
    }

    /** Destroys the child and its descendants, waiting a bounded time for them to go. */
    private void destroy() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception ignored) {
                // reported by the caller through the process still being alive; nothing more can be done here
            }
        }
    }

    private void checkUsable() throws BackendException {
        if (closed) {
            throw new BackendException("the llama.cpp backend is closed");
        }
        if (broken) {
            throw failure(name + " failed earlier; open the model again");
        }
    }

    private BackendException failure(String what) {
        if (!process.isAlive()) {
            try {
                stderrReader.join(1000); // the child's whole log, up to its end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String log = logExcerpt();
        return new BackendException(log.isEmpty() ? what : what + "; llama.cpp said: " + log);
    }

    /** The child's exit status, once it has ended (waiting for that at most {@link #EXIT_GRACE}). */
    private Optional<Integer> exitStatus() {
        try {
            if (process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** The child log's lines that say what went wrong (errors, failures, assertions), else its last few lines. */
    String logExcerpt() {
        List<String> lines;
        synchronized (stderr) {
            lines = new ArrayList<>(stderr);
        }
        List<String> relevant = lines.stream().filter(ChildProcess::saysWhatFailed).toList();
        List<String> chosen = relevant.isEmpty() ? lines : relevant;
        return String.join(" | ", chosen.subList(Math.max(0, chosen.size() - 6), chosen.size()));
    }

    private static boolean saysWhatFailed(String line) {
        String lower = line.toLowerCase(Locale.ROOT);
        return lower.contains("error") || lower.contains("fail") || lower.contains("invalid")
                || lower.contains("assert") || lower.contains("exception") || lower.contains("unable")
                || lower.contains("cannot") || lower.contains("not enough") || lower.contains("abort");
    }

    private void readStderr(InputStream err) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                remember(line);
            }
        } catch (IOException ignored) {
            // the child is gone; its log ends here
        }
    }

    private void remember(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return;
        }
        synchronized (stderr) {
            stderr.addLast(trimmed.length() > STDERR_LINE_CHARS ? trimmed.substring(0, STDERR_LINE_CHARS) + "…"
                    : trimmed);
            while (stderr.size() > STDERR_LINES) {
                stderr.removeFirst();
            }
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The child's class path: the jars (or folders) holding this package, the llama binding and Jackson, then this
     * JVM's own class path, so that the child starts both from a plain class path and from a launcher that hides it.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> needed : List.of(LlamaCppChild.class, de.kherud.llama.LlamaModel.class, ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            location(needed).ifPresent(entries::add);
        }
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Optional<String> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String format(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** An error the child reported (as opposed to the child failing): the child is still usable. */
    static final class ChildError extends BackendException {

        private static final long serialVersionUID = 1L;

        ChildError(String message) {
            super(message);
        }
    }
}
