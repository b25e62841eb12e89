// A department of a browser test's own, made through the API as an admin
// would: the department, its services and counters, a manager and staff
// members (each signed in through the API, their tokens at hand).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { api, login } from '../../api/lib.mjs';

// The public department list pages (at most 200 a page): look a department up
// with these, never in the first page alone.
export { findPublicDepartment, publicDepartments } from '../../api/lib.mjs';

/** The reply's JSON, once its status is the one expected. */
export async function ok(res, what, status = 200) {
  assert.equal(res.status, status, `${what}: ${res.status} ${res.text?.slice(0, 300)}`);
  return res.json;
}

/**
 * Make the department as the admin, filling `dept` as it goes (so that a
 * test's `after` can delete what was made even when a later step failed):
 *
 *   dept.adminToken, dept.id, dept.name, dept.timezone,
 *   dept.services: the API's services, in the order of `services` ([name, prefix, minutes each]),
 *   dept.counters: the counters' ids, in the order of `counters` (their names; serving every service),
 *   dept.manager, dept.staff: { id, username, fullName, token }, in the order of `staff` (full names).
 *
 * The people sign in with `password`; their usernames are
 * `<userPrefix>.<role>.<tag>.<4 hex digits>`.
 */
export async function makeDepartment(
  dept,
  { name, timezone, slaWaitMinutes, services, counters, manager, staff, userPrefix, tag, password },
) {
  const admin = (await login('admin')).access_token;
  dept.adminToken = admin;
  const d = await ok(
    await api('POST', '/departments', {
      token: admin,
      body: { name, timezone, sla_wait_minutes: slaWaitMinutes },
    }),
    'POST /departments',
    201,
  );
  dept.id = d.id;
  dept.name = d.name;
  dept.timezone = timezone;
  dept.services = [];
  for (const [serviceName, prefix, minutes] of services) {
    const s = await ok(
      await api('POST', `/departments/${dept.id}/services`, {
        token: admin,
        body: { name: serviceName, prefix, description: `${serviceName} desk`, avg_service_minutes: minutes },
      }),
      'POST services',
      201,
    );
    dept.services.push(s);
  }
  dept.counters = [];
  for (const counterName of counters) {
    const c = await ok(
      await api('POST', `/departments/${dept.id}/counters`, { token: admin, body: { name: counterName, service_ids: [] } }),
      'POST counters',
      201,
    );
    dept.counters.push(c.id);
  }
  const user = async (role, fullName) => {
    const username = `${userPrefix}.${role}.${tag}.${randomBytes(2).toString('hex')}`;
    const u = await ok(
      await api('POST', '/users', {
        token: admin,
        body: { username, full_name: fullName, password, role, department_id: dept.id },
      }),
      'POST /users',
      201,
    );
    return { id: u.id, username, fullName, token: (await login(username, password)).access_token };
  };
  dept.manager = await user('manager', manager);
  dept.staff = [];
  for (const fullName of staff) dept.staff.push(await user('staff', fullName));
  return dept;
}
