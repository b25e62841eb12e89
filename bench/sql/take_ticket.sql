-- pgbench: one ticket as the API takes it (sql/migrations/008: one
-- statement, its own transaction), straight to PostgreSQL, without HTTP,
-- the JSON views or the event.  With one client: what a ticket costs the
-- database when nothing waits; the department's serialized section is the
-- end of it (its seq, the commit).
\set svc random(1, 3)
SELECT c.seq FROM qs_ticket_take(:svc, 1, current_date, 'A', md5(random()::text) || md5(random()::text), 'normal', NULL, NULL, NULL, NULL) c;
