package dev.imagegen.chaos.abuse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the generated hostile requests and WebSocket abuse to the gateway, a few at a time, and tallies the
 * answers. Each request leaves from its own loopback address (127.0.0.2 to 127.0.0.250), as from many clients:
 * the per-address rate limits would otherwise answer most anonymous requests with 429 in the routes' place.
 */
public final class HostileRun {

    /** Longer than the gateway's 30 s wait for an owning service, so a slow owner shows as its 503, not a hang. */
    public static final Duration TIMEOUT = Duration.ofSeconds(40);

    private final String host;
    private final int port;
    private final int concurrency;

    public HostileRun(String host, int port, int concurrency) {
        this.host = host;
        this.port = port;
        this.concurrency = concurrency;
    }

    /** {@code httpCount} HTTP requests and {@code webSocketCount} WebSocket scenarios from {@code seed}. */
    public HostileTally run(long seed, HostileRequests.Fixture fixture, int httpCount, int webSocketCount)
            throws Exception {
        HostileRequests requests = new HostileRequests(seed, host + ":" + port, fixture);
        WebSocketAbuse sockets = new WebSocketAbuse(seed + 1, fixture.tokens());
        HostileTally tally = new HostileTally();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < httpCount + webSocketCount; i++) {
                int total = httpCount + webSocketCount;
                // Spread evenly: exactly webSocketCount of the total are WebSocket scenarios.
                boolean webSocket = (long) i * webSocketCount / total != (long) (i + 1) * webSocketCount / total;
                work.add(pool.submit(() -> {
                    InetAddress source = source(next.getAndIncrement());
                    if (webSocket) {
                        tally.webSocket(sockets.next(source, host, port, TIMEOUT));
                    } else {
                        HostileRequest request = requests.next();
                        tally.http(request, RawHttp.send(source, host, port, request, TIMEOUT));
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return tally;
    }

    private static InetAddress source(int index) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + index % 249)});
    }
}
