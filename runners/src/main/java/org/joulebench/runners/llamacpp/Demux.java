package org.joulebench.runners.llamacpp;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.joulebench.runners.BackendException;

/**
 * Requests in flight at once on one child: each gets an id, which the child repeats in its answers, and a reader
 * thread hands every answer to the stream of its id. Each caller bounds its own wait. When the child ends, every
 * stream hears why.
 */
final class Demux {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildProcess child;
    private final Map<Long, BlockingQueue<JsonNode>> streams = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile JsonNode end;

    Demux(ChildProcess child) {
        this.child = child;
        Thread reader = new Thread(this::read, "llamacpp-child-answers");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        JsonNode last;
        try {
            JsonNode event;
            while ((event = child.read()) != null) {
                BlockingQueue<JsonNode> stream = streams.get(event.path("id").asLong(-1));
                if (stream != null) {
                    stream.add(event);
                }
            }
            last = ended(child.ended().getMessage());
        } catch (BackendException | RuntimeException e) {
            last = ended(e.getMessage());
        }
        end = last;
        streams.values().forEach(s -> s.add(end));
    }

    private static JsonNode ended(String why) {
        ObjectNode node = JSON.createObjectNode();
        node.put("ev", "ended");
        node.put("message", why);
        return node;
    }

    /** A new request's stream; send the request with {@link Stream#id()}, then read its answers, then close it. */
    Stream open() {
        long id = ids.incrementAndGet();
        BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
        streams.put(id, queue);
        if (end != null) {
            queue.add(end);
        }
        return new Stream(id, queue);
    }

    /** One request's answers. */
    final class Stream implements AutoCloseable {
        private final long id;
        private final BlockingQueue<JsonNode> queue;

        private Stream(long id, BlockingQueue<JsonNode> queue) {
            this.id = id;
            this.queue = queue;
        }

        long id() {
            return id;
        }

        /** The next answer; an {@code error} answer, the child's end, silence for {@code timeout}, become failures. */
        JsonNode next(Duration timeout) throws BackendException {
            JsonNode event;
            try {
                event = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for the llama.cpp child", e);
            }
            if (event == null) {
                throw new BackendException("the llama.cpp child sent nothing for request " + id + " in "
                        + ChildProcess.format(timeout));
            }
            String ev = event.path("ev").asText();
            if (ev.equals("ended")) {
                throw new BackendException(event.path("message").asText());
            }
            if (ev.equals("error")) {
                throw new BackendException("llama.cpp failed the request: " + event.path("message").asText());
            }
            return event;
        }

        @Override
        public void close() {
            streams.remove(id);
        }
    }
}
