-- Demo data for a development or test stack.  Every demo user has the
-- password `qstream-demo`.  Never load this on a production install.
--
-- What it holds:
-- - "Outpatient Clinic" (Europe/Berlin, wait target 20 min) with the services
--   A General practice (12 min), B Blood tests (4), C Prescriptions (3);
--   "Citizen Services" (Europe/London, 15 min) with P Passports and ID cards
--   (10), R Registration (7), V Vehicles (8); three counters each; no opening
--   hours (always open).
-- - users: admin; manager.clinic, staff.clinic1..3; manager.citizen,
--   staff.citizen1..3.
-- - eight weeks of history: the 56 days before today (each department's own
--   today) made by qs_generate_history (sql/demo_history.sql, which
--   `qstream-api --demo-data` runs first): about 200 tickets on a weekday at
--   the clinic and 150 at Citizen Services (Monday busiest, Saturday small,
--   Sunday closed, 08:00-17:00 local), with waits, no-shows, cancellations,
--   ratings, complaints, ticket numbers and staff performance.  Today has no
--   tickets, so today's numbers start at 001.
--
-- The organisation is made once (the first block checks for the admin); the
-- later statements only add what is missing: a demo staff user that an older
-- stack lacks, and history for past days that have no tickets.  So loading it
-- again changes nothing on the same day, and an older dev stack catches up on
-- its next `scripts/dev up`.

BEGIN;

DO $$
DECLARE
    clinic  bigint;
    citizen bigint;
    -- Argon2id (m=19456 KiB, t=2, p=1) of 'qstream-demo'
    pw constant text := '$argon2id$v=19$m=19456,t=2,p=1$TTdKZzVtUFI4U2NOZTBiYw$1a3c52oYG2AGJzhn1nF+9L/hfKEinSOM+sH5rVtwMN8';
BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE username = 'admin') THEN
        RETURN;
    END IF;

    INSERT INTO departments (name, timezone, sla_wait_minutes, opening_hours)
    VALUES ('Outpatient Clinic', 'Europe/Berlin', 20, NULL)
    RETURNING id INTO clinic;
    INSERT INTO departments (name, timezone, sla_wait_minutes, opening_hours)
    VALUES ('Citizen Services', 'Europe/London', 15, NULL)
    RETURNING id INTO citizen;

    INSERT INTO services (department_id, name, prefix, description, avg_service_minutes) VALUES
        (clinic, 'General practice', 'A', 'Consultations without an appointment', 12),
        (clinic, 'Blood tests', 'B', 'Samples and lab results', 4),
        (clinic, 'Prescriptions', 'C', 'Repeat prescriptions and referrals', 3),
        (citizen, 'Passports and ID cards', 'P', 'Applications and collection', 10),
        (citizen, 'Registration', 'R', 'Moving in, moving out, certificates', 7),
        (citizen, 'Vehicles', 'V', 'Registration and permits', 8);

    INSERT INTO counters (department_id, name)
    SELECT d, 'Counter ' || n FROM unnest(ARRAY[clinic, citizen]) AS d, generate_series(1, 3) AS n;

    INSERT INTO users (username, full_name, password_hash, role, department_id) VALUES
        ('admin', 'Ada Admin', pw, 'admin', NULL),
        ('manager.clinic', 'Maria Manager', pw, 'manager', clinic),
        ('staff.clinic1', 'Sam Staff', pw, 'staff', clinic),
        ('staff.clinic2', 'Sita Staff', pw, 'staff', clinic),
        ('manager.citizen', 'Carl Manager', pw, 'manager', citizen),
        ('staff.citizen1', 'Cora Staff', pw, 'staff', citizen);
    -- a demo office: its kiosks share one address, so allow a busy hour
    UPDATE settings SET value = '600' WHERE key = 'public_ticket_limit_per_hour';
END
$$;

-- three staff per department, so the history's staff table looks like an
-- office's (a statement of its own, so an older stack gets them too); the
-- same Argon2id of 'qstream-demo' as above
INSERT INTO users (username, full_name, password_hash, role, department_id)
SELECT v.username, v.full_name,
       '$argon2id$v=19$m=19456,t=2,p=1$TTdKZzVtUFI4U2NOZTBiYw$1a3c52oYG2AGJzhn1nF+9L/hfKEinSOM+sH5rVtwMN8',
       'staff', d.id
  FROM (VALUES ('staff.clinic3', 'Sol Staff', 'Outpatient Clinic'),
               ('staff.citizen2', 'Cem Staff', 'Citizen Services'),
               ('staff.citizen3', 'Cleo Staff', 'Citizen Services')) v (username, full_name, department)
  JOIN (SELECT DISTINCT ON (name) id, name FROM departments ORDER BY name, id) d ON d.name = v.department
 WHERE EXISTS (SELECT 1 FROM users a WHERE a.username = 'admin')
ON CONFLICT (username) DO NOTHING;

-- eight weeks of history, deterministic (fixed seeds), on past days only
SELECT d.name, qs_generate_history(d.id, t.today - 56, t.today - 1, v.daily, v.seed) AS tickets
  FROM (VALUES ('Outpatient Clinic', 200, 1), ('Citizen Services', 150, 2)) v (name, daily, seed)
  JOIN (SELECT DISTINCT ON (name) * FROM departments ORDER BY name, id) d ON d.name = v.name
 CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE d.timezone)::date AS today) t
 WHERE d.active
   AND EXISTS (SELECT 1 FROM services s WHERE s.department_id = d.id AND s.active)
   AND EXISTS (SELECT 1 FROM counters k WHERE k.department_id = d.id AND k.active)
   AND EXISTS (SELECT 1 FROM users u WHERE u.department_id = d.id AND u.role = 'staff' AND u.active);

COMMIT;
