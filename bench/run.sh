#!/usr/bin/env bash
# bench/run.sh: the write path and the public reads through nginx with wrk,
# each beside the limit it is measured against, measured in the same run:
# PostgreSQL's serialized-commit ceiling (pgbench, one client, one row),
# pgbench -N with 8 clients, and a libfcgi hello worker behind the same nginx.
# Runs against a stack that `scripts/dev bench` started (it exports
# QSTREAM_URL, QSTREAM_DB_URL, BENCH_STATE, BENCH_RUN, BENCH_HELLO...).
# Writes bench/RESULTS.md.
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
HELLO=${BENCH_HELLO:-$ROOT/var/build/bench/hello}
[ -x "$HELLO" ] || { echo "$HELLO is not built (scripts/dev build)" >&2; exit 1; }
LEAST=${BENCH_LEAST:-$ROOT/var/build/bench/least}
[ -x "$LEAST" ] || { echo "$LEAST is not built (scripts/dev build)" >&2; exit 1; }
: "${BENCH_REDIS_PORT:?run through scripts/dev bench}"
: "${BENCH_STATE:?run through scripts/dev bench}" "${BENCH_RUN:?run through scripts/dev bench}"
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

seed_tickets() { # COUNT STATUS: tickets of department 1 (yesterday's numbers)
	psqlc "INSERT INTO tickets (public_id, department_id, service_id, number_service_id, service_day,
	         number, ticket_number, priority, status)
	       SELECT md5(random()::text) || md5(random()::text), 1, 1 + g % 3, 1 + g % 3, current_date - 1,
	              g, 'X-' || g, 'normal', '$2' FROM generate_series(1, $1) g"
	psqlc "VACUUM ANALYZE tickets"
}
seed_waiting() { seed_tickets "$1" waiting; }

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

# pg_run NAME CONNS SQLFILE [PGBENCH_ARGS...] -> "tps p50 p99" (latencies
# from pgbench's log)
pg_run() {
	local name=$1 conns=$2 file=$3 dir=$TMP/pg-$1
	mkdir -p "$dir"
	(cd "$dir" && pgbench -n -M prepared -c "$conns" -j 2 -T "$SECS" -l "${@:4}" -f "$HERE/sql/$file" "$QSTREAM_DB_URL" > out.txt 2>&1)
	local tps p50 p99
	tps=$(awk '/^tps = / {printf "%.2f", $3}' "$dir/out.txt" | tail -n1)
	# log lines: client_id transaction_no time_us script_no epoch epoch_us
	cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n > "$dir/lat"
	p50=$(awk '{a[NR] = $1} END {printf "%.2fms", a[int(NR * 0.50)] / 1000}' "$dir/lat")
	p99=$(awk '{a[NR] = $1} END {printf "%.2fms", a[int(NR * 0.99)] / 1000}' "$dir/lat")
	echo "$tps $p50 $p99"
}

# Where the two cores go during an HTTP run: the CPU time (clock ticks of
# /proc) of each server of the stack, from its pid file and its children (the
# API's workers, nginx's workers, PostgreSQL's backends), and of the whole
# machine (/proc/stat); what the servers did not use is the load generator's
# and the rest's.  stack_ticks -> "pg api nginx redis bridge machine"
tree_ticks() { # PID: the process's ticks (and its ended children's), its children's
	local p=$1 c s
	[ -n "$p" ] && [ -r "/proc/$p/stat" ] || { echo 0; return; }
	s=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat")
	for c in $(pgrep -P "$p"); do
		s=$(( s + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0) ))
	done
	echo "$s"
}
stack_ticks() { # [API_PID]: the least worker's in the API's place
	echo "$(tree_ticks "$(head -n1 "$(readlink -f "$BENCH_STATE/pg")/data/postmaster.pid")")" \
		"$(tree_ticks "${1:-$BENCH_API_PID}")" "$(tree_ticks "$(cat "$BENCH_RUN/nginx.pid")")" \
		"$(tree_ticks "$(cat "$BENCH_RUN/redis.pid")")" "$(tree_ticks "$BENCH_BRIDGE_PID")" \
		"$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)"
}
# cpu_per_op BEFORE AFTER OPS -> "pg api nginx redis bridge rest all" in
# microseconds of CPU per operation (rest: the machine's less the servers')
cpu_per_op() {
	awk -v b="$1" -v a="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(b, x, " "); split(a, y, " "); us = 1e6 / hz / (n > 0 ? n : 1); servers = 0
		for (i = 1; i <= 5; i++) { d[i] = (y[i] - x[i]) * us; servers += d[i] }
		all = (y[6] - x[6]) * us
		printf "%.0f %.0f %.0f %.0f %.0f %.0f %.0f", d[1], d[2], d[3], d[4], d[5], all - servers, all }'
}
cpu_bound() { # "pg ... all" -> operations a second the cores hold at that CPU cost
	awk -v a="${1##* }" -v n="$(nproc)" 'BEGIN { printf "%.0f", (a > 0 ? n * 1e6 / a : 0) }'
}
# cpu_words "pg api nginx redis bridge rest all" LOADGEN -> a sentence's middle
cpu_words() {
	local pg api ng rd br rest all
	read -r pg api ng rd br rest all <<< "$1"
	echo "PostgreSQL $pg µs, the API $api, nginx $ng, Redis $rd, the bridge $br, $2 and the rest $rest: $all µs of CPU in all"
}

