package dev.holdfast.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What Tomcat rejects before Spring sees it is answered with a problem document too, not Tomcat's HTML page. */
class MalformedRequestIT {

    private final URI gateway = URI.create(HoldfastStack.shared().api.baseUrl);

    @Test
    void aMalformedUrlIsAProblemDocument() throws IOException {
        String answer = rawRequest("GET /api/events/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("\"code\":\"bad_request\"").doesNotContain("<html");
    }

    @Test
    void aHeaderTooLargeIsAProblemDocument() throws IOException {
        String answer = rawRequest("GET /api/events HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("\"status\":400").doesNotContain("<html");
    }

    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
