#!/bin/sh
# conf/qstream.conf.example documents every configuration key: fails when a
# key of lib/qs_config.c's table is missing there, or the example names a key
# the program does not know.
top=${top_srcdir:-.}
keys=$(sed -nE 's/^[[:space:]]+[SI]\(([a-z_]+),.*/\1/p' "$top/lib/qs_config.c")
[ -n "$keys" ] || { echo "no keys found in $top/lib/qs_config.c"; exit 1; }
rc=0
for k in $keys; do
	grep -qE "^$k[[:space:]]*=" "$top/conf/qstream.conf.example" || { echo "not in the example: $k"; rc=1; }
done
for k in $(sed -nE 's/^([a-z_]+)[[:space:]]*=.*/\1/p' "$top/conf/qstream.conf.example"); do
	echo "$keys" | grep -qx "$k" || { echo "unknown key in the example: $k"; rc=1; }
done
[ $rc -eq 0 ] && echo "config example: $(echo "$keys" | wc -l) keys documented"
exit $rc
