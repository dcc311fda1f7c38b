package dev.holdfast.gateway.event;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An event with its live counters; the totals are the sums over its sections. */
public record EventDocument(long id, String name,
                            @Schema(nullable = true, description = "null when the event was created without one")
                            Instant startsAt,
                            int holdSeconds,
                            @Schema(nullable = true, description = "null: no limit per user")
                            Integer maxTicketsPerUser,
                            int maxHoldExtensions, int capacity, int available, int held, int sold, int waiting,
                            List<SectionDocument> sections, Instant createdAt) {

    /**
     * A section's counters; {@code waiting} is the number of tickets its waiting list asks for. A seated section's
     * counters count its seats ({@code GET .../sections/{code}/seats}).
     */
    public record SectionDocument(String code, String name,
                                  @Schema(description = "Whether the section is seated (its seat map at "
                                          + "`GET /api/events/{id}/sections/{code}/seats`) or general admission")
                                  boolean seated, int capacity, int available, int held, int sold, int waiting) {
    }

    static EventDocument of(long id, String name, Instant startsAt, int holdSeconds, Integer maxTicketsPerUser,
                            int maxHoldExtensions, List<SectionDocument> sections, Instant createdAt) {
        return new EventDocument(id, name, startsAt, holdSeconds, maxTicketsPerUser, maxHoldExtensions,
                sections.stream().mapToInt(SectionDocument::capacity).sum(),
                sections.stream().mapToInt(SectionDocument::available).sum(),
                sections.stream().mapToInt(SectionDocument::held).sum(),
                sections.stream().mapToInt(SectionDocument::sold).sum(),
                sections.stream().mapToInt(SectionDocument::waiting).sum(),
                sections, createdAt);
    }
}
