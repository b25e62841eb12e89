#!/usr/bin/env bash
# bench/bundles.sh: what each screen of the SPA makes a browser download,
# gzipped, read from a built www/dist (it builds nothing: run
# `cd www && npm run build` first).
#
#   bench/bundles.sh [DIST]        DIST defaults to www/dist
#
# Vite's manifest (dist/.vite/manifest.json, `build.manifest` in
# vite.config.ts) says which chunk imports which.  A screen loads the entry
# chunk (index.html) and everything it imports statically, plus, when its
# route is code-split, its dynamic entries (those whose source is under the
# screen's paths below: its feature folder, and for a signed-in screen the
# signed-in layout, src/app/SignedInLayout.tsx) and what they import in turn;
# CSS included.  The public screens (kiosk, display board, tracking page) are
# in the entry; every signed-in screen is split off (app/router.tsx).  The
# last dashboard line counts only what the dashboard loads beyond the entry:
# the charts must cost the public screens nothing.
#
# gzip -6 (what a default nginx gzip or Vite's own report comes close to);
# sizes in bytes and KiB.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIST=${1:-$HERE/../www/dist}
MANIFEST=$DIST/.vite/manifest.json
[ -f "$MANIFEST" ] || {
	echo "$MANIFEST not found: build the SPA with build.manifest on (cd www && npm run build)" >&2
	exit 1
}

# node reads the manifest (the SPA's build needs it anyway); prints
# "screen<TAB>file" for each file a screen loads, "only" files marked
node - "$MANIFEST" <<'JS' > "${TMPDIR:-/tmp}/qs-bundles.$$"
const manifest = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error('no entry chunk in the manifest');

/** Every file a chunk brings along: itself, its CSS, its static imports (recursively). */
function closure(key, into = new Set()) {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const dep of chunk.imports ?? []) closure(dep, into);
  return into;
}

const entry = closure(entryKey);
// screen -> the sources of the dynamic entries it loads (a prefix each)
const screens = {
  kiosk: ['src/features/kiosk/'],
  display: ['src/features/display/'],
  tracking: ['src/features/tracking/'],
  dashboard: ['src/features/dashboard/', 'src/app/SignedInLayout.'],
};
for (const [screen, paths] of Object.entries(screens)) {
  const files = new Set(entry);
  const own = new Set();
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry) continue;
    const src = chunk.src ?? key;
    if (!paths.some((p) => src.startsWith(p) || src.includes(`/${p}`))) continue;
    for (const f of closure(key)) {
      files.add(f);
      if (!entry.has(f)) own.add(f);
    }
  }
  for (const f of files) console.log(`${screen}\t${own.has(f) ? 'own' : 'entry'}\t${f}`);
}
JS
LIST="${TMPDIR:-/tmp}/qs-bundles.$$"
trap 'rm -f "$LIST"' EXIT

gz() { gzip -6 -n -c "$DIST/$1" | wc -c; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }

printf '%-26s %10s %12s %6s\n' "what" "gzip bytes" "" "files"
for screen in kiosk display tracking dashboard; do
	total=0 own=0 n=0 m=0
	while IFS=$'\t' read -r s kind file; do
		[ "$s" = "$screen" ] || continue
		size=$(gz "$file")
		total=$((total + size)); n=$((n + 1))
		if [ "$kind" = own ]; then own=$((own + size)); m=$((m + 1)); fi
	done < "$LIST"
	printf '%-26s %10d %12s %6d\n' "$screen route (all)" "$total" "$(kib "$total")" "$n"
	if [ "$screen" = dashboard ]; then
		printf '%-26s %10d %12s %6d\n' "dashboard beyond entry" "$own" "$(kib "$own")" "$m"
	fi
done
echo
echo "files of the dashboard beyond the entry:"
awk -F'\t' '$1 == "dashboard" && $2 == "own" { print "  " $3 }' "$LIST"
