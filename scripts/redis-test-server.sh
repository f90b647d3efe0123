#!/usr/bin/env bash
# Starts a throwaway Redis for the multi-process test: Debian's `redis-server` package, a directory
# of its own, listening on loopback only, nothing persisted (the adapter's messages need no disk).
# Prints the URL to export as JURI_TEST_REDIS. It never touches the package's own service.
# Usage: scripts/redis-test-server.sh start|stop [dir] [port]
set -euo pipefail

action="${1:-start}"
dir="${2:-/tmp/juri-test-redis}"
port="${3:-63799}"
url="redis://127.0.0.1:${port}"

if ! command -v redis-server >/dev/null 2>&1; then
	echo "Redis is not installed: apt-get install -y redis-server" >&2
	exit 1
fi

case "$action" in
start)
	mkdir -p "$dir"
	if ! redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
		redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
			--daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
		for _ in $(seq 50); do
			redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break
			sleep 0.1
		done
	fi
	redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null
	echo "$url"
	;;
stop)
	redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
	;;
*)
	echo "usage: $0 start|stop [dir] [port]" >&2
	exit 2
	;;
esac
