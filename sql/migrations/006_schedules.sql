-- 006: shifts and schedules, and the staffing they are measured against.
--
-- A schedule is one person on one shift on one local date.  It stores its
-- real span (the date and the shift's times in the department's zone): a
-- night shift 22:00-06:00 really ends the next morning, and a shift across
-- a DST change is an hour shorter or longer.  PostgreSQL itself refuses two
-- overlapping spans of one person (an exclusion constraint), so two managers
-- scheduling the same person at the same instant cannot both succeed.

-- btree_gist is a trusted extension: the database owner may create it
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE shifts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id bigint NOT NULL REFERENCES departments(id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    start_time    time NOT NULL,
    -- at or before start_time: the shift ends the next day
    end_time      time NOT NULL CHECK (end_time <> start_time),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shifts_department ON shifts (department_id);
CREATE UNIQUE INDEX shifts_name_active ON shifts (department_id, lower(name)) WHERE active;

-- The real span of a shift on a local date in a zone.
CREATE FUNCTION qs_shift_span(day date, start_time time, end_time time, tz text)
RETURNS tstzrange LANGUAGE sql STABLE AS $$
    SELECT tstzrange((day + start_time) AT TIME ZONE tz,
                     ((day + (end_time <= start_time)::integer) + end_time) AT TIME ZONE tz, '[)')
$$;

CREATE TABLE schedules (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id bigint NOT NULL REFERENCES departments(id),
    user_id       bigint NOT NULL REFERENCES users(id),
    shift_id      bigint NOT NULL REFERENCES shifts(id),
    day           date NOT NULL,
    counter_id    bigint REFERENCES counters(id),
    span          tstzrange NOT NULL,
    created_by    bigint REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- one person, one place at a time; adjacent spans ([06:00,14:00) and
    -- [14:00,22:00)) do not overlap
    CONSTRAINT schedules_no_overlap EXCLUDE USING gist (user_id WITH =, span WITH &&)
);
CREATE INDEX schedules_department_day ON schedules (department_id, day);
CREATE INDEX schedules_department_span ON schedules USING gist (department_id, span);
CREATE INDEX schedules_shift ON schedules (shift_id);

-- "HH:MM"
CREATE FUNCTION qs_hhmm(t time) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(t, 'HH24:MI')
$$;

-- The Shift shape of the API.
CREATE FUNCTION qs_shift_json(s shifts) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', s.id, 'department_id', s.department_id, 'name', s.name,
        'start_time', qs_hhmm(s.start_time), 'end_time', qs_hhmm(s.end_time),
        'crosses_midnight', s.end_time <= s.start_time,
        'duration_minutes', (extract(epoch FROM (s.end_time - s.start_time)) / 60)::integer
                            + CASE WHEN s.end_time <= s.start_time THEN 1440 ELSE 0 END,
        'active', s.active)
$$;

-- The Schedule shape of the API.
CREATE FUNCTION qs_schedule_json(x schedules) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', x.id, 'department_id', x.department_id,
        'user_id', x.user_id, 'user_name', u.full_name,
        'shift_id', x.shift_id, 'shift_name', s.name, 'date', x.day::text,
        'start_time', qs_hhmm(s.start_time), 'end_time', qs_hhmm(s.end_time),
        'starts_at', qs_ts(lower(x.span)), 'ends_at', qs_ts(upper(x.span)),
        'counter_id', x.counter_id, 'counter_name', k.name)
      FROM users u, shifts s
      LEFT JOIN counters k ON k.id = x.counter_id
     WHERE u.id = x.user_id AND s.id = x.shift_id
$$;

-- The staffing of a local date, per local hour: the people scheduled
-- (schedules whose span overlaps the hour), the arrivals expected (the mean
-- over the same weekday of the eight weeks before, in that local hour), and
-- the average handling time of those arrivals (each service's mean service
-- time over those eight weeks, or its avg_service_minutes without history,
-- weighted by the service's expected arrivals in the hour).  The number of
-- staff recommended comes from Erlang C in C (fcgi/erlang.c).
CREATE FUNCTION qs_staffing_hours(dept bigint, day date)
RETURNS TABLE (hour integer, start_at timestamptz, scheduled bigint,
               expected_arrivals double precision, aht_seconds double precision)
LANGUAGE sql STABLE AS $$
    WITH d AS (SELECT id, timezone FROM departments WHERE id = dept),
    h AS (SELECT x.* FROM d, qs_day_hours(day, d.timezone) x),
    weeks AS (SELECT day - 7 * k AS past FROM generate_series(1, 8) k),
    svc AS (
        SELECT s.id, coalesce(
                 (SELECT avg(extract(epoch FROM t.completed_at - t.serving_at))::double precision
                    FROM tickets t
                   WHERE t.department_id = dept AND t.service_day BETWEEN day - 56 AND day - 1
                     AND t.service_id = s.id AND t.status = 'completed'),
                 s.avg_service_minutes * 60.0) AS aht
          FROM services s WHERE s.department_id = dept AND s.active),
    past AS (
        SELECT extract(hour FROM t.created_at AT TIME ZONE d.timezone)::integer AS hour,
               t.service_id, count(*) / 8.0 AS arrivals
          FROM tickets t, d
         WHERE t.department_id = dept AND t.service_day IN (SELECT past FROM weeks)
         GROUP BY 1, 2),
    per_hour AS (
        SELECT p.hour, sum(p.arrivals)::double precision AS arrivals,
               (sum(p.arrivals * coalesce(v.aht, 300)) / nullif(sum(p.arrivals), 0))::double precision AS aht
          FROM past p LEFT JOIN svc v ON v.id = p.service_id
         GROUP BY p.hour)
    SELECT h.hour, h.start_at,
           (SELECT count(DISTINCT x.user_id) FROM schedules x
             WHERE x.department_id = dept AND x.span && tstzrange(h.start_at, h.end_at)),
           coalesce(ph.arrivals, 0),
           coalesce(ph.aht, (SELECT avg(aht) FROM svc), 300)
      FROM h LEFT JOIN per_hour ph ON ph.hour = h.hour
     ORDER BY h.start_at
$$;
