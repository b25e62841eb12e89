-- 001: the organisation (departments, services, counters, users, settings)
-- and the queue (tickets, per-service-per-day numbers, complaints,
-- staff performance).  Applied once by `qstream-api --migrate`.

CREATE TABLE departments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    timezone         text NOT NULL DEFAULT 'UTC',
    sla_wait_minutes integer NOT NULL DEFAULT 15 CHECK (sla_wait_minutes BETWEEN 1 AND 1440),
    -- {"mon": [["08:00","17:00"]], ...}; NULL: always open
    opening_hours    jsonb,
    active           boolean NOT NULL DEFAULT true,
    -- the department's event number: bumped in the same transaction as every
    -- change, published with the event, returned by the display snapshot
    event_seq        bigint NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE services (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id       bigint NOT NULL REFERENCES departments(id),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix              text NOT NULL CHECK (prefix ~ '^[A-Z]{1,3}$'),
    description         text NOT NULL DEFAULT '',
    avg_service_minutes integer NOT NULL DEFAULT 5 CHECK (avg_service_minutes BETWEEN 1 AND 480),
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX services_prefix_active ON services (department_id, prefix) WHERE active;
CREATE INDEX services_department ON services (department_id);

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
    full_name      text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'manager', 'staff')),
    department_id  bigint REFERENCES departments(id),
    active         boolean NOT NULL DEFAULT true,
    token_version  integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'admin') = (department_id IS NULL))
);
CREATE INDEX users_department ON users (department_id);

CREATE TABLE counters (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id bigint NOT NULL REFERENCES departments(id),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    state         text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'paused')),
    -- who has the counter open: one staff member per counter, one counter per staff member
    staff_id      bigint UNIQUE REFERENCES users(id),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'closed') = (staff_id IS NULL))
);
CREATE INDEX counters_department ON counters (department_id);

-- which services a counter serves; none at all means every service
CREATE TABLE counter_services (
    counter_id bigint NOT NULL REFERENCES counters(id) ON DELETE CASCADE,
    service_id bigint NOT NULL REFERENCES services(id),
    PRIMARY KEY (counter_id, service_id)
);

-- gapless ticket numbers: the row is updated in the ticket's own transaction
CREATE TABLE ticket_numbers (
    service_id  bigint NOT NULL REFERENCES services(id),
    service_day date NOT NULL,
    last_number integer NOT NULL,
    PRIMARY KEY (service_id, service_day)
);

CREATE TABLE tickets (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id                   text NOT NULL UNIQUE CHECK (length(public_id) >= 22),
    department_id               bigint NOT NULL REFERENCES departments(id),
    service_id                  bigint NOT NULL REFERENCES services(id),
    -- the number was drawn from this service on this day; a transfer keeps it
    number_service_id           bigint NOT NULL REFERENCES services(id),
    service_day                 date NOT NULL,
    number                      integer NOT NULL CHECK (number > 0),
    ticket_number               text NOT NULL,
    status                      text NOT NULL DEFAULT 'waiting' CHECK (status IN
                                  ('waiting', 'called', 'serving', 'completed', 'no_show', 'cancelled')),
    priority                    text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'high')),
    customer_name               text CHECK (length(customer_name) <= 200),
    customer_phone              text CHECK (length(customer_phone) <= 40),
    notes                       text CHECK (length(notes) <= 2000),
    counter_id                  bigint REFERENCES counters(id),
    served_by                   bigint REFERENCES users(id),
    recall_count                integer NOT NULL DEFAULT 0,
    delays_used                 integer NOT NULL DEFAULT 0,
    rating                      smallint CHECK (rating BETWEEN 1 AND 5),
    rating_comment              text CHECK (length(rating_comment) <= 2000),
    transferred_from_service_id bigint REFERENCES services(id),
    idempotency_key             text CHECK (length(idempotency_key) <= 128),
    -- clock_timestamp(), not now(): the insert runs after the number was
    -- drawn under its row lock, so queue order follows number order even
    -- when transactions began in another order
    created_at                  timestamptz NOT NULL DEFAULT clock_timestamp(),
    queued_at                   timestamptz NOT NULL DEFAULT clock_timestamp(),
    called_at                   timestamptz,
    serving_at                  timestamptz,
    completed_at                timestamptz,
    UNIQUE (number_service_id, service_day, number)
);
-- call-next and the waiting lists scan only waiting tickets, in queue order
CREATE INDEX tickets_waiting ON tickets (service_id, (priority = 'high') DESC, queued_at, id)
    WHERE status = 'waiting';
