package dev.holdfast.gateway.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The gateway's caches, each bounded: past {@code maximumSize} the entries least likely to be used again are
 * evicted (Caffeine's W-TinyLFU), so a flood of new keys displaces old ones instead of filling memory or turning
 * the cache off.
 *
 * @param events            event shapes (section codes and capacities, {@code maxTicketsPerUser}) for the submit path
 * @param tokens            user tokens found in the database; a token is never revoked
 * @param unknownTokens     tokens the database does not know, so that a repeated one costs no query; short-lived
 * @param reservationOwners owner and event of a reservation, which never change
 * @param healthChecks      how long the answer of the database's and Kafka's health checks is reused
 * @param seatMaps          seated sections' seat maps, each read in one statement and served whole for a moment
 */
@ConfigurationProperties("holdfast.gateway.caches")
public record CacheProperties(Cache events, Cache tokens, Cache unknownTokens, Cache reservationOwners,
                              Duration healthChecks, Cache seatMaps) {

    /**
     * @param maximumSize       entries kept at most
     * @param expireAfterAccess an entry unused this long is dropped; null: never
     * @param expireAfterWrite  an entry this old is dropped, however much it is used; null: never
     * @param refreshAfterWrite an entry this old is re-read in the background on its next use, which meanwhile
     *                          gets the entry as it is (and keeps it if the re-read fails); null: never
     */
    public record Cache(long maximumSize, Duration expireAfterAccess, Duration expireAfterWrite,
                        Duration refreshAfterWrite) {

        public Cache {
            if (maximumSize < 1) {
                throw new IllegalStateException("a cache's maximum-size must be 1 or more");
            }
        }

        public Caffeine<Object, Object> builder() {
            Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maximumSize);
            if (expireAfterAccess != null) {
                builder.expireAfterAccess(expireAfterAccess);
            }
            if (expireAfterWrite != null) {
                builder.expireAfterWrite(expireAfterWrite);
            }
            if (refreshAfterWrite != null) {
                builder.refreshAfterWrite(refreshAfterWrite);
            }
            return builder;
        }
    }
}
