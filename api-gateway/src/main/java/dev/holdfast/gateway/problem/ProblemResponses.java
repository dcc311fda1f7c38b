package dev.holdfast.gateway.problem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem codes an endpoint answers before anything is enqueued (for example {@code unauthorized},
 * {@code not_found}, {@code validation_failed}); the OpenAPI description (ApiDocumentation) documents each under its status.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {

    String[] value();
}
