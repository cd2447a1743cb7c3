#!/usr/bin/env bash
# How many provider calls one worker process holds in flight, and how many images a minute it turns
# out, against a fake OpenAI (WireMock) that answers every call after a fixed latency.
# Needs: the packaged worker (./mvnw -B -q install -DskipTests), Redis and PostgreSQL as for the suite,
# java, curl, redis-cli. Runs on ports 18982 (worker) and 18990 (fake provider), streams of its own.
# Usage: deploy/bench/worker-inflight.sh [max-in-flight=256] [latency-s=10] [window-s=120] [jobs=4000]
# JAVA_OPTS (default below) and MALLOC_ARENA_MAX (default 2) size the worker's JVM for a small pod.
set -euo pipefail
max_in_flight=${1:-256}
latency=${2:-10}
window=${3:-120}
jobs=${4:-4000}
java_opts=${JAVA_OPTS:--Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -Xss512k}
# glibc's per-thread malloc arenas are most of a JVM's RSS beyond its heap on a small machine.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
worker_jar=$root/worker-service/target/quarkus-app/quarkus-run.jar
wiremock_jar=${WIREMOCK_JAR:-$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar}
redis_url=${REDIS_URL:-redis://127.0.0.1:6379}
prefix="bench-$(date +%s)"
work=$(mktemp -d)
[ -f "$worker_jar" ] || { echo "package the worker first: ./mvnw -B -q install -DskipTests" >&2; exit 1; }
[ -f "$wiremock_jar" ] || { echo "no WireMock jar at $wiremock_jar (set WIREMOCK_JAR)" >&2; exit 1; }

cleanup() {
  [ -n "${worker_pid:-}" ] && kill "$worker_pid" 2>/dev/null && wait "$worker_pid" 2>/dev/null || true
  [ -n "${fake_pid:-}" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null || true
  redis-cli -u "$redis_url" DEL "$prefix:jobs" "$prefix:events" "$prefix:jobs:dead" "$prefix:ratelimit:provider" >/dev/null
  redis-cli -u "$redis_url" --scan --pattern "$prefix:claim:*" | xargs -r -n 500 redis-cli -u "$redis_url" DEL >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The fake provider: slow answers wait on timers, not threads, so hundreds can be open at once.
java -jar "$wiremock_jar" --port 18990 --async-response-enabled true --async-response-threads 16 \
  --container-threads 64 --disable-request-logging --no-request-journal --root-dir "$work/wiremock" \
  >"$work/wiremock.log" 2>&1 &
fake_pid=$!
until curl -fs -o /dev/null http://127.0.0.1:18990/__admin/mappings; do sleep 0.5; done
png=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=
curl -fs -o /dev/null -X POST http://127.0.0.1:18990/__admin/mappings -d "{\"request\":{\"method\":\"POST\",
  \"url\":\"/v1/images/generations\"},\"response\":{\"status\":200,\"fixedDelayMilliseconds\":$((latency * 1000)),
  \"headers\":{\"Content-Type\":\"application/json\"},\"body\":\"{\\\"data\\\":[{\\\"b64_json\\\":\\\"$png\\\"}]}\"}}"
curl -fs -o /dev/null -X POST http://127.0.0.1:18990/__admin/mappings -d '{"request":{"method":"GET",
  "urlPathPattern":"/v1/models/.*"},"response":{"status":200,"jsonBody":{"id":"gpt-image-2.6-flare"}}}'

# The backlog: more jobs than the worker can finish in the window, so it is never short of work.
for i in $(seq 1 "$jobs"); do
  printf 'XADD %s:jobs * payload "{\\"v\\":1,\\"job_id\\":\\"%s\\",\\"user_id\\":\\"%s\\",\\"prompt\\":\\"bench %s\\",\\"model\\":\\"gpt-image-2.6-flare\\",\\"size\\":\\"1024x1024\\",\\"quality\\":\\"medium\\",\\"requested_at\\":\\"2026-01-01T00:00:00Z\\",\\"attempt\\":1}"\n' \
    "$prefix" "$(cat /proc/sys/kernel/random/uuid)" "$(cat /proc/sys/kernel/random/uuid)" "$i"
done | redis-cli -u "$redis_url" >/dev/null

# shellcheck disable=SC2086
QUARKUS_HTTP_PORT=18982 IMAGEGEN_STREAMS_PREFIX=$prefix WORKER_MAX_IN_FLIGHT=$max_in_flight \
  OPENAI_API_KEY=sk-bench-not-a-real-key OPENAI_BASE_URL=http://127.0.0.1:18990/v1 \
  DALLE_TIMEOUT_SECONDS=$((latency * 3)) IMAGEGEN_PROVIDER_IMAGES_PER_MINUTE=1000000 \
  IMAGEGEN_WORKER_RATE_LIMIT_BURST=1000 \
  java $java_opts -jar "$worker_jar" >"$work/worker.log" 2>&1 &
worker_pid=$!
until curl -fs -o /dev/null http://127.0.0.1:18982/q/health/ready; do
  kill -0 "$worker_pid" 2>/dev/null || { echo "the worker did not start:" >&2; tail -20 "$work/worker.log" >&2; exit 1; }
  sleep 0.5
done

metric() { curl -fs http://127.0.0.1:18982/q/metrics | awk -v m="$1" 'index($0, m) == 1 { v = $NF } END { print v + 0 }'; }
generated() { metric 'imagegen_worker_jobs_total{outcome="generated"'; }

# Warm up for one latency period so the window measures the steady state, not the ramp.
sleep "$latency"
start_generated=$(generated)
max_in_flight_seen=0
max_rss=0
end=$(( $(date +%s) + window ))
while [ "$(date +%s)" -lt "$end" ]; do
  in_flight=$(metric 'imagegen_worker_jobs_in_flight')
  in_flight=${in_flight%.*}
  rss=$(ps -o rss= -p "$worker_pid" | tr -d ' ')
  [ "$in_flight" -gt "$max_in_flight_seen" ] && max_in_flight_seen=$in_flight
  [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  sleep 2
done
done_generated=$(generated)
images=$(( ${done_generated%.*} - ${start_generated%.*} ))
echo "max-in-flight: $max_in_flight  provider latency: ${latency} s  window: ${window} s  JVM: $java_opts, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"
echo "in flight (max seen): $max_in_flight_seen"
echo "images generated in window: $images  ($(( images * 60 / window )) images/minute)"
echo "worker RSS (max seen): $(( max_rss / 1024 )) MiB"
