-- 007: a daily rollup of the dashboards' figures, so that a trend over weeks
-- or a year costs a row per day instead of every ticket again, and the
-- summary of a closed day reads rows, not tickets.
--
-- Closed days only: two days or more before today in UTC, so closed in every
-- zone.  The row of service_id 0 holds exactly what
-- qs_dashboard_figures(ARRAY[dept], day, day, 'day') answered for the day, and
-- its hours (qs_dashboard_hours()); a row per service holds that service's
-- figures and is worth something only while its day's row is filled.  Any
-- change to a ticket of the day, or to the department's target or zone,
-- deletes the day's row in the same transaction, and the figures come from
-- the tickets again until the alert job fills it anew (every
-- alert_interval_s).  They therefore agree with the CSV to the ticket at
-- every moment.  Filling takes two steps so that no change can slip between
-- the figures' snapshot and their row: a placeholder row is committed first,
-- then filled, with the day's service rows replaced, in one transaction; a
-- change's DELETE either removes the placeholder (nothing gets filled) or
-- waits for the fill and removes the filled row.

CREATE TABLE dashboard_days (
    department_id bigint NOT NULL REFERENCES departments(id),
    service_day   date NOT NULL,
    service_id    bigint NOT NULL DEFAULT 0,    -- 0: the day itself
    filled        boolean NOT NULL DEFAULT false,
    arrivals bigint, served bigint, no_shows bigint, cancelled bigint,
    avg_wait_seconds double precision, p90_wait_seconds double precision,
    avg_service_seconds double precision, avg_call_to_start_seconds double precision,
    sla_met_pct double precision, avg_rating double precision, ratings bigint,
    hours jsonb,                                -- service_id 0 only
    PRIMARY KEY (department_id, service_day, service_id)
);

-- the days that can be rolled up: closed everywhere
CREATE FUNCTION qs_rollup_horizon() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'UTC')::date - 2
$$;

CREATE FUNCTION qs_dashboard_days_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'departments' THEN
        DELETE FROM dashboard_days WHERE department_id = NEW.id;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM dashboard_days
         WHERE department_id = OLD.department_id AND service_day = OLD.service_day;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        DELETE FROM dashboard_days
         WHERE department_id = NEW.department_id AND service_day = NEW.service_day;
    END IF;
    RETURN NULL;
END
$$;

-- today's tickets (the hot path) never fire these: only changes to closed days
CREATE TRIGGER tickets_forget_rollup_ins AFTER INSERT ON tickets FOR EACH ROW
    WHEN (NEW.service_day <= (now() AT TIME ZONE 'UTC')::date - 2)
    EXECUTE FUNCTION qs_dashboard_days_forget();
CREATE TRIGGER tickets_forget_rollup_upd AFTER UPDATE ON tickets FOR EACH ROW
    WHEN (OLD.service_day <= (now() AT TIME ZONE 'UTC')::date - 2
          OR NEW.service_day <= (now() AT TIME ZONE 'UTC')::date - 2)
    EXECUTE FUNCTION qs_dashboard_days_forget();
CREATE TRIGGER tickets_forget_rollup_del AFTER DELETE ON tickets FOR EACH ROW
    WHEN (OLD.service_day <= (now() AT TIME ZONE 'UTC')::date - 2)
    EXECUTE FUNCTION qs_dashboard_days_forget();
CREATE TRIGGER departments_forget_rollup AFTER UPDATE OF sla_wait_minutes, timezone
    ON departments FOR EACH ROW
    WHEN (OLD.sla_wait_minutes IS DISTINCT FROM NEW.sla_wait_minutes
          OR OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION qs_dashboard_days_forget();

-- The by-hour figures of one department's day: every local hour of it (23
-- to 25), each ticket in the hour it was taken (arrivals, wait) or completed
-- (served).  The live summary and the rollup both read this.
CREATE FUNCTION qs_dashboard_hours(dept bigint, day date)
RETURNS TABLE (hour integer, start_at timestamptz, arrivals bigint, served bigint,
               avg_wait_seconds double precision)
LANGUAGE sql STABLE AS $$
    WITH h AS (SELECT (row_number() OVER (ORDER BY x.start_at) - 1)::integer AS i, x.hour, x.start_at
                 FROM departments d, qs_day_hours(day, d.timezone) x WHERE d.id = dept),
         h0 AS (SELECT min(start_at) AS at FROM h),
         f AS (SELECT created_at, completed_at, status, wait_seconds FROM qs_ticket_facts
                WHERE department_id = dept AND service_day = day),
         a AS (SELECT floor(extract(epoch FROM f.created_at - h0.at) / 3600)::integer AS i,
                      count(*) AS n, avg(f.wait_seconds) AS w FROM f, h0 GROUP BY 1),
         s AS (SELECT floor(extract(epoch FROM f.completed_at - h0.at) / 3600)::integer AS i,
                      count(*) AS n FROM f, h0 WHERE f.status = 'completed' GROUP BY 1)
    SELECT h.hour, h.start_at, coalesce(a.n, 0), coalesce(s.n, 0), a.w
      FROM h LEFT JOIN a USING (i) LEFT JOIN s USING (i) ORDER BY h.i
$$;

