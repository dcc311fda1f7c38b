create table reservations (
    id                uuid        primary key,
    event_id          bigint      not null,
    section_code      text        not null,
    user_id           bigint      not null references users (id),
    quantity          integer     not null check (quantity between 1 and 100),
    status            text        not null check (status in ('held', 'purchased', 'cancelled', 'expired')),
    request_id        uuid        not null,
    expires_at        timestamptz not null,
    created_at        timestamptz not null,
    purchased_at      timestamptz,
    cancelled_at      timestamptz,
    expired_at        timestamptz,
    payment_reference text check (length(payment_reference) <= 64),
    foreign key (event_id, section_code) references sections (event_id, code)
);

-- a user's reservations, newest first; also what the per-user ticket limit counts (a user has few reservations)
create index reservations_by_owner on reservations (user_id, created_at desc);
-- the expiry worker's scan, and release-on-demand in the reservation worker
create index reservations_due on reservations (expires_at, id) where status = 'held';

-- The outcome of every applied command and its de-duplication record: a command whose request id is here
-- has been applied already. Pending requests have no row yet.
create table requests (
    id             uuid        primary key,
    type           text        not null check (type in ('reserve', 'purchase', 'cancel', 'release', 'capacity')),
    event_id       bigint      not null,
    user_id        bigint,     -- null for commands of the admin and of the expiry worker
    reservation_id uuid,
    status         text        not null check (status in ('succeeded', 'rejected')),
    problem_code   text,
    problem_detail text,
    -- hash of what was asked (type, event, section, quantity, ...): an Idempotency-Key reused for a different
    -- request is recognised by a different fingerprint under the same request id
    fingerprint    text        not null,
    submitted_at   timestamptz not null,
    completed_at   timestamptz not null,
    check ((status = 'rejected') = (problem_code is not null))
);
