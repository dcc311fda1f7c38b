package dev.holdfast.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.holdfast.consumer.SectionTally;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Judges a flash sale: throughput, latency, outcomes, and the invariants that must hold whatever the load. */
final class Report {

    record Check(String name, boolean passed, String detail) {
    }

    private final FlashSale.Result sale;
    private final StreamCheck.Result stream;
    private final String streamSkipped;
    private final List<Check> checks = new ArrayList<>();

    Report(FlashSale.Result sale, StreamCheck.Result stream, String streamSkipped) {
        this.sale = sale;
        this.stream = stream;
        this.streamSkipped = streamSkipped;
        judge();
    }

    boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    private void judge() {
        JsonNode event = sale.finalEvent();
        boolean addsUp = true;
        for (JsonNode section : event.get("sections")) {
            addsUp &= section.get("available").asInt() + section.get("held").asInt() + section.get("sold").asInt()
                    == section.get("capacity").asInt();
        }
        checks.add(new Check("available + held + sold == capacity in every section", addsUp,
                "capacity %d: available %d, held %d, sold %d".formatted(event.get("capacity").asInt(),
                        event.get("available").asInt(), event.get("held").asInt(), event.get("sold").asInt())));
        checks.add(new Check("holds + sales never above capacity", sale.oversoldSamples() == 0,
                "%d samples during the sale, %d above capacity".formatted(sale.samples(), sale.oversoldSamples())));
        checks.add(new Check("sold == purchases that succeeded", event.get("sold").asLong() == sale.ticketsPurchased(),
                "sold %d, purchases answered purchased %d".formatted(event.get("sold").asLong(),
                        sale.ticketsPurchased())));
        checks.add(new Check("every request final", sale.unanswered() == 0,
                sale.unanswered() == 0 ? "all answered succeeded or rejected"
                        : sale.unanswered() + " without a final outcome"));
        checks.add(new Check("every hold bought, cancelled or released", sale.settled(),
                sale.settled() ? "held 0 and waiting 0 after the sale" : "holds or waiters remain past their time"));
        if (!sale.waitlistEntries().isEmpty()) {
            judgeWaitingList();
        }
        if (stream == null) {
            return;
        }
        checks.add(new Check("reservation-events: sequences 1..n without gaps", stream.gapless(),
                "%d messages, %d duplicates dropped, last sequence %d".formatted(stream.messages(),
                        stream.duplicates(), stream.lastSequence())));
        boolean tallied = stream.tally().mismatches() == 0;
        for (JsonNode section : event.get("sections")) {
            SectionTally.Counters counters = stream.tally().section(sale.eventId(), section.get("code").asText());
            tallied &= counters != null && counters.equals(new SectionTally.Counters(section.get("capacity").asInt(),
                    section.get("available").asInt(), section.get("held").asInt(), section.get("sold").asInt()));
        }
        checks.add(new Check("reservation-events: tallies equal the API's counters", tallied,
                "rebuilt from the stream alone, section by section"));
    }

    /**
     * Every entry offered once, no ticket offered twice, and strictly first come, first served per section: an entry
     * is offered no earlier than any entry that joined its section before it (entries of one batch join together).
     */
    private void judgeWaitingList() {
        List<JsonNode> entries = sale.waitlistEntries();
        java.util.Set<String> offers = new java.util.HashSet<>();
        long offered = 0;
        boolean once = true;
        for (JsonNode entry : entries) {
            if (entry.get("status").asText().equals("offered")) {
                offered++;
                once &= offers.add(entry.get("reservationId").asText());
            }
        }
        checks.add(new Check("waiting list: every entry offered, no ticket offered twice",
                once && offered == entries.size(), "%d entries, %d offered, %d distinct holds".formatted(
                entries.size(), offered, offers.size())));
        long outOfOrder = 0;
        Map<String, List<JsonNode>> bySection = new java.util.TreeMap<>();
        entries.stream().filter(entry -> entry.hasNonNull("offeredAt"))
                .forEach(entry -> bySection.computeIfAbsent(entry.get("section").asText(), s -> new ArrayList<>())
                        .add(entry));
        for (List<JsonNode> section : bySection.values()) {
            section.sort(java.util.Comparator.comparing(entry -> entry.get("createdAt").asText()));
            String latestEarlierOffer = "";
            String groupJoinedAt = null;
            String latestOfferInGroup = "";
            for (JsonNode entry : section) {
                String joinedAt = entry.get("createdAt").asText();
                String offeredAt = entry.get("offeredAt").asText();
                if (!joinedAt.equals(groupJoinedAt)) {
                    latestEarlierOffer = max(latestEarlierOffer, latestOfferInGroup);
                    latestOfferInGroup = "";
                    groupJoinedAt = joinedAt;
                }
                if (offeredAt.compareTo(latestEarlierOffer) < 0) {
                    outOfOrder++;
                }
                latestOfferInGroup = max(latestOfferInGroup, offeredAt);
            }
        }
        checks.add(new Check("waiting list: offers in join order per section", outOfOrder == 0,
                outOfOrder + " entries offered before one that joined earlier"));
    }

    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    void print(PrintStream out) {
        Histogram latency = sale.latency();
        out.println();
        out.printf(Locale.ROOT, "Holdfast flash sale: event %d, %d tickets in %d section(s), %d buyers%n",
                sale.eventId(), sale.finalEvent().get("capacity").asInt(), sale.sections().size(), sale.users());
        out.printf(Locale.ROOT, "  reserve requests  %d in %.1f s = %.0f requests/s%n", sale.reserves(), sale.seconds(),
                sale.reserves() / sale.seconds());
        out.printf(Locale.ROOT, "  outcome latency   p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                millis(latency, 50), millis(latency, 95), millis(latency, 99), latency.getMaxValue() / 1000.0);
        out.println("  outcomes");
        sale.outcomes().forEach((name, count) -> out.printf(Locale.ROOT, "    %-32s %8d%n", name, count));
        out.println("  invariants");
        for (Check check : checks) {
            out.printf("    %s %s (%s)%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
        }
        if (streamSkipped != null) {
            out.println("    SKIP reservation-events checks (" + streamSkipped + ")");
        }
        out.println(passed() ? "RESULT: PASSED" : "RESULT: FAILED");
    }

    void printJson(PrintStream out) throws Exception {
        Histogram latency = sale.latency();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", sale.eventId());
        json.put("capacity", sale.finalEvent().get("capacity").asInt());
        json.put("sections", sale.sections());
        json.put("buyers", sale.users());
        json.put("reserveRequests", sale.reserves());
        json.put("seconds", sale.seconds());
        json.put("requestsPerSecond", sale.reserves() / sale.seconds());
        json.put("latencyMillis", Map.of("p50", millis(latency, 50), "p95", millis(latency, 95),
                "p99", millis(latency, 99), "max", latency.getMaxValue() / 1000.0));
        json.put("outcomes", sale.outcomes());
        json.put("event", sale.finalEvent());
        json.put("checks", checks);
        json.put("streamChecksSkipped", streamSkipped);
        json.put("passed", passed());
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
