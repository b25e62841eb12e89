#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] [TARGET...]: build the libFuzzer targets
# (tests/fuzz/fuzz.mk) and run each for SECONDS (default 600), one after
# another.  Each target starts from its seed corpus in tests/fuzz/corpus/<target>
# and the corpus earlier runs grew in $FUZZ_OUT/corpus/<target>; a crash,
# leak, sanitizer report or timeout leaves its input in
# $FUZZ_OUT/artifacts/<target>/ and the log in $FUZZ_OUT/log/<target>.log.
#
# Prints one line a target:
#   PASS: fuzz_json execs=123456 cov=789 ft=2345 corpus=321 crashes=0 seconds=600
# (FAIL: ... when it found something) and exits nonzero if any target failed.
# FUZZ_OUT defaults to var/fuzz.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/var/fuzz}
SECONDS_EACH=${1:-600}
shift || true
case $SECONDS_EACH in ''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
ALL=(fuzz_json fuzz_query fuzz_routes fuzz_ws_message fuzz_redis_event fuzz_config fuzz_jwt
	fuzz_redis_reply)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

command -v clang >/dev/null || { echo "FAIL: fuzz build (clang is not installed)"; exit 1; }
mkdir -p "$OUT"
if ! make -s -f "$ROOT/tests/fuzz/fuzz.mk" O="$OUT" -j"$(nproc)" >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	echo "FAIL: fuzz build"
	exit 1
fi

failed=0
for t in "${TARGETS[@]}"; do
	bin=$OUT/bin/$t
	[ -x "$bin" ] || { echo "FAIL: $t (no such target)"; failed=1; continue; }
	mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t" "$OUT/log"
	log=$OUT/log/$t.log
	before=$(find "$OUT/artifacts/$t" -type f | wc -l)
	# leaks count as failures; a slow input (10 s) or 2 GB of memory too
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-max_len=8192 -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$t/" \
		"$OUT/corpus/$t" "$ROOT/tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	after=$(find "$OUT/artifacts/$t" -type f | wc -l)
	execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | awk '{print $2}' | tail -1)
	last=$(grep -E '(#[0-9]+).*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
	cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$last")
	ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$last")
	corp=$(sed -nE 's/.*corp: ([0-9]+).*/\1/p' <<<"$last")
	crashes=$((after - before))
	line="$t execs=${execs:-0} cov=${cov:-0} ft=${ft:-0} corpus=${corp:-0} crashes=$crashes seconds=$SECONDS_EACH"
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		echo "PASS: $line"
	else
		echo "FAIL: $line (exit $rc; log ${log#$ROOT/})"
		grep -E -m1 -A12 'ERROR: |runtime error:|deadly signal' "$log" | sed 's/^/    /' >&2
		failed=1
	fi
done
exit "$failed"
