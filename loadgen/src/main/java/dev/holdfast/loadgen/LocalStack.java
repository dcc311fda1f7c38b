package dev.holdfast.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes of {@code ./holdfast up} on this machine, to hurt and to heal: kill an instance by its pid file,
 * start what is missing again through the script, stop and start PostgreSQL.
 */
final class LocalStack {

    private final Path root;
    private final Path run;
    private final Path log;

    LocalStack(Path root) {
        this.root = root;
        this.run = root.resolve(".holdfast/run");
        this.log = root.resolve(".holdfast/logs/faults.log");
    }

    /** {@code kill -9} of an instance ({@code kafka}, {@code api-gateway-2}, ...); waits until it is gone. */
    void kill(String instance) throws Exception {
        long pid = Long.parseLong(Files.readString(run.resolve(instance + ".pid")).strip());
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
    }

    /** SIGTERM of an instance, as an orderly shutdown; waits until it is gone. */
    void stop(String instance) throws Exception {
        long pid = Long.parseLong(Files.readString(run.resolve(instance + ".pid")).strip());
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroy();
            process.onExit().join();
        });
        Files.deleteIfExists(run.resolve(instance + ".pid"));
        Files.deleteIfExists(run.resolve(instance + ".port"));
    }

    /**
     * {@code ./holdfast up}: starts every instance that does not run and waits until all are healthy. A restarted
     * gateway is not warmed up: after a crash in production nobody warms it either.
     */
    void up(int gateways, int workers) throws Exception {
        sh(List.of(root.resolve("holdfast").toString(), "up", "--gateways", Integer.toString(gateways),
                "--workers", Integer.toString(workers), "--no-warm-up"), 300);
    }

    /** Stops PostgreSQL at once ({@code -m immediate}: no checkpoint, as a crash would). */
    void stopPostgres() throws Exception {
        for (String version : versions()) {
            sh(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "immediate"), 60);
        }
    }

    void startPostgres() throws Exception {
        for (String version : versions()) {
            sh(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"), 60);
        }
    }

    private static List<String> versions() throws IOException {
        List<String> versions = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/etc/postgresql"))) {
            dirs.forEach(dir -> versions.add(dir.getFileName().toString()));
        }
        return versions;
    }

    private void sh(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " took over " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
        }
    }
}
