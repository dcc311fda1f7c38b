-- Reserved seating. A seated section keeps its seats' statuses in one row per seat row, one character per seat, so
-- that the worker loads a 40,000-seat section as at most 200 short rows, and the seat map is read without counting.
-- The section's counters (capacity, available, held, sold) stay on the section row and always equal the characters.
alter table sections
    add column seated boolean not null default false;

create table seat_rows (
    event_id     bigint   not null,
    section_code text     not null,
    -- front to back: row 0 is the best
    row_index    smallint not null check (row_index between 0 and 199),
    label        text     not null check (label ~ '^[A-Z0-9]{1,4}$'),
    -- seat numbers after which an aisle breaks the row
    aisle_after  smallint[] not null default '{}',
    -- one character per seat, in seat order: A available, H held, S sold, B blocked
    statuses     text     not null check (statuses ~ '^[AHSB]{1,200}$'),
    -- one character per seat: 'w' a wheelchair (accessible) place, '.' an ordinary seat
    accessible   text     not null check (accessible ~ '^[w.]{1,200}$'),
    primary key (event_id, section_code, row_index),
    unique (event_id, section_code, label),
    foreign key (event_id, section_code) references sections (event_id, code),
    check (length(accessible) = length(statuses))
);

-- The seats of a reservation, in row and seat order; null in a general-admission section.
alter table reservations
    add column seats text[];

-- Every seat of a hold or a purchase still in force, one row each: the primary key is the database's own guarantee
-- that a seat is in at most one held or purchased reservation. The worker inserts a hold's seats with the hold and
-- deletes them in the transaction that cancels or expires it.
create table reservation_seats (
    event_id       bigint not null,
    section_code   text   not null,
    seat           text   not null,
    reservation_id uuid   not null references reservations (id),
    primary key (event_id, section_code, seat)
);

-- The picked seats that made a reserve fail with seats_unavailable, for its problem's unavailableSeats.
alter table requests
    add column unavailable_seats text[];
