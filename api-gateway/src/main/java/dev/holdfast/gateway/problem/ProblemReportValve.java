package dev.holdfast.gateway.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * Tomcat's error report for what it rejects before Spring sees the request (a malformed URL such as {@code %zz}, a
 * request line or header too large, an invalid character in the path): a problem document instead of Tomcat's HTML
 * page. Its {@code code} is the status's reason phrase in snake case ({@code bad_request}); nothing about the server
 * is revealed.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json()
            .mixIn(ProblemDetail.class, Problems.JsonMixin.class).build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String code = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String detail = status == 400
                ? "the server could not parse the request (a malformed URL or header, or one too large)"
                : title;
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(Problems.of(code, title, status, detail)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone or the response was taken over; there is nobody left to tell
        }
    }
}
