#!/usr/bin/env bash
# bench/run.sh: HTTP benchmarks through nginx with wrk, side by side with
# pgbench running the same SQL, against a stack that `scripts/dev bench`
# started (it exports QSTREAM_URL, QSTREAM_DB_URL).  Writes bench/RESULTS.md.
#
# Every run is bounded (BENCH_SECONDS each, default 10) and sends traffic to
# 127.0.0.1 only.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${QSTREAM_URL:?run through scripts/dev bench}"
: "${QSTREAM_DB_URL:?run through scripts/dev bench}"
SECS=${BENCH_SECONDS:-10}
# the WebSocket load generator (bench/ws_load.c), which `make` builds; checked
# now rather than after the HTTP runs
ROOT=$(cd "$HERE/.." && pwd)
WS_LOAD=${BENCH_WS_LOAD:-$ROOT/var/build/bench/ws_load}
[ -x "$WS_LOAD" ] || { echo "$WS_LOAD is not built (scripts/dev build)" >&2; exit 1; }
WS_LOAD_SHOWN=${WS_LOAD#"$ROOT"/}
OUT=${BENCH_OUT:-$HERE/RESULTS.md}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

psqlc() { psql "$QSTREAM_DB_URL" -AtXq -v ON_ERROR_STOP=1 -c "$1"; }

reset_queue() {
	psqlc "TRUNCATE complaints, tickets, ticket_numbers RESTART IDENTITY CASCADE"
	psqlc "VACUUM ANALYZE tickets"
}

# a realistic morning: 20 waiting tickets in each of the three services
seed_queue() {
	local i
	for i in $(seq 1 60); do
		curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' \
			-d "{\"service_id\": $(( (i % 3) + 1 ))}" "$QSTREAM_URL/api/v1/tickets"
	done
}

# wrk_run NAME CONNS LUA PATH -> "rps p50 p99 non2xx"
wrk_run() {
	local name=$1 conns=$2 lua=$3 path=$4 f=$TMP/$1.wrk
	wrk -t2 -c"$conns" -d"${SECS}s" --latency -s "$HERE/$lua" "$QSTREAM_URL$path" > "$f"
	local rps p50 p99 non2xx
	rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
	p50=$(awk '$1 == "50%" {print $2}' "$f")
	p99=$(awk '$1 == "99%" {print $2}' "$f")
	non2xx=$(awk -F= '/^non2xx=/ {print $2}' "$f")
	echo "$rps $p50 $p99 ${non2xx:-0}"
}

# pg_run NAME CONNS SQLFILE -> "tps p50 p99" (latencies from pgbench's log)
pg_run() {
	local name=$1 conns=$2 file=$3 dir=$TMP/pg-$1
	mkdir -p "$dir"
	(cd "$dir" && pgbench -n -M prepared -c "$conns" -j 2 -T "$SECS" -l -f "$HERE/sql/$file" "$QSTREAM_DB_URL" > out.txt 2>&1)
	local tps p50 p99
	tps=$(awk '/^tps = / {printf "%.2f", $3}' "$dir/out.txt" | tail -n1)
	# log lines: client_id transaction_no time_us script_no epoch epoch_us
	cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n > "$dir/lat"
	p50=$(awk '{a[NR] = $1} END {printf "%.2fms", a[int(NR * 0.50)] / 1000}' "$dir/lat")
	p99=$(awk '{a[NR] = $1} END {printf "%.2fms", a[int(NR * 0.99)] / 1000}' "$dir/lat")
	echo "$tps $p50 $p99"
}

echo "benchmarking for ${SECS}s per run against $QSTREAM_URL" >&2

reset_queue
read -r t_rps t_p50 t_p99 t_err < <(wrk_run post 16 post_ticket.lua /api/v1/tickets)
t_made=$(psqlc "SELECT count(*) FROM tickets")
echo "POST /tickets: $t_rps req/s" >&2
reset_queue
read -r pt_tps pt_p50 pt_p99 < <(pg_run create 8 create_ticket.sql)
echo "pgbench create: $pt_tps tps" >&2

reset_queue
seed_queue
read -r d_rps d_p50 d_p99 d_err < <(wrk_run display 32 display.lua /api/v1/display/1)
echo "GET /display: $d_rps req/s" >&2
read -r pd_tps pd_p50 pd_p99 < <(pg_run display 8 display.sql)
echo "pgbench display: $pd_tps tps" >&2
reset_queue

# call-next: 16 staff at 16 open counters of department 1, a deep queue
STAFF=16
DEEP=5000
setup_staff() {
	psqlc "CREATE TABLE IF NOT EXISTS bench_staff (n int PRIMARY KEY, user_id bigint, counter_id bigint, username text)"
	psqlc "TRUNCATE bench_staff"
	psqlc "UPDATE counters SET state = 'closed', staff_id = NULL WHERE department_id = 1"
	for n in $(seq 0 $((STAFF - 1))); do
		psqlc "WITH u AS (INSERT INTO users (username, full_name, password_hash, role, department_id)
		         SELECT 'bench.desk$n', 'Bench desk $n', password_hash, 'staff', 1 FROM users WHERE username = 'admin'
		         ON CONFLICT (username) DO UPDATE SET active = true RETURNING id),
		       c AS (INSERT INTO counters (department_id, name, state, staff_id)
		         SELECT 1, 'Bench desk $n', 'open', id FROM u RETURNING id, staff_id)
		  INSERT INTO bench_staff SELECT $n, staff_id, id, 'bench.desk$n' FROM c"
	done
}
seed_deep_queue() {
	# enough waiting tickets that nobody runs dry during a run
	psqlc "INSERT INTO tickets (public_id, department_id, service_id, number_service_id, service_day,
	         number, ticket_number, priority)
	       SELECT md5(random()::text) || md5(random()::text), 1, 1 + g % 3, 1 + g % 3, current_date - 1,
	              g, 'X-' || g, 'normal' FROM generate_series(1, $DEEP) g"
	psqlc "VACUUM ANALYZE tickets"
}

