-- pgbench: the least a ticket can write under the contract, in one statement
-- (its own transaction), straight to PostgreSQL: the service's next gapless
-- number (its row stays locked until the commit), the ticket's row with the
-- table's indexes and triggers, and the department's seq, taken last.  No
-- checks, no view, no waiting counts read, no HTTP, no event.  What the
-- database alone gives one department's tickets with no other work on the
-- cores: the bound under any HTTP path in front of it.
\set svc random(1, 3)
WITH n AS (INSERT INTO ticket_numbers AS n (service_id, service_day, last_number)
           VALUES (:svc, current_date, 1)
           ON CONFLICT (service_id, service_day) DO UPDATE SET last_number = n.last_number + 1
           RETURNING n.last_number),
     t AS (INSERT INTO tickets (public_id, department_id, service_id, number_service_id,
                                service_day, number, ticket_number, priority)
           SELECT md5(random()::text) || md5(random()::text), 1, :svc, :svc, current_date,
                  n.last_number, 'A-' || n.last_number, 'normal' FROM n
           RETURNING id),
     s AS (UPDATE departments SET event_seq = event_seq + 1 WHERE id = 1 RETURNING event_seq)
SELECT t.id, s.event_seq FROM t, s;
