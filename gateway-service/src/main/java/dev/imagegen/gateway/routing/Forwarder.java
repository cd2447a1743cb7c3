package dev.imagegen.gateway.routing;

import dev.imagegen.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * Relays an owning service's answer to the caller unchanged: status, body bytes and the headers a client
 * needs. Only an upstream that cannot be reached becomes the gateway's own 503.
 */
@ApplicationScoped
public class Forwarder {

    static final List<String> RELAYED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, "Content-Disposition",
            HttpHeaders.ETAG, HttpHeaders.CACHE_CONTROL, HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION,
            "Content-Security-Policy");

    public Uni<Response> relay(String upstream, Uni<Response> call) {
        return call.map(Forwarder::copy)
                .onFailure().transform(e -> {
                    Log.warnf("%s is unreachable: %s", upstream, e.getMessage());
                    return new ProblemException(503, "upstream_unavailable",
                            "The " + upstream + " is unavailable; try again shortly");
                });
    }

    private static Response copy(Response upstream) {
        Response.ResponseBuilder answer = Response.status(upstream.getStatus());
        if (upstream.hasEntity()) {
            answer.entity(upstream.readEntity(byte[].class));
        }
        for (String header : RELAYED_HEADERS) {
            String value = upstream.getHeaderString(header);
            if (value != null) {
                answer.header(header, HttpHeaders.LOCATION.equals(header) ? publicPath(value) : value);
            }
        }
        return answer.build();
    }

    /** An owning service names itself by its internal address; clients only ever see the gateway. */
    private static String publicPath(String location) {
        URI uri = URI.create(location);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }
}
