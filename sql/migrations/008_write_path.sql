-- 008: the write path.  A department's changes are serial (each takes the
-- department's event_seq row, so commit order is seq order), and a service's
-- creations too (its gapless number).  How many changes a second a department
-- can make is therefore one over how long those rows stay locked.  So:
--   * every change ends with one round trip that runs its last statements and
--     COMMIT together: the hot rows are taken there, last, and held only while
--     that runs and the commit is flushed; a new ticket is one function call;
--   * nothing under those locks grows with the queue: the waiting counts of
--     the events and a new ticket's place come from counters kept in the same
--     transaction (queue_counts), not from counting the waiting tickets.
--   * the functions below run with plan_cache_mode = force_generic_plan:
--     their statements are planned once per connection, where PostgreSQL's
--     default would plan a statement with parameters again at every call
--     while a custom plan looks cheaper (measured: the ticket's view cost
--     1.5 ms a call that way, most of it planning).

-- Waiting tickets per service.  Kept by the triggers below in the transaction
-- of every change, whatever statement makes it.  The row is also the
-- service's queue lock: every change that puts a ticket into the service's
-- waiting line, or takes one out or moves it (a delay), locks it, and a new
-- ticket takes it before its queued_at is stamped, so the count a new ticket
-- reads is exactly the tickets ahead of it (see qs_ticket_take).
CREATE TABLE queue_counts (
    service_id   bigint PRIMARY KEY REFERENCES services(id) ON DELETE CASCADE,
    waiting      integer NOT NULL DEFAULT 0 CHECK (waiting >= 0),
    waiting_high integer NOT NULL DEFAULT 0 CHECK (waiting_high >= 0 AND waiting_high <= waiting)
);
INSERT INTO queue_counts (service_id, waiting, waiting_high)
SELECT s.id, count(t.id), count(t.id) FILTER (WHERE t.priority = 'high')
  FROM services s LEFT JOIN tickets t ON t.service_id = s.id AND t.status = 'waiting'
 GROUP BY s.id;

CREATE FUNCTION qs_queue_counts_new_service() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO queue_counts (service_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER services_queue_counts AFTER INSERT ON services FOR EACH ROW
    EXECUTE FUNCTION qs_queue_counts_new_service();

-- One ticket row changed: leave its old place in the waiting counts, take
-- its new one.  Two services (a transfer) are locked in id order, so two
-- transfers in opposite directions cannot deadlock.  (Written out rather
-- than calling a helper: this runs in every change, and a call is a
-- statement of its own.)
CREATE FUNCTION qs_queue_counts_track() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_svc bigint := -1;
    new_svc bigint := -1;
    old_high integer := 0;
    new_high integer := 0;
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.status = 'waiting' THEN
        old_svc := OLD.service_id;
        old_high := (OLD.priority = 'high')::integer;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'waiting' THEN
        new_svc := NEW.service_id;
        new_high := (NEW.priority = 'high')::integer;
    END IF;
    IF old_svc = new_svc THEN
        -- same line: a move (a delay) or a change of priority; the update
        -- also takes the line's lock
        UPDATE queue_counts SET waiting_high = waiting_high + new_high - old_high
         WHERE service_id = new_svc;
    ELSE
        UPDATE queue_counts
           SET waiting = waiting + CASE WHEN service_id = new_svc THEN 1 ELSE -1 END,
               waiting_high = waiting_high
                              + CASE WHEN service_id = new_svc THEN new_high ELSE -old_high END
         WHERE service_id IN (old_svc, new_svc);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_queue_counts_ins AFTER INSERT ON tickets FOR EACH ROW
    WHEN (NEW.status = 'waiting')
    EXECUTE FUNCTION qs_queue_counts_track();
CREATE TRIGGER tickets_queue_counts_upd AFTER UPDATE ON tickets FOR EACH ROW
    WHEN ((OLD.status = 'waiting' OR NEW.status = 'waiting')
          AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.service_id <> NEW.service_id
               OR OLD.priority <> NEW.priority OR OLD.queued_at <> NEW.queued_at))
    EXECUTE FUNCTION qs_queue_counts_track();
