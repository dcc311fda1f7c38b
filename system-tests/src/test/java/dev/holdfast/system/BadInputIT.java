package dev.holdfast.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.holdfast.system.Api.Response;
import dev.holdfast.system.Api.User;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway answers to bad input, pinned case by case: every public endpoint of API.md with hostile bodies,
 * path variables, query parameters and headers, and unknown paths and methods. The cases and their recorded answers
 * are {@code bad-input/cases.json}; a rework of the gateway's error handling must leave every answer as it is.
 *
 * <p>Each case is sent as written, over a plain socket (so that a header may carry a NUL or a Latin-1 byte and a body
 * any bytes), with {@code ${name}} replaced by the ids and tokens made in {@link #setUp()} and
 * {@code ${repeat:N:text}} by {@code text} N times. Its answer is compared with the recorded one: the status, the
 * {@code Content-Type}, the headers of {@link #PINNED_HEADERS}, and the body as JSON (any order of an object's
 * fields; every value, {@code detail} and {@code errors} included), with what differs from run to run written back
 * as placeholders ({@link #normalised(String)}). Every difference of every case is listed before the test fails.
 *
 * <p>With {@code -Dholdfast.bad-input.record} the test rewrites the file's answers from the live ones instead:
 * {@code ./mvnw verify -pl system-tests -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BadInputIT
 * -Dholdfast.bad-input.record}. A new case needs only its request in the file; recording adds its answer.
 *
 * <p>No answer depends on a clock or on rate limits (the shared stack sets none): a command that gets past
 * validation is one the worker rejects without changing anything (an extension or a cancel of a cancelled
 * reservation, a leave of an offered entry), answered 202 or, under {@code Prefer: wait=30}, with that rejection.
 */
class BadInputIT {

    /** Set (to anything) to write the live answers to {@link #SOURCE} instead of comparing with the recorded ones. */
    static final String RECORD_PROPERTY = "holdfast.bad-input.record";
    private static final String CASES = "/bad-input/cases.json";
    /** The cases in the module's source tree, where failsafe runs, for the record mode to rewrite. */
    private static final Path SOURCE = Path.of("src", "test", "resources", "bad-input", "cases.json");
    /** Besides Content-Type, the response headers a client acts on; their absence is pinned too. */
    private static final List<String> PINNED_HEADERS = List.of("Allow", "WWW-Authenticate", "Retry-After",
            "Location", "Request-Id", "Preference-Applied");
    private static final String WAIT = "wait=30";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(?:repeat:(\\d+):([^}]*)|(\\w+))}");
    private static final Pattern ANY_UUID = Pattern.compile(
            "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    /** An event id where an answer names one: "no event 42", "event 42 has no section", "api/events/42/…". */
    private static final Pattern EVENT_ID = Pattern.compile("(event |events/)(\\d+)(?!\\d)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The placeholders' values: tokens, event ids and the ids of what the owner made. */
    private static final Map<String, String> values = new LinkedHashMap<>();

    private final URI gateway = URI.create(HoldfastStack.shared().api.baseUrl);

    /**
     * An event of two general-admission sections (floor 50, balcony 20; at most 4 tickets a user, one extension) and
     * an event with a seated section (stalls: rows A and B of 10) beside a general one (floor); the owner's held
     * reservation, a reservation it cancelled, its waiting-list entry (offered at once) and the request that made the
     * hold; and an Idempotency-Key already used for an extension of the cancelled reservation.
     */
    @BeforeAll
    static void setUp() {
        Api api = HoldfastStack.shared().api;
        User owner = api.newUser();
        User other = api.newUser();
        long eventId = api.newEvent("""
                {"name": "Bad input", "holdSeconds": 86400, "maxTicketsPerUser": 4, "maxHoldExtensions": 1,
                 "sections": [{"code": "floor", "name": "Floor", "capacity": 50}, {"code": "balcony", "capacity": 20}]}""");
        long seatedEventId = api.newEvent("""
                {"name": "Bad input, seated", "holdSeconds": 86400,
                 "sections": [{"code": "stalls", "seating": {
                     "rows": [{"row": "A", "seats": 10, "aisleAfter": [5]}, {"row": "B", "seats": 10}],
                     "accessible": ["A-1"], "blocked": ["B-10"]}},
                   {"code": "floor", "capacity": 10}]}""");
        Response held = api.reserve(owner, eventId, "{\"section\": \"floor\"}", "Prefer", WAIT);
        Response toCancel = api.reserve(owner, eventId, "{\"section\": \"floor\"}", "Prefer", WAIT);
        assertThat(List.of(held.status(), toCancel.status())).as(held.raw().body()).containsOnly(201);
        String cancelled = toCancel.json().get("id").asText();
        Response cancel = api.cancel(owner, cancelled, "Prefer", WAIT);
        assertThat(cancel.status()).as(cancel.raw().body()).isEqualTo(200);
        Response joined = api.post("/api/events/" + eventId + "/waitlist", owner.token(),
                "{\"section\": \"balcony\"}", "Prefer", WAIT);
        assertThat(joined.status()).as(joined.raw().body()).isEqualTo(201);
        Response keyed = api.post("/api/reservations/" + cancelled + "/extend", owner.token(), null,
                "Prefer", WAIT, "Idempotency-Key", "bad-input-used");
        assertThat(keyed.status()).as(keyed.raw().body()).isEqualTo(409);

        values.put("adminToken", api.adminToken);
        values.put("userToken", owner.token());
        values.put("otherToken", other.token());
        values.put("eventId", Long.toString(eventId));
        values.put("seatedEventId", Long.toString(seatedEventId));
        values.put("reservationId", held.json().get("id").asText());
        values.put("cancelledReservationId", cancelled);
        values.put("entryId", joined.json().get("id").asText());
        values.put("requestId", held.header("Request-Id"));
    }

    @Test
    void everyBadInputIsAnsweredAsRecorded() throws IOException {
        ArrayNode cases = readCases();
        boolean record = System.getProperty(RECORD_PROPERTY) != null;
        if (record) {
            assertThat(SOURCE.getParent()).as("the record mode writes the sources: run it in the system-tests module")
                    .isDirectory();
        }
        Map<String, List<String>> differences = new LinkedHashMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (JsonNode node : cases) {
            ObjectNode badInput = (ObjectNode) node;
            String name = badInput.path("name").asText();
            assertThat(differences).as("two cases are named '%s'", name).doesNotContainKey(name);
            ObjectNode answer = answerTo(badInput);
            statuses.merge(answer.get("status").asInt(), 1, Integer::sum);
            if (record) {
                badInput.set("expected", answer);
            }
            differences.put(name, record ? List.of() : differences(badInput.get("expected"), answer));
        }
        if (record) {
            Files.writeString(SOURCE, GoldenJson.text(cases));
        }
        List<String> different = differences.entrySet().stream().filter(c -> !c.getValue().isEmpty())
                .map(c -> c.getKey() + ":\n    " + String.join("\n    ", c.getValue())).toList();
        System.out.printf("BadInputIT: %d cases%s, answered (status=cases) %s; %d differ%n", cases.size(),
                record ? ", recorded to " + SOURCE.toAbsolutePath() : "", statuses, different.size());
        different.forEach(System.out::println);

        assertThat(different).as("%d of %d cases are answered otherwise than %s records (listed above; re-record "
                        + "with -D%s only for a change that is meant)", different.size(), cases.size(), CASES,
                RECORD_PROPERTY).isEmpty();
    }

    private static ArrayNode readCases() throws IOException {
        try (InputStream in = BadInputIT.class.getResourceAsStream(CASES)) {
            if (in == null) {
                throw new IllegalStateException(CASES + " is not on the test class path");
            }
            return (ArrayNode) JSON.readTree(in);
        }
    }

    /** Sends one case and describes its answer as the file records it. */
    private ObjectNode answerTo(ObjectNode badInput) throws IOException {
        var headers = new LinkedHashMap<String, String>();
        badInput.path("headers").properties().forEach(header ->
                headers.put(header.getKey(), expand(header.getValue().asText())));
        byte[] body = badInput.has("bodyBase64") ? Base64.getDecoder().decode(badInput.get("bodyBase64").asText())
                : badInput.has("body") ? expand(badInput.get("body").asText()).getBytes(StandardCharsets.UTF_8)
                : null;
        RawResponse response = exchange(badInput.get("method").asText(), expand(badInput.get("path").asText()),
                headers, body);

        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", response.status());
        answer.put("contentType", response.header("Content-Type"));
        ObjectNode pinned = answer.putObject("headers");
        for (String name : PINNED_HEADERS) {
            String value = response.header(name);
            if (value != null) {
                pinned.put(name, name.equals("Allow") ? sortedList(value) : normalised(value));
            }
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode json = parsedJson(response.header("Content-Type"), text);
        if (json != null) {
            answer.set("body", GoldenJson.sorted(normalised(json, null)));
        } else if (!text.isEmpty()) {
            answer.put("bodyText", normalised(text));
        }
        return answer;
    }

    private static JsonNode parsedJson(String contentType, String text) {
        if (contentType == null || !contentType.contains("json") || text.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Every difference between the recorded answer and the live one, each by its path ({@code body/errors/name}). */
    private static List<String> differences(JsonNode recorded, ObjectNode live) {
        if (recorded == null || recorded.isNull()) {
            return List.of("not recorded; answered " + live);
        }
        List<String> found = new ArrayList<>();
        compare("", recorded, live, found);
        return found;
    }

    private static void compare(String path, JsonNode recorded, JsonNode live, List<String> found) {
        if (recorded.equals(live)) {
            return;
        }
        if (recorded.isObject() && live.isObject()) {
            Set<String> keys = new TreeSet<>();
            recorded.properties().forEach(property -> keys.add(property.getKey()));
            live.properties().forEach(property -> keys.add(property.getKey()));
            keys.forEach(key -> compare(path.isEmpty() ? key : path + "/" + key, recorded.path(key), live.path(key),
                    found));
        } else if (recorded.isArray() && live.isArray() && recorded.size() == live.size()) {
            for (int i = 0; i < recorded.size(); i++) {
                compare(path + "/" + i, recorded.get(i), live.get(i), found);
            }
        } else {
            found.add("%s was %s, recorded %s".formatted(path, shown(live), shown(recorded)));
        }
    }

    private static String shown(JsonNode value) {
        return value.isMissingNode() ? "absent" : value.toString();
    }

    /** {@code ${name}} by its value, {@code ${repeat:N:text}} by text N times. */
    private static String expand(String template) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder expanded = new StringBuilder();
        while (placeholder.find()) {
            String replacement;
            if (placeholder.group(1) != null) {
                replacement = placeholder.group(2).repeat(Integer.parseInt(placeholder.group(1)));
            } else {
                replacement = values.get(placeholder.group(3));
                if (replacement == null) {
                    throw new IllegalArgumentException("no value for " + placeholder.group() + " in " + template);
                }
            }
            placeholder.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        return placeholder.appendTail(expanded).toString();
    }

    /**
     * An answer's JSON with what changes from run to run as placeholders: {@code position} (best effort, API.md)
     * left out, and event ids in {@code id} and {@code eventId} fields named; strings as {@link #normalised(String)}.
     */
    private static JsonNode normalised(JsonNode node, String field) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            object.properties().forEach(property -> {
                if (!property.getKey().equals("position")) {
                    copy.set(property.getKey(), normalised(property.getValue(), property.getKey()));
                }
            });
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(normalised(element, null)));
            return copy;
        }
        if (node.isIntegralNumber() && ("id".equals(field) || "eventId".equals(field))) {
            String name = placeholderOf(node.asText(), "eventId", "seatedEventId");
            return name == null ? node : TextNode.valueOf("${" + name + "}");
        }
        return node.isTextual() ? TextNode.valueOf(normalised(node.asText())) : node;
    }

    /**
     * Text with the setup's tokens and ids as their placeholders, any other UUID (a new request id) as
     * {@code ${uuid}}, timestamps as {@code ${timestamp}}, and event ids where the text names an event.
     */
    private static String normalised(String text) {
        String normalised = text;
        for (String name : List.of("adminToken", "userToken", "otherToken", "reservationId", "cancelledReservationId",
                "entryId", "requestId")) {
            normalised = normalised.replace(values.get(name), "${" + name + "}");
        }
        normalised = ANY_UUID.matcher(normalised).replaceAll("\\${uuid}");
        normalised = TIMESTAMP.matcher(normalised).replaceAll("\\${timestamp}");
        return EVENT_ID.matcher(normalised).replaceAll(id -> {
            String name = placeholderOf(id.group(2), "eventId", "seatedEventId");
            return Matcher.quoteReplacement(id.group(1) + (name == null ? id.group(2) : "${" + name + "}"));
        });
    }

    private static String placeholderOf(String value, String... names) {
        return Arrays.stream(names).filter(name -> value.equals(values.get(name))).findFirst().orElse(null);
    }

    /** {@code Allow} as a set: its order is the framework's, not the contract's. */
    private static String sortedList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    private record RawResponse(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }
    }

    /**
     * One HTTP/1.1 exchange on its own connection, the request written byte for byte as given: the request line and
     * headers as ISO-8859-1 (what HTTP/1.1 carries), then {@code Host}, {@code Content-Length} when there is a body,
     * and {@code Connection: close}, so that the answer ends where the connection does.
     */
    private RawResponse exchange(String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(gateway.getHost()).append(':').append(gateway.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(head)) {
            throw new IllegalArgumentException("a request line or header is not ISO-8859-1: " + head);
        }
        try (Socket socket = new Socket()) {
            InetAddress host = InetAddress.getByName(gateway.getHost());
            if (host instanceof Inet4Address && host.isLoopbackAddress()) {
                // a client address of its own: the gateway caps streams per address, and streams other tests of the
                // shared stack closed moments ago keep their slots until the gateway's next keep-alive finds them
                // gone, so from 127.0.0.1 a stream case could be answered 429 instead of what it tests
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.77"), 0));
            }
            socket.connect(new InetSocketAddress(host, gateway.getPort()), 10_000);
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static RawResponse parse(byte[] answer) {
        int end = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IllegalStateException("not an HTTP response: " + new String(answer, StandardCharsets.ISO_8859_1));
        }
        Iterator<String> lines = Arrays.asList(new String(answer, 0, end, StandardCharsets.ISO_8859_1)
                .split("\r\n")).iterator();
        int status = Integer.parseInt(lines.next().split(" ")[1]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        while (lines.hasNext()) {
            String line = lines.next();
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).strip(), line.substring(colon + 1).strip(),
                    (first, next) -> first + ", " + next);
        }
        byte[] body = Arrays.copyOfRange(answer, end + 4, answer.length);
        boolean chunked = headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        return new RawResponse(status, headers, chunked ? dechunked(body) : body);
    }

    private static byte[] dechunked(byte[] chunks) {
        var body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunks, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            String sizeLine = new String(chunks, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunks, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] sought, int from) {
        outer:
        for (int i = from; i <= bytes.length - sought.length; i++) {
            for (int j = 0; j < sought.length; j++) {
                if (bytes[i + j] != sought[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
