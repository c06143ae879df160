#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine (as root), then run it.
# Python packages from PyPI, Chromium, Raptor, Java and Maven from Debian, the Cypher linter from npm,
# Neo4j and Jena from Maven Central (tools/servers).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rapper >/dev/null 2>&1 || need_apt+=(raptor2-utils)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -e ".[dev]"
npm ci --prefix tools/cypher-lint --no-audit --no-fund --loglevel=error

# Live servers on loopback for the Neo4j, Fuseki and Jena tests (Maven Central resolves them):
# Neo4j 5 Community, and Fuseki serving the seed build's TriG. Both stop when this script ends.
# A server that cannot start is reported here and its tests then fail (CI=true), not skip.
live=$(mktemp -d)
export NEO4J_STATE_DIR="$live/neo4j" FUSEKI_STATE_DIR="$live/fuseki"
stop_servers() { scripts/neo4j.sh stop || true; scripts/fuseki.sh stop || true; rm -rf "$live"; }
trap stop_servers EXIT
if scripts/neo4j.sh init; then  # resolves every server from Maven Central (once), then configures Neo4j
    scripts/neo4j.sh start &
    neo4j_started=$!
    if python3 -m kg build -o "$live/seed-build" --no-embedded >/dev/null 2>"$live/build.log"; then
        export FUSEKI_DATA="$live/seed-build/jejaring.trig"
        scripts/fuseki.sh start "$FUSEKI_DATA" && eval "$(scripts/fuseki.sh env)" || echo "Fuseki did not start" >&2
    else
        cat "$live/build.log" >&2; echo "no seed build for Fuseki" >&2
    fi
    if wait "$neo4j_started"; then eval "$(scripts/neo4j.sh env)"; else echo "Neo4j did not start" >&2; fi
else
    echo "the servers could not be resolved from Maven Central" >&2
fi

python3 -m pytest "$@"
