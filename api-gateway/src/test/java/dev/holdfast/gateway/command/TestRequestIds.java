package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.CommandType;
import dev.holdfast.gateway.auth.Caller;
import dev.holdfast.gateway.config.TestGatewayProperties;

import java.time.Instant;
import java.util.UUID;

/** Request ids for tests outside this package, which only the pipeline issues in the gateway. */
public final class TestRequestIds {

    private TestRequestIds() {
    }

    /** Request ids under {@link TestGatewayProperties#REQUEST_ID_SECRET}. */
    public static RequestIds create() {
        return new RequestIds(TestGatewayProperties.withRate(0));
    }

    /** The id of a submission without an Idempotency-Key. */
    public static UUID issue(RequestIds ids, Caller caller, CommandType type, long eventId, Instant submittedAt) {
        return ids.issue(caller, null, type, eventId, submittedAt);
    }
}
