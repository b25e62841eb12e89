-- 003: the JSON shape of each organisation object (json, so keys keep the
-- order of the contract), defined once here and
-- used by every query that returns one (get, list, create, update), so the
-- API cannot answer the same object in two shapes.

CREATE FUNCTION qs_department_json(d departments) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', d.id, 'name', d.name, 'timezone', d.timezone,
        'sla_wait_minutes', d.sla_wait_minutes, 'opening_hours', d.opening_hours,
        'active', d.active, 'created_at', qs_ts(d.created_at))
$$;

CREATE FUNCTION qs_service_json(s services) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', s.id, 'department_id', s.department_id, 'name', s.name,
        'prefix', s.prefix, 'description', s.description,
        'avg_service_minutes', s.avg_service_minutes, 'active', s.active)
$$;

CREATE FUNCTION qs_counter_json(c counters) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', c.id, 'department_id', c.department_id, 'name', c.name,
        'service_ids', coalesce((SELECT json_agg(x.service_id ORDER BY x.service_id)
                                   FROM counter_services x WHERE x.counter_id = c.id), '[]'),
        'state', c.state, 'staff_id', c.staff_id, 'active', c.active)
$$;

CREATE FUNCTION qs_user_json(u users) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', u.id, 'username', u.username, 'full_name', u.full_name,
        'role', u.role, 'department_id', u.department_id, 'active', u.active,
        'created_at', qs_ts(u.created_at))
$$;

-- Is tz a time zone PostgreSQL knows?  (Departments store IANA names.)
CREATE FUNCTION qs_valid_timezone(tz text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = tz)
$$;
