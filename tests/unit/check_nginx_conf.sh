#!/bin/bash
# conf/nginx-qstream.conf as a production host runs it, TLS and all (the dev
# and test stacks run it without its TLS lines): nginx accepts it, answers
# over HTTP/2 with TLS and HSTS, redirects port 80 to https, sends a hashed
# asset's precompressed .gz with one Cache-Control (a year, immutable) and
# index.html with no-cache, refuses source maps, and answers the contract's
# JSON 503 when no worker listens.
#
# On loopback ports of its own, with a throwaway self-signed certificate and
# a made-up build; about a second.  Skipped (77) without nginx, openssl, or a
# curl that speaks HTTP/2.
set -u
top=${top_srcdir:-.}
for tool in nginx openssl curl; do
	command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "$tool" >/dev/null 2>&1 ||
		{ echo "$tool not found: not checked"; exit 77; }
done
export PATH=$PATH:/usr/sbin
curl --version | grep -q HTTP2 || { echo "curl without HTTP/2: not checked"; exit 77; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/qs-nginx.XXXXXX") || exit 1
stop() {
	[ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null
	rm -rf "$dir"
}
trap stop EXIT INT TERM
rc=0
fail() { echo "FAIL: $*"; rc=1; }

# a throwaway certificate for the example's server name
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
	-subj /CN=qstream.example.org -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null ||
	{ echo "openssl could not make a certificate"; exit 1; }

# a build as Vite writes it: a hashed script, its .gz (gzip_static) and its map
mkdir -p "$dir/www/assets" "$dir/www/.vite" "$dir/logs"
asset=assets/index-Qs0Test1.js
for i in $(seq 1 200); do echo "export const line$i = 'QStream $i';"; done > "$dir/www/$asset"
gzip -9 -n -c "$dir/www/$asset" > "$dir/www/$asset.gz"
echo '{"version":3}' > "$dir/www/$asset.map"
echo '{}' > "$dir/www/.vite/manifest.json"
printf '<!doctype html><title>QStream</title><script type="module" src="/%s"></script>\n' "$asset" \
	> "$dir/www/index.html"

start_nginx() {
	local site user_line=""
	[ "$(id -u)" -eq 0 ] && user_line="user root;"
	site=$(sed -e "s#listen 443 ssl http2;#listen 127.0.0.1:$TLS_PORT ssl http2;#" \
	           -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
	           -e '/listen \[::\]:/d' \
	           -e "s#/etc/ssl/qstream/#$dir/#" \
	           -e "s#root /usr/share/qstream/www;#root $dir/www;#" \
	           -e "s#unix:/run/qstream/api.sock#unix:$dir/api.sock#" \
	           -e "s#server 127.0.0.1:8081;#server 127.0.0.1:9;#" \
	           -e "s#include fastcgi_params;#include /etc/nginx/fastcgi_params;#" \
	           "$top/conf/nginx-qstream.conf")
	cat > "$dir/nginx.conf" <<NGINX
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $dir/body;
    fastcgi_temp_path $dir/fastcgi;
    proxy_temp_path $dir/proxy;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
$site
}
NGINX
	nginx -p "$dir" -c "$dir/nginx.conf" 2>>"$dir/logs/start.log"
}

# the production file but for ports and paths; nginx refuses to start on any error in it
started=no
for try in 1 2 3 4 5 6 7 8; do
	TLS_PORT=$((20000 + RANDOM % 30000)) HTTP_PORT=$((20000 + RANDOM % 30000))
	[ "$TLS_PORT" -eq "$HTTP_PORT" ] && continue
	if start_nginx; then started=yes; break; fi
	grep -q 'Address already in use' "$dir/logs/start.log" || break
done
if [ $started != yes ]; then
	cat "$dir/logs/start.log"
	echo "FAIL: nginx refused conf/nginx-qstream.conf"
	exit 1
fi
for i in $(seq 1 50); do [ -s "$dir/nginx.pid" ] && break; sleep 0.1; done

https="https://127.0.0.1:$TLS_PORT"
# headers of one GET (-k: the certificate is our throwaway one), lowercased names
head_of() { curl -sk --http2 -o /dev/null -D - "$@" | tr -d '\r' | sed -E 's/^([A-Za-z-]+):/\L\1:/'; }
count() { grep -ci "^$1:" <<<"$2"; }

h=$(head_of -H 'Accept-Encoding: gzip' "$https/$asset")
grep -q '^HTTP/2 200' <<<"$h" || fail "$asset over TLS is not HTTP/2 200: $(head -n1 <<<"$h")"
grep -qx 'content-encoding: gzip' <<<"$h" || fail "$asset: not the precompressed file"
[ "$(count cache-control "$h")" -eq 1 ] || fail "$asset: $(count cache-control "$h") Cache-Control headers"
grep -qx 'cache-control: public, max-age=31536000, immutable' <<<"$h" || fail "$asset: not cached for a year"
grep -qi '^vary: accept-encoding' <<<"$h" || fail "$asset: no Vary: Accept-Encoding"
grep -q '^strict-transport-security: max-age=' <<<"$h" || fail "$asset: no HSTS"
[ "$(curl -sk --http2 -H 'Accept-Encoding: gzip' "$https/$asset" | gzip -dc 2>/dev/null | cmp -s - "$dir/www/$asset" && echo same)" = same ] ||
	fail "$asset: the gzip body is not the file"

h=$(head_of "$https/kiosk/1")
grep -q '^HTTP/2 200' <<<"$h" || fail "/kiosk/1: $(head -n1 <<<"$h")"
[ "$(count cache-control "$h")" -eq 1 ] && grep -qx 'cache-control: no-cache' <<<"$h" ||
	fail "/kiosk/1 (index.html): not one Cache-Control: no-cache"
grep -q '^content-security-policy:' <<<"$h" || fail "/kiosk/1: no Content-Security-Policy"

for path in "/$asset.map" /.vite/manifest.json /assets/index-Missing0.js; do
	h=$(head_of "$https$path")
	grep -q '^HTTP/2 404' <<<"$h" || fail "$path: $(head -n1 <<<"$h"), not 404"
	grep -q 'immutable' <<<"$h" && fail "$path: a 404 cached for a year"
done

body=$(curl -sk --http2 "$https/api/v1/health")
grep -q '"code":"unavailable"' <<<"$body" || fail "/api/ without a worker: not the JSON 503 ($body)"

h=$(curl -s -o /dev/null -D - "http://127.0.0.1:$HTTP_PORT/kiosk/1?x=1" | tr -d '\r')
grep -q '^HTTP/1.1 301' <<<"$h" && grep -qi '^location: https://127.0.0.1/kiosk/1?x=1$' <<<"$h" ||
	fail "port 80 does not redirect to https: $h"

[ $rc -eq 0 ] || { echo "--- nginx error log"; cat "$dir/logs/error.log"; }
[ $rc -eq 0 ] && echo "nginx site: TLS with HTTP/2, redirect, gzip_static, Cache-Control, no maps: ok"
exit $rc