echo "benchmarking for ${SECS}s per run against $QSTREAM_URL" >&2

# ---------------------------------------------------------------- the limits
# the serialized-commit ceiling: one client, one row, one commit each
psqlc "CREATE TABLE IF NOT EXISTS bench_ceiling (id int PRIMARY KEY, n bigint NOT NULL)"
psqlc "INSERT INTO bench_ceiling VALUES (1, 0) ON CONFLICT DO NOTHING"
wal_lsn() { psqlc "SELECT pg_current_wal_insert_lsn()"; }
wal_per_tx() { # LSN_BEFORE NAME -> bytes of WAL per transaction of pg_run NAME
	local n
	n=$(awk '/^number of transactions actually processed:/ {print $6}' "$TMP/pg-$2/out.txt" | tail -n1)
	psqlc "SELECT round(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '$1') / greatest($n, 1))"
}
lsn=$(wal_lsn)
read -r ceil_tps ceil_p50 ceil_p99 < <(pg_run ceiling 1 ceiling.sql)
ceil_wal=$(wal_per_tx "$lsn" ceiling)
echo "ceiling: $ceil_tps tx/s" >&2
# the same row with eight clients queued on it, as the API's eight
# connections queue on a department's seq row
read -r ceil8_tps ceil8_p50 ceil8_p99 < <(pg_run ceiling8 8 ceiling.sql)
echo "ceiling, 8 clients: $ceil8_tps tx/s" >&2
# one ticket at a time, straight to PostgreSQL: what a ticket costs the
# database alone (and the WAL its commit flushes)
reset_queue
seed_tickets 10000 cancelled
lsn=$(wal_lsn)
read -r one_tps one_p50 one_p99 < <(pg_run take1 1 take_ticket.sql)
one_wal=$(wal_per_tx "$lsn" take1)
reset_queue
echo "one ticket at a time in PostgreSQL: $one_tps tx/s" >&2
# the least a ticket can write (its number, its row, the seq), in
# PostgreSQL alone: with 2 clients (the most it gave by hand, over 2 to 16)
# and with 8, as many as the API's connections
seed_tickets 10000 cancelled
read -r least2_tps least2_p50 least2_p99 < <(pg_run least2 2 ticket_least.sql)
reset_queue
seed_tickets 10000 cancelled
read -r least8_tps least8_p50 least8_p99 < <(pg_run least8 8 ticket_least.sql)
reset_queue
echo "the least ticket in PostgreSQL: $least2_tps tx/s (2 clients), $least8_tps (8)" >&2
# pgbench's own TPC-B-like write without the branch/teller rows (-N): no hot
# row, so it shows what the disk and the two cores give parallel writers
pgbench -i -q -s 4 "$QSTREAM_DB_URL" > "$TMP/pgbench-init.txt" 2>&1
pgbench -n -N -M prepared -c 8 -j 2 -T "$SECS" "$QSTREAM_DB_URL" > "$TMP/pgbench-N.txt" 2>&1
n8_tps=$(awk '/^tps = / {printf "%.2f", $3}' "$TMP/pgbench-N.txt" | tail -n1)
pgbench -i -I d "$QSTREAM_DB_URL" > /dev/null 2>&1
echo "pgbench -N -c8: $n8_tps tx/s" >&2

