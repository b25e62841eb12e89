-- pgbench: the statements of one POST /api/v1/tickets, as fcgi/db_tickets.c
-- and fcgi/db_departments.c send them (service lookup, number, insert,
-- reading the ticket back, the department's seq last), in one
-- transaction.  pgbench cannot quote a variable, so the service day travels
-- as a day number.
\set svc random(1, 3)
BEGIN;
SELECT s.id, s.department_id, s.prefix, qs_department_open(d.opening_hours, d.timezone, now()), qs_service_day(d.timezone, now()) - date '2000-01-01' AS day_n FROM services s JOIN departments d ON d.id = s.department_id WHERE s.id = :svc AND s.active AND d.active \gset
INSERT INTO ticket_numbers AS n (service_id, service_day, last_number) VALUES (:svc, date '2000-01-01' + (:day_n)::int, 1) ON CONFLICT (service_id, service_day) DO UPDATE SET last_number = n.last_number + 1 RETURNING last_number \gset
INSERT INTO tickets (public_id, department_id, service_id, number_service_id, service_day, number, ticket_number, priority) VALUES (md5(random()::text) || md5(random()::text), 1,   :svc, :svc, date '2000-01-01' + (:day_n)::int, :last_number, 'X-' || :last_number, 'normal') RETURNING id AS ticket_id \gset
SELECT t.id, t.public_id, t.ticket_number, t.status, t.priority, t.service_id, s.name, t.department_id, d.name, t.counter_id, c.name, t.customer_name, t.customer_phone, t.notes, t.served_by, t.recall_count, t.delays_used, t.rating, t.transferred_from_service_id, qs_ts(t.created_at), qs_ts(t.queued_at), qs_ts(t.called_at), qs_ts(t.serving_at), qs_ts(t.completed_at), a.ahead, a.priority_ahead, s.avg_service_minutes, qs_recent_service_seconds(t.service_id), qs_open_counters(t.department_id, t.service_id) FROM tickets t JOIN services s ON s.id = t.service_id JOIN departments d ON d.id = t.department_id LEFT JOIN counters c ON c.id = t.counter_id LEFT JOIN LATERAL (SELECT count(*) AS ahead, count(*) FILTER (WHERE o.priority = 'high') AS priority_ahead FROM tickets o WHERE t.status = 'waiting' AND o.service_id = t.service_id AND o.status = 'waiting' AND o.id <> t.id AND ((o.priority = 'high') > (t.priority = 'high') OR ((o.priority = 'high') = (t.priority = 'high') AND (o.queued_at, o.id) < (t.queued_at, t.id)))) a ON true WHERE t.id = :ticket_id;
UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq, (SELECT coalesce(json_object_agg(w.service_id, w.n), '{}') FROM (SELECT s.id AS service_id, (SELECT count(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting') AS n FROM services s WHERE s.department_id = 1 AND s.active) w);
COMMIT;
