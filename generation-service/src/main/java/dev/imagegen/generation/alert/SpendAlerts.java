package dev.imagegen.generation.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen.common.events.SpendAlert;
import dev.imagegen.common.streams.EventPublisher;
import dev.imagegen.common.streams.StreamsConfig;
import dev.imagegen.generation.quota.LedgerMetrics;
import dev.imagegen.generation.quota.QuotaConfig;
import dev.imagegen.generation.quota.QuotaLedger;
import dev.imagegen.generation.quota.Usage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Raises a spend alert when a settled charge takes a user's month spend across the configured share of their
 * monthly limit: once per user and month, recorded in {@code spend_alerts} in the settle's transaction so
 * replicas, redeliveries and restarts never repeat it.
 */
@ApplicationScoped
public class SpendAlerts {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final QuotaLedger ledger;
    private final LedgerMetrics metrics;
    private final Clock clock;
    private final int thresholdPercent;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final String stream;
    private final long maxLen;
    private final ObjectMapper json;

    public SpendAlerts(QuotaLedger ledger, LedgerMetrics metrics, Clock clock, QuotaConfig quota,
            ReactiveRedisDataSource redis, StreamsConfig streams, ObjectMapper json) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
        this.thresholdPercent = quota.alertThresholdPercent();
        this.streams = redis.stream(String.class, String.class, String.class);
        this.stream = SpendAlert.stream(streams);
        this.maxLen = streams.eventsMaxLen();
        this.json = json;
    }

    /** Checks the user's month after one of their charges settled; must run in that charge's transaction. */
    public Uni<Void> check(UUID userId) {
        return ledger.usage(userId).chain(usage -> crossed(usage) ? raise(userId, usage)
                : Uni.createFrom().voidItem());
    }

    /** Settled charges only: a reservation may still be released. */
    private static BigDecimal spent(Usage usage) {
        return usage.monthSpend().subtract(usage.reserved());
    }

    private boolean crossed(Usage usage) {
        return usage.monthlyLimit().signum() > 0 && spent(usage).multiply(HUNDRED)
                .compareTo(usage.monthlyLimit().multiply(BigDecimal.valueOf(thresholdPercent))) >= 0;
    }

    private Uni<Void> raise(UUID userId, Usage usage) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String month = YearMonth.from(now).toString();
        BigDecimal spent = spent(usage);
        int percent = spent.multiply(HUNDRED).divide(usage.monthlyLimit(), 0, RoundingMode.DOWN).intValueExact();
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO generation.spend_alerts (user_id, month, spend, monthly_limit,"
                        + " created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                .setParameter(1, userId).setParameter(2, month).setParameter(3, spent)
                .setParameter(4, usage.monthlyLimit()).setParameter(5, now)
                .executeUpdate())
                .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem()
                        : publish(SpendAlert.of(userId, month, spent, usage.monthlyLimit(), percent,
                                now.toInstant())));
    }

    /** Written before the transaction commits: if Redis refuses it, the settle is retried with its alert. */
    private Uni<Void> publish(SpendAlert alert) {
        return streams.xadd(stream, new XAddArgs().maxlen(maxLen).nearlyExactTrimming(),
                Map.of(EventPublisher.PAYLOAD, write(alert)))
                .invoke(() -> {
                    Log.warnf("Spend alert: user %s has spent $%s of their $%s monthly limit (%d%%) in %s",
                            alert.userId(), alert.spend().toPlainString(), alert.limit().toPlainString(),
                            alert.percent(), alert.month());
                    metrics.spendAlert();
                })
                .replaceWithVoid();
    }

    private String write(SpendAlert alert) {
        try {
            return json.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a spend alert", e);
        }
    }
}
