package dev.holdfast.contracts.command;

/** A command a user submitted; the user owns its request and the reservation it creates or changes. */
public interface UserCommand {
    long userId();
}