-- Step one of a fill: placeholders for up to max_days closed days of the
-- last 400 that have none; returns how many.
CREATE FUNCTION qs_dashboard_rollup_reserve(max_days integer) RETURNS integer
LANGUAGE sql AS $$
    WITH todo AS (
        SELECT d.id, g.day::date AS day
          FROM departments d,
               generate_series(qs_rollup_horizon() - 400, qs_rollup_horizon(), interval '1 day') AS g(day)
         WHERE NOT EXISTS (SELECT 1 FROM dashboard_days r
                            WHERE r.department_id = d.id AND r.service_day = g.day::date
                              AND r.service_id = 0)
         ORDER BY g.day DESC, d.id
         LIMIT max_days),
    made AS (
        INSERT INTO dashboard_days (department_id, service_day, service_id)
        SELECT id, day, 0 FROM todo ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*)::integer FROM made
$$;

-- Step two, in one transaction with qs_dashboard_rollup_clear(): fill the
-- reserved days, their hours and their services' rows.
CREATE FUNCTION qs_dashboard_rollup_fill() RETURNS integer
LANGUAGE sql AS $$
    WITH todo AS (
        SELECT department_id, service_day FROM dashboard_days
         WHERE service_id = 0 AND NOT filled FOR UPDATE),
    services AS (
        INSERT INTO dashboard_days (department_id, service_day, service_id, filled,
               arrivals, served, no_shows, cancelled, avg_wait_seconds, p90_wait_seconds,
               avg_service_seconds, avg_call_to_start_seconds, sla_met_pct, avg_rating, ratings)
        SELECT t.department_id, t.service_day, f.key_id, true,
               f.arrivals, f.served, f.no_shows, f.cancelled, f.avg_wait_seconds,
               f.p90_wait_seconds, f.avg_service_seconds, f.avg_call_to_start_seconds,
               f.sla_met_pct, f.avg_rating, f.ratings
          FROM todo t,
               LATERAL qs_dashboard_figures(ARRAY[t.department_id], t.service_day, t.service_day,
                                            'service') f
        RETURNING 1),
    days AS (
        UPDATE dashboard_days r
           SET filled = true,
               arrivals = coalesce(f.arrivals, 0), served = coalesce(f.served, 0),
               no_shows = coalesce(f.no_shows, 0), cancelled = coalesce(f.cancelled, 0),
               avg_wait_seconds = f.avg_wait_seconds, p90_wait_seconds = f.p90_wait_seconds,
               avg_service_seconds = f.avg_service_seconds,
               avg_call_to_start_seconds = f.avg_call_to_start_seconds,
               sla_met_pct = f.sla_met_pct, avg_rating = f.avg_rating,
               ratings = coalesce(f.ratings, 0),
               hours = (SELECT jsonb_agg(jsonb_build_object('hour', h.hour, 'start', qs_ts(h.start_at),
                                                            'arrivals', h.arrivals, 'served', h.served,
                                                            'avg_wait_seconds', h.avg_wait_seconds)
                                         ORDER BY h.start_at)
                          FROM qs_dashboard_hours(t.department_id, t.service_day) h)
          FROM todo t
          LEFT JOIN LATERAL qs_dashboard_figures(ARRAY[t.department_id], t.service_day,
                                                 t.service_day, 'day') f ON true
         WHERE r.department_id = t.department_id AND r.service_day = t.service_day
           AND r.service_id = 0
        RETURNING 1)
    SELECT count(*)::integer FROM days
$$;

-- Before a fill, in its transaction: the service rows of the days about to
-- be filled go (a day's services change when its tickets do).
CREATE FUNCTION qs_dashboard_rollup_clear() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM dashboard_days s
     WHERE s.service_id <> 0
       AND EXISTS (SELECT 1 FROM dashboard_days d
                    WHERE d.department_id = s.department_id AND d.service_day = s.service_day
                      AND d.service_id = 0 AND NOT d.filled)
$$;

-- The trend of one department: the rollup's filled days, and the tickets
-- for the other days only (one day at a time, through the same
-- qs_dashboard_figures()); the same columns as qs_dashboard_figures().
CREATE FUNCTION qs_dashboard_trend(dept bigint, first_day date, last_day date)
RETURNS TABLE (key_day date, key_id bigint,
               arrivals bigint, served bigint, no_shows bigint, cancelled bigint,
               avg_wait_seconds double precision, p90_wait_seconds double precision,
               avg_service_seconds double precision, avg_call_to_start_seconds double precision,
               sla_met_pct double precision, avg_rating double precision, ratings bigint,
               complaints bigint)
LANGUAGE sql STABLE AS $$
    WITH kept AS MATERIALIZED (
        SELECT * FROM dashboard_days
         WHERE department_id = dept AND service_day BETWEEN first_day AND last_day
           AND service_id = 0 AND filled),
    missing AS (
        SELECT g.day::date AS day
          FROM generate_series(first_day, last_day, interval '1 day') AS g(day)
         WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.service_day = g.day::date))
    SELECT k.service_day, NULL::bigint, k.arrivals, k.served, k.no_shows, k.cancelled,
           k.avg_wait_seconds, k.p90_wait_seconds, k.avg_service_seconds,
           k.avg_call_to_start_seconds, k.sla_met_pct, k.avg_rating, k.ratings, NULL::bigint
      FROM kept k
     WHERE k.arrivals > 0
    UNION ALL
    SELECT f.*
      FROM missing m, LATERAL qs_dashboard_figures(ARRAY[dept], m.day, m.day, 'day') f
$$;
