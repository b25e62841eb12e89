#!/usr/bin/env bash
# tests/attacks/run.sh: attack tools from Debian against a private stack (#13).
# Not part of `scripts/dev test`: it takes about half an hour.
#
#   QSTREAM_STACK=NAME QSTREAM_PORT=PORT tests/attacks/run.sh [sqlmap|slow|all]
#
# against the stack that `scripts/dev up` started with that name and port
# (loopback only).  Needs the Debian packages sqlmap and slowhttptest (and cc,
# curl, jq, redis-cli).  Everything it writes goes to var/NAME/attacks/; the
# last lines of each part are the summary recorded in bench/RESULTS.md.
#
# sqlmap: level 3, risk 2, every route of fcgi/openapi.json that takes query
#   parameters or a JSON body (the script refuses to run if one has no target
#   below), each with a fresh bearer token of the role the route needs, two at
#   a time.  Counts the injectable ones (expected: 0) and the 5xx answers nginx
#   logged meanwhile (bad input is never a 5xx; expected: 0).  The login
#   failure limits and the per-address ticket limit are lifted while it runs
#   (their Redis keys deleted every second), so that sqlmap sees the routes'
#   answers rather than 429.
# slow: slowhttptest slowloris (-H) and slow body (-B), 8000 connections each
#   for 60 s, from 127.0.0.2 (an LD_PRELOAD shim binds the tool's sockets
#   there: 127.0.0.1 is exempt from the site's per-address limits, as local
#   tools are), while a kiosk on 127.0.0.1 takes a ticket every 0.25 s, each
#   on a new connection with a 10 s timeout: its successes, failures and
#   latencies, before and during each attack.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK=${QSTREAM_STACK:?set QSTREAM_STACK (the stack of scripts/dev up)}
PORT=${QSTREAM_PORT:?set QSTREAM_PORT}
REDIS_PORT=$((PORT + 2))
HOST=http://127.0.0.1:$PORT
API=$HOST/api/v1
OUT=$ROOT/var/$STACK/attacks
ACCESS_LOG=$ROOT/var/$STACK/log/nginx-access.log
ERROR_LOG=$ROOT/var/$STACK/log/nginx-error.log
PARALLEL=${ATTACK_PARALLEL:-2}
SLOW_CONNECTIONS=${ATTACK_SLOW_CONNECTIONS:-8000}
SLOW_RATE=${ATTACK_SLOW_RATE:-800}
SLOW_SECONDS=${ATTACK_SLOW_SECONDS:-60}
what=${1:-all}
PASSWORD=Attack-Station-$$-qs
mkdir -p "$OUT"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'tests/attacks/run.sh: %s\n' "$*" >&2; exit 1; }
for tool in curl jq redis-cli cc; do command -v "$tool" >/dev/null || die "$tool is missing"; done
[ "$what" = slow ] || command -v sqlmap >/dev/null || die "sqlmap is missing (apt-get install sqlmap)"
[ "$what" = sqlmap ] || command -v slowhttptest >/dev/null || die "slowhttptest is missing (apt-get install slowhttptest)"
curl -sf "$API/health" >/dev/null || die "no stack answers on $HOST (scripts/dev up first)"

# req METHOD PATH [BODY] [TOKEN] -> the body of the answer (fails on >= 400)
req() {
	local args=(-sS -f -X "$1" "$API$2")
	[ -n "${3:-}" ] && args+=(-H 'Content-Type: application/json' --data "$3")
	[ -n "${4:-}" ] && args+=(-H "Authorization: Bearer $4")
	curl "${args[@]}"
}
token() { req POST /auth/login "{\"username\":\"$1\",\"password\":\"$2\"}" | jq -r .access_token; }
lift_limits() {
	redis-cli -p "$REDIS_PORT" --scan --pattern 'qstream:login:*' | xargs -r redis-cli -p "$REDIS_PORT" DEL >/dev/null
	redis-cli -p "$REDIS_PORT" DEL qstream:tickets:addr:127.0.0.1 >/dev/null
}

