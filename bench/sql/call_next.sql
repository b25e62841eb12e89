-- pgbench: one staff member's cycle as fcgi/db_queue.c and the services send
-- it: call next (check the counter, check for an active ticket, take the
-- first waiting ticket with FOR UPDATE SKIP LOCKED, read it back, bump the
-- department's seq) and then mark it a no-show (its own transaction).
-- Client n acts as the staff member in row n of bench_staff.
BEGIN;
SELECT user_id, counter_id FROM bench_staff WHERE n = :client_id \gset
SELECT department_id FROM counters WHERE id = :counter_id AND active AND state = 'open' AND staff_id = :user_id;
SELECT id FROM tickets WHERE served_by = :user_id AND status IN ('called', 'serving');
UPDATE tickets t SET status = 'called', counter_id = :counter_id, served_by = :user_id, called_at = clock_timestamp() WHERE t.id = (SELECT w.id FROM tickets w WHERE w.department_id = 1 AND w.status = 'waiting' AND (NOT EXISTS (SELECT 1 FROM counter_services x WHERE x.counter_id = :counter_id) OR w.service_id IN (SELECT x.service_id FROM counter_services x WHERE x.counter_id = :counter_id)) ORDER BY (w.priority = 'high') DESC, w.queued_at, w.id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING t.id AS tid \gset
SELECT t.id, t.public_id, t.ticket_number, t.status, s.name, d.name, c.name, qs_ts(t.called_at), qs_recent_service_seconds(t.service_id), qs_open_counters(t.department_id, t.service_id) FROM tickets t JOIN services s ON s.id = t.service_id JOIN departments d ON d.id = t.department_id LEFT JOIN counters c ON c.id = t.counter_id WHERE t.id = :tid;
UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq, (SELECT coalesce(json_object_agg(w.service_id, w.n), '{}') FROM (SELECT s.id AS service_id, (SELECT count(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting') AS n FROM services s WHERE s.department_id = 1 AND s.active) w);
COMMIT;
BEGIN;
SELECT id FROM tickets WHERE id = :tid FOR UPDATE;
UPDATE tickets SET status = 'no_show', completed_at = clock_timestamp() WHERE id = :tid;
UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq;
COMMIT;