# the libfcgi hello worker and the least worker (bench/least.c: a change in
# one statement and one PUBLISH, 8 threads and 8 connections as the API),
# behind the stack's own nginx: locations beside /api/ with the same FastCGI
# settings, pointing at their sockets
"$HELLO" "$BENCH_RUN/hello.sock" 8 > "$TMP/hello.log" 2>&1 &
hello_pid=$!
"$LEAST" "$BENCH_RUN/least.sock" "${QSTREAM_DB_URL}?application_name=least" "$BENCH_REDIS_PORT" 8 \
	> "$TMP/least.log" 2>&1 &
least_pid=$!
trap 'kill $hello_pid $least_pid 2>/dev/null || true; rm -rf "$TMP"' EXIT
nginx_conf=$BENCH_STATE/nginx/nginx.conf
cp "$nginx_conf" "$TMP/nginx.conf.orig"
awk -v hello="$BENCH_RUN/hello.sock" -v least="$BENCH_RUN/least.sock" '
	function beside(block, loc, sock,   b) {
		b = block; sub(/location \^~ \/api\/ \{/, loc " {", b)
		sub(/fastcgi_pass qstream_api;/, "fastcgi_pass unix:" sock ";", b)
		return b }
	/location \^~ \/api\/ \{/ && !done { grab = 1 }
	grab { block = block $0 "\n"; if ($0 ~ /^    \}$/) { grab = 0; done = 1
		printf "%s%s%s", beside(block, "location = /bench/hello", hello),
			beside(block, "location ^~ /bench/least/", least), block; block = "" } ; next }
	{ print }' "$TMP/nginx.conf.orig" > "$nginx_conf"
nginx -p "$BENCH_STATE/nginx" -c "$nginx_conf" -s reload
sleep 1
curl -fsS -o /dev/null "$QSTREAM_URL/bench/hello"

# ------------------------------------------------------------ take a ticket
# one department (three services), 32 connections: with nobody waiting, then
# with 10,000 people already waiting.  Both start from a table that holds
# 10,000 tickets (yesterday's, served, or waiting): an empty, analyzed table
# would make PostgreSQL plan for an empty table, which no office has.
reset_queue
seed_tickets 10000 cancelled
t_ticks0=$(stack_ticks)
read -r t_rps t_p50 t_p99 t_err < <(wrk_run post 32 post_ticket.lua /api/v1/tickets)
t_ticks1=$(stack_ticks)
t_made=$(psqlc "SELECT count(*) FROM tickets WHERE status = 'waiting'")
t_cpu=$(cpu_per_op "$t_ticks0" "$t_ticks1" "$t_made")
echo "POST /tickets (nobody waiting): $t_rps req/s" >&2
# the same through the least worker: the floor of any worker on this path
reset_queue
seed_tickets 10000 cancelled
lt_ticks0=$(stack_ticks "$least_pid")
read -r lt_rps lt_p50 lt_p99 lt_err < <(wrk_run leastpost 32 post_ticket.lua /bench/least/api/v1/tickets)
lt_ticks1=$(stack_ticks "$least_pid")
lt_made=$(psqlc "SELECT count(*) FROM tickets WHERE status = 'waiting'")
lt_cpu=$(cpu_per_op "$lt_ticks0" "$lt_ticks1" "$lt_made")
echo "POST /tickets, least worker: $lt_rps req/s" >&2
[ "$lt_err" = 0 ] && [ "$lt_made" -gt 0 ] ||
	{ echo "bench: the least worker answered $lt_err errors (made $lt_made tickets; $TMP/least.log):" >&2; cat "$TMP/least.log" >&2; exit 1; }
reset_queue
seed_waiting 10000
read -r tq_rps tq_p50 tq_p99 tq_err < <(wrk_run postq 32 post_ticket.lua /api/v1/tickets)
tq_waiting=$(psqlc "SELECT sum(waiting) FROM queue_counts WHERE service_id IN (1, 2, 3)")
echo "POST /tickets (10,000 waiting): $tq_rps req/s" >&2
reset_queue

# fifty departments of one service each, the same 32 connections spread over them
psqlc "INSERT INTO departments (name, timezone) SELECT 'Bench ' || g, 'UTC' FROM generate_series(1, 50) g"
psqlc "INSERT INTO services (department_id, name, prefix)
       SELECT id, 'Desk', 'A' FROM departments WHERE name LIKE 'Bench %' AND active ORDER BY id"
many=$(psqlc "SELECT string_agg(s.id::text, ',' ORDER BY s.id) FROM services s JOIN departments d ON d.id = s.department_id
              WHERE d.name LIKE 'Bench %' AND d.active")
export BENCH_SERVICES=$many
read -r m_rps m_p50 m_p99 m_err < <(wrk_run many 32 post_ticket.lua /api/v1/tickets)
echo "POST /tickets (50 departments): $m_rps req/s" >&2
reset_queue
read -r lm_rps lm_p50 lm_p99 lm_err < <(wrk_run leastmany 32 post_ticket.lua /bench/least/api/v1/tickets)
unset BENCH_SERVICES
echo "POST /tickets (50 departments), least worker: $lm_rps req/s" >&2
[ "$lm_err" = 0 ] || { echo "bench: the least worker answered $lm_err errors:" >&2; cat "$TMP/least.log" >&2; exit 1; }
# the same tickets straight to PostgreSQL, 8 clients: the database's own
# share of that load (the services' and departments' ids in step, checked)
read -r m_svc0 m_dept0 m_n m_steps < <(psqlc "SELECT min(s.id), min(d.id), count(*), count(DISTINCT s.id - d.id)
              FROM services s JOIN departments d ON d.id = s.department_id
             WHERE d.name LIKE 'Bench %' AND d.active" | tr '|' ' ')
[ "$m_steps" = 1 ] && [ "$(psqlc "SELECT max(d.id) - min(d.id) + 1 FROM departments d WHERE d.name LIKE 'Bench %' AND d.active")" = "$m_n" ] ||
	{ echo "bench: the 50 departments' ids are not in step with their services'" >&2; exit 1; }
read -r mp_tps mp_p50 mp_p99 < <(pg_run take50 8 take_ticket_many.sql -D n="$m_n" -D svc0="$m_svc0" -D dept0="$m_dept0")
echo "tickets across 50 departments in PostgreSQL, 8 clients: $mp_tps tx/s" >&2
psqlc "UPDATE departments SET active = false WHERE name LIKE 'Bench %'"
reset_queue

# -------------------------------------------------------------- staff cycle
# 32 staff at 32 open counters of department 1: call next, start, complete
STAFF=32
setup_staff() {
	psqlc "CREATE TABLE IF NOT EXISTS bench_staff (n int PRIMARY KEY, user_id bigint, counter_id bigint, username text)"
	psqlc "TRUNCATE bench_staff"
	psqlc "UPDATE counters SET state = 'closed', staff_id = NULL WHERE department_id = 1"
	psqlc "WITH u AS (INSERT INTO users (username, full_name, password_hash, role, department_id)
	         SELECT 'bench.desk' || g, 'Bench desk ' || g, (SELECT password_hash FROM users WHERE username = 'admin'),
	                'staff', 1 FROM generate_series(0, $((STAFF - 1))) g
	         ON CONFLICT (username) DO UPDATE SET active = true RETURNING id, username),
	       c AS (INSERT INTO counters (department_id, name, state, staff_id)
	         SELECT 1, 'Bench ' || username, 'open', id FROM u RETURNING id, staff_id, name)
	  INSERT INTO bench_staff SELECT row_number() OVER (ORDER BY c.id) - 1, staff_id, id, substr(name, 7) FROM c"
}
setup_staff
seed_waiting 30000
specs=$(psqlc "SELECT string_agg(username || ':' || counter_id, ' ' ORDER BY n) FROM bench_staff")
# what the API's database connections do meanwhile, sampled every 100 ms
( end=$(( $(date +%s) + SECS )); while [ "$(date +%s)" -lt "$end" ]; do
	psqlc "SELECT CASE WHEN state = 'idle' THEN 'idle (between requests)'
	                   WHEN state = 'idle in transaction' THEN 'in a transaction, waiting for the API'
	                   WHEN wait_event_type IS NULL THEN 'running'
	                   ELSE wait_event_type || ':' || wait_event END
	         FROM pg_stat_activity WHERE application_name = 'qstream' AND backend_type = 'client backend'
	           AND pid <> pg_backend_pid()" || true
	sleep 0.1; done > "$TMP/waits.txt" ) &
sampler=$!
# (the generator samples the CPU itself, after its 32 sign-ins: each is an
# Argon2 hash, which is not the cycle's cost)
export -f tree_ticks stack_ticks
# shellcheck disable=SC2086
read -r c_cps c_p50 c_p99 c_call50 c_err < <(BENCH_TICKS_CMD=stack_ticks BENCH_TICKS_OUT="$TMP/staff.ticks" \
	node "$HERE/staff_cycle.mjs" "$QSTREAM_URL" "$SECS" $specs)
wait "$sampler" || true
c_cpu=$(cpu_per_op "$(sed -n 1p "$TMP/staff.ticks")" "$(sed -n 2p "$TMP/staff.ticks")" \
	"$(awk -v c="$c_cps" -v s="$SECS" 'BEGIN { printf "%.0f", c * s }')")
c_waits=$(sort "$TMP/waits.txt" | uniq -c | sort -rn | awk -v t="$(wc -l < "$TMP/waits.txt")" '
	{ n = $1; $1 = ""; sub(/^ /, ""); printf "%s%s %.0f %%", sep, $0, 100 * n / t; sep = ", " }')
echo "staff cycle: $c_cps cycles/s" >&2
# the same cycle through the least worker (its sign-in answers a token,
# nothing more; its call-next takes the first waiting ticket of department 1)
reset_queue
seed_waiting 30000
# shellcheck disable=SC2086
read -r lc_cps lc_p50 lc_p99 lc_call50 lc_err < <(BENCH_TICKS_CMD="stack_ticks $least_pid" \
	BENCH_TICKS_OUT="$TMP/least-staff.ticks" node "$HERE/staff_cycle.mjs" "$QSTREAM_URL/bench/least" "$SECS" $specs)
lc_cpu=$(cpu_per_op "$(sed -n 1p "$TMP/least-staff.ticks")" "$(sed -n 2p "$TMP/least-staff.ticks")" \
	"$(awk -v c="$lc_cps" -v s="$SECS" 'BEGIN { printf "%.0f", c * s }')")
echo "staff cycle, least worker: $lc_cps cycles/s" >&2
[ "$lc_err" = 0 ] || { echo "bench: the least worker's staff cycle had $lc_err errors:" >&2; cat "$TMP/least.log" >&2; exit 1; }
psqlc "UPDATE counters SET state = 'closed', staff_id = NULL WHERE department_id = 1"
reset_queue
# the least a staff cycle can write, in PostgreSQL alone, 8 clients
seed_waiting 30000
read -r cl_tps cl_p50 cl_p99 < <(pg_run staffleast 8 staff_least.sql)
echo "the least staff cycle in PostgreSQL: $cl_tps cycles/s" >&2
reset_queue

# ------------------------------------------------------- the board's snapshot
# a realistic morning: 20 waiting tickets in each of the three services
seed_queue
# where the answers came from (the worker's metrics, from loopback)
snapshot_answers() {
	curl -fsS "$QSTREAM_URL/api/v1/metrics" | awk -v from="$1" '
		$0 ~ "^qstream_snapshot_answers_total\\{.*from=\"" from "\"" { s += $NF } END { print s + 0 }'
}
db0=$(snapshot_answers database)
cache0=$(snapshot_answers cache)
read -r d_rps d_p50 d_p99 d_err < <(wrk_run display 32 display.lua /api/v1/display/1)
d_db=$(( $(snapshot_answers database) - db0 ))
d_cache=$(( $(snapshot_answers cache) - cache0 ))
echo "GET /display: $d_rps req/s ($d_db answers read from the database, $d_cache from the cache)" >&2
read -r h_rps h_p50 h_p99 h_err < <(wrk_run hello 32 hello.lua /bench/hello)
echo "hello: $h_rps req/s" >&2
reset_queue
kill "$hello_pid" 2>/dev/null || true
cp "$TMP/nginx.conf.orig" "$nginx_conf"
nginx -p "$BENCH_STATE/nginx" -c "$nginx_conf" -s reload

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# the alert job publishes alerts_updated with the department's next seq
# whenever the alerts change; ws_load counts on one seq per ticket, so it
# stops here (the stack's teardown finds it gone)
kill "$(cat "$BENCH_RUN/alerts.pid")" 2>/dev/null || true
# the bridge: 1,000 sockets through nginx, then 10,000 straight to the bridge
# (field by field as ws_load.c's usage comment describes them)
WS_SOCKETS=${BENCH_WS_SOCKETS:-10000}
# pgbench moved the department's seq without publishing: the bridge holds the
# first event after such a jump for the gap time (500 ms), then sends resync
# "gap".  One ticket taken first lets that happen before anything is measured.
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d '{"service_id":1}' "$QSTREAM_URL/api/v1/tickets"
sleep 1
read -r w_p50 w_p99 w_n w_lost w_post50 w_post99 w_cpu w_first50 w_first99 < <("$WS_LOAD" latency "$QSTREAM_URL" \
	"${QSTREAM_URL/http/ws}/ws" 1000 100 1 1)
echo "ws latency (1000 sockets): p50 $w_p50 ms" >&2
read -r f_before f_after f_per f_p50 f_p99 f_lost f_post50 f_post99 f_first50 f_first99 f_cpu \
	< <("$WS_LOAD" fanout "$QSTREAM_URL" "$BENCH_BRIDGE_URL" "$WS_SOCKETS" 50 1 1 "$BENCH_BRIDGE_PID")
echo "ws fan-out ($WS_SOCKETS sockets): $f_per bytes/socket, p50 $f_p50 ms" >&2
reset_queue

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
# sections other scripts keep in the file (the bundle sizes, measured with
# bench/bundles.sh against a build before a change) survive this rewrite;
# bench/dashboard.sh writes its own section again after this script
kept=$TMP/kept.md
awk '/<!-- (bundles|analysis|faults|attacks|cluster|dashboards):/ {keep = 1} keep {print} /<!-- \/(bundles|analysis|faults|attacks|cluster|dashboards) -->/ {keep = 0}' "$OUT" > "$kept" 2>/dev/null || true
cat > "$OUT" <<MD
# Benchmark results

Produced by \`scripts/dev bench\` (which builds with \`-O2\`, starts a private stack on free
loopback ports (nginx's per-address limit exempts loopback), and runs \`bench/run.sh\`), on
$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), $mem, everything on one machine: wrk, nginx, the API
(a master and 2 worker processes of 4 threads, 8 database connections), Redis, PostgreSQL 15
(\`synchronous_commit = on\`, default settings) and pgbench share the same two cores and disk. Each
run lasts ${SECS} s.
The machine is shared and noisy: compare each figure with its limit from the same run, not
with other runs.

## The write path against PostgreSQL's own limits

| what | command | result | limit measured in the same run | ratio | target |
|---|---|---|---|---|---|
| the serialized-commit ceiling: one row updated and committed by one client | \`pgbench -n -M prepared -c1 -T${SECS} -f bench/sql/ceiling.sql\` | $ceil_tps tx/s (p50 $ceil_p50, p99 $ceil_p99) | | | |
| the same row, 8 clients at once (as the API's 8 connections queue on a department's seq row) | \`pgbench -n -M prepared -c8 -j2 -T${SECS} -f bench/sql/ceiling.sql\` | $ceil8_tps tx/s (p50 $ceil8_p50, p99 $ceil8_p99) | ceiling $ceil_tps | $(ratio "$ceil8_tps" "$ceil_tps") | |
| a ticket alone, straight to PostgreSQL (\`qs_ticket_take\`, one client, no HTTP, no event) | \`pgbench -n -M prepared -c1 -T${SECS} -f bench/sql/take_ticket.sql\` | $one_tps tx/s (p50 $one_p50, p99 $one_p99), $one_wal bytes of WAL each (the ceiling's transaction: $ceil_wal) | ceiling $ceil_tps | $(ratio "$one_tps" "$ceil_tps") | |
| the least a ticket can write (its gapless number, its row with the table's indexes and triggers, the department's seq: one statement), straight to PostgreSQL, 2 clients | \`pgbench -n -M prepared -c2 -j2 -T${SECS} -f bench/sql/ticket_least.sql\` | $least2_tps tx/s (p50 $least2_p50, p99 $least2_p99) | ceiling $ceil_tps | $(ratio "$least2_tps" "$ceil_tps") | |
| the same, 8 clients | \`pgbench -n -M prepared -c8 -j2 -T${SECS} -f bench/sql/ticket_least.sql\` | $least8_tps tx/s (p50 $least8_p50, p99 $least8_p99) | ceiling $ceil_tps | $(ratio "$least8_tps" "$ceil_tps") | |
| parallel writes without a hot row | \`pgbench -n -N -M prepared -c8 -j2 -T${SECS}\` (scale 4) | $n8_tps tx/s | | | |
| take a ticket, one department, nobody waiting at the start (10,000 of yesterday's tickets in the table) | \`wrk -t2 -c32 -d${SECS}s --latency -s bench/post_ticket.lua URL/api/v1/tickets\` | $t_rps req/s, p50 $t_p50, p99 $t_p99, $t_err non-2xx ($t_made tickets made) | ceiling $ceil_tps | $(ratio "$t_rps" "$ceil_tps") | ≥ 0.5, p99 ≤ 25 ms |
| the same through the least worker (\`bench/least.c\`: one statement that writes the number, the ticket and the seq, one PUBLISH, a small answer; the floor of any worker on this path) | \`wrk -t2 -c32 -d${SECS}s --latency -s bench/post_ticket.lua URL/bench/least/api/v1/tickets\` | $lt_rps req/s, p50 $lt_p50, p99 $lt_p99, $lt_err non-2xx ($lt_made tickets made) | ceiling $ceil_tps | $(ratio "$lt_rps" "$ceil_tps") | |
| take a ticket, one department, 10,000 people waiting at the start | same, with 10,000 waiting tickets of yesterday in the table | $tq_rps req/s, p50 $tq_p50, p99 $tq_p99, $tq_err non-2xx ($tq_waiting waiting at the end) | the run with nobody waiting: $t_rps | $(ratio "$tq_rps" "$t_rps") | within 15 % |
| take a ticket across 50 departments | same, \`BENCH_SERVICES\` = one service in each of 50 departments | $m_rps req/s, p50 $m_p50, p99 $m_p99, $m_err non-2xx | pgbench -N -c8: $n8_tps | $(ratio "$m_rps" "$n8_tps") | ≥ 0.6 |
| the same through the least worker | \`wrk -t2 -c32 -d${SECS}s --latency -s bench/post_ticket.lua URL/bench/least/api/v1/tickets\`, the same \`BENCH_SERVICES\` | $lm_rps req/s, p50 $lm_p50, p99 $lm_p99, $lm_err non-2xx | pgbench -N -c8: $n8_tps | $(ratio "$lm_rps" "$n8_tps") | |
| the same tickets straight to PostgreSQL (\`qs_ticket_take\`, 8 clients, no HTTP, no event) | \`pgbench -n -M prepared -c8 -j2 -T${SECS} -f bench/sql/take_ticket_many.sql -D n=50 -D svc0=... -D dept0=...\` | $mp_tps tx/s (p50 $mp_p50, p99 $mp_p99) | pgbench -N -c8: $n8_tps | $(ratio "$mp_tps" "$n8_tps") | |
| staff cycle (call next, start, complete), 32 staff at their own open counters in one department | \`node bench/staff_cycle.mjs URL ${SECS} user:counter x32\` | $c_cps cycles/s (cycle p50 $c_p50, p99 $c_p99; call-next p50 $c_call50), $c_err errors | ceiling / 3: $(awk -v c="$ceil_tps" 'BEGIN { printf "%.2f", c / 3 }') | $(ratio "$c_cps" "$(awk -v c="$ceil_tps" 'BEGIN { print c / 3 }')") | ≥ 0.5 |
| the same cycle through the least worker (each change one statement and one PUBLISH; no sign-in, session or rules) | \`node bench/staff_cycle.mjs URL/bench/least ${SECS} user:counter x32\` | $lc_cps cycles/s (cycle p50 $lc_p50, p99 $lc_p99; call-next p50 $lc_call50), $lc_err errors | ceiling / 3: $(awk -v c="$ceil_tps" 'BEGIN { printf "%.2f", c / 3 }') | $(ratio "$lc_cps" "$(awk -v c="$ceil_tps" 'BEGIN { print c / 3 }')") | |
| the least a staff cycle can write (three changes, each one statement that changes the ticket and takes the seq), straight to PostgreSQL, 8 clients | \`pgbench -n -M prepared -c8 -j2 -T${SECS} -f bench/sql/staff_least.sql\` (30,000 waiting) | $cl_tps cycles/s (p50 $cl_p50, p99 $cl_p99) | ceiling / 3: $(awk -v c="$ceil_tps" 'BEGIN { printf "%.2f", c / 3 }') | $(ratio "$cl_tps" "$(awk -v c="$ceil_tps" 'BEGIN { print c / 3 }')") | |

Where the two cores went (CPU time of each server of the stack, from \`/proc\`, over the run,
divided by what it made; the load generator is the machine's busy time less the servers'):
- a ticket, one department: $(cpu_words "$t_cpu" wrk); the $(nproc) cores give $(nproc) s of CPU a second, so at that cost they hold at most $(cpu_bound "$t_cpu") tickets/s ($(ratio "$(cpu_bound "$t_cpu")" "$ceil_tps") of the ceiling);
- the same ticket through the least worker: $(cpu_words "$lt_cpu" wrk) (the least worker in the API's place); at most $(cpu_bound "$lt_cpu") tickets/s ($(ratio "$(cpu_bound "$lt_cpu")" "$ceil_tps") of the ceiling);
- a staff cycle: $(cpu_words "$c_cpu" "Node") (three requests; PostgreSQL's share includes the wait sampler's psql, one connection every 100 ms); at that cost the cores hold at most $(cpu_bound "$c_cpu") cycles/s ($(ratio "$(cpu_bound "$c_cpu")" "$(awk -v c="$ceil_tps" 'BEGIN { print c / 3 }')") of ceiling / 3);
- the same cycle through the least worker: $(cpu_words "$lc_cpu" "Node") (the least worker in the API's place); at most $(cpu_bound "$lc_cpu") cycles/s ($(ratio "$(cpu_bound "$lc_cpu")" "$(awk -v c="$ceil_tps" 'BEGIN { print c / 3 }')") of ceiling / 3).

During the staff cycle the API's database connections were (share of samples, every 100 ms):
$c_waits. \`Lock:transactionid\` and \`Lock:tuple\` are changes queued behind the one holding
the department's seq row; \`IO:WALSync\` is that one flushing its commit.

## The board's snapshot against a hello worker

| what | command | throughput | p50 | p99 | non-2xx | ratio | target |
|---|---|---|---|---|---|---|---|
| GET /api/v1/display/1 (60 waiting) | \`wrk -t2 -c32 -d${SECS}s --latency -s bench/display.lua URL/api/v1/display/1\` | $d_rps req/s | $d_p50 | $d_p99 | $d_err | $(ratio "$d_rps" "$h_rps") | ≥ 0.5, p99 ≤ 10 ms |
| libfcgi hello (\`bench/hello.c\`, 8 threads) through the same nginx and FastCGI settings | \`wrk -t2 -c32 -d${SECS}s --latency -s bench/hello.lua URL/bench/hello\` | $h_rps req/s | $h_p50 | $h_p99 | $h_err | | |

Of the snapshots answered during that run, $d_db were read from PostgreSQL and $d_cache came from
the worker's cache (\`qstream_snapshot_answers_total\` of \`GET /api/v1/metrics\`): nothing
changed during the run, so the thousands of boards it stands for cost the database $d_db queries in all.

## The bridge: events to WebSocket clients

| what | command | sockets | result |
|---|---|---|---|
| POST /tickets start to the event at each socket, through nginx | \`${WS_LOAD_SHOWN} latency URL ws://URL/ws 1000 100 1 1\` | 1,000 | p50 ${w_p50} ms, p99 ${w_p99} ms over ${w_n} arrivals, ${w_lost} events not everywhere within 5 s |
| POST /tickets start to its HTTP response | same run | 1,000 | p50 ${w_post50} ms, p99 ${w_post99} ms |
| POST /tickets start until the first socket has the event | same run | 1,000 | p50 ${w_first50} ms, p99 ${w_first99} ms: the first socket has it $(awk -v a="$w_first50" -v b="$w_post50" 'BEGIN { printf "%.1f", a - b }') ms after the POST's own response (p50); target at most 3 ms |
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
