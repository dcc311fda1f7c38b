-- The row-lock design at its leanest, the harder baseline: an events row with a counter kept non-negative by a CHECK,
-- and a reservations table with one index (its primary key), no foreign key. One reservation per transaction; the
-- UPDATE takes the event's row lock, and a sold-out event fails the CHECK. ./holdfast bench-e2e creates the schema
-- (row_lock_minimal) and runs this with pgbench beside row-lock.sql, the same clients and seconds.
\set user random(0, :users - 1) + :first_user
BEGIN;
UPDATE row_lock_minimal.events SET available = available - 1 WHERE id = :event;
INSERT INTO row_lock_minimal.reservations (event_id, user_id, quantity) VALUES (:event, :user, 1);
COMMIT;
