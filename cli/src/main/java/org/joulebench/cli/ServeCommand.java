package org.joulebench.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.joulebench.harness.InputException;
import org.joulebench.harness.ServedModel;
import org.joulebench.meters.Meter;
import org.joulebench.meters.MeterConfig;
import org.joulebench.meters.MeterUnavailableException;
import org.joulebench.meters.Meters;
import org.joulebench.meters.Sampler;
import org.joulebench.runners.SharedGenerator;
import org.joulebench.runners.serve.OpenAiServer;
import org.joulebench.runners.serve.ResponseMeter;
import org.joulebench.runners.serve.ServeConfig;
import org.joulebench.runners.serve.ServeException;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code joulebench serve}: one local model behind an OpenAI-compatible HTTP API until SIGINT or SIGTERM, each
 * response's energy in its {@code usage} when a meter is at hand.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a local model through an OpenAI-compatible API (GET /v1/models, POST /v1/completions, "
                + "POST /v1/chat/completions; streaming; usage with the energy measured per response).",
                "Runs until SIGINT/SIGTERM (exit 130/143): requests in flight get " + ServeCommand.GRACE_SECONDS
                        + " s to finish. Exit 2: bad input, an unknown model, a port in use."},
        footer = "Example: joulebench serve --model kjv-small --port 8080, then "
                + "curl http://127.0.0.1:8080/v1/completions -d '{\"model\":\"kjv-small\",\"prompt\":\"In the\"}'")
final class ServeCommand implements Callable<Integer> {

    static final int GRACE_SECONDS = 5;
    static final String NO_METER = "none";

    static final class Model {
        @Option(names = "--model", paramLabel = "ID", required = true,
                description = "a generation model of the zoo (see `joulebench zoo`)")
        String id;

        @Option(names = "--gguf", paramLabel = "FILE", required = true, description = "a llama GGUF file on disk")
        Path gguf;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Model model;

    @Option(names = "--engine", paramLabel = "java|llamacpp", description = "the engine (default: ${DEFAULT-VALUE})")
    String engine = "java";

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "the address to listen on (default: ${DEFAULT-VALUE}); the API has no authentication, so "
                    + "anyone who can reach another address can use it")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "the port; 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--max-batch", paramLabel = "N",
            description = "requests handed to the engine at once (an engine that batches decodes them together; "
                    + "others take them in turn) (default: ${DEFAULT-VALUE})")
    int maxBatch = 8;

    @Option(names = "--queue", paramLabel = "N",
            description = "requests that may wait beyond those; more are refused with HTTP 429 (default: ${DEFAULT-VALUE})")
    int queue = 32;

    @Option(names = "--threads", paramLabel = "N", description = "engine threads; 0 lets the engine choose (default: ${DEFAULT-VALUE})")
    int threads = 0;

    @Option(names = "--meter", paramLabel = "auto|ID|none",
            description = "the meter whose energy goes into each response's usage: auto (the best CPU meter), an id "
                    + "from `joulebench meters`, or none (default: ${DEFAULT-VALUE})")
    String meter = Meters.AUTO;

    @Mixin
    MeterOptions meterOptions = new MeterOptions();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private volatile String signal;

    @Override
    public Integer call() throws InputException {
        Bounds.within("--port", port, 0, 65535);
        Bounds.within("--max-batch", maxBatch, 1, 1024);
        Bounds.within("--queue", queue, 0, 100_000);
        Bounds.within("--threads", threads, 0, 1024);
        InetAddress address = address();
        PrintWriter err = spec.commandLine().getErr();
        MeterConfig meterConfig = meterOptions.config();
        Meter open = openMeter(meterConfig, err);
        Sampler sampler = null;
        SharedGenerator generator = null;
        CountDownLatch stop = new CountDownLatch(1);
        // From here a signal stops the server (or, while the model loads, keeps it from starting) instead of the JVM.
        try (Interrupts ignored = Interrupts.handle(name -> {
            signal = name;
            stop.countDown();
        })) {
            Optional<ResponseMeter> responses = Optional.empty();
            if (open != null) {
                try {
                    sampler = new Sampler(java.util.List.of(open), meterConfig); // follows counter wraps between reads
                } catch (IllegalArgumentException e) {
                    throw new InputException(e.getMessage(), "raise --sample-hz");
                }
                sampler.start();
                responses = Optional.of(new ResponseMeters(open));
            }
            ServedModel served = ServedModel.open(model.id, model.gguf, engine, threads);
            generator = SharedGenerator.of(served.backend(), maxBatch);
            if (signal != null) {
                err.println("joulebench: SIG" + signal + " while the model loaded: not serving");
                return Interrupts.status(signal);
            }
            ServeConfig config = new ServeConfig(address, port, served.name(), maxBatch, queue,
                    Duration.ofSeconds(GRACE_SECONDS));
            OpenAiServer server;
            try {
                server = OpenAiServer.start(config, generator, responses);
            } catch (ServeException e) {
                throw new InputException(e.getMessage(), "choose another --port, or --port 0 for any free one");
            }
            try (server) {
                tell(err, address, generator, open);
                var out = spec.commandLine().getOut();
                out.println("listening on " + server.url() + " (model " + served.name() + ", engine "
                        + served.backend().backend() + ")");
                out.flush();
                stop.await();
                err.println("joulebench: SIG" + signal + ": stopping; requests in flight get up to " + GRACE_SECONDS
                        + " s");
                err.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signal = "INT";
            }
            return Interrupts.status(signal);
        } finally {
            if (generator != null) {
                generator.close(); // the llama.cpp engine's child process ends here
            }
            if (sampler != null) {
                sampler.close();
            }
            if (open != null) {
                open.close();
            }
        }
    }

    private InetAddress address() throws InputException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InputException("--host " + host + ": not an address or a name that resolves",
                    "give an address of this machine, e.g. 127.0.0.1 (the default) or 0.0.0.0 for all");
        }
    }

    /** The meter, or null for none: {@code none} asked, or {@code auto} with none working here (said why). */
    private Meter openMeter(MeterConfig config, PrintWriter err) throws InputException {
        if (NO_METER.equals(meter)) {
            err.println("joulebench: no energy in usage: --meter none");
            return null;
        }
        try {
            return Meters.open(meter, config);
        } catch (MeterUnavailableException e) {
            if (Meters.AUTO.equals(meter)) {
                err.println("joulebench: no energy in usage: " + e.getMessage() + " — " + e.fix());
                return null;
            }
            throw new InputException("meter '" + meter + "' cannot be used: " + e.getMessage(), e.fix(), e);
        }
    }

    private void tell(PrintWriter err, InetAddress address, SharedGenerator generator, Meter open) {
        if (!address.isLoopbackAddress()) {
            err.println("joulebench: warning: listening on " + host + ", beyond this machine; the API has no "
                    + "authentication: anyone who can reach it can use it");
        }
        generator.whyNotBatched().ifPresent(why -> err.println("joulebench: requests are served one at a time: "
                + why + " (up to " + (maxBatch + queue) + " requests at once, with those waiting; more get HTTP 429)"));
        if (open != null) {
            err.println("joulebench: usage.energy: meter " + open.id() + " (" + open.method() + "), " + open.boundary()
                    + "; the gross energy of that boundary over each response, shared by responses that overlap it");
        }
        err.flush();
    }
}
