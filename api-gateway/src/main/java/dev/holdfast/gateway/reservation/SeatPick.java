package dev.holdfast.gateway.reservation;

import dev.holdfast.contracts.SeatIds;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * A reserve's pick of seats (API.md v1.2, "Reserving seats"): {@code seats} holds 1 to 100 seat ids, each of the form
 * {@code A-12}, and comes without {@code adjacent} and {@code accessible}, which say how best available chooses. At
 * most one message per field, since Bean Validation reports in no order: that a seat is named twice (one message per
 * repeat, in the pick's order) is {@code EventShape}'s to say, and so is whether the section is seated. Whether a
 * well-formed seat is in the section is the worker's ({@code seats_unavailable}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = SeatPick.Check.class)
@interface SeatPick {

    String message() default "is not a pick of seats";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<SeatPick, ReservationController.ReserveBody> {

        private static final String WITH_SEATS = "cannot be given with seats: picked seats are held as they are";
        private static final String MALFORMED = "must be a seat id such as A-12: a row label of 1 to 4 capital "
                + "letters or digits, a dash, and a seat number without a leading zero";

        @Override
        public boolean isValid(ReservationController.ReserveBody body, ConstraintValidatorContext context) {
            if (body.seats() == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = validIds(body.seats(), context);
            if (body.adjacent() != null) {
                reject(context, "adjacent", WITH_SEATS);
                valid = false;
            }
            if (body.accessible() != null) {
                reject(context, "accessible", WITH_SEATS);
                valid = false;
            }
            return valid;
        }

        /** A list of the wrong size is only that: its ids are not judged, and the answer stays small. */
        private static boolean validIds(List<String> seats, ConstraintValidatorContext context) {
            if (seats.isEmpty() || seats.size() > SeatIds.MAX_PICKED) {
                reject(context, "seats", "must hold 1 to %d seat ids".formatted(SeatIds.MAX_PICKED));
                return false;
            }
            boolean valid = true;
            for (int i = 0; i < seats.size(); i++) {
                if (!SeatIds.isWellFormed(seats.get(i))) {
                    context.buildConstraintViolationWithTemplate(MALFORMED).addPropertyNode("seats").addBeanNode()
                            .inIterable().atIndex(i).addConstraintViolation();
                    valid = false;
                }
            }
            return valid;
        }

        private static void reject(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
        }
    }
}
