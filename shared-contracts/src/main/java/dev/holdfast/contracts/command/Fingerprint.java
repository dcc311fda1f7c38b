package dev.holdfast.contracts.command;

import dev.holdfast.contracts.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/** SHA-256 over the fields that define what a command asks for, separated so that no two field lists collide. */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(Object... fields) {
        MessageDigest digest = Sha256.digest();
        for (Object field : fields) {
            String text = Objects.toString(field, "\u0000null");
            digest.update(Integer.toString(text.length()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) ':');
            digest.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
