package org.joulebench.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.joulebench.harness.InputException;
import org.joulebench.harness.RemoteModel;

/**
 * {@code run --serve-local}: a {@code joulebench serve} started as a child of the run, so that the energy it spends
 * serving is inside the process tree the ESTIMATE meter counts (and on this machine's counters). It is started on
 * loopback with {@code --port 0}; its one line {@code listening on http://127.0.0.1:PORT/v1 (…)} on stdout says where.
 * Closing it stops it (destroyed if it has not exited within five seconds), as does the JVM's shutdown (Ctrl-C).
 */
final class LocalServer implements AutoCloseable {

    /** How long a server may take to load its model and say where it listens. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final Pattern LISTENING = Pattern.compile("listening on (http://(?:127\\.0\\.0\\.1|localhost|\\[::1\\])"
            + ":\\d+/v1)\\b.*");
    private static final int TAIL_LINES = 20;

    private final Process process;
    private final RemoteModel model;
    private final Thread hook;

    private LocalServer(Process process, RemoteModel model) {
        this.process = process;
        this.model = model;
        this.hook = new Thread(this::stop, "serve-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The model as the run's openai engine reaches it. */
    RemoteModel model() {
        return model;
    }

    /**
     * Starts {@code joulebench serve} for a zoo model id or a GGUF file and waits (up to {@link #START_TIMEOUT}) for
     * its address.
     */
    static LocalServer start(String modelOrFile, String engine, PrintWriter err) throws InputException {
        return start(modelOrFile, engine, err, START_TIMEOUT, LocalServer::serveCommand, Joulebench::hasServe);
    }

    /** {@link #start} with the command and the timeout given, for tests. */
    static LocalServer start(String modelOrFile, String engine, PrintWriter err, Duration timeout,
                             java.util.function.Function<List<String>, List<String>> command,
                             Supplier<Boolean> serveExists) throws InputException {
        if (!serveExists.get()) {
            throw new InputException("--serve-local needs the `joulebench serve` command, which this build of"
                    + " Joulebench does not have", "point --openai-url at a server you started instead");
        }
        List<String> args = new ArrayList<>(List.of("serve"));
        boolean file = modelOrFile.endsWith(".gguf") || Files.isRegularFile(Path.of(modelOrFile));
        args.addAll(List.of(file ? "--gguf" : "--model", modelOrFile, "--engine", engine, "--port", "0"));
        List<String> cmd = command.apply(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new InputException("--serve-local: could not start `joulebench serve` (" + e.getMessage() + ")",
                    "check that java is on the PATH");
        }
        // stdin stays open and unused: a server that ends when its stdin closes ends with the run
        Deque<String> tail = new ArrayDeque<>();
        Thread errors = drain(p.getErrorStream(), tail);
        CompletableFuture<String> address = CompletableFuture.supplyAsync(() -> readAddress(p, tail));
        String url;
        try {
            url = address.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            destroy(p);
            throw new InputException("--serve-local: `joulebench serve` did not say where it listens within "
                    + timeout.toSeconds() + " s" + lastLine(tail), "run `joulebench " + String.join(" ", args)
                    + "` by hand to see why");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(p);
            throw new InputException("--serve-local: interrupted while the server started", "run again");
        } catch (java.util.concurrent.ExecutionException e) {
            // the server has exited: read its last words first (destroying the Process closes its streams, and the
            // reader could lose them to that)
            waitForDrain(errors);
            destroy(p);
            throw new InputException("--serve-local: `joulebench serve` " + e.getCause().getMessage()
                    + lastLine(tail), "run `joulebench " + String.join(" ", args) + "` by hand to see why");
        }
        String name = servedModel(url).orElse(file ? Path.of(modelOrFile).getFileName().toString()
                .replaceFirst("\\.gguf$", "") : modelOrFile);
        err.println("joulebench: --serve-local: `joulebench serve` (pid " + p.pid() + ") listens on " + url
                + ", serving " + name);
        err.flush();
        return new LocalServer(p, new RemoteModel(url, name, false, true));
    }

    /** The command line of a {@code joulebench} child: this JVM's java, options and class path, and {@code args}. */
    static List<String> serveCommand(List<String> args) {
        List<String> cmd = new ArrayList<>();
        // In a session of its own, where setsid exists: Ctrl-C in the terminal then reaches the run alone, which ends
        // at its next query boundary and stops the server itself, rather than the server dying under a query.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(ForkedRun.jvm());
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Reads stdout up to the line that gives the address; what the server prints after it is drained. */
    private static String readAddress(Process p, Deque<String> tail) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = LISTENING.matcher(line.strip());
                if (m.matches()) {
                    drainAfter(out);
                    return m.group(1);
                }
                remember(tail, line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not be read (" + e.getMessage() + ")");
        }
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        throw new IllegalStateException("exited (status " + status + ") before it said where it listens");
    }

    /** The first model the server lists at {@code /v1/models}, if it answers. */
    private static java.util.Optional<String> servedModel(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/models"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                var id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("data").path(0)
                        .path("id");
                if (id.isTextual() && !id.asText().isBlank()) {
                    return java.util.Optional.of(id.asText());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the name it was started with serves as well
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return java.util.Optional.empty();
    }

    private static Thread drain(java.io.InputStream in, Deque<String> tail) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    remember(tail, line);
                }
            } catch (IOException e) {
                // the server is gone
            }
        }, "serve-local-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void drainAfter(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // the server's own output after its address is not needed
                }
            } catch (IOException e) {
                // the server is gone
            }
        }, "serve-local-stdout");
        t.setDaemon(true);
        t.start();
    }

    private static void remember(Deque<String> tail, String line) {
        synchronized (tail) {
            if (!line.isBlank()) {
                tail.addLast(line.strip());
            }
            while (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    private static void waitForDrain(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String lastLine(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; it said: " + tail.peekLast();
        }
    }

    private static void destroy(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void stop() {
        if (process.isAlive()) {
            destroy(process);
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook stops the server
        }
    }
}
