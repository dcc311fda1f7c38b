package dev.holdfast.gateway.page;

import dev.holdfast.gateway.auth.Authenticator;
import dev.holdfast.gateway.event.EventCatalog;
import dev.holdfast.gateway.event.EventShape;
import dev.holdfast.gateway.problem.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(LivePageController.class)
@Import(SimpleMeterRegistry.class)
class LivePageControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    EventCatalog catalog;

    @Test
    void anEventsPageIsHtmlThatLoadsItsScriptAndStylesFromThisGatewayOnly() throws Exception {
        when(catalog.require(42)).thenReturn(new EventShape(42, List.of(new EventShape.Section("floor", 10)), null));

        mvc.perform(get("/events/42").accept(MediaType.TEXT_HTML))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("<script src=\"/live/live.js\" defer></script>")))
                .andExpect(content().string(containsString("href=\"/live/live.css\"")))
                .andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")));
    }

    @Test
    void anUnknownEventAnswers404() throws Exception {
        when(catalog.require(7)).thenThrow(ApiException.notFound("no event 7"));

        mvc.perform(get("/events/7").accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void anIdThatIsNotAPositiveNumberAnswers404WithoutALookUp() throws Exception {
        for (String id : List.of("abc", "0", "-3", "1.5", "99999999999999999999")) {
            mvc.perform(get("/events/" + id).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isNotFound());
        }
        verify(catalog, never()).require(anyLong());
    }

    @Test
    void thePagesScriptAndStylesAreServedAsStaticResources() throws Exception {
        mvc.perform(get("/live/live.js"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("new EventSource(")));
        mvc.perform(get("/live/live.css"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/css"));
    }
}
