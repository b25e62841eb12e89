/* qs_addr: who may read the metrics, shared by the API (GET /api/v1/metrics)
 * and the bridge (GET /metrics on its own port). */
#ifndef QS_ADDR_H
#define QS_ADDR_H

/* Whether a client address (text, as inet_ntop writes it) is loopback
 * (127.0.0.0/8, ::1) or inside an entry of allow, a list of addresses and
 * CIDR blocks (IPv4 or IPv6) separated by commas or blanks, e.g.
 * "10.0.0.0/8, 2001:db8::7".  An entry that does not parse matches nothing;
 * an IPv4-mapped IPv6 address is IPv6 here (it matches no IPv4 entry).
 * NULL or "" for allow: loopback only.  1 or 0. */
int qs_addr_allowed(const char *addr, const char *allow);

#endif
