#!/usr/bin/env bash
# bench/history.sh: a year of history for the dashboard benchmarks.  Makes the
# departments "Bench North", "Bench South" and "Bench East" (once; see
# bench/sql/history_1m.sql) and gives each the 365 days before its own today
# with qs_generate_history (sql/demo_history.sql): about 1,000,000 tickets in
# all, one session per department, then VACUUM ANALYZE.  Prints the count, the
# time and the table sizes.  Runs against $QSTREAM_DB_URL (psql); running it
# again makes nothing, since those days have tickets by then.
#
#   QSTREAM_DB_URL=postgresql://qstream@127.0.0.1:9203/qstream bench/history.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
: "${QSTREAM_DB_URL:?set QSTREAM_DB_URL, e.g. postgresql://qstream@127.0.0.1:9203/qstream}"
# tickets on an average weekday (Mon 1.25x, Sat 0.3x, Sun closed): about
# 1,000,000 / 3 per department over a year of ~310 open days
DAILY=${BENCH_HISTORY_DAILY:-1222}

psqlq() { psql "$QSTREAM_DB_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

psqlq -f "$HERE/sql/history_1m.sql"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
t0=$(now)
pids=()
seed=100
for name in 'Bench North' 'Bench South' 'Bench East'; do
	seed=$((seed + 1))
	psqlq -c "SELECT d.name || ': ' || qs_generate_history(d.id, t.today - 365, t.today - 1, $DAILY, $seed)
	            FROM departments d, LATERAL (SELECT (now() AT TIME ZONE d.timezone)::date AS today) t
	           WHERE d.name = '$name'" > "$TMP/$seed" 2>&1 &
	pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
t1=$(now)
cat "$TMP"/*
[ "$failed" -eq 0 ] || { echo "history: a generator failed" >&2; exit 1; }
made=$(cat "$TMP"/* | awk -F': ' '{ n += $2 } END { print n + 0 }')
echo "made $made tickets in $(secs "$t0" "$t1") s"

psqlq -c "VACUUM ANALYZE tickets, complaints, ticket_numbers, staff_performance"
t2=$(now)
echo "VACUUM ANALYZE in $(secs "$t1" "$t2") s"

psql "$QSTREAM_DB_URL" -X -q -v ON_ERROR_STOP=1 -c "
SELECT c.relname AS \"table\", c.reltuples::bigint AS \"rows\",
       pg_size_pretty(pg_table_size(c.oid)) AS \"table size\",
       pg_size_pretty(pg_indexes_size(c.oid)) AS \"indexes\",
       pg_size_pretty(pg_total_relation_size(c.oid)) AS \"total\"
  FROM pg_class c
 WHERE c.relname IN ('tickets', 'complaints', 'ticket_numbers', 'staff_performance')
   AND c.relnamespace = 'public'::regnamespace
 ORDER BY pg_total_relation_size(c.oid) DESC"