reset_queue
setup_staff
seed_deep_queue
specs=$(psqlc "SELECT string_agg(username || ':' || counter_id, ' ' ORDER BY n) FROM bench_staff")
# shellcheck disable=SC2086
read -r c_cps c_p50 c_p99 c_err < <(node "$HERE/call_next.mjs" "$QSTREAM_URL" "$SECS" $specs)
echo "call-next: $c_cps cycles/s" >&2
psqlc "UPDATE tickets SET status = 'waiting', counter_id = NULL, served_by = NULL, called_at = NULL, completed_at = NULL WHERE department_id = 1"
read -r pc_tps pc_p50 pc_p99 < <(pg_run callnext $STAFF call_next.sql)
echo "pgbench call-next: $pc_tps cycles/s" >&2
psqlc "UPDATE counters SET state = 'closed', staff_id = NULL WHERE department_id = 1"
reset_queue

# the bridge: 1,000 sockets through nginx, then 10,000 straight to the bridge
# (field by field as ws_load.c's usage comment describes them)
WS_SOCKETS=${BENCH_WS_SOCKETS:-10000}
# pgbench moved the department's seq without publishing: the bridge holds the
# first event after such a jump for the gap time (500 ms), then sends resync
# "gap".  One ticket taken first lets that happen before anything is measured.
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"service_id":1}' "$QSTREAM_URL/api/v1/tickets"
sleep 1
read -r w_p50 w_p99 w_n w_lost w_post50 w_post99 w_cpu < <("$WS_LOAD" latency "$QSTREAM_URL" \
	"${QSTREAM_URL/http/ws}/ws" 1000 100 1 1)
echo "ws latency (1000 sockets): p50 $w_p50 ms" >&2
read -r f_before f_after f_per f_p50 f_p99 f_lost f_post50 f_post99 f_first50 f_first99 f_cpu \
	< <("$WS_LOAD" fanout "$QSTREAM_URL" "$BENCH_BRIDGE_URL" "$WS_SOCKETS" 50 1 1 "$BENCH_BRIDGE_PID")
echo "ws fan-out ($WS_SOCKETS sockets): $f_per bytes/socket, p50 $f_p50 ms" >&2
reset_queue

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
# sections other scripts keep in the file (the bundle sizes, measured with
# bench/bundles.sh against a build before a change) survive this rewrite;
# bench/dashboard.sh writes its own section again after this script
kept=$TMP/kept.md
awk '/<!-- bundles:/ {keep = 1} keep {print} /<!-- \/bundles -->/ {keep = 0}' "$OUT" > "$kept" 2>/dev/null || true
cat > "$OUT" <<MD
# Benchmark results

