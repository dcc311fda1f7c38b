package dev.holdfast.gateway.event;

import java.time.Instant;
import java.util.List;

/** An event with its live counters; the totals are the sums over its sections. */
public record EventDocument(long id, String name, Instant startsAt, int holdSeconds, Integer maxTicketsPerUser,
                            int capacity, int available, int held, int sold, List<SectionDocument> sections,
                            Instant createdAt) {

    public record SectionDocument(String code, String name, int capacity, int available, int held, int sold) {
    }

    static EventDocument of(long id, String name, Instant startsAt, int holdSeconds, Integer maxTicketsPerUser,
                            List<SectionDocument> sections, Instant createdAt) {
        return new EventDocument(id, name, startsAt, holdSeconds, maxTicketsPerUser,
                sections.stream().mapToInt(SectionDocument::capacity).sum(),
                sections.stream().mapToInt(SectionDocument::available).sum(),
                sections.stream().mapToInt(SectionDocument::held).sum(),
                sections.stream().mapToInt(SectionDocument::sold).sum(),
                sections, createdAt);
    }
}
