package dev.holdfast.contracts.command;

import java.util.UUID;

/** A command on an existing reservation. */
public interface ReservationCommand {
    UUID reservationId();
}
