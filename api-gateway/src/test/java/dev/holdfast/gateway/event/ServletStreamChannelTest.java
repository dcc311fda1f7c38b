package dev.holdfast.gateway.event;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/** The non-blocking channel on a real Tomcat: a client that never reads holds no thread and delays no other. */
class ServletStreamChannelTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path baseDir;
    private Tomcat tomcat;
    private final List<StreamClient> clients = new CopyOnWriteArrayList<>();
    private final List<StreamClient> closed = new CopyOnWriteArrayList<>();
    private final AtomicInteger errorDispatches = new AtomicInteger();
    private volatile Duration streamTimeout = Duration.ofMinutes(5);

    @BeforeEach
    void startTomcat() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "stream", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                response.setContentType("text/event-stream");
                clients.add(ServletStreamChannel.start(request, streamTimeout,
                        channel -> new StreamClient(channel, closed::add)));
            }
        }).setAsyncSupported(true);
        context.addServletMappingDecoded("/stream", "stream");
        // what the container dispatches to when a request ends in an error (Spring Boot's error page, in the gateway)
        Tomcat.addServlet(context, "error", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                errorDispatches.incrementAndGet();
                response.getWriter().write("the error page");
            }
        });
        context.addServletMappingDecoded("/error", "error");
        ErrorPage errorPage = new ErrorPage();
        errorPage.setLocation("/error");
        context.addErrorPage(errorPage);
        tomcat.getConnector();
        tomcat.start();
    }

    @AfterEach
    void stopTomcat() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private Socket open() throws Exception {
        return open("");
    }

    private Socket open(String extraHeaders) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", tomcat.getConnector().getLocalPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    @Test
    void aClientThatNeverReadsStallsAloneWhileAnotherGetsEveryLatestDocument() throws Exception {
        Socket neverReads = open();
        await().atMost(PATIENCE).until(() -> clients.size() == 1);
        StreamClient stuck = clients.get(0);
        Socket reads = open();
        await().atMost(PATIENCE).until(() -> clients.size() == 2);
        StreamClient reader = clients.get(1);
        List<String> received = new CopyOnWriteArrayList<>();
        Thread readerThread = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(reads.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        received.add(line.substring(5, Math.min(line.length(), 20)));
                    }
                }
            } catch (java.io.IOException closedByTest) {
                // the test is over
            }
        });
        readerThread.setDaemon(true);
        readerThread.start();

        String padding = "x".repeat(64 * 1024);
        // offering never blocks the offering thread, however full the never-reading client's buffers are: a blocking
        // offer would hang here for good, and the bound (far beyond the milliseconds the offers take) only turns such
        // a hang into a failure
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 200 && !stuck.stalledLongerThan(0, System.nanoTime()); i++) {
                byte[] message = StreamClient.availability("{\"n\":" + String.format("%05d", i) + ",\"p\":\"" + padding
                        + "\"}");
                stuck.offer(message);
                reader.offer(message);
            }
        });
        // the container may report the socket writable again while the kernel moves bytes on towards the client's
        // small receive buffer, and with nothing left to write the stall ends; so keep offering until the buffers are
        // full for good (the client never reads) and the stream stays stalled
        byte[] more = StreamClient.availability("{\"n\":50000,\"p\":\"" + padding + "\"}");
        await().atMost(PATIENCE).until(() -> {
            stuck.offer(more);
            return stuck.stalledLongerThan(0, System.nanoTime());
        });

        byte[] last = StreamClient.availability("{\"n\":99999}");
        stuck.offer(last);
        reader.offer(last);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(received).last().asString().startsWith("{\"n\":99999"));
        assertThat(closed).isEmpty();

        // a closed stream is completed and reported once
        stuck.close();
        assertThat(closed).containsExactly(stuck);
        neverReads.close();
        reads.close();
    }

    @Test
    void aStreamThatTimesOutEndsWithoutAnErrorDispatch() throws Exception {
        streamTimeout = Duration.ofMillis(200);
        // the server closes the connection after the response, so the whole response is read to its end
        try (Socket socket = open("Connection: close\r\n")) {
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 200").doesNotContain("the error page");
        }
        assertThat(errorDispatches).hasValue(0);
        assertThat(closed).hasSize(1);
    }

    @Test
    void aClientThatGoesAwayIsReportedClosed() throws Exception {
        Socket socket = open();
        await().atMost(PATIENCE).until(() -> clients.size() == 1);
        StreamClient client = clients.get(0);
        socket.close();

        await().atMost(PATIENCE).untilAsserted(() -> {
            client.keepAlive();
            assertThat(closed).containsExactly(client);
        });
    }
}