CREATE TRIGGER tickets_queue_counts_del AFTER DELETE ON tickets FOR EACH ROW
    WHEN (OLD.status = 'waiting')
    EXECUTE FUNCTION qs_queue_counts_track();

CREATE FUNCTION qs_queue_counts_reset() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE queue_counts SET waiting = 0, waiting_high = 0 WHERE waiting <> 0;
    RETURN NULL;
END $$;
CREATE TRIGGER tickets_queue_counts_truncate AFTER TRUNCATE ON tickets
    FOR EACH STATEMENT EXECUTE FUNCTION qs_queue_counts_reset();

-- Two helpers of 001 that every ticket calls, made cheap: qs_ts was declared
-- IMMUTABLE over a STABLE body (to_char), which keeps PostgreSQL from
-- inlining it, so each call parsed and planned its SQL again; and a SQL
-- function with a subquery is never inlined, so qs_department_open becomes
-- PL/pgSQL, whose plans are kept for the connection.
ALTER FUNCTION qs_ts(timestamptz) STABLE;
CREATE OR REPLACE FUNCTION qs_department_open(hours jsonb, tz text, at timestamptz)
RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF hours IS NULL THEN
        RETURN true;
    END IF;
    RETURN EXISTS (
        SELECT 1
          FROM jsonb_array_elements(hours -> lower(to_char(at AT TIME ZONE tz, 'Dy'))) AS span
         WHERE (at AT TIME ZONE tz)::time >= (span ->> 0)::time
           AND (at AT TIME ZONE tz)::time <  (span ->> 1)::time);
END $$;

-- The department's next event number and the waiting count of each of its
-- active services ({"7": 12, "8": 3}), taken last in every change: from the
-- UPDATE to the COMMIT that follows it at once, every other change of the
-- department waits.  The counts are read after the lock, by a statement of
-- their own (so with a snapshot taken then, not before the wait), so they
-- include every change committed before this one, and no change of the
-- department can commit between them and this one's commit.
CREATE FUNCTION qs_next_seq(dept bigint, OUT seq bigint, OUT waiting json)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    UPDATE departments SET event_seq = event_seq + 1 WHERE id = dept
    RETURNING event_seq INTO seq;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'department % not found', dept USING ERRCODE = 'no_data_found';
    END IF;
    SELECT coalesce(json_object_agg(s.id, coalesce(q.waiting, 0) ORDER BY s.id), '{}')
      INTO waiting
      FROM services s LEFT JOIN queue_counts q ON q.service_id = s.id
     WHERE s.department_id = dept AND s.active;
END $$;

-- A ticket as the API shows it (fcgi/db_tickets.c reads these columns in
-- this order).  people_ahead counts the waiting tickets of the same service
-- earlier in queue order (high priority first, then queued_at, then id);
-- a caller that knows it (a new ticket) passes it and nothing is counted.
CREATE TYPE qs_ticket_state AS (
    id bigint, public_id text, ticket_number text, status text, priority text,
    service_id bigint, service_name text, department_id bigint, department_name text,
    counter_id bigint, counter_name text, customer_name text, customer_phone text,
    notes text, served_by bigint, recall_count integer, delays_used integer,
    rating smallint, transferred_from_service_id bigint,
    created_at text, queued_at text, called_at text, serving_at text, completed_at text,
    people_ahead bigint, priority_ahead bigint, avg_service_minutes integer,
    recent_service_seconds double precision, open_counters bigint);

CREATE FUNCTION qs_ticket_view(p_id bigint, p_ahead bigint DEFAULT NULL,
                               p_priority_ahead bigint DEFAULT NULL)
