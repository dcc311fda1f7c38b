package dev.holdfast.gateway.request;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code wait} preference of RFC 7240 ({@code Prefer: wait=10}), capped at 30 seconds. */
public final class Prefer {

    public static final int MAX_WAIT_SECONDS = 30;
    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?",
            Pattern.CASE_INSENSITIVE);

    private Prefer() {
    }

    /** @return the wait asked for, capped; zero when there is no (valid) wait preference */
    public static Duration waitOf(String header) {
        if (header == null) {
            return Duration.ZERO;
        }
        Matcher matcher = WAIT.matcher(header);
        if (!matcher.find()) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.min(MAX_WAIT_SECONDS, Long.parseLong(matcher.group(1))));
    }
}
