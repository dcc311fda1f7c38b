package dev.holdfast.gateway.config;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/** The gateway's caches for a test slice, which does not read api-gateway.yml: small, and otherwise as configured. */
@TestConfiguration(proxyBeanMethods = false)
public class TestCaches {

    public static CacheProperties caches() {
        var forAnHour = new CacheProperties.Cache(1_000, Duration.ofHours(1), null, null);
        return new CacheProperties(new CacheProperties.Cache(1_000, Duration.ofHours(1), null, Duration.ofSeconds(1)),
                forAnHour, new CacheProperties.Cache(1_000, null, Duration.ofSeconds(10), null), forAnHour,
                Duration.ofSeconds(1), new CacheProperties.Cache(100, null, Duration.ofMillis(100), null));
    }

    @Bean
    CacheProperties cacheProperties() {
        return caches();
    }
}
