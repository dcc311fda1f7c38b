-- The classic row-lock design, at the database alone: one reservation per transaction, the section's counters
-- locked with SELECT ... FOR UPDATE. ./holdfast bench-e2e runs it with pgbench at 32 clients, in the same run as the
-- end-to-end load, as the baseline Holdfast is measured against. :event is a section 'general' with spare
-- capacity; :users are user ids 1..n offset by :first_user.
\set user random(0, :users - 1) + :first_user
BEGIN;
SELECT available FROM sections WHERE event_id = :event AND code = 'general' FOR UPDATE;
UPDATE sections SET available = available - 1, held = held + 1 WHERE event_id = :event AND code = 'general';
INSERT INTO reservations (id, event_id, section_code, user_id, quantity, status, request_id, expires_at, created_at)
VALUES (gen_random_uuid(), :event, 'general', :user, 1, 'held', gen_random_uuid(), now() + interval '1 hour', now());
COMMIT;
