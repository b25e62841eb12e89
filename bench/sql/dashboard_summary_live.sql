-- pgbench: the statements of GET /dashboard/summary for one department and
-- a day the daily rollup does not hold (today, say): every figure from the
-- tickets (fcgi/db_dashboard.c), in one snapshot
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
SELECT hour, qs_ts(start_at), arrivals, served, avg_wait_seconds FROM qs_dashboard_hours(:dept, :day::date);
COMMIT;
