package dev.holdfast.gateway.auth;

import dev.holdfast.gateway.problem.ProblemResponses;
import dev.holdfast.gateway.validation.RequestValidator;
import dev.holdfast.gateway.validation.Text;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users", description = "Users and their tokens (admin)")
class UserController {

    record CreateUser(@NotNull(message = "is required") @Text(max = 100) String name) {
    }

    record CreatedUser(long id, String name, String token) {
    }

    private final UserRepository users;
    private final RequestValidator validator;

    UserController(UserRepository users, RequestValidator validator) {
        this.users = users;
        this.validator = validator;
    }

    @Operation(operationId = "createUser",
            summary = "Create a user and its token (admin)", description = "The token is shown once.")
    @ProblemResponses({"unauthorized", "forbidden", "validation_failed", "unavailable"})
    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedUser create(Caller caller, @RequestBody(required = false) CreateUser body) {
        caller.requireAdmin();
        CreateUser user = body == null ? new CreateUser(null) : body;
        validator.requireValid(user);
        String token = Tokens.newToken();
        String name = user.name().strip();
        long id = users.create(name, Tokens.hash(token));
        return new CreatedUser(id, name, token);
    }
}
