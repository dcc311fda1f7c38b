package dev.holdfast.loadgen;

import java.time.Duration;

/** What a flash sale is asked to do: the load generator's command line, checked ({@link LoadGenerator} parses it). */
record Options(String url, String adminToken, String eventName, int users, int concurrency, int capacity, int sections, int requests,
               Duration duration, int rate, int holdSeconds, double purchaseShare, double cancelShare,
               double waitlistShare, int waitSeconds, String kafka, boolean json, Progress progress) {

    Options {
        url = url.replaceAll("/+$", "");
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("give --admin-token or set HOLDFAST_ADMIN_TOKEN");
        }
        atLeast("--users", users, 1);
        atLeast("--concurrency", concurrency, 1);
        atLeast("--capacity", capacity, 1);
        atLeast("--sections", sections, 1);
        atLeast("--requests", requests, 1);
        atLeast("--rate", rate, 0);
        atLeast("--hold-seconds", holdSeconds, 1);
        atLeast("--wait", waitSeconds, 0);
        if (duration != null && duration.toSeconds() < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second");
        }
        fraction("--purchase-share", purchaseShare);
        fraction("--cancel-share", cancelShare);
        fraction("--waitlist-share", waitlistShare);
        if (purchaseShare + cancelShare > 1) {
            throw new IllegalArgumentException("--purchase-share plus --cancel-share must not exceed 1");
        }
        if (capacity < sections) {
            throw new IllegalArgumentException("--capacity must be at least --sections");
        }
    }

    boolean checksStream() {
        return !kafka.equalsIgnoreCase("none");
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min);
        }
    }

    private static void fraction(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + " must be between 0 and 1");
        }
    }
}