Produced by \`scripts/dev bench\` (which builds with \`-O2\`, starts a private stack on free
loopback ports (nginx's per-address limit exempts loopback), and runs \`bench/run.sh\`), on
$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), everything on one machine: wrk, nginx, the API workers
(8 threads), Redis, PostgreSQL 15 and pgbench share the same two cores. Each run lasts ${SECS} s.

## POST /api/v1/tickets (take a ticket, publish ticket_created)

| what | command | connections | throughput | p50 | p99 | non-2xx |
|---|---|---|---|---|---|---|
| through nginx + FastCGI workers | \`wrk -t2 -c16 -d${SECS}s --latency -s bench/post_ticket.lua\` | 16 | $t_rps req/s | $t_p50 | $t_p99 | $t_err |
| the same SQL straight to PostgreSQL | \`pgbench -n -M prepared -c8 -j2 -T${SECS} -f bench/sql/create_ticket.sql\` | 8 | $pt_tps tx/s | $pt_p50 | $pt_p99 | n/a |

The HTTP run started from an empty queue and left $t_made tickets waiting (the queue grows during
the run, and each new ticket counts the people ahead of it). Every ticket is one transaction of five
statements plus BEGIN/COMMIT; the department's event seq row serialises the department's commits
(one fsync each). pgbench uses 8 connections because the workers hold 8 (one per thread), whatever
the number of HTTP connections.

## GET /api/v1/display/1 (the board's snapshot)

| what | command | connections | throughput | p50 | p99 | non-2xx |
|---|---|---|---|---|---|---|
| through nginx + FastCGI workers | \`wrk -t2 -c32 -d${SECS}s --latency -s bench/display.lua\` | 32 | $d_rps req/s | $d_p50 | $d_p99 | $d_err |
| the same SQL straight to PostgreSQL | \`pgbench -n -M prepared -c8 -j2 -T${SECS} -f bench/sql/display.sql\` | 8 | $pd_tps tx/s | $pd_p50 | $pd_p99 | n/a |

The queue held 60 waiting tickets (20 per service). The snapshot is one statement, so its \`seq\`
and its lists come from one consistent view.

## Call-next with 16 staff at once

Each staff member repeats "call next, then no-show" at their own open counter; a cycle is two
transactions, each bumping the department's seq. The queue held $DEEP waiting tickets.

| what | command | staff | cycles | call-next p50 | call-next p99 | errors |
|---|---|---|---|---|---|---|
| through nginx + FastCGI workers | \`node bench/call_next.mjs URL ${SECS} user:counter x16\` | 16 | $c_cps /s | $c_p50 | $c_p99 | $c_err |
| the same SQL straight to PostgreSQL | \`pgbench -n -M prepared -c16 -j2 -T${SECS} -f bench/sql/call_next.sql\` | 16 | $pc_tps /s | $pc_p50 (cycle) | $pc_p99 (cycle) | n/a |

Every change of a department waits for the one before it to commit (its seq row), so one
department's throughput is bound by commit latency and by what runs under that row lock (the
event's waiting counts per service), not by the number of counters. The workers hold 8 database
connections, so through HTTP at most 8 of the 16 staff reach the database at a time; the HTTP
cycle also pays for the JSON views, nginx and the event publish to Redis.

## The bridge: events to WebSocket clients

| what | command | sockets | result |
|---|---|---|---|
| POST /tickets start to the event at each socket, through nginx | \`${WS_LOAD_SHOWN} latency URL ws://URL/ws 1000 100 1 1\` | 1,000 | p50 ${w_p50} ms, p99 ${w_p99} ms over ${w_n} arrivals, ${w_lost} events not everywhere within 5 s |
| POST /tickets start to its HTTP response | same run | 1,000 | p50 ${w_post50} ms, p99 ${w_post99} ms |
| the bridge's resident memory per socket | \`${WS_LOAD_SHOWN} fanout URL ws://bridge/ ${WS_SOCKETS} 50 1 1 PID\` | ${WS_SOCKETS} | ${f_per} bytes (RSS ${f_before} KB before, ${f_after} KB after the sockets joined); target at most 8 KB |
| POST /tickets start until the last socket has the event | same run | ${WS_SOCKETS} | p50 ${f_p50} ms, p99 ${f_p99} ms, ${f_lost} of 50 events not everywhere within 5 s; target 250 ms |
| POST /tickets start to its HTTP response | same run | ${WS_SOCKETS} | p50 ${f_post50} ms, p99 ${f_post99} ms |
| POST /tickets start until the first socket has the event | same run | ${WS_SOCKETS} | p50 ${f_first50} ms, p99 ${f_first99} ms |

The load generator is \`bench/ws_load.c\`: one C process, one thread, epoll and non-blocking
sockets, on the same two cores as the bridge, nginx, the workers and PostgreSQL. It makes one
\`recv()\` per readable socket and only searches each frame for its type and seq. In the fan-out
run it polls without sleeping while an event is half delivered: on loopback a sleeping reader makes
each of the bridge's sends also pay for waking it, which remote clients never cost the bridge (here
that doubled the fan-out time in about half the runs). The POST's own
response time is nginx, the API, PostgreSQL's commit and the publish to Redis; from the first
socket to the last is the bridge writing one frame to each socket, plus the generator reading them:
the generator used ${w_cpu} ms of CPU per event with 1,000 sockets and ${f_cpu} ms with ${WS_SOCKETS}.
MD
[ -s "$kept" ] && { echo; cat "$kept"; } >> "$OUT"
echo "wrote $OUT" >&2