RETURNS SETOF qs_ticket_state LANGUAGE sql STABLE AS $$
    SELECT t.id, t.public_id, t.ticket_number, t.status, t.priority,
           t.service_id, s.name, t.department_id, d.name, t.counter_id, c.name,
           t.customer_name, t.customer_phone, t.notes, t.served_by,
           t.recall_count, t.delays_used, t.rating, t.transferred_from_service_id,
           qs_ts(t.created_at), qs_ts(t.queued_at), qs_ts(t.called_at),
           qs_ts(t.serving_at), qs_ts(t.completed_at),
           coalesce(p_ahead, a.ahead), coalesce(p_priority_ahead, a.priority_ahead),
           s.avg_service_minutes, r.seconds, k.open
      FROM tickets t
      JOIN services s ON s.id = t.service_id
      JOIN departments d ON d.id = t.department_id
      LEFT JOIN counters c ON c.id = t.counter_id
      LEFT JOIN LATERAL (
           SELECT count(*) AS ahead,
                  count(*) FILTER (WHERE o.priority = 'high') AS priority_ahead
             FROM tickets o
            WHERE p_ahead IS NULL AND t.status = 'waiting'
              AND o.service_id = t.service_id AND o.status = 'waiting' AND o.id <> t.id
              AND ((o.priority = 'high') > (t.priority = 'high')
                   OR ((o.priority = 'high') = (t.priority = 'high')
                       AND (o.queued_at, o.id) < (t.queued_at, t.id)))) a ON true
      -- qs_recent_service_seconds() and qs_open_counters(), written out:
      -- a SQL function called per row is planned again at every call, and
      -- this query is planned once per connection
      CROSS JOIN LATERAL (
           SELECT avg(extract(epoch FROM x.completed_at - x.serving_at))::double precision AS seconds
             FROM (SELECT o.completed_at, o.serving_at FROM tickets o
                    WHERE o.service_id = t.service_id AND o.status = 'completed'
                      AND o.serving_at IS NOT NULL
                    ORDER BY o.completed_at DESC LIMIT 20) x) r
      CROSS JOIN LATERAL (
           SELECT count(*) AS open FROM counters o
            WHERE o.department_id = t.department_id AND o.active AND o.state = 'open'
              AND (NOT EXISTS (SELECT 1 FROM counter_services x WHERE x.counter_id = o.id)
                   OR EXISTS (SELECT 1 FROM counter_services x
                               WHERE x.counter_id = o.id AND x.service_id = t.service_id))) k
     WHERE t.id = p_id
$$;

-- The end of a change of ticket p_id: the ticket as it is now, then the
-- department's seq (last).  The caller sends COMMIT with it.
CREATE FUNCTION qs_ticket_changed(p_id bigint, p_dept bigint,
                                  OUT seq bigint, OUT waiting json, OUT is_new boolean,
                                  OUT ticket qs_ticket_state)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    SELECT * INTO ticket FROM qs_ticket_view(p_id);
    SELECT n.seq, n.waiting INTO seq, waiting FROM qs_next_seq(p_dept) n;
    is_new := false;
END $$;

