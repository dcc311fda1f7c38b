package dev.holdfast.gateway.command;

import dev.holdfast.contracts.command.Rejection;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that submits a command, for the OpenAPI description: {@code ApiDocumentation} adds what every
 * command shares (the {@code 202 Accepted} with its request document and {@code Location}, the {@code Prefer} and
 * {@code Idempotency-Key} headers, {@code Request-Id}), the success answered under {@code Prefer: wait}, and the
 * problem documents of the rejections and of what every command may be answered before it is enqueued
 * ({@code unauthorized}, {@code forbidden}, {@code not_found}, {@code validation_failed},
 * {@code idempotency_key_reused}, {@code rate_limited}, {@code unavailable}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CommandEndpoint {

    /** The status of a success answered under {@code Prefer: wait}: 200 or 201. */
    int success();

    /** The document answered on success. */
    Class<?> body();

    /** How the reservation worker may reject the command. */
    Rejection[] rejections() default {};
}
