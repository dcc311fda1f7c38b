-- The batched-SQL ceiling of the reservation worker, run by ./holdfast bench-worker with pgbench in the same run as
-- the worker: one transaction per batch of :batch reserve commands for one hot event, :holds of them held and the
-- rest answered sold_out, doing what CommandBatchApplier does for such a batch, statement for statement, but with
-- the rows made by the server (no Kafka, no JVM, no parameters to send). Then the outbox relay's delete. It is a
-- ceiling: the worker cannot apply a batch faster than PostgreSQL runs its SQL.
BEGIN;
SELECT id FROM requests WHERE id = ANY(ARRAY(SELECT gen_random_uuid() FROM generate_series(1, :batch)));
SELECT id, hold_seconds, max_tickets_per_user, max_hold_extensions, last_sequence
  FROM events WHERE id = ANY(ARRAY[:event]::bigint[]) ORDER BY id FOR UPDATE;
SELECT event_id, code, capacity, available, held, sold, waiting, last_waitlist_order
  FROM sections WHERE event_id = ANY(ARRAY[:event]::bigint[]) ORDER BY event_id, code FOR UPDATE;
INSERT INTO reservations (id, event_id, section_code, user_id, quantity, status, request_id, expires_at, created_at,
                          extensions)
  SELECT gen_random_uuid(), :event, 'general', :first_user + g % :users, 1, 'held', gen_random_uuid(),
         now() + interval '1 hour', now(), 0
    FROM generate_series(1, :holds) g;
UPDATE sections SET available = available - :holds, held = held + :holds WHERE event_id = :event AND code = 'general';
UPDATE events SET last_sequence = last_sequence + :holds WHERE id = :event RETURNING last_sequence AS seq \gset
INSERT INTO requests (id, type, event_id, user_id, reservation_id, status, problem_code, problem_detail, fingerprint,
                      submitted_at, completed_at)
  SELECT gen_random_uuid(), 'reserve', :event, :first_user + g % :users,
         CASE WHEN g <= :holds THEN gen_random_uuid() END,
         CASE WHEN g <= :holds THEN 'succeeded' ELSE 'rejected' END,
         CASE WHEN g <= :holds THEN NULL ELSE 'sold_out' END,
         CASE WHEN g <= :holds THEN NULL ELSE 'section ''general'' has 0 tickets left; 1 requested' END,
         md5(g::text), now(), now()
    FROM generate_series(1, :batch) g;
INSERT INTO outbox (event_id, sequence, payload)
  SELECT :event, :seq - :holds + g,
         '{"type":"reservation_held","eventId":' || :event || ',"sequence":' || (:seq - :holds + g)
           || ',"reservationId":"' || gen_random_uuid() || '","requestId":"' || gen_random_uuid()
           || '","userId":17,"section":"general","quantity":1,"occurredAt":"2026-11-30T08:00:00.000Z",'
           || '"expiresAt":"2026-11-30T09:00:00.000Z","waitlistEntryId":null,"capacity":10000000,'
           || '"available":9000000,"held":1000000,"sold":0}'
    FROM generate_series(1, :holds) g;
-- each outcome carried whole, as the worker announces it (OutcomeChannel): its id, a space and its JSON (about 700
-- bytes for a hold of general admission), 10 to a notification
SELECT pg_notify('holdfast_outcomes', string_agg(id || ' {"requestId":"' || id || '","type":"reserve","eventId":'
         || :event || ',"userId":17,"reservationId":"' || gen_random_uuid() || '","problemCode":null,'
         || '"problemDetail":null,"unavailableSeats":null,"fingerprint":"' || md5(id) || md5(id)
         || '","submittedAt":"2026-11-30T08:00:00.123Z","completedAt":"2026-11-30T08:00:00.234567Z",'
         || '"reservation":{"id":"' || gen_random_uuid() || '","eventId":' || :event || ',"section":"general",'
         || '"quantity":1,"seats":null,"status":"held","expiresAt":"2026-11-30T09:00:00.234567Z",'
         || '"createdAt":"2026-11-30T08:00:00.234567Z","purchasedAt":null,"cancelledAt":null,"expiredAt":null,'
         || '"paymentReference":null,"extensions":0,"waitlistEntryId":null}}', E'\n'))
  FROM (SELECT g, gen_random_uuid()::text AS id FROM generate_series(0, :batch - 1) g) outcomes GROUP BY g / 10;
SELECT pg_notify('holdfast_event_changes', :event::text);
COMMIT;
DELETE FROM outbox WHERE event_id = :event AND sequence <= :seq;
