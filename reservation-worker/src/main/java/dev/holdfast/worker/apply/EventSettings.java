package dev.holdfast.worker.apply;

/** The parts of an event row the worker needs, read under a row lock. */
record EventSettings(long id, int holdSeconds, Integer maxTicketsPerUser, long lastSequence) {
}
