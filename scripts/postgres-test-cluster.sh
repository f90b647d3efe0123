#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the test suite: Debian's `postgresql` package, a data
# directory of its own, owned and run by the `postgres` user, listening on loopback only, with a
# `juri` role that may create (and drop) the test databases. Prints the URL to export as
# JURI_TEST_POSTGRES. Usage: scripts/postgres-test-cluster.sh start|stop [data-dir] [port]
# Run as root (CI, or a developer's machine); it never touches the package's own `main` cluster.
set -euo pipefail

action="${1:-start}"
dir="${2:-/tmp/juri-test-postgres}"
port="${3:-54329}"
url="postgres://juri@127.0.0.1:${port}/postgres"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ]; then
	echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
	exit 1
fi
as_postgres() { runuser -u postgres -- "$@"; }

case "$action" in
start)
	if [ ! -f "$dir/PG_VERSION" ]; then
		mkdir -p "$dir"
		chown postgres:postgres "$dir"
		chmod 700 "$dir"
		# C.UTF-8: text sorts by code point, as SQLite's BINARY collation does. Trust on loopback
		# only: a test cluster on this machine, never reachable from elsewhere.
		as_postgres "$bin/initdb" -D "$dir" --locale=C.UTF-8 --encoding=UTF8 --auth=trust --username=postgres >/dev/null
	fi
	# fsync off: a test cluster need not survive a power cut. Autovacuum off: the test databases
	# live seconds, and a vacuum worker in one would stop its DROP DATABASE … WITH (FORCE) (only a
	# superuser may end it).
	if ! as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
		as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
			-o "-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200 -c autovacuum=off" start >/dev/null
	fi
	as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA -c \
		"DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'juri') THEN CREATE ROLE juri LOGIN CREATEDB; END IF; END \$\$;" >/dev/null
	echo "$url"
	;;
stop)
	as_postgres "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
	;;
*)
	echo "usage: $0 start|stop [data-dir] [port]" >&2
	exit 2
	;;
esac
