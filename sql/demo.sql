-- Demo data for a development or test stack: two departments with three
-- services and three counters each, and one user per role.  Every demo user
-- has the password `qstream-demo`.  Never load this on a production install
-- (`qstream-api --demo-data` refuses to run twice: it checks for the admin).
-- Idempotent: loading it again changes nothing.

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

COMMIT;
