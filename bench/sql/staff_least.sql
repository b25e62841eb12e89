-- pgbench: the least a staff cycle can write under the contract, straight to
-- PostgreSQL: three changes, each one statement (its own transaction) that
-- changes the ticket and takes the department's seq last: call next (the
-- first waiting ticket of department 1 in queue order, one another caller
-- holds skipped), start, complete.  No counter or staff checks, no view, no
-- waiting counts read, no HTTP, no event.  One pgbench transaction is one
-- cycle, so its tx/s are cycles/s.  The table needs enough waiting tickets
-- for the run (bench/run.sh seeds 30,000).
WITH c AS (UPDATE tickets t SET status = 'called', called_at = clock_timestamp()
            WHERE t.id = (SELECT w.id FROM tickets w
                           WHERE w.department_id = 1 AND w.status = 'waiting'
                           ORDER BY (w.priority = 'high') DESC, w.queued_at, w.id
                           LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING t.id),
     s AS (UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq)
SELECT c.id AS tid FROM c, s \gset
WITH c AS (UPDATE tickets SET status = 'serving', serving_at = clock_timestamp()
            WHERE id = :tid RETURNING id),
     s AS (UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq)
SELECT c.id FROM c, s;
WITH c AS (UPDATE tickets SET status = 'completed', completed_at = clock_timestamp()
            WHERE id = :tid RETURNING id),
     s AS (UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq)
SELECT c.id FROM c, s;