# ---- a department of the attack's own -----------------------------------------
setup() {
	local tag admin
	tag=$(date +%s)
	lift_limits
	ADMIN_PW=qstream-demo
	admin=$(token admin "$ADMIN_PW")
	DEPT=$(req POST /departments "{\"name\":\"Attack $tag\",\"timezone\":\"UTC\"}" "$admin" | jq .id)
	SVC=$(req POST "/departments/$DEPT/services" '{"name":"Attack","prefix":"ATK","avg_service_minutes":5}' "$admin" | jq .id)
	SVC2=$(req POST "/departments/$DEPT/services" '{"name":"Other","prefix":"ATO","avg_service_minutes":5}' "$admin" | jq .id)
	CTR=$(req POST "/departments/$DEPT/counters" '{"name":"Attack desk","service_ids":[]}' "$admin" | jq .id)
	local u
	for u in staff manager spare pw; do
		local role=$u
		[ "$u" = spare ] || [ "$u" = pw ] && role=staff
		req POST /users "{\"username\":\"atk.$u.$tag\",\"full_name\":\"Attack $u\",\"password\":\"$PASSWORD\",\"role\":\"$role\",\"department_id\":$DEPT}" "$admin" > "$OUT/user-$u.json"
	done
	STAFF=atk.staff.$tag MANAGER=atk.manager.$tag PWUSER=atk.pw.$tag
	SPARE_ID=$(jq .id "$OUT/user-spare.json")
	STAFF_ID=$(jq .id "$OUT/user-staff.json")
	req POST "/counters/$CTR/open" "" "$(token "$STAFF" "$PASSWORD")" >/dev/null
	# a called ticket (the staff member's), a waiting one, and a completed one
	# for the customer's routes
	req POST /tickets "{\"service_id\":$SVC}" >/dev/null
	CALLED=$(req POST /tickets/call-next "{\"counter_id\":$CTR}" "$(token "$STAFF" "$PASSWORD")" | jq .id)
	WAITING=$(req POST /tickets "{\"service_id\":$SVC}" "$(token "$STAFF" "$PASSWORD")" | jq .id)
	PUBLIC_ID=$(req GET "/tickets/$WAITING" "" "$admin" | jq -r .public_id)
	COMPLAINT=$(req POST "/tickets/track/$PUBLIC_ID/complaints" '{"category":"other","message":"attack setup"}' | jq .id)
	SHIFT=$(req POST /shifts "{\"department_id\":$DEPT,\"name\":\"Attack\",\"start_time\":\"08:00\",\"end_time\":\"12:00\"}" "$admin" | jq .id)
	TOMORROW=$(date -u -d tomorrow +%F)
	TODAY=$(date -u +%F)
	WEEK_AGO=$(date -u -d '7 days ago' +%F)
	say "department $DEPT, services $SVC $SVC2, counter $CTR, tickets $CALLED $WAITING, shift $SHIFT"
}

