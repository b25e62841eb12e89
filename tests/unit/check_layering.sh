#!/bin/sh
# Handlers never talk to PostgreSQL or Redis directly: route table -> handler
# -> service -> queries.  Fails when an h_*.c file includes libpq or hiredis.
top=${top_srcdir:-.}
bad=$(grep -lE '#include *[<"](libpq-fe|hiredis/hiredis|hiredis|qs_db|qs_redis|db_[a-z_]+)\.h[>"]' \
      "$top"/fcgi/h_*.c 2>/dev/null)
if [ -n "$bad" ]; then
	echo "handlers must not include database or Redis headers: $bad"
	exit 1
fi
n=$(ls "$top"/fcgi/h_*.c | wc -l)
[ "$n" -gt 0 ] || { echo "no handlers found under $top/fcgi"; exit 1; }
echo "layering: $n handler files checked"
