#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (issue #22), from the Debian packages' binaries.
#
#   scripts/pg-test-server.sh start <dir>   creates a cluster in <dir> (a new or empty folder), starts
#                                           it on 127.0.0.1 at a free port and prints its URL, alone,
#                                           on stdout: postgres://postgres@127.0.0.1:<port>/postgres
#   scripts/pg-test-server.sh stop <dir>    stops it and removes <dir>
#
# Trust authentication is safe only because the server listens on loopback alone and its socket
# lives in <dir>. Durability is off (fsync, synchronous_commit): the data lives as long as the run.
# PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` user.
set -euo pipefail

MARKER=newsmill-pg-test-server

fail() {
  echo "pg-test-server: $*" >&2
  exit 1
}

# The newest installed server: Debian keeps each major version in /usr/lib/postgresql/<major>/bin,
# outside PATH; NEWSMILL_PG_BIN picks another folder, and a PATH with initdb (other systems) is last.
find_bin() {
  if [ -n "${NEWSMILL_PG_BIN:-}" ]; then
    [ -x "$NEWSMILL_PG_BIN/initdb" ] || fail "NEWSMILL_PG_BIN=$NEWSMILL_PG_BIN has no initdb"
    echo "$NEWSMILL_PG_BIN"
    return
  fi
  local newest
  newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
    echo "$newest"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    fail "no PostgreSQL server binaries (initdb) found; on Debian: apt-get install postgresql"
  fi
}

# Runs a server command as the cluster's owner: this user, or `postgres` when this user is root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A port the OS says is free on 127.0.0.1 now; another process may still take it before the
# server binds it, which start() notices and retries.
free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

start() {
  local dir="$1" bin port attempt
  case "$dir" in
    *"'"* | *'\'* | *' '*) fail "the folder must not contain quotes, backslashes or spaces: $dir" ;;
  esac
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then fail "$dir is not empty"; fi
  command -v node >/dev/null 2>&1 || fail "node is needed to find a free port"
  bin="$(find_bin)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  # From here on, `stop <dir>` cleans up whatever a failure leaves.
  touch "$dir/$MARKER"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 ||
      fail "running as root, and PostgreSQL refuses root: create a 'postgres' user (Debian's postgresql package does) or run as another user"
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      fail "the postgres user cannot write $dir (is a folder above it private to root?)"
  fi
  # initdb and pg_ctl change into their data folder's parent; root's home would warn.
  cd "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    fail "initdb failed:"$'\n'"$(cat "$dir/initdb.log")"
  cat >>"$dir/data/postgresql.conf" <<EOF

# newsmill's throwaway test server (scripts/pg-test-server.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
# The multi-process tests open many connections at once.
max_connections = 300
EOF
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    [ ! -f "$dir/server.log" ] || : >"$dir/server.log"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null; then
      if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30; then
        echo "$port" >"$dir/port"
        echo "postgres://postgres@127.0.0.1:$port/postgres"
        return 0
      fi
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    # Another process took the port between the probe and the server's bind: try another.
    grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null || break
    echo "pg-test-server: port $port was taken meanwhile (attempt $attempt); trying another" >&2
  done
  fail "the server did not start; the end of its log ($dir/server.log):"$'\n'"$(tail -n 20 "$dir/server.log" 2>/dev/null)"
}

stop() {
  local dir="$1" bin
  [ -e "$dir" ] || return 0
  # Only a folder this script made is removed, whatever path the caller passed.
  [ -f "$dir/$MARKER" ] || fail "$dir was not made by pg-test-server.sh start; leaving it alone"
  if [ -f "$dir/data/postmaster.pid" ]; then
    bin="$(find_bin)"
    (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null) ||
      echo "pg-test-server: pg_ctl stop failed; removing $dir anyway" >&2
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start | stop)
    [ $# -eq 2 ] && [ -n "$2" ] || fail "usage: $0 start|stop <dir>"
    "$1" "$2"
    ;;
  *) fail "usage: $0 start|stop <dir>" ;;
esac
