#!/usr/bin/env bash
# tests/stock_debian.sh: the README's two commands on a stock Debian 12.
#
# What it proves: on a clean Debian 12 (bookworm) root made by debootstrap,
# with nothing added but git and ca-certificates (what a newcomer has, so no
# Node.js, no compiler, no PostgreSQL), a clean copy of the checkout (no var/,
# no node_modules) passes `scripts/dev up` (then serves the app and the API)
# and `scripts/dev test`, both run as root.  scripts/dev must install every
# Debian package itself and bring its own Node.js (scripts/node.sh).
#
# How long: about 10 minutes on two shared cores with a near mirror: 2 to
# debootstrap the base root (once; it is kept in /var/tmp/qstream-stock-debian/
# base and reused), under 2 for `up` (the packages, Node.js, npm ci, the C
# build), 7 for `test` (the sanitizer build and the whole suite).  A slow line
# adds the download of about 330 MB of packages.  Not run by CI.
#
#   sudo tests/stock_debian.sh [--fresh] [--worktree] [--debian-nodejs]
#
#   --fresh          debootstrap the base root again
#   --worktree       copy the working tree's files (tracked and untracked, not
#                    ignored) instead of `git archive HEAD`
#   --debian-nodejs  first install Debian's own nodejs (18, too old for Vite)
#                    in the chroot, as a machine that has it would
#
# Every run starts from a copy of the base root (run/), so each one is a first
# install; the downloaded .deb files are kept (apt-archives/) to spare the
# mirror.  The chroot shares the host's network: `up` takes a free port, and
# services are not started by the package scripts (policy-rc.d; scripts/dev
# starts its own on other ports anyway).  A host behind a TLS-inspecting proxy
# lends the chroot its local CAs (/usr/local/share/ca-certificates).  The Debian mirror is the host's
# (/etc/apt/sources.list*), else deb.debian.org; QSTREAM_DEBIAN_MIRROR overrides
# it.  Logs: /var/tmp/qstream-stock-debian/logs/.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${QSTREAM_STOCK_DIR:-/var/tmp/qstream-stock-debian}
BASE=$DIR/base
RUN=$DIR/run
ARCHIVES=$DIR/apt-archives
LOGS=$DIR/logs
CHECKOUT=/root/qstream
SUITE=bookworm

fresh=0 worktree=0 debian_nodejs=0
for a in "$@"; do
	case $a in
	--fresh) fresh=1 ;;
	--worktree) worktree=1 ;;
	--debian-nodejs) debian_nodejs=1 ;;
	*) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
	esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'tests/stock_debian.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run it as root (debootstrap, chroot and mounts)"
