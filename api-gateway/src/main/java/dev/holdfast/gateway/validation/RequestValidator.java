package dev.holdfast.gateway.validation;

import dev.holdfast.gateway.problem.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;
import org.springframework.validation.MapBindingResult;

import java.util.Comparator;
import java.util.LinkedHashMap;

/**
 * Jakarta Bean Validation of what a request carries: its body, or a record of its query parameters, whose
 * constraints say API.md's rules in API.md's words ({@code message}). The errors are Spring's {@link Errors}, keyed
 * by field path ({@code sections[0].code}), and the checks that need state (an event's sections, a seat map) add
 * theirs after, so that a client learns every mistake at once: {@link ApiException#validation(Errors)}.
 *
 * <p>Called by the controller once it has checked what is answered first (the caller's role, the event: a 403 or a
 * 404 comes before a 422), rather than as {@code @Valid} on the argument, which Spring checks before the method runs.
 */
@Component
public class RequestValidator {

    /**
     * The messages of {@code @NotNull} and {@code @Range}, given in the annotations: Bean Validation's own defaults
     * would follow the client's Accept-Language.
     */
    public static final String REQUIRED = "is required";
    public static final String BETWEEN = "must be between {min} and {max}";

    /** Bean Validation finds violations in no particular order; the answer lists them by field. */
    private static final Comparator<ConstraintViolation<?>> BY_FIELD =
            Comparator.comparing(violation -> violation.getPropertyPath().toString());

    private final Validator validator;

    RequestValidator(Validator validator) {
        this.validator = validator;
    }

    /** The errors of {@code target}, to add the checks in code to. */
    public Errors validate(Object target) {
        Errors errors = new MapBindingResult(new LinkedHashMap<>(), "request");
        validate(target, errors);
        return errors;
    }

    /** Adds the errors of {@code target} to {@code errors}, under its nested path ({@code sections[0].}). */
    public void validate(Object target, Errors errors) {
        validator.validate(target).stream().sorted(BY_FIELD).forEach(violation -> errors.rejectValue(
                violation.getPropertyPath().toString(),
                violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName(),
                violation.getMessage()));
    }

    /** @throws ApiException 422 naming every field in error */
    public void requireValid(Object target) {
        Errors errors = validate(target);
        if (errors.hasErrors()) {
            throw ApiException.validation(errors);
        }
    }
}