# ---- sqlmap ---------------------------------------------------------------------
# role method path-and-query body: one line a target; path, query and body
# use the ids of setup().  Every value is valid, so that each request gets
# past validation to the database unless sqlmap changed it.
targets() {
	cat <<EOF
none GET /public/departments?limit=5&offset=0 -
staff POST /tickets {"service_id":$SVC,"customer_name":"Ann Example","customer_phone":"+43 1 234","priority":"normal","notes":"note"}
staff GET /tickets?limit=5&offset=0&department_id=$DEPT&status=waiting&service_id=$SVC&date=$TODAY&q=Ann -
none POST /auth/login {"username":"$STAFF","password":"wrong-password-1"}
none POST /auth/refresh {"refresh_token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
pw POST /auth/password {"current_password":"not-the-password","new_password":"Another-Station-77"}
admin GET /departments?limit=5&offset=0 -
admin POST /departments {"name":"Attack sqlmap","timezone":"Europe/Vienna","sla_wait_minutes":15,"opening_hours":{"mon":[["08:00","17:00"]]}}
admin PATCH /departments/$DEPT {"name":"Attack renamed","timezone":"UTC","sla_wait_minutes":15,"opening_hours":null,"active":true}
manager GET /departments/$DEPT/services?limit=5&offset=0 -
manager POST /departments/$DEPT/services {"name":"Attack new","prefix":"ATN","description":"x","avg_service_minutes":5}
manager PATCH /services/$SVC2 {"name":"Other","prefix":"ATO","description":"x","avg_service_minutes":5,"active":true}
manager GET /departments/$DEPT/counters?limit=5&offset=0 -
manager POST /departments/$DEPT/counters {"name":"Attack new desk","service_ids":[$SVC]}
manager PATCH /counters/$CTR {"name":"Attack desk","service_ids":[],"active":true}
manager GET /users?limit=5&offset=0&department_id=$DEPT&role=staff&active=true -
manager POST /users {"username":"atk.new","full_name":"Attack new","password":"$PASSWORD","role":"staff","department_id":$DEPT}
manager PATCH /users/$SPARE_ID {"full_name":"Attack spare","role":"staff","department_id":$DEPT,"active":true,"password":"$PASSWORD"}
admin PATCH /settings {"max_recalls":3,"public_ticket_limit_per_hour":600,"display_recent_count":8,"announcement_language":"en-GB"}
staff POST /tickets/call-next {"counter_id":$CTR}
staff POST /tickets/$WAITING/call {"counter_id":$CTR}
staff POST /tickets/$CALLED/complete {"notes":"done"}
staff POST /tickets/$CALLED/transfer {"service_id":$SVC2}
staff POST /tickets/$CALLED/requeue {"position":"last"}
none POST /tickets/track/$PUBLIC_ID/rating {"rating":5,"comment":"fine"}
none POST /tickets/track/$PUBLIC_ID/complaints {"category":"other","message":"a complaint"}
manager GET /complaints?limit=5&offset=0&department_id=$DEPT&status=open -
manager PATCH /complaints/$COMPLAINT {"status":"resolved","resolution":"done"}
manager GET /dashboard/summary?department_id=$DEPT&date=$TODAY -
manager GET /dashboard/staff-performance?department_id=$DEPT&from=$WEEK_AGO&to=$TODAY&limit=5&offset=0 -
manager GET /dashboard/trend?department_id=$DEPT&from=$WEEK_AGO&to=$TODAY -
manager GET /dashboard/export.csv?department_id=$DEPT&from=$WEEK_AGO&to=$TODAY -
manager GET /dashboard/alerts?department_id=$DEPT -
staff GET /shifts?department_id=$DEPT&limit=5&offset=0 -
manager POST /shifts {"department_id":$DEPT,"name":"Attack late","start_time":"13:00","end_time":"17:00"}
manager PATCH /shifts/$SHIFT {"name":"Attack","start_time":"08:00","end_time":"12:00"}
staff GET /schedules?department_id=$DEPT&user_id=$STAFF_ID&from=$WEEK_AGO&to=$TOMORROW&limit=5&offset=0 -
manager POST /schedules {"user_id":$STAFF_ID,"shift_id":$SHIFT,"date":"$TOMORROW","counter_id":$CTR}
manager POST /schedules/bulk {"items":[{"user_id":$SPARE_ID,"shift_id":$SHIFT,"date":"$TOMORROW","counter_id":$CTR}]}
staff GET /schedules/me?from=$WEEK_AGO&to=$TOMORROW&limit=5&offset=0 -
staff GET /schedules/me.ics?from=$WEEK_AGO&to=$TOMORROW -
manager GET /schedules/coverage?department_id=$DEPT&date=$TOMORROW -
manager POST /assistant/ask {"question":"How long is the wait now?","department_id":$DEPT}
manager GET /assistant/staffing?department_id=$DEPT&date=$TOMORROW -
EOF
}

# every route of the contract with query parameters or a JSON body has a target
check_targets() {
	local want have missing
	want=$(jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[]
		| select(.key != "parameters")
		| select((.value.parameters // [] | map(select(.in == "query")) | length > 0) or (.value.requestBody != null))
		| "\(.key | ascii_upcase) \($p)"' "$ROOT/fcgi/openapi.json" | sort -u)
	have=$(targets | awk '{ sub(/\?.*/, "", $3); print $2, $3 }' |
		sed -E 's#/(departments|services|counters|users|tickets|complaints|shifts)/[0-9]+#/\1/{id}#; s#/tickets/track/[A-Za-z0-9_-]+#/tickets/track/{public_id}#' | sort -u)
	missing=$(comm -23 <(echo "$want") <(echo "$have"))
	[ -z "$missing" ] || die "routes without a sqlmap target: $(echo $missing)"
}

run_sqlmap_one() {
	local n=$1 role=$2 method=$3 path=$4 body=$5 tok="" dir=$OUT/sqlmap/$1
	mkdir -p "$dir"
	case $role in
		staff) tok=$(token "$STAFF" "$PASSWORD") ;;
		manager) tok=$(token "$MANAGER" "$PASSWORD") ;;
		pw) tok=$(token "$PWUSER" "$PASSWORD") ;;
		admin) tok=$(token admin "$ADMIN_PW") ;;
	esac
	local args=(-u "$API$path" --method "$method" --batch --level=3 --risk=2 --flush-session
		--output-dir "$dir" --disable-coloring --timeout=15 --retries=1 -v 1 --ignore-code=401)
	[ -n "$tok" ] && args+=(-H "Authorization: Bearer $tok")
	[ "$body" != - ] && args+=(--data "$body" -H 'Content-Type: application/json')
	printf '%s\n' sqlmap "${args[@]}" > "$dir/command"
	timeout --foreground 1200 sqlmap "${args[@]}" > "$dir/log" 2>&1 || true
	local verdict
	if grep -qE 'identified the following injection point|is vulnerable' "$dir/log"; then verdict=INJECTABLE
	elif grep -q 'do not appear to be injectable' "$dir/log"; then verdict=clean
	else verdict=inconclusive; fi
	printf '%s %s %s %s\n' "$verdict" "$role" "$method" "${path%%\?*}" > "$dir/verdict"
	say "sqlmap $n: $verdict $method ${path%%\?*}"
}

