package dev.holdfast.gateway.request;

import dev.holdfast.contracts.Sha256;
import dev.holdfast.gateway.auth.Caller;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Request ids. With an Idempotency-Key the id is derived from (caller, key) alone, so a retry through any gateway
 * instance lands on the same id, and the worker's de-duplication by request id makes it one command (DESIGN rule 3).
 */
final class RequestIds {

    private RequestIds() {
    }

    static UUID forSubmission(Caller caller, String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID();
        }
        String owner = caller.isAdmin() ? "admin" : "user:" + caller.userId();
        byte[] hash = Sha256.of(("holdfast-idempotency\u0000" + owner + "\u0000" + idempotencyKey)
                            .getBytes(StandardCharsets.UTF_8));
        // an RFC 9562 version 8 (custom) UUID made of the first 122 bits of the hash
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