START=$(date +%s)
elapsed() { local s=$(( $(date +%s) - START )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# ------------------------------------------------------------------ mounts
MOUNTED=()
mount_root() {
	local root=$1
	mount -t proc proc "$root/proc" || die "could not mount $root/proc"
	MOUNTED+=("$root/proc")
	local src
	for src in /sys /dev /dev/pts /dev/shm "$ARCHIVES"; do
		local dst=$root$src
		[ "$src" = "$ARCHIVES" ] && dst=$root/var/cache/apt/archives
		mkdir -p "$dst"
		mount --bind "$src" "$dst" || die "could not bind $src to $dst"
		MOUNTED+=("$dst")
	done
}

umount_all() {
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" ||
			echo "tests/stock_debian.sh: could not unmount ${MOUNTED[i]}" >&2
	done
	MOUNTED=()
}

# is anything mounted at or below $1? (never rm -rf a root with /dev bound in)
has_mounts() {
	local d
	d=$(readlink -f "$1")
	awk -v d="$d" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo
}

remove_root() {
	[ -e "$1" ] || return 0
	has_mounts "$1" && die "something is still mounted under $1; not removing it"
	rm -rf --one-file-system "$1"
}

# processes started in the run root (by their id: their / is that root)
kill_root_processes() {
	local root p pids=()
	root=$(readlink -f "$1")
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && pids+=("${p#/proc/}")
	done
	[ ${#pids[@]} -gt 0 ] || return 0
	echo "stopping what is left in the chroot: ${pids[*]}" >&2
	kill -TERM "${pids[@]}" 2>/dev/null || true
	sleep 2
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}

EXTRA_ENV=()
in_root() { # in_root ROOT CMD...: a root login's environment, nothing of ours
	local root=$1; shift
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb SHELL=/bin/bash USER=root LOGNAME=root \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ${EXTRA_ENV[@]+"${EXTRA_ENV[@]}"} "$@"
}

cleanup() {
	local rc=$?
	if [ -x "$RUN$CHECKOUT/scripts/dev" ] && [ ${#MOUNTED[@]} -gt 0 ]; then
		# the dev stack that `up` started (scripts/dev test stops its own)
		timeout 120 chroot "$RUN" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			bash -c "cd $CHECKOUT && scripts/dev down" >/dev/null 2>&1 || true
	fi
	[ -d "$RUN" ] && kill_root_processes "$RUN"
	umount_all
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------ the base root
# the host's Debian mirror: "URI" of the main suite and of -security
host_mirrors() {
	local files=()
	[ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
	for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && files+=("$f")
	done
	[ ${#files[@]} -gt 0 ] || return 0
	awk -v suite="$SUITE" '
		function take(uri, suites,   n, s, i) {
			n = split(suites, s, /[ \t]+/)
			for (i = 1; i <= n; i++) {
				if (s[i] == suite && main == "") main = uri
				if (s[i] == suite "-security" && sec == "") sec = uri
			}
		}
		/^[ \t]*#/ { next }
		/^deb[ \t]/ {                      # one-line format
			sub(/\[[^]]*\][ \t]*/, "")
			take($2, $3); next
		}
		/^Types:/ { types = $0 }
		/^URIs:/ { uris = $2 }
		/^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
		/^[ \t]*$/ { if (types ~ /(^|[ \t])deb([ \t]|$)/ && uris != "") take(uris, suites); types = uris = suites = "" }
		END {
			if (types ~ /(^|[ \t])deb([ \t]|$)/ && uris != "") take(uris, suites)
			print main; print sec
		}' "${files[@]}"
}

make_base() {
	local mirror security tmp=$DIR/base.new
	{ read -r mirror; read -r security; } < <(host_mirrors; echo; echo)
	mirror=${QSTREAM_DEBIAN_MIRROR:-${mirror:-http://deb.debian.org/debian}}
	security=${security:-http://security.debian.org/debian-security}
	if ! command -v debootstrap >/dev/null; then
		say "installing debootstrap on the host"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null ||
			{ DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null; } ||
			die "could not install debootstrap"
	fi
	remove_root "$tmp"
	say "debootstrap $SUITE from $mirror into $tmp"
	debootstrap --arch="$(dpkg --print-architecture)" "$SUITE" "$tmp" "$mirror" \
		>"$LOGS/debootstrap.log" 2>&1 || { tail -n 30 "$LOGS/debootstrap.log" >&2; die "debootstrap failed"; }
	# the sources of a stock install: the release, its updates and security
	rm -f "$tmp/etc/apt/sources.list"
	cat > "$tmp/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
	# a chroot must not start the packages' services on the host's ports
	printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
	chmod 755 "$tmp/usr/sbin/policy-rc.d"
	cp -L /etc/resolv.conf "$tmp/etc/resolv.conf"
	say "installing git and ca-certificates in the base root"
	mount_root "$tmp"
	in_root "$tmp" sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q git ca-certificates' \
		>"$LOGS/base-apt.log" 2>&1 || { tail -n 30 "$LOGS/base-apt.log" >&2; die "apt-get in the base root failed"; }
	umount_all
	remove_root "$BASE"
	mv "$tmp" "$BASE"
	touch "$BASE/.qstream-base-complete"
}

free_port() { # a base port with it and the next three free on the host
	local p i d ok
	for i in $(seq 1 200); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
		ok=1
		for d in 0 1 2 3; do
			(exec 3<>"/dev/tcp/127.0.0.1/$((p + d))") 2>/dev/null && { ok=0; break; }
		done
		[ "$ok" = 1 ] && { echo "$p"; return 0; }
	done
	die "no free ports"
}

# --------------------------------------------------------------------- main
mkdir -p "$DIR" "$LOGS" "$ARCHIVES/partial"
if [ "$fresh" = 1 ] || [ ! -f "$BASE/.qstream-base-complete" ]; then
	make_base
else
	say "reusing the base root $BASE (--fresh makes it again)"
fi

say "a fresh copy of the base root: $RUN"
kill_root_processes "$RUN" 2>/dev/null || true
remove_root "$RUN"
cp -a "$BASE" "$RUN"
cp -L /etc/resolv.conf "$RUN/etc/resolv.conf"
# A host behind a TLS-inspecting proxy trusts its CA locally; the chroot shares
# that network, so it gets the same local CAs (none on an ordinary machine),
# and Node.js, which ignores the system store, is pointed at them too.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
	say "the host's local CA certificates: $(cd /usr/local/share/ca-certificates && echo *.crt)"
	cp /usr/local/share/ca-certificates/*.crt "$RUN/usr/local/share/ca-certificates/"
	in_root "$RUN" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in the chroot"
	EXTRA_ENV=(NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt)
fi
grep -qs localhost "$RUN/etc/hosts" || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >> "$RUN/etc/hosts"

mkdir -p "$RUN$CHECKOUT"
if [ "$worktree" = 1 ]; then
	say "copying the working tree of $REPO (tracked and untracked files, not ignored)"
	(cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -f "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done |
		tar -cf - --null -T -) | tar -xf - -C "$RUN$CHECKOUT"
else
	say "copying the checkout: git archive HEAD ($(git -C "$REPO" log -1 --format='%h %s' | cut -c1-70))"
	git -C "$REPO" archive HEAD | tar -xf - -C "$RUN$CHECKOUT"
fi
if [ -e "$RUN$CHECKOUT/var" ] || [ -n "$(find "$RUN$CHECKOUT" -name node_modules -print -quit)" ]; then
	die "the copied checkout is not clean (var/ or node_modules)"
fi

mount_root "$RUN"
if [ "$debian_nodejs" = 1 ]; then
	say "installing Debian's own nodejs in the chroot"
	in_root "$RUN" sh -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q nodejs' \
		>"$LOGS/nodejs-apt.log" 2>&1 || { tail -n 20 "$LOGS/nodejs-apt.log" >&2; die "could not install nodejs"; }
	echo "---- the chroot's /usr/bin/node: $(in_root "$RUN" node -v)"
fi
PORT=$(free_port)
up_rc=0 test_rc=0 http_rc=0

say "scripts/dev up (QSTREAM_PORT=$PORT) in the chroot; log: $LOGS/up.log"
t0=$(date +%s)
in_root "$RUN" QSTREAM_PORT="$PORT" bash -c "cd $CHECKOUT && scripts/dev up" >"$LOGS/up.log" 2>&1 || up_rc=$?
up_time=$(( $(date +%s) - t0 ))
echo "---- scripts/dev up: exit $up_rc after ${up_time}s; last lines:"
tail -n 15 "$LOGS/up.log"

if [ "$up_rc" -eq 0 ]; then
	# the stack in the chroot serves the app and the API on the host's loopback
	if curl -fsS "http://127.0.0.1:$PORT/" | grep -q '<div id="root"' &&
	   curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; then
		echo "---- http://127.0.0.1:$PORT/ serves the app and /api/v1/health answers"
	else
		echo "---- http://127.0.0.1:$PORT/ does not serve the app or the API"
		http_rc=1
	fi
fi

say "scripts/dev test in the chroot; log: $LOGS/test.log"
t0=$(date +%s)
in_root "$RUN" bash -c "cd $CHECKOUT && scripts/dev test" >"$LOGS/test.log" 2>&1 || test_rc=$?
test_time=$(( $(date +%s) - t0 ))
echo "---- scripts/dev test: exit $test_rc after ${test_time}s; failures and last lines:"
grep -E '^\s*(not ok|✖)' "$LOGS/test.log" | head -n 40 || true
tail -n 15 "$LOGS/test.log"

echo "stock Debian 12: up exit $up_rc (${up_time}s), app served: $([ "$http_rc" -eq 0 ] && [ "$up_rc" -eq 0 ] && echo yes || echo no), test exit $test_rc (${test_time}s), total $(elapsed)"
[ "$up_rc" -eq 0 ] && [ "$http_rc" -eq 0 ] && [ "$test_rc" -eq 0 ]
