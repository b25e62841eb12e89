-- 011: a change of a department's target or time zone (its forget trigger
-- deletes every rollup row of the department, over many days) takes the
-- rollup's lock first (qs_rollup_lock, migration 008), as the alert job's
-- clear and fill and the history generator do.  Without it the two locked
-- the same department's rows of many days in their own orders and could
-- deadlock (seen in a full test run: `UPDATE departments SET
-- sla_wait_minutes` against the job's fill); now one waits for the other
-- before it touches a row.  A ticket's change locks one day's rows only and
-- still takes no such lock.
CREATE OR REPLACE FUNCTION qs_dashboard_days_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'departments' THEN
        PERFORM qs_rollup_lock();
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
