package org.joulebench.runners.openai;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP exchange read as it arrives: the status, then the body's lines, then its end or failure, handed out by
 * {@link #next} with a limit on each wait. The HTTP client's own threads push into a queue, so a server that stalls
 * costs no blocked thread here; {@link #close()} cancels the exchange.
 */
final class EventStream implements AutoCloseable {

    sealed interface Item permits Status, Line, End, Failed {
    }

    record Status(int code) implements Item {
    }

    record Line(String text) implements Item {
    }

    record End() implements Item {
    }

    record Failed(Throwable error) implements Item {
    }

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Void>> exchange;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    private EventStream(HttpClient client, HttpRequest request) {
        this.exchange = client.sendAsync(request, info -> {
            items.add(new Status(info.statusCode()));
            return BodySubscribers.fromLineSubscriber(new Sink()); // UTF-8, lines as BufferedReader reads them
        });
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                items.add(new Failed(error));
            }
        });
    }

    static EventStream open(HttpClient client, HttpRequest request) {
        return new EventStream(client, request);
    }

    /** The next item, or {@code null} when nothing came within {@code timeout}. */
    Item next(Duration timeout) throws InterruptedException {
        return items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        exchange.cancel(true);
    }

    private final class Sink implements Flow.Subscriber<String> {

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            items.add(new Line(line));
        }

        @Override
        public void onError(Throwable error) {
            items.add(new Failed(error));
        }

        @Override
        public void onComplete() {
            items.add(new End());
        }
    }
}
