# Shared by scripts/neo4j.sh and scripts/fuseki.sh (sourced, not run).
# Resolves the Java servers from Maven Central into tools/servers/*/target/lib and picks ports.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVERS="$REPO/tools/servers"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Resolve every server's classpath once (again when a pom changes); quiet unless it fails.
ensure_classpath() {
    local marker="$SERVERS/target/.resolved"
    local newest
    newest=$(find "$SERVERS" -name pom.xml -newer "$marker" 2>/dev/null | head -1) || true
    if [ -f "$marker" ] && [ -z "$newest" ] \
        && [ -d "$SERVERS/neo4j/target/lib" ] && [ -d "$SERVERS/jena/target/lib" ] \
        && [ -d "$SERVERS/cypher-shell/target/lib" ]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || { echo "mvn is not installed (apt-get install maven)" >&2; return 1; }
    local log
    log=$(mktemp)
    if ! mvn -q -B -f "$SERVERS/pom.xml" package >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "could not resolve the servers from Maven Central (see above)" >&2
        return 1
    fi
    rm -f "$log"
    mkdir -p "$SERVERS/target"
    touch "$marker"
}

# Print a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# True when the process whose id is in file $1 is alive.
pid_alive() {
    [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# Stop the process whose id is in file $1 (TERM, then KILL after $2 seconds).
stop_pid() {
    local pidfile="$1" grace="${2:-30}" pid
    if ! pid_alive "$pidfile"; then
        rm -f "$pidfile"
        return 0
    fi
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq $((grace * 5))); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}
