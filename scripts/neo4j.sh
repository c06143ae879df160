#!/usr/bin/env bash
# A local Neo4j 5 LTS Community server on loopback, resolved from Maven Central (tools/servers).
#
#   scripts/neo4j.sh start          start (if not running) and wait until Bolt answers a query
#   scripts/neo4j.sh stop           stop it
#   scripts/neo4j.sh env            print the export NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD lines
#   scripts/neo4j.sh status         exit 0 when it is running
#   scripts/neo4j.sh init           write the configuration and password of a fresh instance
#   scripts/neo4j.sh admin ARGS…    run neo4j-admin on the instance (e.g. database import full …)
#   scripts/neo4j.sh cypher-shell ARGS…   run cypher-shell against NEO4J_URI (else this instance)
#
# Environment: NEO4J_STATE_DIR (instance folder; default tools/servers/run/neo4j, gitignored),
# NEO4J_PORT (Bolt port; default a free one), NEO4J_HEAP (default 1g),
# NEO4J_START_TIMEOUT (seconds, default 180). Several instances may run at once, one per folder.
# Usage:  eval "$(scripts/neo4j.sh start && scripts/neo4j.sh env)"
set -euo pipefail
source "$(dirname "$0")/servers_common.sh"

STATE="${NEO4J_STATE_DIR:-$SERVERS/run/neo4j}"
PASSWORD="jejaring-test"  # a throwaway server on loopback
CLASSPATH_DIR="$SERVERS/neo4j/target/lib"
JAVA_OPTS=(
    -XX:+UseG1GC -XX:+UseCompressedOops -XX:+AlwaysPreTouch -XX:-OmitStackTraceInFastThrow
    -XX:TieredStopAtLevel=1 -Xss2m -Djdk.nio.maxCachedBufferSize=1024 -Dlog4j2.disable.jmx=true
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
)

java_with_home() {
    NEO4J_HOME="$STATE" NEO4J_CONF="$STATE/conf" "$JAVA" "${JAVA_OPTS[@]}" "$@"
}

init() {
    ensure_classpath
    if [ -f "$STATE/conf/neo4j.conf" ]; then
        return 0
    fi
    local port="${NEO4J_PORT:-$(free_port)}" heap="${NEO4J_HEAP:-1g}"
    mkdir -p "$STATE"/{conf,data,logs,run,import,plugins,licenses}
    cat >"$STATE/conf/neo4j.conf" <<EOF
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$port
server.bolt.advertised_address=127.0.0.1:$port
server.http.enabled=false
server.https.enabled=false
server.memory.heap.initial_size=256m
server.memory.heap.max_size=$heap
server.memory.pagecache.size=256m
dbms.usage_report.enabled=false
db.tx_log.rotation.retention_policy=1 files
server.directories.import=$STATE/import
EOF
    echo "$port" >"$STATE/port"
    java_with_home -Xmx256m -cp "$CLASSPATH_DIR/*" org.neo4j.cli.AdminTool \
        dbms set-initial-password "$PASSWORD" >"$STATE/logs/admin.log" 2>&1 \
        || { cat "$STATE/logs/admin.log" >&2; return 1; }
}

wait_for_bolt() {
    local timeout="${NEO4J_START_TIMEOUT:-180}"
    python3 - "bolt://127.0.0.1:$(cat "$STATE/port")" "$PASSWORD" "$timeout" "$STATE/run/neo4j.pid" <<'EOF'
import logging, os, sys, time
import neo4j

logging.getLogger("neo4j").setLevel(logging.CRITICAL)

uri, password, timeout, pidfile = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
deadline = time.monotonic() + timeout
last = ""
while time.monotonic() < deadline:
    try:
        os.kill(int(open(pidfile).read()), 0)
    except (OSError, ValueError):
        sys.exit("neo4j exited during start-up")
    try:
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
            with driver.session() as session:
                session.run("RETURN 1").consume()
            sys.exit(0)
    except Exception as exc:  # not up yet
        last = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        time.sleep(0.5)
sys.exit(f"neo4j did not answer on {uri} within {timeout:.0f} s: {last}")
EOF
}

start() {
    init
    if pid_alive "$STATE/run/neo4j.pid"; then
        return 0
    fi
    local heap="${NEO4J_HEAP:-1g}"
    NEO4J_HOME="$STATE" NEO4J_CONF="$STATE/conf" nohup "$JAVA" "${JAVA_OPTS[@]}" -Xms256m "-Xmx$heap" \
        -cp "$CLASSPATH_DIR/*" org.neo4j.server.CommunityEntryPoint \
        "--home-dir=$STATE" "--config-dir=$STATE/conf" >"$STATE/logs/console.log" 2>&1 </dev/null &
    echo $! >"$STATE/run/neo4j.pid"
    if ! wait_for_bolt; then
        tail -n 30 "$STATE/logs/neo4j.log" "$STATE/logs/console.log" >&2 2>/dev/null || true
        stop_pid "$STATE/run/neo4j.pid" 10
        return 1
    fi
    echo "neo4j running on bolt://127.0.0.1:$(cat "$STATE/port") (state in $STATE)" >&2
}

env_lines() {
    [ -f "$STATE/port" ] || { echo "no neo4j instance in $STATE (run: scripts/neo4j.sh start)" >&2; return 1; }
    echo "export NEO4J_URI=neo4j://127.0.0.1:$(cat "$STATE/port")"
    echo "export NEO4J_USER=neo4j"
    echo "export NEO4J_PASSWORD=$PASSWORD"
}

case "${1:-}" in
    start) start ;;
    stop) stop_pid "$STATE/run/neo4j.pid" 60 ;;
    env) env_lines ;;
    status) pid_alive "$STATE/run/neo4j.pid" ;;
    init) init ;;
    admin) shift; init; java_with_home -Xmx1g -cp "$CLASSPATH_DIR/*" org.neo4j.cli.AdminTool "$@" ;;
    cypher-shell)
        shift; ensure_classpath
        uri="${NEO4J_URI:-}"
        [ -n "$uri" ] || uri="neo4j://127.0.0.1:$(cat "$STATE/port")"
        "$JAVA" -Xmx256m -cp "$SERVERS/cypher-shell/target/lib/*" org.neo4j.shell.Main \
            -a "$uri" -u "${NEO4J_USER:-neo4j}" -p "${NEO4J_PASSWORD:-$PASSWORD}" "$@" ;;
    *) echo "usage: $0 start|stop|env|status|init|admin ARGS…|cypher-shell ARGS…" >&2; exit 2 ;;
esac
