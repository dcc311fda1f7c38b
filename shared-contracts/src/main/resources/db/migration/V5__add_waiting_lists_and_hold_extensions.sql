-- Hold extensions: how often one hold of an event may be extended, and how often each hold was.
alter table events
    add column max_hold_extensions integer not null default 0 check (max_hold_extensions between 0 and 10);
alter table reservations
    add column extensions        integer not null default 0 check (extensions between 0 and 10),
    -- the waiting-list entry this hold was offered to; null for an ordinary reserve
    add column waitlist_entry_id uuid;

-- Waiting lists. The section row keeps what its list asks for (waiting) and the join order of its latest entry,
-- so that the event document reads them without counting rows, and the worker numbers entries with no extra query.
alter table sections
    add column waiting             integer not null default 0 check (waiting >= 0),
    add column last_waitlist_order bigint  not null default 0 check (last_waitlist_order >= 0);

create table waitlist_entries (
    id             uuid        primary key,
    event_id       bigint      not null,
    section_code   text        not null,
    user_id        bigint      not null references users (id),
    quantity       integer     not null check (quantity between 1 and 100),
    -- first come, first served within the section
    join_order     bigint      not null,
    status         text        not null check (status in ('waiting', 'offered', 'left')),
    request_id     uuid        not null,
    reservation_id uuid,
    created_at     timestamptz not null,
    offered_at     timestamptz,
    left_at        timestamptz,
    foreign key (event_id, section_code) references sections (event_id, code),
    unique (event_id, section_code, join_order),
    check ((status = 'offered') = (reservation_id is not null))
);
-- the queue of a section, head first; also what a waiting entry's position counts
create index waitlist_entries_queue on waitlist_entries (event_id, section_code, join_order) where status = 'waiting';
-- a user's entries, newest first; at most one entry waiting per user and section
create index waitlist_entries_by_owner on waitlist_entries (user_id, created_at desc);
create unique index waitlist_entries_one_waiting on waitlist_entries (event_id, section_code, user_id)
    where status = 'waiting';

alter table requests drop constraint requests_type_check;
alter table requests add constraint requests_type_check
    check (type in ('reserve', 'purchase', 'cancel', 'release', 'capacity', 'extend', 'waitlist_join',
                    'waitlist_leave'));
alter table requests add column waitlist_entry_id uuid;
