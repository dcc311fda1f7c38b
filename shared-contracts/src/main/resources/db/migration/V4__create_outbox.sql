-- The transactional outbox: reservation events written in the same transaction as the change they describe,
-- published to reservation-events after commit, and deleted once Kafka acknowledged them.
create table outbox (
    id         bigint generated always as identity primary key,
    event_id   bigint      not null,
    sequence   bigint      not null,
    payload    text        not null, -- the JSON message as published
    created_at timestamptz not null default now(),
    unique (event_id, sequence)
);