-- Call-next in one statement: the first waiting ticket of the services the
-- counter serves, across the department, in queue order; a ticket another
-- caller holds is skipped, so two staff never get the same one.  No row: no
-- ticket waits.
CREATE FUNCTION qs_ticket_call_next(p_dept bigint, p_counter bigint, p_user bigint)
RETURNS TABLE (seq bigint, waiting json, is_new boolean, ticket qs_ticket_state)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_id bigint;
BEGIN
    UPDATE tickets t SET status = 'called', counter_id = p_counter, served_by = p_user,
           called_at = clock_timestamp()
     WHERE t.id = (SELECT w.id FROM tickets w
                    WHERE w.department_id = p_dept AND w.status = 'waiting'
                      AND (NOT EXISTS (SELECT 1 FROM counter_services x WHERE x.counter_id = p_counter)
                           OR w.service_id IN (SELECT x.service_id FROM counter_services x
                                                WHERE x.counter_id = p_counter))
                    ORDER BY (w.priority = 'high') DESC, w.queued_at, w.id
                    LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING t.id INTO v_id;
    IF v_id IS NOT NULL THEN
        RETURN QUERY SELECT c.seq, c.waiting, c.is_new, c.ticket
                       FROM qs_ticket_changed(v_id, p_dept) c;
    END IF;
END $$;

-- Take a ticket in one statement (one transaction when sent alone).  With an
-- idempotency key already used in the department: the first ticket as it is
-- now, is_new false and no seq (nothing changed).  Otherwise, in this order:
-- the service's queue lock (its queue_counts row), its next number, the
-- ticket (queued_at stamped now, after the lock, so it is the last of its
-- priority and everyone counted is ahead of it), the ticket as the API shows
-- it, and the department's seq.  The output columns are assigned and
-- returned with RETURN NEXT (PL/pgSQL's variables), not queried.  A concurrent request with the same key
-- makes the INSERT fail on the key's unique index (23505) once the other
-- commits; the caller runs this again and finds that ticket.
CREATE FUNCTION qs_ticket_take(p_service bigint, p_dept bigint, p_day date, p_prefix text,
                               p_public_id text, p_priority text, p_name text,
                               p_phone text, p_notes text, p_key text)
RETURNS TABLE (seq bigint, waiting json, is_new boolean, ticket qs_ticket_state)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_id bigint;
    v_number integer;
    v_waiting integer;
    v_high integer;
BEGIN
    IF p_key IS NOT NULL THEN
        SELECT t.id INTO v_id FROM tickets t
         WHERE t.department_id = p_dept AND t.idempotency_key = p_key;
        IF FOUND THEN
            SELECT * INTO ticket FROM qs_ticket_view(v_id);
            is_new := false;
            RETURN NEXT;
            RETURN;
        END IF;
    END IF;
    -- the service's queue lock; the waiting counted now are all ahead of
    -- the new ticket (a high one: the high ones), and none can change
    -- until this commits
    SELECT q.waiting, q.waiting_high INTO v_waiting, v_high
      FROM queue_counts q WHERE q.service_id = p_service FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        -- (every service has its row from its creation on; never leave one out)
        INSERT INTO queue_counts (service_id) VALUES (p_service) ON CONFLICT DO NOTHING;
        SELECT q.waiting, q.waiting_high INTO v_waiting, v_high
          FROM queue_counts q WHERE q.service_id = p_service FOR NO KEY UPDATE;
    END IF;
    INSERT INTO ticket_numbers AS n (service_id, service_day, last_number)
    VALUES (p_service, p_day, 1)
    ON CONFLICT (service_id, service_day) DO UPDATE SET last_number = n.last_number + 1
    RETURNING n.last_number INTO v_number;
    INSERT INTO tickets (public_id, department_id, service_id, number_service_id,
                         service_day, number, ticket_number, priority,
                         customer_name, customer_phone, notes, idempotency_key)
    VALUES (p_public_id, p_dept, p_service, p_service, p_day, v_number,
            p_prefix || '-' || lpad(v_number::text, greatest(3, length(v_number::text)), '0'),
            p_priority, p_name, p_phone, p_notes, p_key)
    RETURNING id INTO v_id;
    IF p_priority = 'high' THEN
        SELECT * INTO ticket FROM qs_ticket_view(v_id, v_high, v_high);
    ELSE
        SELECT * INTO ticket FROM qs_ticket_view(v_id, v_waiting, v_high);
    END IF;
    SELECT n.seq, n.waiting INTO seq, waiting FROM qs_next_seq(p_dept) n;
    is_new := true;
    RETURN NEXT;
END $$;

-- The alert job's rollup fill (qs_dashboard_rollup_clear, then _fill, in one
-- transaction) locks the rollup rows of many days at once, and a statement
-- that changes the tickets of many closed days at once (sql/demo_history.sql
-- writing weeks of history) deletes those days' rows one after another
-- through the forget trigger: in their two orders the two could deadlock
-- (seen once in a full test run).  Both take this lock first (the job in
-- fcgi/db_dashboard.c, before the clear), so one waits for the other; a
-- change of one day's tickets needs no lock of another day and does not
-- take it.
CREATE FUNCTION qs_rollup_lock() RETURNS void
LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtext('qstream:dashboard_days'))
$$;
