package dev.imagegen.common.problem;

import io.vertx.ext.web.RoutingContext;

/**
 * The calls whose body a service streams on unread (the gateway's forwarded routes): {@link HttpRefusals} leaves
 * their chunked bodies to them instead of reading them up to the body limit first.
 */
public interface StreamedBodies {

    boolean streamed(RoutingContext call);
}
