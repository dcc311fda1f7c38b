package dev.holdfast.gateway.auth;

import dev.holdfast.gateway.config.JacksonConfiguration;
import dev.holdfast.gateway.validation.RequestValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(UserController.class)
@Import({JacksonConfiguration.class, SimpleMeterRegistry.class, RequestValidator.class})
class UserControllerTest {

    private static final String ADMIN = "Bearer admin";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Authenticator authenticator;
    @MockitoBean
    UserRepository users;

    @BeforeEach
    void setUp() {
        when(authenticator.authenticate(ADMIN)).thenReturn(Caller.ADMIN);
        when(users.create(anyString(), any())).thenReturn(7L);
    }

    private ResultActions create(String body) throws Exception {
        return mvc.perform(post("/api/users").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private void nobodyCreated() {
        verify(users, never()).create(anyString(), any());
    }

    @Test
    void aNameWithANulCharacterIsAValidationErrorOfTheName() throws Exception {
        create("{\"name\":\"a\\u0000b\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.name[0]")
                        .value("must not contain NUL (U+0000) or unpaired surrogate characters"));
        nobodyCreated();
    }

    @Test
    void aNameWithALoneSurrogateIsAValidationErrorOfTheName() throws Exception {
        create("{\"name\":\"ana\\ud800\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.name").exists());
        create("{\"name\":\"\\udc00ana\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.name").exists());
        create("{\"name\":\"a\\ud800\\ud800b\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.name").exists());
        nobodyCreated();
    }

    @Test
    void aNameWithAPairedSurrogateIsStored() throws Exception {
        create("{\"name\":\"ana \\ud83c\\udfab\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("ana \uD83C\uDFAB"));
        verify(users).create(eq("ana \uD83C\uDFAB"), any());
    }

    @Test
    void aMegabyteNameIsAValidationErrorNotAServerError() throws Exception {
        create("{\"name\":\"" + "a".repeat(1 << 20) + "\"}").andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.name[0]").value("must be 1 to 100 characters and not blank"));
        nobodyCreated();
    }

    @Test
    void aDeeplyNestedBodyIsAValidationErrorNotAServerError() throws Exception {
        create("{\"name\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("validation_failed"));
        create("{\"extra\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000) + ",\"name\":\"ana\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.errors.body").exists());
        nobodyCreated();
    }

    @Test
    void aNameOfTheWrongContentTypeIsUnsupportedMediaType() throws Exception {
        mvc.perform(post("/api/users").header("Authorization", ADMIN)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("name=ana"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        mvc.perform(post("/api/users").header("Authorization", ADMIN)
                        .contentType("application/json; charset=nonsense").content("{\"name\":\"ana\"}"))
                .andExpect(result -> org.assertj.core.api.Assertions.assertThat(result.getResponse().getStatus())
                        .isBetween(400, 499));
        nobodyCreated();
    }

    @Test
    void anAcceptThatExcludesJsonIsRefusedBeforeAnyUserIsCreated() throws Exception {
        mvc.perform(post("/api/users").header("Authorization", ADMIN).accept(MediaType.TEXT_HTML)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"ana\"}"))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("not_acceptable"));
        nobodyCreated();
    }
}
