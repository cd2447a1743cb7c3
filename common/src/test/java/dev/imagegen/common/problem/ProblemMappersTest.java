package dev.imagegen.common.problem;

import io.vertx.sqlclient.DatabaseException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** An overloaded or unreachable store is a 503 the client may retry; anything else unexpected stays a 500. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void postgresOutOfConnectionsIsServiceUnavailableWithRetryAfter() {
        // How PostgreSQL refuses the 101st client, wrapped as Hibernate Reactive passes it on.
        Response response = mappers.unexpected(new CompletionException(postgres("53300", "sorry, too many clients already")));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        Problem problem = (Problem) response.getEntity();
        assertThat(problem.code()).isEqualTo("unavailable");
        assertThat(problem.detail()).contains("try again").doesNotContain("53300");
    }

    @Test
    void aShutdownOrUnreachableStoreIsServiceUnavailable() {
        assertThat(mappers.unexpected(new IllegalStateException(postgres("57P01", "terminating connection"))).getStatus())
                .isEqualTo(503);
        assertThat(mappers.unexpected(new RuntimeException(new ConnectException("Connection refused"))).getStatus())
                .isEqualTo(503);
    }

    @Test
    void otherFailuresStayInternalErrors() {
        assertThat(mappers.unexpected(new IllegalStateException("a bug")).getStatus()).isEqualTo(500);
        // A constraint violation is a database error too, but not one a retry would fix.
        assertThat(mappers.unexpected(new RuntimeException(postgres("23505", "duplicate key"))).getStatus())
                .isEqualTo(500);
    }

    @Test
    void aNulCharacterInTextIsTheClientsInputNotAServerError() {
        // What PostgreSQL answers to a JSON string "a\u0000b" bound to a text column.
        Response response = mappers.unexpected(new CompletionException(
                postgres("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")));

        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(((Problem) response.getEntity()).detail()).contains("NUL");
    }

    @Test
    void theSameFailuresAsHibernateConvertsThemAreMappedAlike() {
        // Hibernate's conversion: a java.sql.SQLException with the SQLSTATE, inside an ORM exception
        assertThat(mappers.unexpected(new RuntimeException("could not execute statement", new SQLException(
                "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00 (22021)", "22021"))).getStatus())
                .isEqualTo(422);
        assertThat(mappers.unexpected(new RuntimeException("could not open", new SQLException(
                "the database system is starting up", "57P03"))).getStatus()).isEqualTo(503);
        // a connection refused reaches the mapper unwrapped, as a checked exception
        assertThat(mappers.unexpected(new ConnectException("Connection refused")).getStatus()).isEqualTo(503);
    }

    @Test
    void aDuplicateFieldInARequestIsRefusedAsMalformed() {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        new StrictJson().customize(mapper);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> mapper.readTree("{\"content\":1,\"content\":\"hello there\"}"))
                .isInstanceOf(com.fasterxml.jackson.core.JsonParseException.class)
                .hasMessageContaining("Duplicate field 'content'");
    }

    private static DatabaseException postgres(String sqlState, String message) {
        return new DatabaseException(message, 0, sqlState, null) {
        };
    }
}
