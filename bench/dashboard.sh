#!/usr/bin/env bash
# bench/dashboard.sh: the dashboards with a year of history, against a stack
# that `scripts/dev bench` started (it exports QSTREAM_URL, QSTREAM_DB_URL and
# BENCH_API_PID).  Makes about 1,000,000 historical tickets (bench/history.sh),
# then measures through nginx, beside the same SQL in pgbench:
#   - GET /dashboard/summary of a busy day (target p99 <= 50 ms),
#   - GET /dashboard/trend over 30 days (target p99 <= 100 ms),
#   - GET /dashboard/export.csv of at least 100,000 tickets (target >= 50,000
#     rows/s, the worker's memory flat), beside PostgreSQL's own COPY of the
#     same query,
# and shows the query plans' key lines.  Writes its section of
# bench/RESULTS.md (replacing the previous one).  Bounded: BENCH_SECONDS per
# run (default 10), loopback only.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${QSTREAM_URL:?run through scripts/dev bench}"
: "${QSTREAM_DB_URL:?run through scripts/dev bench}"
: "${BENCH_API_PID:?run through scripts/dev bench}"
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_DASHBOARD_CONNS:-4}
OUT=${BENCH_OUT:-$HERE/RESULTS.md}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# pgbench and psql run as the workers do: without JIT (see lib/qs_db.c)
export PGOPTIONS="-c jit=off"
psqlc() { psql "$QSTREAM_DB_URL" -AtXq -v ON_ERROR_STOP=1 -c "$1"; }
# the API is a master and its worker processes: the workers' resident memory, summed
rss_kb() {
	local p t=0 kids
	kids=$(pgrep -P "$BENCH_API_PID" 2>/dev/null || true)
	for p in ${kids:-$BENCH_API_PID}; do
		t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
	done
	echo "$t"
}

# ---- a year of history
"$HERE/history.sh" > "$TMP/history.txt"
cat "$TMP/history.txt" >&2
made=$(awk '/^made / {print $2}' "$TMP/history.txt")
gen_secs=$(awk '/^made / {print $5}' "$TMP/history.txt")
total=$(psqlc "SELECT count(*) FROM tickets")