CREATE INDEX tickets_active ON tickets (department_id, called_at DESC)
    WHERE status IN ('called', 'serving');
CREATE INDEX tickets_department_day ON tickets (department_id, service_day);
CREATE UNIQUE INDEX tickets_idempotency ON tickets (department_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- one active ticket per staff member, enforced by the database too
CREATE UNIQUE INDEX tickets_one_active_per_staff ON tickets (served_by)
    WHERE status IN ('called', 'serving');

CREATE TABLE complaints (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id     bigint NOT NULL REFERENCES tickets(id),
    department_id bigint NOT NULL REFERENCES departments(id),
    category      text NOT NULL CHECK (category IN ('wait_time', 'staff', 'service', 'facility', 'other')),
    message       text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution    text CHECK (length(resolution) <= 2000),
    resolved_by   bigint REFERENCES users(id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at   timestamptz
);
CREATE INDEX complaints_department ON complaints (department_id, status);

-- one row per staff member per service day, updated with each completion
CREATE TABLE staff_performance (
    user_id                 bigint NOT NULL REFERENCES users(id),
    day                     date NOT NULL,
    department_id           bigint NOT NULL REFERENCES departments(id),
    served                  integer NOT NULL DEFAULT 0,
    no_shows                integer NOT NULL DEFAULT 0,
    total_service_seconds   bigint NOT NULL DEFAULT 0,
    total_call_to_start_seconds bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
);

CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES
    ('max_recalls', '3'),
    ('public_ticket_limit_per_hour', '30'),
    ('display_recent_count', '8'),
    ('announcement_language', '"en-GB"');

-- Is a department open at instant `at`?  NULL opening hours: always open.
CREATE FUNCTION qs_department_open(hours jsonb, tz text, at timestamptz)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT hours IS NULL OR EXISTS (
        SELECT 1
          FROM jsonb_array_elements(
                 hours -> lower(to_char(at AT TIME ZONE tz, 'Dy'))) AS span
         WHERE (at AT TIME ZONE tz)::time >= (span ->> 0)::time
           AND (at AT TIME ZONE tz)::time <  (span ->> 1)::time)
$$;

-- The service day of an instant: the date at the department's local clock.
CREATE FUNCTION qs_service_day(tz text, at timestamptz)
RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (at AT TIME ZONE tz)::date
$$;

-- RFC 3339 UTC text for an instant, as the API writes every time.
CREATE FUNCTION qs_ts(at timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;

-- recent real service times, for the wait estimate
CREATE INDEX tickets_completed ON tickets (service_id, completed_at DESC)
    WHERE status = 'completed';

-- Mean seconds of the service's last 20 real services (NULL: none yet).
CREATE FUNCTION qs_recent_service_seconds(service bigint)
RETURNS double precision LANGUAGE sql STABLE AS $$
    SELECT avg(extract(epoch FROM r.completed_at - r.serving_at))::double precision
      FROM (SELECT completed_at, serving_at FROM tickets
             WHERE service_id = service AND status = 'completed' AND serving_at IS NOT NULL
             ORDER BY completed_at DESC LIMIT 20) r
$$;

-- Open counters of the department that serve the service (a counter with no
-- listed services serves them all).
CREATE FUNCTION qs_open_counters(department bigint, service bigint)
RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM counters k
     WHERE k.department_id = department AND k.active AND k.state = 'open'
       AND (NOT EXISTS (SELECT 1 FROM counter_services x WHERE x.counter_id = k.id)
            OR EXISTS (SELECT 1 FROM counter_services x
                        WHERE x.counter_id = k.id AND x.service_id = service))
$$;
