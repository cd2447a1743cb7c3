package dev.imagegen.systemtest;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Bad input gets a clear problem and leaves nothing behind. */
@ExtendWith(Suite.class)
class BadRequestsIT {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"prompt\": \"\"}",
            "{\"prompt\": \"PROMPT_32001\"}",
            "{\"prompt\": \"a cat\", \"size\": \"4096x4096\"}",
            "{\"prompt\": \"a cat\", \"quality\": \"ultra\"}",
            "{\"prompt\": \"a cat\", \"style\": \"cubist\"}",
            "{\"prompt\": \"a cat\", \"n\": 11}",
            "{\"prompt\": \"a cat\", \"background\": \"transparent\", \"output_format\": \"jpeg\"}",
            "{\"prompt\": \"a cat\", \"transparent\": true}" })
    void anInvalidGenerateRequestGetsAProblemNamingTheFieldAndNoJob(String body) throws SQLException {
        SuiteUser user = SuiteUser.register();
        user.request().contentType(ContentType.JSON).body(body.replace("PROMPT_32001", "p".repeat(32001)))
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("detail", notNullValue())
                .body("errors[0].field", notNullValue());

        assertThat(jobsOf(user.id())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"prompt\": \"a cat\"", "prompt=a cat"})
    void anUnreadableGenerateRequestGetsAProblemAndNoJob(String body) throws SQLException {
        SuiteUser user = SuiteUser.register();
        user.request().contentType(ContentType.JSON).body(body)
                .when().post("/images/generate")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", notNullValue());

        assertThat(jobsOf(user.id())).isZero();
    }

    private static int jobsOf(UUID userId) throws SQLException {
        String url = "jdbc:" + Suite.DATABASE_URL;
        try (Connection db = DriverManager.getConnection(url, "imagegen", "imagegen");
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM generation.jobs WHERE user_id = ?")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
