-- 004: what the queue's operations need beyond the tables of 001.

-- call-next takes the first waiting ticket of the services a counter serves,
-- across the department: high priority first, then by queued_at
CREATE INDEX tickets_department_queue
    ON tickets (department_id, (priority = 'high') DESC, queued_at, id)
    WHERE status = 'waiting';

-- the public tracking routes find a ticket by its public id (UNIQUE already
-- indexes it); complaints and ratings belong to completed visits
CREATE INDEX complaints_ticket ON complaints (ticket_id);

CREATE FUNCTION qs_complaint_json(c complaints) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', c.id, 'ticket_id', c.ticket_id,
        'ticket_number', (SELECT t.ticket_number FROM tickets t WHERE t.id = c.ticket_id),
        'department_id', c.department_id, 'category', c.category, 'message', c.message,
        'status', c.status, 'resolution', c.resolution, 'resolved_by', c.resolved_by,
        'created_at', qs_ts(c.created_at), 'resolved_at', qs_ts(c.resolved_at))
$$;
