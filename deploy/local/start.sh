#!/usr/bin/env bash
# Runs the whole imagegen suite on this machine, in the foreground; Ctrl-C stops everything it started.
#
# Uses the Redis and PostgreSQL already answering on their standard local ports (or REDIS_URL /
# DATABASE_URL), and starts embedded ones (deploy/local-infra) when there are none. Builds the services
# when their jars are missing or older than their sources.
#
# Usage: deploy/local/start.sh [--rebuild]
# Env:   IMAGEGEN_DATA_DIR (default ~/.imagegen: JWT keys, logs, embedded databases), OPENAI_API_KEY
#        (unset = offline provider), REDIS_URL, DATABASE_URL (postgresql://host:port/db),
#        DATABASE_USER, DATABASE_PASSWORD, IMAGEGEN_READY_TIMEOUT (seconds per service, default 120),
#        ADMIN_SETUP_TOKEN (the one-time token that makes the first admin; unset = the gateway makes one
#        and this script prints it), IMAGEGEN_JAVA_OPTS (JVM options after the defaults: heap limits below).
# Written for bash 3.2 too (macOS): no associative arrays, no `wait -n`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES=(gateway-service generation-service worker-service gallery-service chat-service)
PORTS=(8080 8081 8082 8083 8084)
# Where each answers /q/health/ready: the gateway serves it on its management port (MANAGEMENT_PORT, default 9000),
# never on the public 8080.
MANAGEMENT_PORT="${MANAGEMENT_PORT:-9000}"
HEALTH_PORTS=("$MANAGEMENT_PORT" 8081 8082 8083 8084)
# Each service's heap limit, so that no JVM grows toward a quarter of the machine: the worker's holds the images of
# the jobs it has in flight (a 2.9 MB PNG is ~10 MB while it is decoded from the provider's JSON), the gallery's
# decodes them for thumbnails. The serial collector suits heaps this small and gives memory back when idle.
# IMAGEGEN_JAVA_OPTS comes after these, so it can change any of them (e.g. IMAGEGEN_JAVA_OPTS=-Xmx1g).
HEAPS=(192m 192m 768m 512m 128m)
JVM_OPTS="-Xms16m -XX:+UseSerialGC"
DATA_DIR="${IMAGEGEN_DATA_DIR:-$HOME/.imagegen}"
LOG_DIR="$DATA_DIR/logs"
RUN_DIR="$DATA_DIR/run"
INFRA_DIR="$DATA_DIR/infra"
READY_TIMEOUT="${IMAGEGEN_READY_TIMEOUT:-120}"
INFRA_CP="$ROOT/deploy/local-infra/target/classes:$ROOT/deploy/local-infra/target/lib/*"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

SERVICE_PIDS=()  # pid of each service this run started, by index in SERVICES
INFRA_PID=""     # the embedded-infra JVM, if this run started one

say() { printf '==> %s\n' "$*"; }
fail() { printf 'start.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

rebuild=false
for arg in "$@"; do
    case "$arg" in
        --rebuild) rebuild=true ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

# ---------------------------------------------------------------- small probes (no extra tools needed)

port_open() { # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

redis_answers() { # host port
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h "$1" -p "$2" ping 2>/dev/null)" = "PONG" ]
    else
        (
            exec 3<>"/dev/tcp/$1/$2" || exit 1
            printf 'PING\r\n' >&3
            IFS= read -r -t 3 reply <&3 || exit 1
            case "$reply" in +PONG*) exit 0 ;; *) exit 1 ;; esac
        ) 2>/dev/null
    fi
}

postgres_answers() { # host port
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$1" -p "$2" -t 3
    else
        port_open "$1" "$2"
    fi
}

http_ok() { # port path: true when it answers 200
    if command -v curl >/dev/null 2>&1; then
        [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$1$2" 2>/dev/null)" = "200" ]
    else
        (
            exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
            printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
            IFS= read -r -t 3 status <&3 || exit 1
            case "$status" in "HTTP/"*" 200"*) exit 0 ;; *) exit 1 ;; esac
        ) 2>/dev/null
    fi
}

alive() { # pid
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null
}

