package dev.imagegen.common.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Every service's PostgreSQL pool, as Quarkus configures it ({@code quarkus.datasource.reactive.*}) plus the bound
 * Quarkus has no setting for: at most {@code imagegen.database.pool-waiting} statements wait for a connection. Past
 * that one fails at once ({@code ConnectionPoolTooBusyException}), which the API answers 503 with Retry-After
 * (StoreFailures): load shed, never an unbounded queue.
 */
@Singleton
public class BoundedDatabasePool implements PgPoolCreator {

    private final int waiting;

    BoundedDatabasePool(@ConfigProperty(name = "imagegen.database.pool-waiting") int waiting) {
        this.waiting = waiting;
    }

    @Override
    public Pool create(Input input) {
        return PgBuilder.pool().with(input.poolOptions().setMaxWaitQueueSize(waiting))
                .connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList())).using(input.vertx()).build();
    }
}
