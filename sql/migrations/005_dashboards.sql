-- 005: dashboards and service-level alerts.
--
-- Every figure a dashboard shows is defined here, once: the view
-- qs_ticket_facts derives the per-ticket values and qs_dashboard_figures()
-- aggregates them.  The summary, the trend, the staff table and the CSV
-- export all read these two, so they agree to the ticket.
--
-- Seconds are date_part('epoch', ...), a double: extract() computes in
-- numeric since PostgreSQL 14, which made a 30-day trend a third slower.
--
-- Conventions of every figure:
--   * a ticket belongs to the service day it was taken on (tickets.service_day,
--     the department's local date), whatever happened to it later;
--   * "arrivals" are the tickets taken, "served" those completed, "no_shows"
--     and "cancelled" those that ended so; a ticket still waiting, called or
--     serving counts as an arrival only;
--   * a time figure is null when no ticket has it (never 0 by default).

-- when a counter last changed state: an open counter is idle from the moment
-- it opened, not from whenever it was created
ALTER TABLE counters ADD COLUMN state_changed_at timestamptz NOT NULL DEFAULT now();

CREATE VIEW qs_ticket_facts AS
SELECT t.id, t.department_id, t.service_id, t.service_day, t.status, t.priority,
       t.ticket_number, t.counter_id, t.served_by, t.recall_count, t.rating,
       t.rating_comment, t.customer_name, t.customer_phone, t.notes,
       t.transferred_from_service_id,
       t.created_at, t.called_at, t.serving_at, t.completed_at,
       d.timezone, d.sla_wait_minutes,
       -- wait: from taking the ticket to being called, for tickets that were
       -- called (a requeued or transferred ticket: to its latest call)
       date_part('epoch', t.called_at - t.created_at) AS wait_seconds,
       -- service time: from the start of serving to completion, completed
       -- tickets only
       CASE WHEN t.status = 'completed'
            THEN date_part('epoch', t.completed_at - t.serving_at)
       END AS service_seconds,
       -- call to start: how long the customer took to reach the counter
       date_part('epoch', t.serving_at - t.called_at) AS call_to_start_seconds,
       -- within the target: called, after a wait of at most sla_wait_minutes
       -- (null when not called, so it drops out of the share)
       t.called_at - t.created_at <= make_interval(mins => d.sla_wait_minutes) AS within_sla,
       -- complaints about this visit
       (SELECT count(*) FROM complaints c WHERE c.ticket_id = t.id) AS complaints
  FROM tickets t
  JOIN departments d ON d.id = t.department_id;

-- The departments a report covers: one, or every active one (dept = 0, an
-- admin asking for all departments together).
CREATE FUNCTION qs_depts(dept bigint) RETURNS bigint[]
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN dept > 0 THEN ARRAY[dept]
                ELSE (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM departments WHERE active)
           END
$$;

-- The figures of a group of tickets: the tickets of the departments `depts`
-- taken from first_day to last_day, grouped by `per`:
--   'day'     one row per service day (key_id null)
--   'service' one row per service day and service (key_id = service_id)
--   'department' one row per service day and department (key_id = department_id)
--   'staff'   one row per staff member over the whole range (key_day null,
--             key_id = served_by; tickets nobody called are left out)
CREATE FUNCTION qs_dashboard_figures(depts bigint[], first_day date, last_day date, per text)
RETURNS TABLE (key_day date, key_id bigint,
               arrivals bigint, served bigint, no_shows bigint, cancelled bigint,
               avg_wait_seconds double precision, p90_wait_seconds double precision,
               avg_service_seconds double precision, avg_call_to_start_seconds double precision,
               sla_met_pct double precision, avg_rating double precision, ratings bigint,
               complaints bigint)
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN per <> 'staff' THEN f.service_day END,
           CASE per WHEN 'service' THEN f.service_id WHEN 'department' THEN f.department_id
                    WHEN 'staff' THEN f.served_by END,
           -- arrivals: tickets taken
           count(*),
           -- served: completed
           count(*) FILTER (WHERE f.status = 'completed'),
           -- no-shows: called and never came
           count(*) FILTER (WHERE f.status = 'no_show'),
           -- cancelled: by the customer or staff while waiting
           count(*) FILTER (WHERE f.status = 'cancelled'),
           -- average and 90th percentile wait of the called tickets
           avg(f.wait_seconds),
           percentile_cont(0.9) WITHIN GROUP (ORDER BY f.wait_seconds),
           -- average service time of the completed tickets
           avg(f.service_seconds),
           -- average call-to-start of the tickets that started
           avg(f.call_to_start_seconds),
           -- SLA met: share of the called tickets that waited at most the
           -- target, in percent with one decimal
           round((100.0 * count(*) FILTER (WHERE f.within_sla)
                  / nullif(count(f.within_sla), 0))::numeric, 1)::double precision,
           -- ratings given by customers (1..5), and how many
           avg(f.rating::double precision),
           count(f.rating),
           -- complaints about these visits (counted for the staff table only)
           CASE WHEN per = 'staff' THEN sum(f.complaints)::bigint END
      FROM qs_ticket_facts f
     WHERE f.department_id = ANY (depts)
       AND f.service_day BETWEEN first_day AND last_day
       AND (per <> 'staff' OR f.served_by IS NOT NULL)
     GROUP BY 1, 2
$$;

-- The hours of a service day for the by-hour chart: every local hour of
-- `day` in the zone `tz`, as the UTC instant it starts (23 on the day the
-- clocks go forward, 25 on the day they go back, when an hour label repeats).
CREATE FUNCTION qs_day_hours(day date, tz text)
RETURNS TABLE (hour integer, start_at timestamptz, end_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT extract(hour FROM h AT TIME ZONE tz)::integer, h, h + interval '1 hour'
      FROM generate_series(day::timestamp AT TIME ZONE tz,
                           (day + 1)::timestamp AT TIME ZONE tz - interval '1 second',
                           interval '1 hour') AS h
$$;

-- What the alert job last published per department, so that it publishes
-- only when the set of alerts changes (their keys and severities).
CREATE TABLE alert_state (
    department_id bigint PRIMARY KEY REFERENCES departments(id),
    fingerprint   text NOT NULL,
    alerts        jsonb NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Live service-level alerts of the departments `depts` (all active ones
-- when null), at the instant `at`, as one JSON array per department:
--   ticket_over_sla      per service: tickets waiting longer than the target
--                        (critical when the longest waited twice as long)
--   queue_over_capacity  per service: the open counters serving it cannot
--                        clear its queue within the target, at its recent
--                        service time (critical when no open counter serves it)
--   counter_idle         per open counter: its staff member has no ticket and
--                        nobody was called there for idle_seconds while people
--                        wait for its services
-- Each alert has a stable key (type and object), so a change of the set is a
-- change of the keys or severities.
CREATE FUNCTION qs_dashboard_alerts(depts bigint[], at timestamptz, idle_seconds integer)
RETURNS TABLE (department_id bigint, alerts jsonb, fingerprint text)
LANGUAGE sql STABLE AS $$
    WITH d AS (
        SELECT d.id, d.sla_wait_minutes AS sla, qs_service_day(d.timezone, at) AS today
          FROM departments d
         WHERE d.active AND (depts IS NULL OR d.id = ANY (depts))
    ), svc AS (
        SELECT s.id, s.department_id, s.name, d.sla,
               coalesce(qs_recent_service_seconds(s.id), s.avg_service_minutes * 60.0) AS service_s,
               qs_open_counters(s.department_id, s.id) AS open_counters,
               w.n AS waiting, w.oldest, w.oldest_number
          FROM services s
          JOIN d ON d.id = s.department_id
          CROSS JOIN LATERAL (
              SELECT count(*) AS n, min(t.created_at) AS oldest,
                     (array_agg(t.ticket_number ORDER BY t.created_at))[1] AS oldest_number
                FROM tickets t WHERE t.service_id = s.id AND t.status = 'waiting') w
         WHERE s.active AND w.n > 0
    ), over_sla AS (
        SELECT s.department_id, s.id AS service_id, s.name, s.sla,
               count(*) AS n, min(t.created_at) AS oldest,
               (array_agg(t.ticket_number ORDER BY t.created_at))[1] AS oldest_number
          FROM svc s
          JOIN tickets t ON t.service_id = s.id AND t.status = 'waiting'
         WHERE t.created_at < at - make_interval(mins => s.sla)
         GROUP BY s.department_id, s.id, s.name, s.sla
    ), idle AS (
        SELECT k.department_id, k.id, k.name,
               greatest(k.state_changed_at, last.at, first_wait.at) AS since
          FROM counters k
          JOIN d ON d.id = k.department_id
          CROSS JOIN LATERAL (
              SELECT max(greatest(t.called_at, t.serving_at, t.completed_at)) AS at
                FROM tickets t
               WHERE t.department_id = k.department_id AND t.service_day >= d.today - 1
                 AND t.counter_id = k.id) last
          CROSS JOIN LATERAL (
              SELECT min(t.queued_at) AS at
                FROM tickets t
               WHERE t.department_id = k.department_id AND t.status = 'waiting'
                 AND (NOT EXISTS (SELECT 1 FROM counter_services x WHERE x.counter_id = k.id)
                      OR t.service_id IN (SELECT x.service_id FROM counter_services x
                                           WHERE x.counter_id = k.id))) first_wait
         WHERE k.active AND k.state = 'open'
           AND first_wait.at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM tickets t
                            WHERE t.served_by = k.staff_id AND t.status IN ('called', 'serving'))
    ), alerts AS (
        SELECT o.department_id,
               'ticket_over_sla:' || o.service_id AS key,
               jsonb_build_object(
                   'type', 'ticket_over_sla',
                   'severity', CASE WHEN o.oldest < at - make_interval(mins => 2 * o.sla)
                                    THEN 'critical' ELSE 'warning' END,
                   'service_id', o.service_id, 'service_name', o.name,
                   'counter_id', NULL, 'counter_name', NULL,
                   'ticket_number', o.oldest_number,
                   'message', CASE WHEN o.n = 1
                       THEN o.oldest_number || ' has waited ' ||
                            floor(extract(epoch FROM at - o.oldest) / 60) || ' min for ' || o.name ||
                            ' (target ' || o.sla || ' min)'
                       ELSE o.n || ' tickets have waited over ' || o.sla || ' min for ' || o.name ||
                            '; the longest, ' || o.oldest_number || ', ' ||
                            floor(extract(epoch FROM at - o.oldest) / 60) || ' min' END,
                   'since', qs_ts(o.oldest + make_interval(mins => o.sla)),
                   'value', o.n, 'threshold', o.sla) AS alert
          FROM over_sla o
        UNION ALL
        SELECT s.department_id,
               'queue_over_capacity:' || s.id,
               jsonb_build_object(
                   'type', 'queue_over_capacity',
                   'severity', CASE WHEN s.open_counters = 0 THEN 'critical' ELSE 'warning' END,
                   'service_id', s.id, 'service_name', s.name,
                   'counter_id', NULL, 'counter_name', NULL, 'ticket_number', NULL,
                   'message', CASE WHEN s.open_counters = 0
                       THEN s.waiting || ' waiting for ' || s.name || ' and no open counter serves it'
                       ELSE s.waiting || ' waiting for ' || s.name || ': ' || s.open_counters ||
                            ' open counter' || CASE WHEN s.open_counters > 1 THEN 's' ELSE '' END ||
                            ' need about ' || ceil(s.waiting * s.service_s / s.open_counters / 60) ||
                            ' min (target ' || s.sla || ' min)' END,
                   'since', qs_ts(s.oldest),
                   -- minutes the open counters need to clear the queue (null: never)
                   'value', CASE WHEN s.open_counters > 0
                                 THEN ceil(s.waiting * s.service_s / s.open_counters / 60) END,
                   'threshold', s.sla)
          FROM svc s
         WHERE s.open_counters = 0 OR s.waiting * s.service_s / s.open_counters > s.sla * 60
        UNION ALL
        SELECT i.department_id,
               'counter_idle:' || i.id,
               jsonb_build_object(
                   'type', 'counter_idle', 'severity', 'warning',
                   'service_id', NULL, 'service_name', NULL,
                   'counter_id', i.id, 'counter_name', i.name, 'ticket_number', NULL,
                   'message', i.name || ' is open and idle while people wait (' ||
                              CASE WHEN at - i.since >= interval '1 minute'
                                   THEN floor(extract(epoch FROM at - i.since) / 60) || ' min'
                                   ELSE floor(extract(epoch FROM at - i.since)) || ' s' END || ')',
                   'since', qs_ts(i.since),
                   'value', floor(extract(epoch FROM at - i.since)), 'threshold', idle_seconds)
          FROM idle i
         WHERE i.since <= at - make_interval(secs => idle_seconds)
    )
    SELECT d.id,
           coalesce(jsonb_agg(a.alert || jsonb_build_object('key', a.key, 'department_id', d.id)
                              ORDER BY a.key) FILTER (WHERE a.key IS NOT NULL), '[]'),
           md5(coalesce(string_agg(a.key || '=' || (a.alert ->> 'severity'), ',' ORDER BY a.key), ''))
      FROM d
      LEFT JOIN alerts a ON a.department_id = d.id
     GROUP BY d.id
$$;
