-- pgbench: the serialized-commit ceiling.  One row updated and committed per
-- transaction; run with one client, every commit waits for the one before
-- (as a department's changes wait on its seq row), so the rate is one over
-- the time of an update, a commit's WAL flush and a round trip.
UPDATE bench_ceiling SET n = n + 1 WHERE id = 1;
