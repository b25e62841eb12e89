#!/bin/sh
# The systemd units of conf/ as systemd reads them: `systemd-analyze verify`
# accepts each with nothing to say (it exits 0 even on an unknown key or a
# bad value, so any output fails too), each keeps the sandbox the README
# promises, `systemd-analyze security` rates each at most MAX_EXPOSURE, and
# sysusers.d makes the qstream user.
#
# No systemd needs to run (a container without systemd as PID 1 is fine): the
# check works in a scratch root that holds systemd's own units (for the
# targets the units name), the units where `make install` and the README put
# them, and stand-ins for the programs they start.  Skipped (77) where
# systemd-analyze is not installed.
top=${top_srcdir:-.}
MAX_EXPOSURE=2.0
UNITS="qstream-api.service qstream-wsbridge.service qstream-alerts.service"

command -v systemd-analyze >/dev/null 2>&1 || { echo "systemd-analyze not found: not checked"; exit 77; }

root=$(mktemp -d "${TMPDIR:-/tmp}/qs-units.XXXXXX") || exit 1
trap 'rm -rf "$root"' EXIT INT TERM
mkdir -p "$root/usr/lib/systemd/system" "$root/etc/systemd/system" "$root/etc/qstream"
for d in /usr/lib/systemd/system /lib/systemd/system; do
	[ -d "$d" ] && cp -R "$d/." "$root/usr/lib/systemd/system/" 2>/dev/null && break
done
rc=0
fail() { echo "FAIL: $*"; rc=1; }

for u in $UNITS; do
	cp "$top/conf/$u" "$root/etc/systemd/system/$u" || exit 1
	# every program a unit starts, as an executable stand-in at its path
	for prog in $(sed -nE 's/^Exec[A-Za-z]*=[-@:+!]*([^ ]+).*/\1/p' "$top/conf/$u"); do
		mkdir -p "$root${prog%/*}"
		printf '#!/bin/sh\nexit 0\n' > "$root$prog"
		chmod 755 "$root$prog"
	done
done
: > "$root/etc/qstream/qstream.conf"

# shellcheck disable=SC2086
out=$(systemd-analyze verify --man=no --root="$root" $UNITS 2>&1) || fail "systemd-analyze verify exited $?"
[ -z "$out" ] || fail "systemd-analyze verify says:
$out"

for u in $UNITS; do
	for line in User=qstream NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
	            PrivateDevices=yes CapabilityBoundingSet= RestrictAddressFamilies= SystemCallFilter=@system-service; do
		grep -q "^$line" "$top/conf/$u" || fail "$u: no $line"
	done
	if systemd-analyze security --help 2>/dev/null | grep -q -- '--offline'; then
		score=$(systemd-analyze security --offline=yes --root="$root" "$u" 2>&1 |
			sed -nE 's/.*Overall exposure level for [^:]*: ([0-9.]+).*/\1/p')
		[ -n "$score" ] || fail "$u: systemd-analyze security gave no score"
		[ -n "$score" ] && echo "$u: exposure $score (systemd-analyze security)"
		[ -n "$score" ] && awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s > m) }' &&
			fail "$u: exposure $score is above $MAX_EXPOSURE"
	fi
done
grep -q '^LimitNOFILE=[0-9]' "$top/conf/qstream-wsbridge.service" || fail "qstream-wsbridge.service: no LimitNOFILE"

# the user the units run as: systemd-sysusers makes it from the sysusers.d file
if command -v systemd-sysusers >/dev/null 2>&1; then
	mkdir -p "$root/sysusers/etc"
	# (an absolute path: a relative one is taken inside --root)
	systemd-sysusers --root="$root/sysusers" "$(cd "$top" && pwd)/conf/qstream.sysusers" >/dev/null 2>&1 ||
		fail "systemd-sysusers refused conf/qstream.sysusers"
	grep -q '^qstream:x:[0-9]*:[0-9]*:.*:/usr/sbin/nologin$' "$root/sysusers/etc/passwd" 2>/dev/null ||
		fail "systemd-sysusers made no qstream user without a login shell"
fi

[ $rc -eq 0 ] && echo "systemd units: $UNITS verified"
exit $rc