sqlmap_part() {
	check_targets
	rm -rf "$OUT/sqlmap"
	mkdir -p "$OUT/sqlmap"
	local start lifter n=0
	start=$(wc -l < "$ACCESS_LOG")
	(while :; do lift_limits; sleep 1; done) &
	lifter=$!
	while read -r role method path body; do
		n=$((n + 1))
		run_sqlmap_one "$(printf %02d $n)" "$role" "$method" "$path" "$body" &
		while [ "$(jobs -rp | wc -l)" -gt "$PARALLEL" ]; do wait -n || true; done
	done < <(targets)
	while [ "$(jobs -rp | wc -l)" -gt 1 ]; do wait -n || true; done
	kill "$lifter" 2>/dev/null || true
	wait "$lifter" 2>/dev/null || true
	local requests fivexx
	requests=$(tail -n +"$((start + 1))" "$ACCESS_LOG" | wc -l)
	fivexx=$(tail -n +"$((start + 1))" "$ACCESS_LOG" | awk '$9 ~ /^5/' | tee "$OUT/sqlmap/5xx.log" | wc -l)
	{
		echo "sqlmap $(sqlmap --version 2>/dev/null | head -1), level 3, risk 2: $n routes"
		sort "$OUT"/sqlmap/*/verdict | awk '{ print $1 }' | uniq -c | awk '{ printf "  %s: %s\n", $2, $1 }'
		grep -h -v '^clean' "$OUT"/sqlmap/*/verdict | sed 's/^/  /' || true
		echo "  requests through nginx: $requests; answered 5xx: $fivexx"
	} | tee "$OUT/sqlmap-summary.txt"
}

