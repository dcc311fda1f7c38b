package dev.holdfast.worker.inventory;

/**
 * The settings of an event that its inventory rules read.
 *
 * @param maxTicketsPerUser null when the event has no per-user limit
 * @param maxHoldExtensions how often one hold may be extended (0..10)
 */
public record EventRules(long eventId, int holdSeconds, Integer maxTicketsPerUser, int maxHoldExtensions) {
}
