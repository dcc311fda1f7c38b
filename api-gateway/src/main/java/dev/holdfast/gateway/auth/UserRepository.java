package dev.holdfast.gateway.auth;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

@Repository
class UserRepository {

    private final JdbcTemplate jdbc;

    UserRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    long create(String name, byte[] tokenHash) {
        Long id = jdbc.queryForObject("insert into users (name) values (?) returning id", Long.class, name);
        jdbc.update("insert into api_tokens (token_hash, user_id) values (?, ?)", tokenHash, id);
        return id;
    }

    Optional<Long> userOfToken(byte[] tokenHash) {
        return jdbc.queryForList("select user_id from api_tokens where token_hash = ?", Long.class, tokenHash)
                .stream().findFirst();
    }
}
