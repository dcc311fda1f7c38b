package dev.holdfast.gateway.request;

import dev.holdfast.contracts.Sha256;
import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids that carry what any gateway instance needs to answer {@code pending} for them, so that no instance
 * has to remember what it accepted. An id is an RFC 9562 version 8 UUID holding, besides its version and variant:
 * <ul>
 *     <li>for a plain submission: the submission time (44 bits of epoch milliseconds), the command type (4 bits),
 *     the event id (32 bits), 22 random bits (two submissions of one user in one millisecond stay two requests) and
 *     a 20-bit keyed MAC over all of that and the owner;</li>
 *     <li>for a submission with an Idempotency-Key: 98 bits of a hash of (owner, key), type nibble {@code 0xF}, and
 *     the MAC. The id depends on the owner and key alone, so a retry through any instance lands on the same id and
 *     the worker applies it once (DESIGN rule 3).</li>
 * </ul>
 * Only an instance holding the secret issues ids that verify, and an id verifies only for the caller who submitted
 * it: someone else's id answers 404 like an unknown one. (The MAC is short: a guess passes one time in a million,
 * and then shows no more than "pending"; outcomes are always checked against their owner.) The secret is
 * {@code HOLDFAST_REQUEST_ID_SECRET}, or derived from the admin token, which every gateway of a deployment shares.
 */
@Component
public class RequestIds {

    private static final int KEYED = 0xF;
    private static final long TIME_MASK = (1L << 44) - 1;
    private static final long EVENT_MASK = (1L << 32) - 1;
    private static final int RANDOM_BITS = 22;
    private static final int MAC_BITS = 20;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** What a request id tells: its type, event and submission time are null for an id from an Idempotency-Key. */
    public record Issued(UUID requestId, CommandType type, Long eventId, Instant submittedAt) {
    }

    private final SecretKeySpec secret;
    private final Duration retention;
    private final ThreadLocal<Mac> macs;

    RequestIds(GatewayProperties properties) {
        String configured = properties.requestIdSecret();
        byte[] key = configured == null || configured.isBlank()
                ? Sha256.of(("holdfast-request-ids\u0000" + properties.adminToken())
                        .getBytes(StandardCharsets.UTF_8))
                : configured.getBytes(StandardCharsets.UTF_8);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
        this.retention = properties.pendingRequestRetention();
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The id of a new submission; with an Idempotency-Key, the one id of that key for that caller. */
    UUID issue(Caller caller, String idempotencyKey, CommandType type, long eventId, Instant submittedAt) {
        if (idempotencyKey != null) {
            byte[] hash = Sha256.of(("holdfast-idempotency\u0000" + owner(caller) + "\u0000" + idempotencyKey)
                    .getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.wrap(hash);
            long first = bytes.getLong();
            long second = bytes.getLong();
            return seal(caller, first >>> 20, KEYED, second & EVENT_MASK, (int) (second >>> (64 - RANDOM_BITS)));
        }
        if (eventId > EVENT_MASK) {
            // beyond 4 billion events the id cannot carry the event; such a request is simply not stateless
            return UUID.randomUUID();
        }
        return seal(caller, submittedAt.toEpochMilli() & TIME_MASK, type.ordinal(), eventId,
                ThreadLocalRandom.current().nextInt(1 << RANDOM_BITS));
    }

    /**
     * What the id tells, if this caller submitted it (the MAC verifies) and, for a plain id, within the retention.
     */
    public Optional<Issued> verify(UUID id, Caller caller, Instant now) {
        if (id.version() != 8 || id.variant() != 2) {
            return Optional.empty();
        }
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        long time = msb >>> 20;
        int nibble = (int) (msb >>> 16) & 0xF;
        long event = (lsb >>> 30) & EVENT_MASK;
        int random = (int) (((msb & 0xFFF) << 10) | ((lsb >>> MAC_BITS) & 0x3FF));
        if (!id.equals(seal(caller, time, nibble, event, random))) {
            return Optional.empty();
        }
        if (nibble == KEYED) {
            return Optional.of(new Issued(id, null, null, null));
        }
        if (nibble >= CommandType.values().length) {
            return Optional.empty();
        }
        Instant submittedAt = Instant.ofEpochMilli(time);
        if (submittedAt.isAfter(now.plus(CLOCK_SKEW)) || submittedAt.isBefore(now.minus(retention))) {
            return Optional.empty();
        }
        return Optional.of(new Issued(id, CommandType.values()[nibble], event, submittedAt));
    }

    /** The version 8 UUID of these fields, with the MAC of them and the owner in its last 20 bits. */
    private UUID seal(Caller caller, long time44, int nibble, long event32, int random22) {
        Mac mac = macs.get();
        mac.update(owner(caller).getBytes(StandardCharsets.UTF_8));
        mac.update(ByteBuffer.allocate(21).putLong(time44).put((byte) nibble).putLong(event32).putInt(random22)
                .array());
        int tag = ByteBuffer.wrap(mac.doFinal()).getInt() >>> (32 - MAC_BITS);
        long msb = time44 << 20 | (long) nibble << 16 | 0x8L << 12 | (random22 >>> 10);
        long lsb = 0x8000_0000_0000_0000L | event32 << 30 | (long) (random22 & 0x3FF) << MAC_BITS | tag;
        return new UUID(msb, lsb);
    }

    private static String owner(Caller caller) {
        return caller.isAdmin() ? "admin" : "user:" + caller.userId();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
