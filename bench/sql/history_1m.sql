-- bench/sql/history_1m.sql: three departments of their own for the history
-- benchmarks ("Bench North", "Bench South", "Bench East"), made once.  Run by
-- bench/history.sh, which then gives each the 365 days before its today with
-- qs_generate_history (sql/demo_history.sql, loaded here too), about
-- 1,000,000 tickets in all.
--
-- Each has 3-4 services, 16 counters, 20 staff users and a manager (about 54
-- visits per person per open day, as in a real office), all with the
-- demo password `qstream-demo` (bench.north.manager, bench.north.staff1..20,
-- and so on), so a benchmark can sign in as the manager.

\set ON_ERROR_STOP on
\ir ../../sql/demo_history.sql

BEGIN;

DO $$
DECLARE
    -- Argon2id (m=19456 KiB, t=2, p=1) of 'qstream-demo', as in sql/demo.sql
    pw constant text := '$argon2id$v=19$m=19456,t=2,p=1$TTdKZzVtUFI4U2NOZTBiYw$1a3c52oYG2AGJzhn1nF+9L/hfKEinSOM+sH5rVtwMN8';
    b record;
    dept bigint;
BEGIN
    FOR b IN
        SELECT * FROM (VALUES
            ('Bench North', 'north', 'Europe/Berlin', 15,
             '{"mon": [["07:30", "19:00"]], "tue": [["07:30", "19:00"]], "wed": [["07:30", "19:00"]],
               "thu": [["07:30", "19:00"]], "fri": [["07:30", "19:00"]], "sat": [["09:00", "14:00"]]}',
             '[["Parcels", "P", 3], ["Payments", "Z", 4], ["Accounts", "K", 8], ["Advice", "B", 15]]'),
            ('Bench South', 'south', 'Europe/London', 20,
             '{"mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]], "wed": [["08:00", "18:00"]],
               "thu": [["08:00", "20:00"]], "fri": [["08:00", "18:00"]], "sat": [["09:00", "13:00"]]}',
             '[["Council tax", "T", 6], ["Housing", "H", 12], ["Parking permits", "PP", 4], ["Registrations", "R", 8]]'),
            ('Bench East', 'east', 'America/New_York', 30,
             '{"mon": [["08:00", "12:30"], ["13:30", "17:30"]], "tue": [["08:00", "12:30"], ["13:30", "17:30"]],
               "wed": [["08:00", "12:30"], ["13:30", "17:30"]], "thu": [["08:00", "12:30"], ["13:30", "17:30"]],
               "fri": [["08:00", "12:30"], ["13:30", "17:30"]], "sat": [["08:00", "12:00"]]}',
             '[["Licenses", "L", 8], ["Registrations", "R", 6], ["Titles", "T", 10]]')
        ) v (name, slug, tz, sla, hours, services)
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM departments WHERE name = b.name);
        INSERT INTO departments (name, timezone, sla_wait_minutes, opening_hours)
        VALUES (b.name, b.tz, b.sla, b.hours::jsonb)
        RETURNING id INTO dept;
        INSERT INTO services (department_id, name, prefix, avg_service_minutes)
        SELECT dept, s ->> 0, s ->> 1, (s ->> 2)::int
          FROM jsonb_array_elements(b.services::jsonb) WITH ORDINALITY AS x (s, i) ORDER BY i;
        INSERT INTO counters (department_id, name)
        SELECT dept, 'Desk ' || n FROM generate_series(1, 16) n;
        INSERT INTO users (username, full_name, password_hash, role, department_id)
        SELECT 'bench.' || b.slug || '.manager', initcap(b.slug) || ' Manager', pw, 'manager', dept
        UNION ALL
        SELECT 'bench.' || b.slug || '.staff' || n, initcap(b.slug) || ' Staff ' || n, pw, 'staff', dept
          FROM generate_series(1, 20) n;
    END LOOP;
END
$$;

COMMIT;
