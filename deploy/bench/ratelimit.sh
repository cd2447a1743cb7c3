#!/usr/bin/env bash
# What the gateway's rate limiter (one Redis script per call) costs a request: starts the packaged
# gateway twice on a spare port against the local Redis and PostgreSQL, once with the limits on
# (buckets too large to refuse anything, so every call still runs the script) and once off, and
# drives GET /auth/me with wrk as one signed-in user.
# Needs: ./mvnw -B -DskipTests package -pl gateway-service -am, wrk (apt-get install wrk), curl.
# Usage: deploy/bench/ratelimit.sh [seconds=15] [connections=16]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-15}
connections=${2:-16}
port=18990
jar=gateway-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "package the gateway first: ./mvnw -B -DskipTests package -pl gateway-service -am" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

start_gateway() { # enabled
    IMAGEGEN_DATA_DIR=$work QUARKUS_HTTP_PORT=$port MANAGEMENT_PORT=$((port + 1)) RATE_LIMIT_ENABLED=$1 \
        IMAGEGEN_RATELIMIT_GROUPS_API_CAPACITY=1000000000 IMAGEGEN_RATELIMIT_GROUPS_API_REFILL_PER_MINUTE=1000000000 \
        IMAGEGEN_RATELIMIT_GROUPS_AUTH_CAPACITY=1000 IMAGEGEN_STREAMS_PREFIX="bench-$$" \
        java -jar "$jar" >"$work/gateway-$1.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$((port + 1))/q/health/ready" >/dev/null 2>&1 && return 0 # the management port
        sleep 0.5
    done
    echo "gateway did not start; see $work/gateway-$1.log" >&2
    exit 1
}

run() { # enabled
    start_gateway "$1"
    local email="bench-$RANDOM$RANDOM@example.test" body token
    body="{\"email\":\"$email\",\"password\":\"correct horse battery staple\"}"
    curl -fs -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/auth/register" >/dev/null
    token=$(curl -fs -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/auth/login" \
        | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
    # Warm-up (JIT), then the measured run.
    wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/auth/me" >/dev/null
    echo "== rate limits enabled=$1: GET /auth/me, ${seconds}s, $connections connections"
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$port/auth/me" | grep -E 'Requests/sec|50%|90%|99%|Non-2xx'
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
}

run true
run false
redis-cli --scan --pattern "bench-$$:*" | xargs -r redis-cli del >/dev/null
