#!/usr/bin/env bash
# A local, read-only Apache Jena Fuseki (main) on loopback, resolved from Maven Central (tools/servers).
#
#   scripts/fuseki.sh start FILE    load FILE (TriG, Turtle, N-Quads …) into a fresh TDB2 dataset whose
#                                   default graph is the union of its named graphs (as `kg ask` sees
#                                   the build), served read-only at /jejaring (query: /jejaring/query)
#   scripts/fuseki.sh stop          stop it
#   scripts/fuseki.sh env           print the export FUSEKI_URL=… line (the dataset's base URL)
#   scripts/fuseki.sh status        exit 0 when it is running
#   scripts/fuseki.sh riot ARGS…    run Jena's riot (e.g. --validate FILE)
#   scripts/fuseki.sh shacl ARGS…   run Jena's shacl (e.g. validate --shapes S.ttl --data D.ttl)
#
# Environment: FUSEKI_STATE_DIR (default tools/servers/run/fuseki, gitignored), FUSEKI_PORT
# (default a free one), FUSEKI_TIMEOUT_MS (query timeout, default 30000),
# FUSEKI_START_TIMEOUT (seconds, default 120).
set -euo pipefail
source "$(dirname "$0")/servers_common.sh"

STATE="${FUSEKI_STATE_DIR:-$SERVERS/run/fuseki}"
CLASSPATH_DIR="$SERVERS/jena/target/lib"
JAVA_OPTS=(-Xss2m -XX:TieredStopAtLevel=1 -Dlog4j2.disable.jmx=true)

wait_for_ping() {
    local timeout="${FUSEKI_START_TIMEOUT:-120}"
    python3 - "http://127.0.0.1:$(cat "$STATE/port")/\$/ping" "$timeout" "$STATE/fuseki.pid" <<'EOF'
import os, sys, time, urllib.request

url, timeout, pidfile = sys.argv[1], float(sys.argv[2]), sys.argv[3]
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        os.kill(int(open(pidfile).read()), 0)
    except (OSError, ValueError):
        sys.exit("fuseki exited during start-up")
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(f"fuseki did not answer {url} within {timeout:.0f} s")
EOF
}

start() {
    local data="${1:-}"
    [ -n "$data" ] && [ -f "$data" ] || { echo "usage: $0 start FILE (an RDF file to serve)" >&2; return 2; }
    ensure_classpath
    mkdir -p "$STATE"
    if pid_alive "$STATE/fuseki.pid"; then
        echo "fuseki already running (scripts/fuseki.sh stop first to load another file)" >&2
        return 0
    fi
    local port="${FUSEKI_PORT:-$(free_port)}"
    rm -rf "$STATE/tdb2"
    if ! "$JAVA" "${JAVA_OPTS[@]}" -Xmx1g -cp "$CLASSPATH_DIR/*" tdb2.tdbloader --loc="$STATE/tdb2" "$data" \
        >"$STATE/load.log" 2>&1; then
        cat "$STATE/load.log" >&2
        return 1
    fi
    echo "$port" >"$STATE/port"
    nohup "$JAVA" "${JAVA_OPTS[@]}" -Xmx1g -cp "$CLASSPATH_DIR/*" org.apache.jena.fuseki.main.cmds.FusekiMainCmd \
        --localhost --port="$port" --ping --timeout="${FUSEKI_TIMEOUT_MS:-30000}" \
        --loc="$STATE/tdb2" --set=tdb2:unionDefaultGraph=true /jejaring \
        >"$STATE/fuseki.log" 2>&1 </dev/null &
    echo $! >"$STATE/fuseki.pid"
    if ! wait_for_ping; then
        tail -n 30 "$STATE/fuseki.log" >&2 || true
        stop_pid "$STATE/fuseki.pid" 10
        return 1
    fi
    echo "fuseki serving $data read-only at http://127.0.0.1:$port/jejaring" >&2
}

env_lines() {
    [ -f "$STATE/port" ] || { echo "no fuseki in $STATE (run: scripts/fuseki.sh start FILE)" >&2; return 1; }
    echo "export FUSEKI_URL=http://127.0.0.1:$(cat "$STATE/port")/jejaring"
}

jena_cmd() {
    ensure_classpath
    "$JAVA" "${JAVA_OPTS[@]}" -Xmx1g -cp "$CLASSPATH_DIR/*" "$@"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop_pid "$STATE/fuseki.pid" 30 ;;
    env) env_lines ;;
    status) pid_alive "$STATE/fuseki.pid" ;;
    riot) shift; jena_cmd riotcmd.riot "$@" ;;
    shacl) shift; jena_cmd shacl.shacl "$@" ;;
    *) echo "usage: $0 start FILE|stop|env|status|riot ARGS…|shacl ARGS…" >&2; exit 2 ;;
esac