# A pid file names one of ours only while that pid still runs the command we started.
recorded_pid() { # pidfile pattern -> prints the pid when it is alive and matches
    local pid
    [ -f "$1" ] || return 1
    pid="$(head -n 1 "$1" 2>/dev/null || true)"
    case "$pid" in ''|*[!0-9]*) return 1 ;; esac
    alive "$pid" || return 1
    ps -p "$pid" -o command= 2>/dev/null | grep -q -- "$2" || return 1
    printf '%s\n' "$pid"
}

# Stops processes that are not our children (left by a launcher that was killed): TERM, then KILL.
stop_foreign() { # pid name
    local i=0
    kill -TERM "$1" 2>/dev/null || return 0
    while alive "$1" && [ "$i" -lt 60 ]; do sleep 0.5; i=$((i + 1)); done
    if alive "$1"; then kill -KILL "$1" 2>/dev/null || true; fi
    say "stopped $2 (pid $1) left running by an earlier start.sh"
}

# ---------------------------------------------------------------- stopping what this run started

stopping=false
stop_all() {
    $stopping && return 0
    stopping=true
    local pids=() pid watchdog
    for pid in ${SERVICE_PIDS[@]+"${SERVICE_PIDS[@]}"}; do
        if alive "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    if [ "${#pids[@]}" -gt 0 ]; then
        say "Stopping the services"
        # Quarkus finishes in-flight work on SIGTERM; a service still up after 30 s is killed.
        (sleep 30; kill -KILL "${pids[@]}" 2>/dev/null) &
        watchdog=$!
        for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
        kill "$watchdog" 2>/dev/null || true
        wait "$watchdog" 2>/dev/null || true
    fi
    if alive "$INFRA_PID"; then
        say "Stopping embedded infrastructure"
        kill -TERM "$INFRA_PID" 2>/dev/null || true
        (sleep 60; kill -KILL "$INFRA_PID" 2>/dev/null) &
        watchdog=$!
        wait "$INFRA_PID" 2>/dev/null || true
        kill "$watchdog" 2>/dev/null || true
        wait "$watchdog" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR"/*.pid
}

on_exit() {
    local status=$?
    trap - EXIT INT TERM HUP
    # Finish stopping even if the terminal or a pipe reading our output is already gone.
    set +e
    trap '' PIPE
    stop_all
    exit "$status"
}

on_signal() {
    printf '\n'
    say "Stop requested"
    exit 0 # the EXIT trap stops everything
}

# ---------------------------------------------------------------- 0. one launcher per data folder

mkdir -p "$LOG_DIR" "$RUN_DIR" "$INFRA_DIR"
if other="$(recorded_pid "$RUN_DIR/launcher.pid" start.sh)" && [ "$other" != "$$" ]; then
    fail "imagegen is already running from this data folder (start.sh pid $other). Stop it with Ctrl-C there, or: kill $other"
fi
# No live launcher, so anything still recorded was orphaned by a launcher that was killed.
for pidfile in "$RUN_DIR"/*.pid; do
    [ -f "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    case "$name" in
        launcher) pattern="" ;;
        local-infra) pattern="dev.imagegen.deploy.LocalInfra" ;;
        *) pattern="$name/target/quarkus-app/quarkus-run.jar" ;;
    esac
    if [ -n "$pattern" ] && pid="$(recorded_pid "$pidfile" "$pattern")"; then
        stop_foreign "$pid" "$name"
    fi
    rm -f "$pidfile"
done
echo "$$" >"$RUN_DIR/launcher.pid"
trap on_exit EXIT
trap on_signal INT TERM HUP

command -v "$JAVA" >/dev/null 2>&1 || fail "java not found: install a JDK 17 or newer (or set JAVA_HOME)"
java_major="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
if [ -n "$java_major" ] && [ "$java_major" -lt 17 ]; then
    fail "Java $java_major found; imagegen needs Java 17 or newer (set JAVA_HOME)"
fi

# ---------------------------------------------------------------- 1. build what is missing or stale

# The stamp marks start.sh's last build, so a source Maven chose not to repackage is not rebuilt forever.
STAMP="$ROOT/deploy/local/target/build.stamp"
changed_since() { # file that must be newer than every source, then the sources
    local reference=$1
    shift
    if [ -f "$STAMP" ]; then
        { find "$@" -type f -newer "$reference" -newer "$STAMP" -print 2>/dev/null || true; } | head -n 1
    else
        { find "$@" -type f -newer "$reference" -print 2>/dev/null || true; } | head -n 1
    fi
}

build_reason=""
infra_class="$ROOT/deploy/local-infra/target/classes/dev/imagegen/deploy/LocalInfra.class"
if $rebuild; then
    build_reason="--rebuild"
elif [ ! -f "$infra_class" ] || [ ! -d "$ROOT/deploy/local-infra/target/lib" ]; then
    build_reason="deploy/local-infra is not built"
elif changed="$(changed_since "$infra_class" "$ROOT/deploy/local-infra/src/main" "$ROOT/deploy/local-infra/pom.xml")" \
    && [ -n "$changed" ]; then
    build_reason="${changed#"$ROOT/"} changed since the last build"
else
    for svc in "${SERVICES[@]}"; do
        jar="$ROOT/$svc/target/quarkus-app/quarkus-run.jar"
        if [ ! -f "$jar" ]; then
            build_reason="$svc is not built"
            break
        fi
        changed="$(changed_since "$jar" "$ROOT/$svc/src/main" "$ROOT/$svc/pom.xml" \
            "$ROOT/common/src/main" "$ROOT/common/pom.xml" "$ROOT/pom.xml")"
        if [ -n "$changed" ]; then
            build_reason="${changed#"$ROOT/"} changed since the last build"
            break
        fi
    done
fi
if [ -n "$build_reason" ]; then
    say "Building imagegen ($build_reason); the first build downloads dependencies and takes a few minutes"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || fail "the build failed; see the Maven output above"
    mkdir -p "$(dirname "$STAMP")"
    touch "$STAMP"
fi

# ---------------------------------------------------------------- 2. Redis and 3. PostgreSQL

infra_args=()

if [ -n "${REDIS_URL:-}" ]; then
    say "Redis: $REDIS_URL (REDIS_URL)"
elif recorded_pid "$INFRA_DIR/redis/redis.pid" redis-server >/dev/null; then
    say "Redis: restarting the embedded Redis an earlier start.sh left running"
    infra_args+=(--redis 6379)
elif redis_answers 127.0.0.1 6379; then
    REDIS_URL="redis://127.0.0.1:6379"
    say "Redis: using the server on 127.0.0.1:6379"
elif port_open 127.0.0.1 6379; then
    fail "something listens on 127.0.0.1:6379 but does not answer PING (a password?); set REDIS_URL, e.g. redis://:password@127.0.0.1:6379"
else
    say "Redis: none on 127.0.0.1:6379; starting an embedded one"
    infra_args+=(--redis 6379)
fi

DATABASE_USER="${DATABASE_USER:-imagegen}"
DATABASE_PASSWORD="${DATABASE_PASSWORD:-imagegen}"

psql_admin() { # runs SQL as the postgres superuser over TCP, never prompting for a password
    PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -w -X -q -A -t -v ON_ERROR_STOP=1 "$@"
}

provision_postgres() {
    if ! command -v psql >/dev/null 2>&1; then
        say "PostgreSQL: psql is not installed, so start.sh cannot check for role 'imagegen' and database 'imagegen'."
        say "            If the services fail to start, run as a PostgreSQL superuser:"
        say "            CREATE ROLE imagegen LOGIN PASSWORD 'imagegen'; CREATE DATABASE imagegen OWNER imagegen;"
        return 0
    fi
    if psql_admin -c 'select 1' >/dev/null 2>&1; then
        if [ -z "$(psql_admin -c "select 1 from pg_roles where rolname = 'imagegen'")" ]; then
            psql_admin -c "create role imagegen login password 'imagegen'"
            say "PostgreSQL: created role imagegen"
        fi
        if [ -z "$(psql_admin -c "select 1 from pg_database where datname = 'imagegen'")" ]; then
            psql_admin -c "create database imagegen owner imagegen"
            say "PostgreSQL: created database imagegen"
        fi
    elif ! PGPASSWORD="$DATABASE_PASSWORD" PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p 5432 -U "$DATABASE_USER" \
        -d imagegen -w -X -q -c 'select 1' >/dev/null 2>&1; then
        cat >&2 <<'EOF'
start.sh: PostgreSQL answers on 127.0.0.1:5432, but start.sh cannot log in as 'postgres' to create
imagegen's role and database, and 'imagegen' cannot log in yet. Run once as a PostgreSQL superuser
(for example: sudo -u postgres psql):

    CREATE ROLE imagegen LOGIN PASSWORD 'imagegen';
    CREATE DATABASE imagegen OWNER imagegen;

or point start.sh at another server with DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD.
EOF
        exit 1
    fi
}

if [ -n "${DATABASE_URL:-}" ]; then
    say "PostgreSQL: $DATABASE_URL (DATABASE_URL) as $DATABASE_USER"
elif recorded_pid "$INFRA_DIR/postgres/data/postmaster.pid" postgres >/dev/null; then
    say "PostgreSQL: restarting the embedded PostgreSQL an earlier start.sh left running"
    infra_args+=(--postgres 5432)
elif postgres_answers 127.0.0.1 5432; then
    DATABASE_URL="postgresql://127.0.0.1:5432/imagegen"
    say "PostgreSQL: using the server on 127.0.0.1:5432"
    provision_postgres
else
    say "PostgreSQL: none on 127.0.0.1:5432; starting an embedded one"
    infra_args+=(--postgres 5432)
fi

if [ "${#infra_args[@]}" -gt 0 ]; then
    infra_log="$LOG_DIR/local-infra.log"
    say "Embedded infrastructure: data in $INFRA_DIR, log $infra_log"
    # Its own session, so Ctrl-C reaches only this script, which stops the services before the databases.
    setsid_cmd=()
    if command -v setsid >/dev/null 2>&1; then setsid_cmd=(setsid); fi
    ${setsid_cmd[@]+"${setsid_cmd[@]}"} "$JAVA" -cp "$INFRA_CP" dev.imagegen.deploy.LocalInfra \
        "${infra_args[@]}" --data "$INFRA_DIR" >"$infra_log" 2>&1 </dev/null &
    INFRA_PID=$!
    echo "$INFRA_PID" >"$RUN_DIR/local-infra.pid"
    since=$SECONDS
    until grep -q '^LocalInfra ready:' "$infra_log" 2>/dev/null; do
        if ! alive "$INFRA_PID" || [ $((SECONDS - since)) -ge "$READY_TIMEOUT" ]; then
            tail -n 30 "$infra_log" >&2 || true
            fail "embedded infrastructure did not start (log: $infra_log)"
        fi
        sleep 1
    done
    case " ${infra_args[*]} " in *" --redis "*) REDIS_URL="redis://127.0.0.1:6379" ;; esac
    case " ${infra_args[*]} " in *" --postgres "*) DATABASE_URL="postgresql://127.0.0.1:5432/imagegen" ;; esac
    say "Embedded infrastructure ready"
fi

# ---------------------------------------------------------------- 4. data folder and 5. the services

mkdir -p "$DATA_DIR/jwt"
chmod 700 "$DATA_DIR/jwt"
export REDIS_URL DATABASE_URL DATABASE_USER DATABASE_PASSWORD
export IMAGEGEN_DATA_DIR="$DATA_DIR"

for i in "${!SERVICES[@]}"; do
    if port_open 127.0.0.1 "${PORTS[$i]}"; then
        fail "port ${PORTS[$i]} (${SERVICES[$i]}) is already in use; stop what listens there first"
    fi
done
if port_open 127.0.0.1 "$MANAGEMENT_PORT"; then
    fail "port $MANAGEMENT_PORT (the gateway's health and metrics) is already in use; stop what listens there or set MANAGEMENT_PORT"
fi
export MANAGEMENT_PORT

start_service() { # index
    local svc="${SERVICES[$1]}" log="$LOG_DIR/${SERVICES[$1]}.log" pid
    if [ -f "$log" ]; then mv -f "$log" "$log.1"; fi
    # shellcheck disable=SC2086 # word splitting wanted: options
    "$JAVA" -Xmx"${HEAPS[$1]}" $JVM_OPTS ${IMAGEGEN_JAVA_OPTS:-} -jar "$ROOT/$svc/target/quarkus-app/quarkus-run.jar" \
        >"$log" 2>&1 </dev/null &
    pid=$!
    SERVICE_PIDS[$1]=$pid
    echo "$pid" >"$RUN_DIR/$svc.pid"
}

# Waits until every service named by index answers 200 on /q/health/ready (on its HEALTH_PORTS port).
await_ready() { # index...
    local waiting=("$@") still i since=$SECONDS
    while [ "${#waiting[@]}" -gt 0 ]; do
        still=()
        for i in "${waiting[@]}"; do
            if http_ok "${HEALTH_PORTS[$i]}" /q/health/ready; then
                say "${SERVICES[$i]} ready on http://localhost:${PORTS[$i]}"
            elif ! alive "${SERVICE_PIDS[$i]}"; then
                printf '\n--- last lines of %s ---\n' "$LOG_DIR/${SERVICES[$i]}.log" >&2
                tail -n 40 "$LOG_DIR/${SERVICES[$i]}.log" >&2 || true
                fail "${SERVICES[$i]} exited during startup (log: $LOG_DIR/${SERVICES[$i]}.log)"
            elif [ $((SECONDS - since)) -ge "$READY_TIMEOUT" ]; then
                printf '\n--- last lines of %s ---\n' "$LOG_DIR/${SERVICES[$i]}.log" >&2
                tail -n 40 "$LOG_DIR/${SERVICES[$i]}.log" >&2 || true
                fail "${SERVICES[$i]} was not ready within ${READY_TIMEOUT}s (log: $LOG_DIR/${SERVICES[$i]}.log)"
            else
                still+=("$i")
            fi
        done
        waiting=(${still[@]+"${still[@]}"})
        if [ "${#waiting[@]}" -gt 0 ]; then sleep 1; fi
    done
}

say "Logs: $LOG_DIR"
# The gateway writes the JWT key pair on its first start; the others read its public key.
start_service 0
await_ready 0
for i in 1 2 3 4; do start_service "$i"; done
await_ready 1 2 3 4

echo
say "imagegen is running: http://localhost:8080"
# Mirrors worker-service's choice: IMAGEGEN_PROVIDER=auto (default) means OpenAI exactly when a key is set.
case "${IMAGEGEN_PROVIDER:-auto}:${OPENAI_API_KEY:+key}" in
    openai:*|auto:key) say "Provider: OpenAI at ${OPENAI_BASE_URL:-https://api.openai.com/v1}" ;;
    offline:*) say "Provider: offline (IMAGEGEN_PROVIDER=offline): images are rendered locally, at no cost" ;;
    *) say "Provider: offline (no OPENAI_API_KEY): images are rendered locally, at no cost, and labelled offline" ;;
esac
say "Data: $DATA_DIR (JWT keys in $DATA_DIR/jwt), logs: $LOG_DIR"
# While no admin exists the gateway keeps a one-time setup token (its own, in this file, or ADMIN_SETUP_TOKEN);
# this terminal is the operator's, so the token is shown here, never in a log.
SETUP_TOKEN_FILE="${ADMIN_SETUP_TOKEN_FILE:-$DATA_DIR/jwt/admin-setup-token}"
if [ -s "$SETUP_TOKEN_FILE" ]; then
    say "No admin yet: sign up, open http://localhost:8080/app/admin and enter this one-time setup token:"
    say "    $(cat "$SETUP_TOKEN_FILE")    (kept in $SETUP_TOKEN_FILE until it is used)"
elif [ -n "${ADMIN_SETUP_TOKEN:-}" ] && grep -q "No admin exists yet" "$LOG_DIR/gateway-service.log"; then
    say "No admin yet: sign up, open http://localhost:8080/app/admin and enter your ADMIN_SETUP_TOKEN"
fi
say "Press Ctrl-C to stop"

# Foreground until asked to stop; a service that dies takes the suite down rather than leaving it half up.
while true; do
    for i in "${!SERVICES[@]}"; do
        if ! alive "${SERVICE_PIDS[$i]}"; then
            tail -n 40 "$LOG_DIR/${SERVICES[$i]}.log" >&2 || true
            fail "${SERVICES[$i]} stopped unexpectedly (log: $LOG_DIR/${SERVICES[$i]}.log)"
        fi
    done
    if [ -n "$INFRA_PID" ] && ! alive "$INFRA_PID"; then
        tail -n 30 "$LOG_DIR/local-infra.log" >&2 || true
        fail "embedded infrastructure stopped unexpectedly (log: $LOG_DIR/local-infra.log)"
    fi
    # sleep in the background so a signal is handled at once, not after the sleep
    sleep 2 &
    wait $! || true
done
