-- pgbench: the statement of GET /dashboard/trend (fcgi/db_dashboard.c) for
-- one department and 30 days: the daily rollup where it holds a day
-- (migration 007), the tickets for the others
-- (pgbench -M prepared -D dept=N -D from=... -D to=...)
SELECT g.day::date, f.*
  FROM generate_series(:from::date, :to::date, interval '1 day') AS g(day)
  LEFT JOIN qs_dashboard_trend(:dept, :from::date, :to::date) f ON f.key_day = g.day::date
 ORDER BY g.day;
