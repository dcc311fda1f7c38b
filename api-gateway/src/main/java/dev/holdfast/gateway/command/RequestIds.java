package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Request ids that carry what any gateway instance needs to answer {@code pending} for them, so that no instance
 * has to remember what it accepted. An id is an RFC 9562 version 8 UUID: of its 122 free bits, 58 are a payload and
 * 64 are a tag, an HMAC-SHA256 (truncated) keyed with {@code HOLDFAST_REQUEST_ID_SECRET} over the payload and the
 * owner. Guessing an id that verifies takes about 2^63 tries, whatever the guesser knows.
 * <ul>
 *     <li>A plain submission's payload: the command type (4 bits, its ordinal), the submission time (20 bits: its
 *     100 ms tick modulo 2^20, about 29 hours), the event id (24 bits; 0 when it does not fit, and the id then
 *     tells no event) and a sequence number (10 bits) that keeps two submissions of one owner in one tick apart.
 *     The tag covers the whole tick, not just its 20 bits: a verifier takes the one tick that matches within the
 *     last 29 hours, and an id older than that fails its tag, so ids expire after {@code pendingRequestRetention}
 *     and never come back.</li>
 *     <li>A submission with an Idempotency-Key: type nibble {@code 0xF} and 54 bits of a keyed hash of (owner, key).
 *     The id depends on the owner and key alone, so a retry through any instance, at any time, lands on the same id
 *     and the worker applies it once (ARCHITECTURE.md, invariant 3). It carries no time, so it cannot expire without
 *     giving a retry after the expiry another id, and with it a second hold; it answers {@code pending} until its
 *     outcome is written, to its owner only.</li>
 * </ul>
 * An id verifies only for the caller who submitted it: someone else's id answers 404 like an unknown one. Without a
 * configured secret this instance makes a random one: its ids then verify on this instance only, until it stops.
 */
@Component
public class RequestIds {

    private static final Logger log = LoggerFactory.getLogger(RequestIds.class);

    static final Duration TICK = Duration.ofMillis(100);
    private static final int KEYED = 0xF;
    private static final int TICK_BITS = 20;
    private static final int EVENT_BITS = 24;
    private static final int SEQUENCE_BITS = 10;
    private static final long TICK_MASK = (1L << TICK_BITS) - 1;
    private static final long EVENT_MASK = (1L << EVENT_BITS) - 1;
    private static final int SEQUENCE_MASK = (1 << SEQUENCE_BITS) - 1;
    private static final long HASH_MASK = (1L << 54) - 1;
    /** How far a tick is told apart from the same tick 2^20 ticks earlier or later. */
    static final Duration WINDOW = TICK.multipliedBy(1L << TICK_BITS);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    static final int MIN_SECRET_LENGTH = 32;
    private static final byte ID_TAG = 1;
    private static final byte KEY_HASH = 2;
    private static final long ADMIN = -1;

    /** What a request id tells: its type, event and submission time are null for an id from an Idempotency-Key. */
    public record Issued(UUID requestId, CommandType type, Long eventId, Instant submittedAt) {
    }

    private final SecretKeySpec secret;
    private final Duration retention;
    private final ThreadLocal<Mac> macs;
    /** Sequence numbers by a hash of the owner, starting anywhere, so that ids of one owner in one tick differ. */
    private final AtomicIntegerArray sequences = new AtomicIntegerArray(4096);

    RequestIds(GatewayProperties properties) {
        this.secret = new SecretKeySpec(key(properties), "HmacSHA256");
        this.retention = properties.pendingRequestRetention();
        if (retention.plus(CLOCK_SKEW.multipliedBy(2)).compareTo(WINDOW) >= 0) {
            throw new IllegalStateException("holdfast.gateway.pending-request-retention must be less than "
                    + WINDOW.minus(CLOCK_SKEW.multipliedBy(2)) + ": request ids tell times apart within " + WINDOW);
        }
        this.macs = ThreadLocal.withInitial(this::newMac);
        var random = ThreadLocalRandom.current();
        for (int i = 0; i < sequences.length(); i++) {
            sequences.set(i, random.nextInt());
        }
    }