dept=$(psqlc "SELECT id FROM departments WHERE name = 'Bench North'")
tz=$(psqlc "SELECT timezone FROM departments WHERE id = $dept")
# the busiest day of the last week, and the 30 days that end with it
day=$(psqlc "SELECT service_day FROM tickets WHERE department_id = $dept
              AND service_day >= (now() AT TIME ZONE '$tz')::date - 7
            GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1")
from30=$(psqlc "SELECT '$day'::date - 29")
day_tickets=$(psqlc "SELECT count(*) FROM tickets WHERE department_id = $dept AND service_day = '$day'")
trend_tickets=$(psqlc "SELECT count(*) FROM tickets WHERE department_id = $dept AND service_day BETWEEN '$from30' AND '$day'")
TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
	-d '{"username": "bench.north.manager", "password": "qstream-demo"}' \
	"$QSTREAM_URL/api/v1/auth/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
export TOKEN

# wrk_get NAME PATH -> "rps p50 p99 non2xx"
wrk_get() {
	local f=$TMP/$1.wrk
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/dashboard.lua" "$QSTREAM_URL$2" > "$f"
	echo "$(awk '/^Requests\/sec/ {print $2}' "$f") $(awk '$1 == "50%" {print $2}' "$f") \
$(awk '$1 == "99%" {print $2}' "$f") $(awk -F= '/^non2xx=/ {print $2}' "$f")"
}

# pg_run NAME SQLFILE VARS... -> "tps p50 p99"
pg_run() {
	local name=$1 file=$2 dir=$TMP/pg-$1
	shift 2
	mkdir -p "$dir"
	(cd "$dir" && pgbench -n -M prepared -c "$CONNS" -j 2 -T "$SECS" -l "$@" -f "$HERE/sql/$file" \
		"$QSTREAM_DB_URL" > out.txt 2>&1) || { cat "$dir/out.txt" >&2; return 1; }
	cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n > "$dir/lat"
	echo "$(awk '/^tps = / {printf "%.2f", $3}' "$dir/out.txt" | tail -n1) \
$(awk '{a[NR] = $1} END {printf "%.2fms", a[int(NR * 0.50)] / 1000}' "$dir/lat") \
$(awk '{a[NR] = $1} END {printf "%.2fms", a[int(NR * 0.99)] / 1000}' "$dir/lat")"
}

# the alert job fills the daily rollup of closed days by itself (a few
# hundred days a tick); the trend is measured once it has
# (every department's 401 days, so that no fill runs beside the measurements)
for _ in $(seq 1 300); do
	left=$(psqlc "SELECT (SELECT count(*) FROM departments) * 401
	                     - (SELECT count(*) FROM dashboard_days WHERE service_id = 0 AND filled)")
	[ "$left" -le 0 ] && break
	sleep 1
done
rollup_days=$(psqlc "SELECT count(*) FROM dashboard_days WHERE filled")

# warm the caches once, as a manager's first look would
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$QSTREAM_URL/api/v1/dashboard/summary?department_id=$dept&date=$day"
read -r s_rps s_p50 s_p99 s_err < <(wrk_get summary "/api/v1/dashboard/summary?department_id=$dept&date=$day")
echo "summary: $s_rps req/s p99 $s_p99" >&2
# yesterday: a closed day the rollup does not hold yet (it keeps days two or
# more before today), so every figure comes from its tickets
yday=$(psqlc "SELECT (now() AT TIME ZONE '$tz')::date - 1")
yday_tickets=$(psqlc "SELECT count(*) FROM tickets WHERE department_id = $dept AND service_day = '$yday'")
read -r y_rps y_p50 y_p99 y_err < <(wrk_get yesterday "/api/v1/dashboard/summary?department_id=$dept&date=$yday")
echo "summary of yesterday: $y_rps req/s p99 $y_p99" >&2
read -r ps_tps ps_p50 ps_p99 < <(pg_run summary dashboard_summary.sql -D dept="$dept" -D day="$day")
echo "pgbench summary: $ps_tps tx/s p99 $ps_p99" >&2
read -r pl_tps pl_p50 pl_p99 < <(pg_run live dashboard_summary_live.sql -D dept="$dept" -D day="$day" -D tz="$tz")
echo "pgbench summary from the tickets: $pl_tps tx/s p99 $pl_p99" >&2
read -r t_rps t_p50 t_p99 t_err < <(wrk_get trend "/api/v1/dashboard/trend?department_id=$dept&from=$from30&to=$day")
echo "trend: $t_rps req/s p99 $t_p99" >&2
read -r pt_tps pt_p50 pt_p99 < <(pg_run trend dashboard_trend.sql -D dept="$dept" -D from="$from30" -D to="$day")
echo "pgbench trend: $pt_tps tx/s p99 $pt_p99" >&2

# the plans' key lines
plan() {
	psql "$QSTREAM_DB_URL" -AtXq -c "EXPLAIN (ANALYZE, BUFFERS) $1" |
		grep -E 'Index|Bitmap|Seq Scan|Execution Time|Buffers: shared' | head -n "${2:-6}" | sed 's/^ *//; s/^/    /'
}
plan_day=$(plan "SELECT * FROM qs_dashboard_figures(qs_depts($dept), '$day', '$day', 'day')")
plan_trend=$(plan "SELECT g.day::date, f.* FROM generate_series('$from30'::date, '$day'::date, interval '1 day') g(day)
  LEFT JOIN qs_dashboard_trend($dept, '$from30', '$day') f ON f.key_day = g.day::date" 8)

# ---- the CSV export: the newest days of the department that hold 100,000 tickets
export_from=$(psqlc "SELECT coalesce(max(service_day) FILTER (WHERE n >= 100000), min(service_day)) FROM (
	SELECT service_day, sum(count(*)) OVER (ORDER BY service_day DESC) AS n
	  FROM tickets WHERE department_id = $dept GROUP BY service_day) x")
export_to=$(psqlc "SELECT max(service_day) FROM tickets WHERE department_id = $dept")
export_url="$QSTREAM_URL/api/v1/dashboard/export.csv?department_id=$dept&from=$export_from&to=$export_to"
rss0=$(rss_kb)
export_runs=""
rss_runs=""
for i in $(seq 1 12); do
	curl -fsS -o "$TMP/export.csv" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$export_url" > "$TMP/time"
	rows=$(( $(wc -l < "$TMP/export.csv") - 1 ))
	secs=$(cat "$TMP/time")
	rate=$(awk -v r="$rows" -v s="$secs" 'BEGIN { printf "%d", r / s }')
	export_runs="$export_runs $rate"
	rss_runs="$rss_runs $(rss_kb)"
	echo "export run $i: $rows rows in $secs s ($rate rows/s), worker RSS $(rss_kb) KB" >&2
done
rss1=$(rss_kb)
bytes=$(wc -c < "$TMP/export.csv")
# PostgreSQL alone: COPY of the cursor's query (fcgi/db_dashboard.c) to nowhere
copy_sql=$(sed -n '/static const char sql\[\] =/,/ORDER BY f.department_id/p' "$HERE/../fcgi/db_dashboard.c" |
	sed -e '1d' -e 's/^[[:space:]]*"//' -e 's/";\{0,1\}$//' -e 's/DECLARE qs_export NO SCROLL CURSOR FOR//' |
	sed -e "s/\$1::bigint/$dept/; s/\$2::date/'$export_from'::date/; s/\$3::date/'$export_to'::date/" |
	grep -v '^[[:space:]]*/\*\|^[[:space:]]*\* ' |
	perl -pe "s/\" LOCAL\(\"([^\"]+)\"\) \"/date_part('epoch', \$1)::bigint, (date_part('epoch', \$1 AT TIME ZONE f.timezone) - date_part('epoch', \$1))::integer/g" |
	tr '\n' ' ')
copy_t0=$(date +%s.%N)
psql "$QSTREAM_DB_URL" -AtXq -c "COPY ($copy_sql) TO STDOUT WITH (FORMAT csv)" > /dev/null
copy_t1=$(date +%s.%N)
copy_rate=$(awk -v r="$rows" -v a="$copy_t0" -v b="$copy_t1" 'BEGIN { printf "%d", r / (b - a) }')
echo "COPY: $copy_rate rows/s" >&2

section=$TMP/section.md
cat > "$section" <<MD
<!-- dashboards: written by bench/dashboard.sh -->
## Dashboards with a year of history

\`bench/history.sh\` (run by \`bench/dashboard.sh\`) made $made tickets in $gen_secs s with
\`qs_generate_history\` (three departments, the 365 days before today; $total tickets in the
database). The department measured, Bench North, had $day_tickets tickets on $day (its busiest
day of the last week) and $trend_tickets in the 30 days ending then. A signed-in manager, $CONNS
connections, ${SECS} s a run, on the same two cores as everything else.

| what | command | throughput | p50 | p99 | non-2xx | target |
|---|---|---|---|---|---|---|
| GET /dashboard/summary (one day) through nginx | \`wrk -t2 -c$CONNS -d${SECS}s --latency -s bench/dashboard.lua URL/api/v1/dashboard/summary?department_id=$dept&date=$day\` | $s_rps req/s | $s_p50 | $s_p99 | $s_err | p99 <= 50 ms |
| the summary's statements straight to PostgreSQL | \`pgbench -n -M prepared -c$CONNS -j2 -T${SECS} -f bench/sql/dashboard_summary.sql\` | $ps_tps tx/s | $ps_p50 | $ps_p99 | n/a | |
| GET /dashboard/summary of yesterday ($yday, $yday_tickets tickets, not in the rollup yet) through nginx | \`wrk ... URL/api/v1/dashboard/summary?department_id=$dept&date=$yday\` | $y_rps req/s | $y_p50 | $y_p99 | $y_err | p99 <= 50 ms |
| the figures of $day from its tickets (as for a day the rollup does not hold), straight to PostgreSQL | \`pgbench ... -f bench/sql/dashboard_summary_live.sql\` | $pl_tps tx/s | $pl_p50 | $pl_p99 | n/a | |
| GET /dashboard/trend (30 days) through nginx | \`wrk ... URL/api/v1/dashboard/trend?department_id=$dept&from=$from30&to=$day\` | $t_rps req/s | $t_p50 | $t_p99 | $t_err | p99 <= 100 ms |
| the trend's statement straight to PostgreSQL | \`pgbench -n -M prepared -c$CONNS -j2 -T${SECS} -f bench/sql/dashboard_trend.sql\` | $pt_tps tx/s | $pt_p50 | $pt_p99 | n/a | |

Plan of one day's figures (\`EXPLAIN (ANALYZE, BUFFERS)\` of \`qs_dashboard_figures(..., 'day')\`),
key lines:

\`\`\`
$plan_day
\`\`\`

Plan of the 30-day trend (\`qs_dashboard_trend\`: the rollup, and the tickets of the days it
does not hold), key lines:

\`\`\`
$plan_trend
\`\`\`

The summary reads the tickets of the asked day through \`tickets_department_day\`
(department_id, service_day): a day costs its own tickets, whatever the years behind it. The trend
reads the daily rollup for closed days (\`sql/migrations/007_dashboard_rollup.sql\`, $rollup_days
days filled by the alert job when measured) and the tickets for the rest (the last two days here).
Both run without JIT: on PostgreSQL 15's default (\`jit = on\`) the trend's plan cost made the
server spend about 2 s compiling each query (measured: 1.9 req/s, p99 1.89 s), so the workers
connect with \`jit=off\`.

### CSV export

| what | command | rows | rows/s (12 runs) | target |
|---|---|---|---|---|
| GET /dashboard/export.csv, $export_from to $export_to, through nginx | \`curl -o file URL/api/v1/dashboard/export.csv?department_id=$dept&from=$export_from&to=$export_to\` | $rows ($bytes bytes) |${export_runs} | >= 50,000 rows/s |
| the same query as PostgreSQL's own COPY to nowhere | \`psql -c "COPY (query) TO STDOUT WITH (FORMAT csv)"\` | $rows | $copy_rate | |

The worker processes (all 8 threads, summed) had $rss0 KB resident before the twelve exports, and after each:$rss_runs
KB. The export streams from a server-side cursor, 1,000 rows a fetch, in pieces of 32 KB; what
grows is each thread's first export (its malloc arena takes libpq's 1,000-row result and the
buffer once), so the growth stops once the 8 threads have each served one.
<!-- /dashboards -->
MD
# replace the previous section, or append
if grep -q '<!-- dashboards: written by bench/dashboard.sh -->' "$OUT" 2>/dev/null; then
	awk -v f="$section" '
		/<!-- dashboards: written by bench\/dashboard.sh -->/ { while ((getline l < f) > 0) print l; skip = 1; next }
		/<!-- \/dashboards -->/ { skip = 0; next }
		!skip { print }' "$OUT" > "$TMP/out.md"
	cp "$TMP/out.md" "$OUT"
else
	{ echo; cat "$section"; } >> "$OUT"
fi
echo "wrote the dashboards section of $OUT" >&2
