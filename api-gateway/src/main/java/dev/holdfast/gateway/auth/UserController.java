package dev.holdfast.gateway.auth;

import dev.holdfast.gateway.problem.ProblemResponses;
import dev.holdfast.gateway.problem.Validator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Users", description = "Users and their tokens (admin)")
class UserController {

    record CreateUser(String name) {
    }

    record CreatedUser(long id, String name, String token) {
    }

    private final UserRepository users;

    UserController(UserRepository users) {
        this.users = users;
    }

    @Operation(operationId = "createUser",
            summary = "Create a user and its token (admin)", description = "The token is shown once.")
    @ProblemResponses({"unauthorized", "forbidden", "validation_failed", "unavailable"})
    @PostMapping("/api/users")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedUser create(Caller caller, @RequestBody(required = false) CreateUser body) {
        caller.requireAdmin();
        String name = body == null ? null : body.name();
        new Validator().required("name", name).text("name", name, 100).validate();
        String token = Tokens.newToken();
        long id = users.create(name.strip(), Tokens.hash(token));
        return new CreatedUser(id, name.strip(), token);
    }
}
