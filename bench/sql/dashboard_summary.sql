-- pgbench: the statements of GET /dashboard/summary for one department and
-- a closed day that the daily rollup holds (fcgi/db_dashboard.c, migration
-- 007), in one snapshot
-- (pgbench -M prepared -D dept=N -D day=YYYY-MM-DD)
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SELECT count(*), max(qs_service_day(d.timezone, now())) FROM departments d WHERE d.id = ANY (qs_depts(:dept));
SELECT EXISTS (SELECT 1 FROM dashboard_days WHERE department_id = :dept AND service_day = :day::date AND service_id = 0 AND filled);
SELECT (SELECT count(*) FROM tickets t WHERE t.department_id = ANY (qs_depts(:dept)) AND t.status = 'waiting'),
       (SELECT count(*) FROM tickets t WHERE t.department_id = ANY (qs_depts(:dept)) AND t.status IN ('called', 'serving')),
       (SELECT count(*) FROM counters k WHERE k.department_id = ANY (qs_depts(:dept)) AND k.active AND k.state = 'open'),
       (SELECT count(*) FROM complaints c WHERE c.department_id = ANY (qs_depts(:dept)) AND c.status = 'open');
SELECT * FROM dashboard_days f WHERE f.department_id = :dept AND f.service_day = :day::date AND f.service_id = 0 AND f.filled AND f.arrivals > 0;
SELECT s.id, (SELECT count(*) FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting'), f.*
  FROM services s LEFT JOIN dashboard_days f ON f.department_id = :dept AND f.service_day = :day::date AND f.service_id = s.id
 WHERE s.department_id = :dept AND (s.active OR f.service_id IS NOT NULL);
SELECT h.* FROM dashboard_days r,
       jsonb_to_recordset(r.hours) AS h(hour integer, start text, arrivals bigint, served bigint, avg_wait_seconds double precision)
 WHERE r.department_id = :dept AND r.service_day = :day::date AND r.service_id = 0 AND r.filled;
COMMIT;
