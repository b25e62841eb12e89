-- pgbench: a ticket in one of :n departments, as take_ticket.sql takes it,
-- straight to PostgreSQL (no HTTP, no JSON views, no event).  Each
-- department has one service; their ids run from :svc0 and :dept0 in the
-- same order (bench/run.sh checks it), so no row is shared between two
-- departments' tickets: with 8 clients, what PostgreSQL alone gives the
-- "50 departments" load on these two cores.
\set i random(0, :n - 1)
\set svc :svc0 + :i
\set dept :dept0 + :i
SELECT c.seq FROM qs_ticket_take(:svc, :dept, current_date, 'A', md5(random()::text) || md5(random()::text), 'normal', NULL, NULL, NULL, NULL) c;
