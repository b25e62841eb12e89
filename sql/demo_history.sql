-- Plausible, deterministic ticket history for a department, made in SQL:
--
--     SELECT qs_generate_history(department, first_day, last_day, daily_tickets, seed);
--
-- makes the tickets of every day of [first_day, last_day] (local days of the
-- department's time zone) and answers how many it made.  `qstream-api
-- --demo-data` runs this file, then sql/demo.sql calls the function for eight
-- weeks of the demo departments; bench/history.sh calls it for a year of
-- 1,000,000 tickets.  It only defines functions: running it changes no data.
--
-- What a day looks like:
-- - arrivals: Mon 1.25 x daily_tickets, Tue 1.0, Wed 0.95, Thu 1.0, Fri 0.8,
--   Sat 0.3, Sun 0.2 (only when the opening hours list Sunday), so a weekday
--   averages daily_tickets; +-7 % over the year (busiest in January, quietest
--   in July), +-12 % from day to day; closed on 1 Jan, 25 and 26 Dec.  Within
--   the opening hours (or 08:00-17:00, Mon-Sat, when the department has none)
--   they peak around 10:00 and, smaller, around 14:15 local time (Saturday:
--   one late-morning peak).  Local times become timestamptz through the
--   department's zone, so DST days are right.
-- - services: each active service gets a share that falls with its
--   avg_service_minutes (quick errands are more common) and with its order.
-- - waits (called_at - created_at) follow the load at the time of arrival:
--   a few minutes off-peak, 20-40 at a busy Monday's peak (up to 90), with
--   some bad days (a desk short); so a share exceeds sla_wait_minutes, mostly
--   in the peaks.  High priority (3 %) waits about a third as long.
-- - statuses: ~3 % cancelled while waiting (more when the wait is long; no
--   called_at, no staff), 5 % no-show (called, recalled 0-3 times, never
--   served), the rest completed: serving 5-60 s after the call, service time
--   log-normal around the service's avg_service_minutes (sigma 0.45: a long
--   right tail, at least 20 s, at most 4 x the average).
-- - staff: the active staff users (role staff) take the department's active
--   counters in a rota that turns each day and at 13:00 when there are more
--   staff than counters; each ticket goes to one desk of that rota.
-- - ratings on 35 % of completed tickets (mostly 4-5, lower after a wait over
--   the SLA; a quarter with a comment), complaints on ~1 % of tickets (mostly
--   about the wait when it was over the SLA), those on days more than a week
--   before last_day mostly resolved by a manager of the department (else an
--   admin), about half of the last week's still open; nothing made is dated
--   after last_day, so every instant is in the past.
-- - ticket_numbers and staff_performance rows are made (added to) to match.
--
-- Deterministic: every random choice is a hash of (seed, department, day,
-- ticket), never random(), so the same arguments on the same department
-- (same services, staff and counters) make the same rows whatever the plan,
-- the date of the run, or how the range is split into calls (complaints
-- excepted: their dates and state are relative to last_day).  Idempotent: a
-- day that already has tickets of the department is skipped, so a second run
-- makes nothing.  It refuses a range that reaches today (or later) in the
-- department's zone.  Set-based: one INSERT for all tickets (no loop); most
-- of its time goes to the foreign keys and indexes of tickets.

-- A fraction in [0, 1) from a key and a salt (53 bits of a 64-bit hash).
CREATE OR REPLACE FUNCTION qs_history_frac(key bigint, salt bigint)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashint8extended(key, salt) & 9007199254740991)::double precision / 9007199254740992
$$;

-- Relative arrival intensity at local hour h (fractional) of ISO weekday dow.
CREATE OR REPLACE FUNCTION qs_history_intensity(dow integer, h double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN dow >= 6
                THEN 0.30 + 1.10 * exp(-0.5 * ((h - 10.5) / 1.4) ^ 2)
                ELSE 0.30 + exp(-0.5 * ((h - 10.0) / 1.0) ^ 2)
                          + 0.55 * exp(-0.5 * ((h - 14.25) / 0.8) ^ 2)
           END
$$;

CREATE OR REPLACE FUNCTION qs_generate_history(department bigint, first_day date, last_day date,
                                               daily_tickets integer, seed integer)
RETURNS bigint LANGUAGE plpgsql
-- one big statement: compiling it with JIT costs seconds and saves nothing;
-- its sorts get more memory
SET jit = off SET work_mem = '64MB'
AS $fn$
DECLARE
    v_tz        text;
    v_sla       integer;
    v_hours     jsonb;
    v_today     date;
    v_salt      bigint;
    v_cap       timestamptz;          -- the end of last_day: nothing made happens later
    v_svc       bigint[];
    v_prefix    text[];
    v_minutes   double precision[];
    v_svc_lb    double precision[];   -- lower bound of each service's share of [0, 1)
    v_svc_wait  double precision[];   -- each service's factor on the waits
    v_staff     bigint[];
    v_counter   bigint[];
    v_manager   bigint[];
    v_days      date[];
    v_made      bigint;
    v_first     constant text[] := ARRAY['Anna', 'Ben', 'Clara', 'David', 'Elif', 'Felix',
        'Grace', 'Hannah', 'Ivan', 'Julia', 'Karim', 'Lena', 'Mohammed', 'Nina', 'Oliver',
        'Priya', 'Rosa', 'Samuel', 'Tomasz', 'Uma', 'Victor', 'Wei', 'Yusuf', 'Zoe', 'Lukas',
        'Sophie', 'Marta', 'Jonas', 'Aisha', 'Chloé'];
    v_last      constant text[] := ARRAY['Schmidt', 'Müller', 'Smith', 'Jones', 'Kowalski',
        'Yılmaz', 'Nguyen', 'García', 'Brown', 'Fischer', 'Weber', 'Taylor', 'Patel', 'Rossi',
        'Novak', 'Dubois', 'Jensen', 'Khan', 'Wagner', 'Evans', 'Becker', 'Silva', 'Murphy',
        'Hoffmann', 'O''Brien'];
    v_good      constant text[] := ARRAY['Quick and friendly, thank you.', 'Very helpful staff.',
        'In and out in no time.', 'Clear explanation, all sorted.', 'Friendly and efficient.',
        'Much faster than last time.', 'The board made it easy to know when to go.',
        'Patient with all my questions.'];
    v_mid       constant text[] := ARRAY['Fine, but the wait was a bit long.', 'OK overall.',
        'Good service, but the waiting area was crowded.',
        'Had to come back for a missing document.', 'Took longer than expected.'];
    v_bad       constant text[] := ARRAY['Waited far too long.',
        'Only two desks open at the busiest time.', 'Staff seemed rushed.',
        'Nobody could answer my question.', 'A long wait for a two-minute job.'];
    -- complaints per category: [message (%s: the minutes waited), its resolution];
    -- the last wait_time one is for a customer who gave up (cancelled)
    v_complaints constant jsonb := '{
        "wait_time": [["Waited %s minutes with only two desks open.",
                       "Apologised; a third desk now opens at the morning peak."],
                      ["%s minutes in the queue and the estimate on the screen never moved.",
                       "Apologised; the estimate now follows the real service times."],
                      ["Waited %s minutes for a short question.",
                       "Explained the quiet hours (after 14:00) and the express desk."],
                      ["Nobody told us why the queue stood still for %s minutes.",
                       "Staff now announce delays on the board."],
                      ["Waited %s minutes and had to leave before my turn.",
                       "Apologised and offered an appointment at a time of their choice."]],
        "staff":     [["The clerk was unfriendly and did not explain what was missing.",
                       "Spoke with the staff member; apologised to the customer."],
                      ["I was sent to the wrong counter twice.",
                       "Clearer signs at the counters; apologised."],
                      ["Staff chatted among themselves while the queue grew.",
                       "Raised at the team briefing."],
                      ["I was told different things at two desks.",
                       "Called the customer back with the right answer; updated the guidance."]],
        "service":   [["I was turned away for a form nobody had told me about.",
                       "Added the form to the checklist on the website."],
                      ["I had to come back because the system was down.",
                       "Apologised; the outage is fixed and the customer was seen first on return."],
                      ["The document I collected has a spelling mistake in my name.",
                       "Corrected and sent by post."],
                      ["Nobody could tell me when my results would be ready.",
                       "Called the customer with the date."]],
        "facility":  [["The waiting room was too hot and there were not enough seats.",
                       "Added seats and fixed the air conditioning."],
                      ["The kiosk did not print my ticket; I had to ask at reception.",
                       "Replaced the kiosk printer."],
                      ["No step-free access at the side entrance.",
                       "Signposted the step-free main entrance; ramp requested."],
                      ["The display board is hard to read from the back of the room.",
                       "Moved the board and enlarged the numbers."]],
        "other":     [["Parking outside is impossible in the morning.",
                       "Forwarded to the council; explained the nearby car park."],
                      ["The opening hours on the website are wrong.",
                       "Corrected the website."],
                      ["Please let people book an appointment online.",
                       "Thanked the customer; noted for the next review."],
                      ["The announcement was too quiet to hear.",
                       "Turned the announcements up."]]}';
BEGIN
    -- weeks of closed days at once: wait for a rollup fill first (008)
    PERFORM qs_rollup_lock();
    SELECT d.timezone, d.sla_wait_minutes, d.opening_hours
      INTO v_tz, v_sla, v_hours
      FROM departments d WHERE d.id = department;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'qs_generate_history: no department %', department;
    END IF;
    v_today := (now() AT TIME ZONE v_tz)::date;
    IF first_day IS NULL OR last_day IS NULL OR first_day > last_day THEN
        RAISE EXCEPTION 'qs_generate_history: bad range % .. %', first_day, last_day;
    END IF;
    IF last_day >= v_today THEN
        RAISE EXCEPTION 'qs_generate_history: % is not in the past in % (today is %)',
            last_day, v_tz, v_today;
    END IF;
    IF daily_tickets IS NULL OR daily_tickets < 0 OR daily_tickets > 20000 THEN
        RAISE EXCEPTION 'qs_generate_history: daily_tickets must be 0..20000, not %', daily_tickets;
    END IF;
    v_salt := hashint8extended(department, coalesce(seed, 0));
    v_cap := (last_day + 1)::timestamp AT TIME ZONE v_tz;

    -- services: a share of [0, 1) each, and a factor on their waits
    SELECT array_agg(s.id ORDER BY s.id), array_agg(s.prefix ORDER BY s.id),
           array_agg(s.avg_service_minutes::double precision ORDER BY s.id),
           array_agg(s.lb ORDER BY s.id), array_agg(s.wf ORDER BY s.id)
      INTO v_svc, v_prefix, v_minutes, v_svc_lb, v_svc_wait
      FROM (SELECT w.*, (sum(w.weight) OVER (ORDER BY w.id) - w.weight) / sum(w.weight) OVER () AS lb,
                   0.85 + 0.30 * qs_history_frac(w.id, v_salt # 2000) AS wf
              FROM (SELECT s.id, s.prefix, s.avg_service_minutes,
                           1.0 / sqrt(s.avg_service_minutes)
                               / (1 + 0.25 * (row_number() OVER (ORDER BY s.id) - 1)) AS weight
                      FROM services s
                     WHERE s.department_id = department AND s.active) w) s;
    SELECT array_agg(u.id ORDER BY u.id) INTO v_staff
      FROM users u WHERE u.department_id = department AND u.role = 'staff' AND u.active;
    SELECT array_agg(k.id ORDER BY k.id) INTO v_counter
      FROM counters k WHERE k.department_id = department AND k.active;
    SELECT array_agg(u.id ORDER BY u.id) INTO v_manager
      FROM users u WHERE u.department_id = department AND u.role = 'manager' AND u.active;
    IF v_manager IS NULL THEN
        SELECT array_agg(u.id ORDER BY u.id) INTO v_manager
          FROM users u WHERE u.role = 'admin' AND u.active;
    END IF;
    IF v_svc IS NULL OR v_staff IS NULL OR v_counter IS NULL THEN
        RAISE EXCEPTION 'qs_generate_history: department % needs an active service, staff user and counter',
            department;
    END IF;

    -- the days to make: none that has tickets of the department already
    SELECT coalesce(array_agg(g.day ORDER BY g.day), '{}') INTO v_days
      FROM (SELECT g::date AS day FROM generate_series(first_day, last_day, interval '1 day') g) g
     WHERE NOT EXISTS (SELECT 1 FROM tickets t
                        WHERE t.department_id = department AND t.service_day = g.day);

    WITH
    -- open spans per ISO weekday; none: 08:00-17:00 Monday to Saturday
    spans AS (
        SELECT w.dow, (extract(epoch FROM (s ->> 0)::time) / 60)::int AS m0,
                      (extract(epoch FROM (s ->> 1)::time) / 60)::int AS m1
          FROM (VALUES (1, 'mon'), (2, 'tue'), (3, 'wed'), (4, 'thu'), (5, 'fri'),
                       (6, 'sat'), (7, 'sun')) w (dow, key),
               jsonb_array_elements(CASE
                   WHEN v_hours IS NULL AND w.dow <= 6 THEN '[["08:00", "17:00"]]'::jsonb
                   WHEN v_hours IS NULL THEN '[]'::jsonb
                   WHEN jsonb_typeof(v_hours -> w.key) = 'array' THEN v_hours -> w.key
                   ELSE '[]'::jsonb END) s),
    minutes AS (
        SELECT DISTINCT sp.dow, m, qs_history_intensity(sp.dow, m / 60.0) AS w
          FROM spans sp, generate_series(sp.m0, sp.m1 - 1) m),
    -- per weekday: the open minutes, the lower bound of each one's share of
    -- the day's arrivals (for width_bucket), and the mean intensity
    profile AS MATERIALIZED (
        SELECT c.dow, array_agg(c.m ORDER BY c.m) AS mins, array_agg(c.lb ORDER BY c.m) AS lb,
               avg(c.w) AS wmean
          FROM (SELECT mi.*, (sum(mi.w) OVER (PARTITION BY mi.dow ORDER BY mi.m) - mi.w)
                             / sum(mi.w) OVER (PARTITION BY mi.dow) AS lb
                  FROM minutes mi) c
         GROUP BY c.dow),
    days AS MATERIALIZED (
        SELECT x.day, x.dow, x.dnum,
               round(daily_tickets * x.wf * x.season * x.noise)::int AS nday,
               -- the load on the desks: a Saturday has half the desks open, and
               -- one day in twelve is a desk short
               x.wf * x.season * x.noise / CASE WHEN x.dow >= 6 THEN 0.5 ELSE 1 END
                   * CASE WHEN qs_history_frac(x.dnum, v_salt # 1002) < 0.08 THEN 1.3 ELSE 1 END
                   AS load
          FROM (SELECT dd.day, extract(isodow FROM dd.day)::int AS dow,
                       (dd.day - date '2000-01-03')::bigint AS dnum,
                       CASE WHEN to_char(dd.day, 'MM-DD') IN ('01-01', '12-25', '12-26') THEN 0
                            ELSE (ARRAY[1.25, 1.0, 0.95, 1.0, 0.8, 0.3, 0.2])[extract(isodow FROM dd.day)::int]
                       END AS wf,
                       1 + 0.07 * cos(2 * pi() * (extract(doy FROM dd.day) - 20) / 365.25) AS season,
                       0.88 + 0.24 * qs_history_frac((dd.day - date '2000-01-03'), v_salt # 1001) AS noise
                  FROM unnest(v_days) dd (day)) x),
    -- one row per ticket: arrival, service, wait, fate
    a AS (
        SELECT d.day, d.dow, d.dnum, n, k.key, p.wmean, d.load,
               width_bucket(qs_history_frac(k.key, v_salt # 1), v_svc_lb) AS s,
               p.mins[width_bucket(qs_history_frac(k.key, v_salt # 2), p.lb)] * 60
                   + floor(60 * qs_history_frac(k.key, v_salt # 3))::int AS sec,
               qs_history_frac(k.key, v_salt # 4) < 0.03 AS high
          FROM days d
          JOIN profile p ON p.dow = d.dow
         CROSS JOIN LATERAL generate_series(1, d.nday) n
         CROSS JOIN LATERAL (SELECT d.dnum * 100000 + n AS key) k
        OFFSET 0),
    b AS (
        SELECT a.*,
               -- mean wait in minutes at the load a quarter of an hour before
               -- the arrival (a queue lags its arrivals)
               (1.5 + 27 * (1 - exp(-0.25 * (a.load * qs_history_intensity(a.dow, a.sec / 3600.0 - 0.25)
                                              / a.wmean) ^ 2.5)))
                   * v_svc_wait[a.s] * CASE WHEN a.high THEN 0.35 ELSE 1 END AS mean_wait,
               (a.day + make_interval(secs => a.sec))::timestamp AT TIME ZONE v_tz AS created_at
          FROM a
        OFFSET 0),
    c AS (
        SELECT b.*,
               round(60 * least(90, greatest(0.25, b.mean_wait
                   * (-ln(1 - qs_history_frac(b.key, v_salt # 5))
                      - ln(1 - qs_history_frac(b.key, v_salt # 6))) / 2)))::int AS wait_s,
               qs_history_frac(b.key, v_salt # 7) AS u_fate,
               0.012 + 0.045 * b.mean_wait / (b.mean_wait + 15) AS p_cancel,
               qs_history_frac(b.key, v_salt # 8) AS u_recall,
               -- the desk: staff and counter of that desk in today's rota
               floor(qs_history_frac(b.key, v_salt # 9)
                     * least(cardinality(v_staff), cardinality(v_counter)))::int AS desk
          FROM b
        OFFSET 0),
    e AS (
        SELECT c.*,
               CASE WHEN c.u_fate < c.p_cancel THEN 'cancelled'
                    WHEN c.u_fate < c.p_cancel + 0.05 THEN 'no_show'
                    ELSE 'completed' END AS status,
               CASE WHEN c.u_fate < c.p_cancel THEN 0
                    WHEN c.u_fate < c.p_cancel + 0.05
                        THEN CASE WHEN c.u_recall < 0.15 THEN 0 WHEN c.u_recall < 0.45 THEN 1
                                  WHEN c.u_recall < 0.75 THEN 2 ELSE 3 END
                    ELSE CASE WHEN c.u_recall < 0.05 THEN 1 WHEN c.u_recall < 0.06 THEN 2 ELSE 0 END
               END AS recalls,
               v_staff[1 + (((c.desk + c.dnum
                              + CASE WHEN cardinality(v_staff) > cardinality(v_counter)
                                      AND c.sec >= 13 * 3600 THEN cardinality(v_counter) ELSE 0 END)
                             % cardinality(v_staff)) + cardinality(v_staff)) % cardinality(v_staff)]
                   AS staff_id,
               v_counter[1 + (((c.desk + c.dnum) % cardinality(v_counter)) + cardinality(v_counter))
                             % cardinality(v_counter)] AS counter_id,
               -- service seconds: log-normal around the service's average
               least(4 * 60 * v_minutes[c.s], greatest(20, round(60 * v_minutes[c.s]
                   * exp(0.45 * sqrt(-2 * ln(1 - qs_history_frac(c.key, v_salt # 10)))
                              * cos(2 * pi() * qs_history_frac(c.key, v_salt # 11))
                         - 0.45 ^ 2 / 2))))::int AS service_s
          FROM c
        OFFSET 0),
    f AS (
        SELECT e.*,
               CASE WHEN e.status <> 'cancelled' THEN e.created_at + make_interval(secs => e.wait_s) END
                   AS called_at,
               CASE WHEN e.status = 'completed'
                    THEN e.created_at + make_interval(secs => e.wait_s + 60 * e.recalls + 5
                             + floor(55 * qs_history_frac(e.key, v_salt # 12) ^ 2)) END AS serving_at
          FROM e
        OFFSET 0),
    g AS (
        SELECT f.*,
               CASE f.status
                   WHEN 'completed' THEN f.serving_at + make_interval(secs => f.service_s)
                   WHEN 'no_show' THEN f.called_at + make_interval(secs => 60 * (f.recalls + 1)
                                          + floor(60 * qs_history_frac(f.key, v_salt # 13)))
                   ELSE f.created_at + make_interval(secs => 60 + floor(f.wait_s
                            * (0.3 + 0.6 * qs_history_frac(f.key, v_salt # 13))))
               END AS completed_at,
               CASE WHEN f.status = 'completed' AND qs_history_frac(f.key, v_salt # 14) < 0.35 THEN
                   CASE WHEN f.wait_s > 60 * v_sla THEN
                            width_bucket(qs_history_frac(f.key, v_salt # 15),
                                         ARRAY[0, 0.10, 0.23, 0.45, 0.75]::double precision[])
                        ELSE width_bucket(qs_history_frac(f.key, v_salt # 15),
                                          ARRAY[0, 0.02, 0.06, 0.15, 0.45]::double precision[])
                   END END AS rating,
               floor(qs_history_frac(f.key, v_salt # 17) * 1000)::int AS pick,
               row_number() OVER (PARTITION BY f.s, f.day ORDER BY f.created_at, f.n)::int AS number
          FROM f),
    ins AS (
        INSERT INTO tickets (public_id, department_id, service_id, number_service_id, service_day,
                             number, ticket_number, status, priority, customer_name, counter_id,
                             served_by, recall_count, rating, rating_comment, created_at, queued_at,
                             called_at, serving_at, completed_at)
        SELECT translate(encode(decode(md5(concat_ws(':', 'qs-history', seed, department, g.day, g.n)),
                                       'hex'), 'base64'), '+/=', '-_'),
               department, v_svc[g.s], v_svc[g.s], g.day, g.number,
               v_prefix[g.s] || '-' || lpad(g.number::text, greatest(3, length(g.number::text)), '0'),
               g.status, CASE WHEN g.high THEN 'high' ELSE 'normal' END,
               CASE WHEN qs_history_frac(g.key, v_salt # 18) < 0.15
                    THEN v_first[1 + g.pick % cardinality(v_first)] || ' '
                         || v_last[1 + (g.pick / 31) % cardinality(v_last)] END,
               CASE WHEN g.status <> 'cancelled' THEN g.counter_id END,
               CASE WHEN g.status <> 'cancelled' THEN g.staff_id END,
               g.recalls, g.rating,
               CASE WHEN g.rating IS NOT NULL AND qs_history_frac(g.key, v_salt # 16) < 0.25 THEN
                   CASE WHEN g.rating >= 4 THEN v_good[1 + g.pick % cardinality(v_good)]
                        WHEN g.rating = 3 THEN v_mid[1 + g.pick % cardinality(v_mid)]
                        ELSE v_bad[1 + g.pick % cardinality(v_bad)] END END,
               g.created_at, g.created_at, g.called_at, g.serving_at, g.completed_at
          FROM g
         ORDER BY g.created_at, g.s, g.number
        RETURNING id, public_id, number_service_id, service_day, number, status, served_by,
                  created_at, called_at, serving_at, completed_at),
    numbers AS (
        INSERT INTO ticket_numbers AS tn (service_id, service_day, last_number)
        SELECT i.number_service_id, i.service_day, max(i.number) FROM ins i GROUP BY 1, 2
        ON CONFLICT (service_id, service_day)
        DO UPDATE SET last_number = greatest(tn.last_number, excluded.last_number)),
    perf AS (
        INSERT INTO staff_performance AS p (user_id, day, department_id, served, no_shows,
                                            total_service_seconds, total_call_to_start_seconds)
        SELECT i.served_by, (i.completed_at AT TIME ZONE v_tz)::date, department,
               count(*) FILTER (WHERE i.status = 'completed'),
               count(*) FILTER (WHERE i.status = 'no_show'),
               coalesce(sum(extract(epoch FROM i.completed_at - i.serving_at)::bigint)
                            FILTER (WHERE i.status = 'completed'), 0),
               coalesce(sum(extract(epoch FROM i.serving_at - i.called_at)::bigint)
                            FILTER (WHERE i.status = 'completed'), 0)
          FROM ins i
         WHERE i.status IN ('completed', 'no_show') AND i.served_by IS NOT NULL
         GROUP BY 1, 2
        ON CONFLICT (user_id, day) DO UPDATE SET
            served = p.served + excluded.served, no_shows = p.no_shows + excluded.no_shows,
            total_service_seconds = p.total_service_seconds + excluded.total_service_seconds,
            total_call_to_start_seconds =
                p.total_call_to_start_seconds + excluded.total_call_to_start_seconds),
    -- complaints: ~1 % of tickets, far more often after a wait over the SLA
    cq AS (
        SELECT i.id, i.service_day,
               hashtext(i.public_id)::bigint AS key,
               i.status = 'cancelled' AS gave_up,
               -- waited past the target before the call (or before giving up)
               coalesce(i.called_at, i.completed_at) - i.created_at > make_interval(mins => v_sla)
                   AS long_wait,
               round(extract(epoch FROM coalesce(i.called_at, i.completed_at) - i.created_at) / 60)::int
                   AS waited,
               coalesce(i.completed_at, i.created_at) AS ended
          FROM ins i),
    cr AS (
        SELECT cq.*,
               CASE WHEN cq.long_wait THEN
                        CASE WHEN u < 0.70 THEN 'wait_time' WHEN u < 0.80 THEN 'staff'
                             WHEN u < 0.88 THEN 'service' WHEN u < 0.95 THEN 'facility' ELSE 'other' END
                    ELSE CASE WHEN u < 0.30 THEN 'staff' WHEN u < 0.65 THEN 'service'
                              WHEN u < 0.85 THEN 'facility' ELSE 'other' END
               END AS category,
               least(cq.ended + interval '3 minutes'
                         + make_interval(secs => 108000 * qs_history_frac(cq.key, v_salt # 42) ^ 2),
                     v_cap - interval '1 minute') AS made_at
          FROM cq, qs_history_frac(cq.key, v_salt # 41) u
         WHERE qs_history_frac(cq.key, v_salt # 40) < CASE WHEN cq.long_wait THEN 0.025 ELSE 0.005 END),
    cs AS (
        SELECT cr.*,
               cr.made_at + interval '2 hours'
                   + make_interval(secs => 345600 * qs_history_frac(cr.key, v_salt # 43)) AS resolved_at,
               qs_history_frac(cr.key, v_salt # 44)
                   < CASE WHEN cr.service_day > last_day - 7 THEN 0.50 ELSE 0.92 END AS resolves,
               floor(1000 * qs_history_frac(cr.key, v_salt # 45))::int AS pick
          FROM cr),
    complained AS (
        INSERT INTO complaints (ticket_id, department_id, category, message, status, resolution,
                                resolved_by, created_at, resolved_at)
        SELECT cs.id, department, cs.category,
               format(m.pair ->> 0, greatest(cs.waited, 1)),
               CASE WHEN r.done THEN 'resolved' ELSE 'open' END,
               CASE WHEN r.done THEN m.pair ->> 1 END,
               CASE WHEN r.done THEN v_manager[1 + cs.pick % cardinality(v_manager)] END,
               cs.made_at,
               CASE WHEN r.done THEN cs.resolved_at END
          FROM cs,
               LATERAL (SELECT v_complaints -> cs.category
                                   -> CASE WHEN cs.category <> 'wait_time'
                                           THEN cs.pick % jsonb_array_length(v_complaints -> cs.category)
                                           WHEN cs.gave_up THEN 4 ELSE cs.pick % 4 END AS pair) m,
               LATERAL (SELECT cs.resolves AND cs.resolved_at < v_cap AND v_manager IS NOT NULL AS done) r
         ORDER BY cs.made_at)
    SELECT count(*) INTO v_made FROM ins;

    RETURN v_made;
END
$fn$;
