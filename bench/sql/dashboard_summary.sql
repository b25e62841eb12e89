-- pgbench: the statements of GET /dashboard/summary for one department and
-- day (fcgi/db_dashboard.c), run straight against PostgreSQL in one snapshot
-- (pgbench -M prepared -D dept=N -D day=YYYY-MM-DD -D tz=ZONE)
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SELECT count(*), max(qs_service_day(d.timezone, now())) FROM departments d WHERE d.id = ANY (qs_depts(:dept));
SELECT (SELECT count(*) FROM tickets t WHERE t.department_id = ANY (qs_depts(:dept)) AND t.status = 'waiting'),
       (SELECT count(*) FROM tickets t WHERE t.department_id = ANY (qs_depts(:dept)) AND t.status IN ('called', 'serving')),
       (SELECT count(*) FROM counters k WHERE k.department_id = ANY (qs_depts(:dept)) AND k.active AND k.state = 'open'),
       (SELECT count(*) FROM complaints c WHERE c.department_id = ANY (qs_depts(:dept)) AND c.status = 'open');
SELECT * FROM qs_dashboard_figures(qs_depts(:dept), :day::date, :day::date, 'day') f;
SELECT s.id, (SELECT count(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting'), f.*
  FROM services s LEFT JOIN qs_dashboard_figures(qs_depts(:dept), :day::date, :day::date, 'service') f ON f.key_id = s.id
 WHERE s.department_id = ANY (qs_depts(:dept)) AND (s.active OR f.key_id IS NOT NULL);
WITH h AS (SELECT (row_number() OVER (ORDER BY start_at) - 1)::integer AS i, hour, start_at FROM qs_day_hours(:day::date, :tz)),
     h0 AS (SELECT min(start_at) AS at FROM h),
     f AS (SELECT created_at, completed_at, status, wait_seconds FROM qs_ticket_facts
            WHERE department_id = ANY (qs_depts(:dept)) AND service_day = :day::date),
     a AS (SELECT floor(extract(epoch FROM f.created_at - h0.at) / 3600)::integer AS i, count(*) AS n, avg(f.wait_seconds) AS w FROM f, h0 GROUP BY 1),
     s AS (SELECT floor(extract(epoch FROM f.completed_at - h0.at) / 3600)::integer AS i, count(*) AS n FROM f, h0 WHERE f.status = 'completed' GROUP BY 1)
SELECT h.hour, qs_ts(h.start_at), coalesce(a.n, 0), coalesce(s.n, 0), a.w FROM h LEFT JOIN a USING (i) LEFT JOIN s USING (i) ORDER BY h.i;
COMMIT;
