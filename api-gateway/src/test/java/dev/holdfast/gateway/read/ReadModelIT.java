package dev.holdfast.gateway.read;

import dev.holdfast.contracts.HoldTime;
import dev.holdfast.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HoldTime}'s rule in SQL, as the read model and the workers run it, agrees with its rule in Java at the
 * boundary: a hold is due at its {@code expiresAt} exactly, not a microsecond before, by the database clock.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class ReadModelIT {

    @Configuration(proxyBeanMethods = false)
    static class Nothing {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestInfrastructure.useDatabase(registry);
    }

    @Autowired
    JdbcTemplate jdbc;

    record Checked(Instant expiresAt, Instant now, boolean dueInSql) {
    }

    @Test
    void theSqlAndTheJavaFormOfADueHoldAgreeAroundItsExpiry() {
        List<Checked> checked = jdbc.query("""
                        select r.expires_at, now(), %s from (values
                            (now() - interval '1 hour'), (now() - interval '1 microsecond'), (now()),
                            (now() + interval '1 microsecond'), (now() + interval '1 hour')) as r(expires_at)"""
                        .formatted(HoldTime.isDueSql("r.expires_at", "now()")),
                (rs, row) -> new Checked(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getBoolean(3)));

        assertThat(checked).extracting(Checked::dueInSql).containsExactly(true, true, true, false, false);
        assertThat(checked).allSatisfy(row ->
                assertThat(HoldTime.isDue(row.expiresAt(), row.now())).isEqualTo(row.dueInSql()));
    }

    @Test
    void aDueHoldReadsExpiredWithItsExpiryAsExpiredAtAndOthersReadAsStored() {
        List<String> read = jdbc.query("""
                        select r.status as stored, %s from (values
                            ('held', now() - interval '1 microsecond', null::timestamptz),
                            ('held', now() + interval '1 second', null),
                            ('purchased', now() - interval '1 hour', null),
                            ('expired', now() - interval '1 hour', now() - interval '1 minute'))
                            as r(status, expires_at, expired_at)"""
                        .formatted(ReadModel.RESERVATION_STATUS_COLUMNS),
                (rs, row) -> rs.getString("stored") + "->" + rs.getString("status") + ","
                        + (rs.getTimestamp("expired_at") == null ? "no expiredAt" : "expiredAt"));

        assertThat(read).containsExactly("held->expired,expiredAt", "held->held,no expiredAt",
                "purchased->purchased,no expiredAt", "expired->expired,expiredAt");
    }
}
