package dev.holdfast.contracts.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** SHA-256 over the fields that define what a command asks for, separated so that no two field lists collide. */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(Object... fields) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (Object field : fields) {
            String text = Objects.toString(field, "\u0000null");
            digest.update(Integer.toString(text.length()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) ':');
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
