package dev.holdfast.worker.apply;

import dev.holdfast.worker.inventory.EventRules;

/** The parts of an event row the worker needs, read under a row lock. */
record EventSettings(EventRules rules, long lastSequence) {
}