    /** The secret's bytes; a random one, with a warning, when none is configured. Never anything of the admin token. */
    private static byte[] key(GatewayProperties properties) {
        String configured = properties.requestIdSecret();
        if (configured == null || configured.isBlank()) {
            log.warn("HOLDFAST_REQUEST_ID_SECRET is not set: using a random key. Request ids issued here answer "
                    + "pending on this instance only, until it stops; set the same secret on every gateway.");
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        if (configured.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("HOLDFAST_REQUEST_ID_SECRET must be at least " + MIN_SECRET_LENGTH
                    + " characters (for example: openssl rand -hex 32)");
        }
        if (configured.equals(properties.adminToken())) {
            throw new IllegalStateException("HOLDFAST_REQUEST_ID_SECRET must not be the admin token");
        }
        return configured.getBytes(StandardCharsets.UTF_8);
    }

    /** The time a submission at {@code now} carries: its tick, which is all its id can tell. */
    static Instant submissionTime(Instant now) {
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), TICK.toMillis()) * TICK.toMillis());
    }

    /**
     * The id of a new submission; with an Idempotency-Key, the one id of that key for that caller. The submission
     * time the id tells is {@link #submissionTime} of {@code submittedAt}.
     */
    UUID issue(Caller caller, String idempotencyKey, CommandType type, long eventId, Instant submittedAt) {
        long owner = owner(caller);
        if (idempotencyKey != null) {
            Mac mac = macs.get();
            mac.update(ByteBuffer.allocate(9).put(KEY_HASH).putLong(owner).array());
            long hash = ByteBuffer.wrap(mac.doFinal(idempotencyKey.getBytes(StandardCharsets.UTF_8))).getLong();
            return seal((long) KEYED << 54 | hash & HASH_MASK, owner, 0);
        }
        long tick = Math.floorDiv(submittedAt.toEpochMilli(), TICK.toMillis());
        long event = eventId > 0 && eventId <= EVENT_MASK ? eventId : 0;
        int sequence = sequences.getAndIncrement(Long.hashCode(owner * 0x9E3779B97F4A7C15L) >>> 20) & SEQUENCE_MASK;
        long payload = (long) type.ordinal() << 54 | (tick & TICK_MASK) << 34 | event << SEQUENCE_BITS | sequence;
        return seal(payload, owner, tick);
    }

    /**
     * What the id tells, if this caller submitted it (its tag verifies) and, for a plain id, within the retention.
     */
    public Optional<Issued> verify(UUID id, Caller caller, Instant now) {
        if (id.version() != 8 || id.variant() != 2) {
            return Optional.empty();
        }
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        long high = (msb >>> 16) << 12 | msb & 0xFFF;
        long payload = high >>> 2;
        int nibble = (int) (payload >>> 54);
        long owner = owner(caller);
        if (nibble == KEYED) {
            return id.equals(seal(payload, owner, 0)) ? Optional.of(new Issued(id, null, null, null))
                    : Optional.empty();
        }
        if (nibble >= CommandType.values().length) {
            return Optional.empty();
        }
        // the one tick within the window that ends a clock skew from now whose low bits the id carries
        long latest = Math.floorDiv(now.plus(CLOCK_SKEW).toEpochMilli(), TICK.toMillis());
        long tick = latest - ((latest - (payload >>> 34 & TICK_MASK)) & TICK_MASK);
        if (!id.equals(seal(payload, owner, tick))) {
            return Optional.empty();
        }
        Instant submittedAt = Instant.ofEpochMilli(tick * TICK.toMillis());
        if (submittedAt.isBefore(now.minus(retention))) {
            return Optional.empty();
        }
        long event = payload >>> SEQUENCE_BITS & EVENT_MASK;
        return Optional.of(new Issued(id, CommandType.values()[nibble], event == 0 ? null : event, submittedAt));
    }

    /** The version 8 UUID of a 58-bit payload and the 64-bit tag of it, the owner and the whole tick. */
    private UUID seal(long payload, long owner, long tick) {
        Mac mac = macs.get();
        long tag = ByteBuffer.wrap(mac.doFinal(ByteBuffer.allocate(25).put(ID_TAG).putLong(owner).putLong(payload)
                .putLong(tick).array())).getLong();
        long high = payload << 2 | tag >>> 62; // 60 bits
        long msb = (high >>> 12) << 16 | 0x8L << 12 | high & 0xFFF;
        long lsb = 0x8000_0000_0000_0000L | tag & 0x3FFF_FFFF_FFFF_FFFFL;
        return new UUID(msb, lsb);
    }

    private static long owner(Caller caller) {
        return caller.isAdmin() ? ADMIN : caller.userId();
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