# ---- slow attacks ------------------------------------------------------------------
# kiosk SECONDS FILE: a ticket every 0.25 s, each on a new connection
kiosk() {
	local end=$((SECONDS + $1))
	: > "$2"
	while [ $SECONDS -lt $end ]; do
		curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 -X POST \
			-H 'Content-Type: application/json' -H "Idempotency-Key: atk-$RANDOM-$RANDOM-$RANDOM" \
			--data "{\"service_id\":$SVC}" "$API/tickets" >> "$2" || true
		sleep 0.25
	done
}
kiosk_summary() {
	sort -k2 -n "$1" | awk '{ lat[NR] = $2; if ($1 == 201) ok++; else { bad++; codes[$1]++ } }
		END { f = ""; for (c in codes) f = f " " c "x" codes[c];
		      printf "%d tickets, %d failed%s; latency p50 %.0f ms, p95 %.0f ms, max %.0f ms\n",
		             ok, bad + 0, f, lat[int(NR * 0.5) + 1] * 1000, lat[int(NR * 0.95) + 1] * 1000, lat[NR] * 1000 }'
}

slow_one() {
	local name=$1; shift
	local errors_before
	errors_before=$(wc -l < "$ERROR_LOG")
	lift_limits
	say "$name: slowhttptest $* (from 127.0.0.2)"
	printf '%s\n' "slowhttptest $*" > "$OUT/$name.command"
	BINDSRC=127.0.0.2 LD_PRELOAD=$OUT/bindsrc.so slowhttptest "$@" -g -o "$OUT/$name" > "$OUT/$name.log" 2>&1 &
	local attacker=$!
	sleep 10 # the connections pile up
	kiosk $((SLOW_SECONDS - 15)) "$OUT/$name.kiosk"
	wait "$attacker" || true
	{
		echo "$name: slowhttptest $*"
		echo "  kiosk during the attack: $(kiosk_summary "$OUT/$name.kiosk")"
		echo "  slowhttptest: $(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$name.log" | grep -E 'closed:|service available:' | tail -2 | tr -s ' \n' ' ')"
		echo "  slowhttptest's most connections at once: $(cut -d, -f4 "$OUT/$name.csv" | sort -n | tail -1)"
		echo "  nginx error log meanwhile:"
		tail -n +"$((errors_before + 1))" "$ERROR_LOG" |
			sed -E 's/^.*\[(warn|error|crit|alert|emerg)\] [0-9]+#[0-9]+: (\*[0-9]+ )?/\1: /; s/, client: ([0-9.]+).*/ (client \1)/; s/excess: [0-9.]+ //' |
			sort | uniq -c | sort -rn | head -4 | sed 's/^/  /'
	} | tee -a "$OUT/slow-summary.txt"
}

slow_part() {
	cc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$OUT/bindsrc.so" "$ROOT/tests/attacks/bindsrc.c" -ldl
	: > "$OUT/slow-summary.txt"
	lift_limits
	kiosk 15 "$OUT/baseline.kiosk"
	echo "kiosk without an attack: $(kiosk_summary "$OUT/baseline.kiosk")" | tee -a "$OUT/slow-summary.txt"
	slow_one slowloris -H -c "$SLOW_CONNECTIONS" -r "$SLOW_RATE" -i 5 -x 24 -l "$SLOW_SECONDS" -p 3 \
		-u "$API/public/departments"
	slow_one slowbody -B -c "$SLOW_CONNECTIONS" -r "$SLOW_RATE" -i 5 -x 10 -s 16000 -t POST \
		-f application/json -l "$SLOW_SECONDS" -p 3 -u "$API/tickets"
	lift_limits
}

setup
case $what in
	sqlmap) sqlmap_part ;;
	slow) slow_part ;;
	all) sqlmap_part; slow_part ;;
	*) die "unknown part: $what (sqlmap, slow or all)" ;;
esac
