-- 010: the wait estimate's "last 20 services of this service" (qs_ticket_view,
-- qs_recent_service_seconds) reads only completed tickets with a service
-- time, newest first.  The index it used held every completed ticket, so its
-- plan hung on the statistics of serving_at: with a history of completed
-- tickets without a service time (imported data; rows seeded by hand), the
-- planner read all of the service's completed tickets and sorted them, 3,333
-- rows for each ticket taken with 10,000 in the table: 0.51 ms inside
-- qs_ticket_take while the service's queue row is locked (the ticket's own
-- INSERT took 0.20 ms).  Every ticket the API completes has its service
-- time, so today's offices did not meet this; indexing exactly the rows the
-- query reads makes it 20 index entries whatever the history holds.
DROP INDEX tickets_completed;
CREATE INDEX tickets_completed ON tickets (service_id, completed_at DESC)
    WHERE status = 'completed' AND serving_at IS NOT NULL;
