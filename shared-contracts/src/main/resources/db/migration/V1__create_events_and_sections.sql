-- Events and their sections. The section row is the inventory counter: the reservation worker is its only
-- writer, and the CHECK constraints are the last line of defence against overselling.
create table events (
    id                   bigint generated always as identity primary key,
    name                 text        not null check (length(name) between 1 and 200),
    starts_at            timestamptz,
    hold_seconds         integer     not null check (hold_seconds between 1 and 86400),
    max_tickets_per_user integer     check (max_tickets_per_user >= 1),
    -- per-event sequence of published state changes (reservation-events); kept here because the worker locks
    -- this row anyway, which makes a gapless counter free
    last_sequence        bigint      not null default 0 check (last_sequence >= 0),
    created_at           timestamptz not null default now()
);

create table sections (
    event_id  bigint  not null references events (id),
    code      text    not null check (code ~ '^[a-z0-9_-]{1,32}$'),
    name      text    not null,
    position  integer not null,
    capacity  integer not null check (capacity between 0 and 10000000),
    available integer not null check (available >= 0),
    held      integer not null check (held >= 0),
    sold      integer not null check (sold >= 0),
    primary key (event_id, code),
    constraint sections_counters_add_up check (available + held + sold = capacity)
);
