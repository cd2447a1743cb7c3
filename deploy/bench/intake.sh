#!/usr/bin/env bash
# Intake under load: authenticated POST /images/generate through the gateway with wrk, at each concurrency
# given, counting every answer by status. Needs a suite started for it (from the repository root):
#
#   deploy/bench/intake.sh --start      # runs deploy/local/start.sh with the settings below, in the background
#   deploy/bench/intake.sh [seconds=15] [connections="64 256"] [users=64] [gateway=http://localhost:8080]
#
# The settings: no rate limits and limits no user reaches (so every refusal is the suite's own, not a user's),
# and a provider address that accepts connections and never answers, so no job finishes meanwhile and only
# intake is measured. The jobs it queues go to streams of their own (prefix imagegen-bench, emptied at --start), so a
# suite started normally afterwards never works through them; their rows stay in the database, queued, under bench-* users.
# Needs wrk (apt-get install -y wrk), curl, jq, python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SILENT_PORT=${SILENT_PORT:-18999}

if [ "${1:-}" = "--start" ]; then
    # This benchmark's streams start empty: the jobs an earlier run queued are not worked through meanwhile.
    if command -v redis-cli >/dev/null && redis-cli ping >/dev/null 2>&1; then
        redis-cli --scan --pattern 'imagegen-bench*' | xargs -r -n 200 redis-cli del >/dev/null
    fi
    # A provider that takes the call and never answers: the worker waits out DALLE_TIMEOUT_SECONDS.
    python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $SILENT_PORT)); s.listen(4096); held = []
while True:
    held.append(s.accept()[0])
" &
    IMAGEGEN_STREAMS_PREFIX=imagegen-bench RATE_LIMIT_ENABLED=false MAX_IMAGES_PER_USER_PER_DAY=1000000000 MAX_MONTHLY_COST_PER_USER=1000000000 \
        OPENAI_API_KEY=sk-bench-not-a-key OPENAI_BASE_URL="http://127.0.0.1:$SILENT_PORT/v1" \
        exec "$ROOT/deploy/local/start.sh"
fi

seconds=${1:-15}
connections=${2:-"64 256"}
users=${3:-64}
gateway=${4:-http://localhost:8080}
for tool in wrk curl jq; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=deploy/bench/users.sh
. "$ROOT/deploy/bench/users.sh"
register_users "$users" bench "$gateway" "$work/tokens"

cat > "$work/intake.lua" <<'LUA'
-- Each request is one user's submit, users taken in turn; every answer is counted by its status.
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
local n = 0
statuses = {}
function request()
    n = n + 1
    return wrk.format("POST", "/images/generate", {
        ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1],
        ["Content-Type"] = "application/json" }, '{"prompt":"bench: a lighthouse at dusk","size":"1024x1024"}')
end
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency)
    local all, line = {}, ""
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do all[status] = (all[status] or 0) + count end
    end
    for status, count in pairs(all) do line = line .. status .. ":" .. count .. " " end
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT %.0f %.1f %.1f %.1f %d %s\n", summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors, line))
end
LUA

# CPU time (user + system, in clock ticks) of each suite process on this machine, by name: where a submit's CPU goes.
cpu_ticks() {
    local pid name
    for pid in $(pgrep -f 'quarkus-run.jar' || true); do
        name=$(tr '\0' ' ' </proc/"$pid"/cmdline | grep -o '[a-z]*-service' | head -1)
        echo "$name $(awk '{print $14 + $15}' /proc/"$pid"/stat)"
    done
    echo "postgres $(for pid in $(pgrep -u postgres || true); do awk '{print $14 + $15}' /proc/"$pid"/stat 2>/dev/null; done | awk '{s += $1} END {print s + 0}')"
    echo "redis $(for pid in $(pgrep redis-server || true); do awk '{print $14 + $15}' /proc/"$pid"/stat; done | awk '{s += $1} END {print s + 0}')"
}
ticks_per_second=$(getconf CLK_TCK)

printf '%-12s %-9s %-9s %-9s %-9s %-13s %s\n' connections req/s p50-ms p99-ms max-ms socket-errs statuses
for c in $connections; do
    # A short warm-up at the same concurrency: JIT and pools, not counted.
    BENCH_TOKENS="$work/tokens" wrk -t2 -c"$c" -d3s -s "$work/intake.lua" "$gateway" >/dev/null 2>&1 || true
    cpu_ticks >"$work/cpu.before"
    result=$(BENCH_TOKENS="$work/tokens" wrk -t2 -c"$c" -d"${seconds}s" --timeout 10s -s "$work/intake.lua" \
        "$gateway" | grep '^RESULT')
    cpu_ticks >"$work/cpu.after"
    read -r _ rps p50 p99 max errs statuses <<<"$result"
    printf '%-12s %-9s %-9s %-9s %-9s %-13s %s\n' "$c" "$rps" "$p50" "$p99" "$max" "$errs" "$statuses"
    requests=$(awk -v r="$rps" -v s="$seconds" 'BEGIN {print r * s}')
    printf '%12s CPU ms per request:' ''
    join <(sort "$work/cpu.before") <(sort "$work/cpu.after") | awk -v n="$requests" -v hz="$ticks_per_second" \
        '{printf " %s %.2f", $1, ($3 - $2) * 1000 / hz / n}'
    echo
done
