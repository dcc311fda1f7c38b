package dev.holdfast.contracts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256, one reusable digest per thread: looking the algorithm up on every call cost more than hashing the few
 * bytes of a token or a command.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private Sha256() {
    }

    /** This thread's digest, reset: update it, then call {@link MessageDigest#digest()}. */
    public static MessageDigest digest() {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest;
    }

    public static byte[] of(byte[] bytes) {
        return digest().digest(bytes);
    }
}
