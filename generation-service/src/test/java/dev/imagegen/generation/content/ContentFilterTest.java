package dev.imagegen.generation.content;

import dev.imagegen.common.testing.TestUser;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The test profile's blocklist: {@code détonateur}, {@code blood bath}, pattern {@code \bkill\s+(him|her)\b}. */
@QuarkusTest
class ContentFilterTest {

    @ParameterizedTest
    @ValueSource(strings = { "a détonateur on a table", "A DETONATEUR on a table", "a Détonateur!",
            "a d-é-t-o-n-a-t-e-u-r", "a d e t o n a t e u r here", "a BLOOD   bath", "a blood-bath at noon",
            "a bloodbath", "Kill  HIM now", "kíll her" })
    void refusesBlockedPromptsAndRecordsThem(String prompt) throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", prompt))
                .when().post("/images/generate")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("content_policy"));

        assertThat(rows("SELECT prompt FROM generation.content_refusals WHERE user_id = ?1", user.id()))
                .containsExactly(prompt);
        assertThat(rows("SELECT CAST(job_id AS text) FROM generation.charges WHERE user_id = ?1", user.id()))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a detonator museum", "detonateurs and more", "a blood orange bathed in light",
            "skill himalaya" })
    void letsOtherPromptsThrough(String prompt) {
        given().auth().oauth2(TestUser.create().token()).contentType(ContentType.JSON)
                .body(Map.of("prompt", prompt))
                .when().post("/images/generate")
                .then().statusCode(202);
    }

    @Test
    void aRefusalReservesNothing() throws Throwable {
        TestUser user = TestUser.create();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("prompt", "blood bath"))
                .when().post("/images/generate").then().statusCode(422);

        given().auth().oauth2(user.token()).when().get("/usage/me")
                .then().statusCode(200).body("images_today", equalTo(0));
    }

    private static List<String> rows(String sql, UUID userId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.<String>createNativeQuery(sql, String.class).setParameter(1, userId).getResultList())));
    }
}
