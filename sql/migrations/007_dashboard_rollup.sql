-- 007: a daily rollup of the dashboards' figures, so that a trend over weeks
-- or a year costs a row per day instead of every ticket again.
--
-- A row holds exactly what qs_dashboard_figures(ARRAY[dept], day, day,
-- 'day') answered for a closed day (two days or more before today in UTC, so
-- closed in every zone).  Any change to a ticket of that day, or to the
-- department's target or zone, deletes the row in the same transaction, and
-- the trend computes that day from the tickets again until the alert job
-- fills it anew (qs_dashboard_rollup(), every alert_interval_s).  The
-- figures therefore agree with the summary and the CSV to the ticket at
-- every moment.  Filling takes two steps so that no change can slip between
-- the figures' snapshot and their row: a placeholder row is committed first,
-- then filled by an UPDATE; a change's DELETE either removes the placeholder
-- (nothing gets filled) or waits for the fill and removes the filled row.

CREATE TABLE dashboard_days (
    department_id bigint NOT NULL REFERENCES departments(id),
    service_day   date NOT NULL,
    filled        boolean NOT NULL DEFAULT false,
    arrivals bigint, served bigint, no_shows bigint, cancelled bigint,
    avg_wait_seconds double precision, p90_wait_seconds double precision,
    avg_service_seconds double precision, avg_call_to_start_seconds double precision,
    sla_met_pct double precision, avg_rating double precision, ratings bigint,
    PRIMARY KEY (department_id, service_day)
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

-- Step one of a fill: placeholders for up to max_days closed days of the
-- last 400 that have none; returns how many.
CREATE FUNCTION qs_dashboard_rollup_reserve(max_days integer) RETURNS integer
LANGUAGE sql AS $$
    WITH todo AS (
        SELECT d.id, g.day::date AS day
          FROM departments d,
               generate_series(qs_rollup_horizon() - 400, qs_rollup_horizon(), interval '1 day') AS g(day)
         WHERE NOT EXISTS (SELECT 1 FROM dashboard_days r
                            WHERE r.department_id = d.id AND r.service_day = g.day::date)
         ORDER BY g.day DESC, d.id
         LIMIT max_days),
    made AS (
        INSERT INTO dashboard_days (department_id, service_day)
        SELECT id, day FROM todo ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*)::integer FROM made
$$;

-- Step two: fill the placeholders from the tickets, in a later transaction.
CREATE FUNCTION qs_dashboard_rollup_fill() RETURNS integer
LANGUAGE sql AS $$
    WITH filled AS (
        UPDATE dashboard_days r
           SET filled = true,
               arrivals = coalesce(f.arrivals, 0), served = coalesce(f.served, 0),
               no_shows = coalesce(f.no_shows, 0), cancelled = coalesce(f.cancelled, 0),
               avg_wait_seconds = f.avg_wait_seconds, p90_wait_seconds = f.p90_wait_seconds,
               avg_service_seconds = f.avg_service_seconds,
               avg_call_to_start_seconds = f.avg_call_to_start_seconds,
               sla_met_pct = f.sla_met_pct, avg_rating = f.avg_rating,
               ratings = coalesce(f.ratings, 0)
          FROM dashboard_days p
          LEFT JOIN LATERAL qs_dashboard_figures(ARRAY[p.department_id], p.service_day,
                                                 p.service_day, 'day') f ON true
         WHERE NOT r.filled AND p.department_id = r.department_id
           AND p.service_day = r.service_day
        RETURNING 1)
    SELECT count(*)::integer FROM filled
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
         WHERE department_id = dept AND service_day BETWEEN first_day AND last_day AND filled),
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
