create table users (
    id         bigint generated always as identity primary key,
    name       text        not null check (length(name) between 1 and 100),
    created_at timestamptz not null default now()
);

-- Only the SHA-256 of a token is stored; the token itself is shown once, when the user is created.
create table api_tokens (
    token_hash bytea       primary key check (length(token_hash) = 32),
    user_id    bigint      not null references users (id),
    created_at timestamptz not null default now()
);
