#!/usr/bin/env bash
# The whole pipeline under load: jobs submitted through the gateway at once, each answered at once by a provider fake
# with a 2.9 MB PNG (as a GPT-Image model answers, base64 in JSON), timed until every job is completed (stored in
# the gallery) or failed; then the resident memory of each service. Needs a suite started for it (repository root):
#
#   deploy/bench/pipeline.sh --start     # the provider fake and deploy/local/start.sh with the settings below
#   deploy/bench/pipeline.sh [jobs=200] [users=16] [gateway=http://localhost:8080]
#
# The settings: no rate limits (the provider's limiter neither) and limits no user reaches; the jobs go to streams
# of their own (prefix imagegen-pipeline, emptied at --start), so neither a suite started normally afterwards nor an
# earlier backlog mixes with them. Counts jobs in the database
# (psql, as deploy/local/start.sh set it up: role and database imagegen on 127.0.0.1:5432). Needs curl, jq, python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FAKE_PORT=${FAKE_PORT:-18998}

if [ "${1:-}" = "--start" ]; then
    # This benchmark's streams start empty: no backlog of an earlier run (or of deploy/bench/intake.sh) ahead of it.
    if command -v redis-cli >/dev/null && redis-cli ping >/dev/null 2>&1; then
        redis-cli --scan --pattern 'imagegen-pipeline*' | xargs -r -n 200 redis-cli del >/dev/null
    fi
    python3 - "$FAKE_PORT" <<'PY' &
# A provider fake: GET /v1/models and POST /v1/images/generations answered at once, the image a noise PNG of 2.9 MB.
import base64, json, os, struct, sys, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def png(width, height):
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))

MODEL = "gpt-image-2.6-flare"
IMAGE = json.dumps({"created": 1764547200, "data": [{"b64_json": base64.b64encode(png(1024, 940)).decode()}],
                    "background": "opaque", "output_format": "png", "size": "1024x1024", "quality": "medium",
                    "usage": {"total_tokens": 1100, "input_tokens": 44, "output_tokens": 1056,
                              "input_tokens_details": {"text_tokens": 44, "image_tokens": 0},
                              "output_tokens_details": {"image_tokens": 1056, "text_tokens": 0}}}).encode()
MODELS = json.dumps({"object": "list", "data": [{"id": MODEL, "object": "model", "created": 1762214400,
                                                 "owned_by": "system"}]}).encode()

class Fake(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self.answer(MODELS if self.path.endswith("/models") else json.dumps({"id": MODEL, "object": "model",
                                                                             "owned_by": "system"}).encode())
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.answer(IMAGE)
    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Fake).serve_forever()
PY
    IMAGEGEN_STREAMS_PREFIX=imagegen-pipeline RATE_LIMIT_ENABLED=false IMAGEGEN_PROVIDER_IMAGES_PER_MINUTE=1000000 MAX_IMAGES_PER_USER_PER_DAY=1000000000 MAX_MONTHLY_COST_PER_USER=1000000000 \
        OPENAI_API_KEY=sk-bench-not-a-key OPENAI_BASE_URL="http://127.0.0.1:$FAKE_PORT/v1" \
        exec "$ROOT/deploy/local/start.sh"
fi

jobs=${1:-200}
users=${2:-16}
gateway=${3:-http://localhost:8080}
for tool in curl jq psql; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=deploy/bench/users.sh
. "$ROOT/deploy/bench/users.sh"
register_users "$users" pipe "$gateway" "$work/tokens"
marker="pipeline-$(date +%s%N)"
ended() { # completed and failed jobs of this run
    PGPASSWORD=${DATABASE_PASSWORD:-imagegen} psql -h 127.0.0.1 -U "${DATABASE_USER:-imagegen}" -d imagegen -w -X -q -A -t \
        -c "SELECT count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE status = 'FAILED')
            FROM generation.jobs WHERE prompt LIKE '$marker %'" | tr '|' ' '
}

start=$(date +%s%N)
# Every job submitted at once, 32 at a time, users taken in turn; each answer's status kept.
seq 1 "$jobs" | xargs -P 32 -I{} sh -c 'token=$(sed -n "$(( ({} % '"$users"') + 1 ))p" "$1")
    curl -sS -o /dev/null -w "%{http_code}\n" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
        -d "{\"prompt\":\"$2 {}: a lighthouse at dusk\",\"size\":\"1024x1024\"}" "$3/images/generate"' _ \
    "$work/tokens" "$marker" "$gateway" >"$work/statuses"
submitted=$(date +%s%N)
accepted=$(grep -c '^202$' "$work/statuses" || true)
while :; do
    read -r completed failed <<<"$(ended)"
    [ $((completed + failed)) -ge "$accepted" ] && break
    [ $(( ($(date +%s%N) - start) / 1000000000 )) -gt 600 ] && { echo "gave up after 600 s" >&2; break; }
    sleep 0.2
done
finish=$(date +%s%N)
awk -v j="$accepted" -v s="$start" -v u="$submitted" -v f="$finish" -v c="$completed" -v x="$failed" 'BEGIN {
    printf "jobs %d accepted, %d completed, %d failed; submitted in %.1f s, all ended in %.1f s: %.2f jobs/s\n",
        j, c, x, (u - s) / 1e9, (f - s) / 1e9, c / ((f - s) / 1e9) }'
echo "submit answers: $(sort "$work/statuses" | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
printf 'resident memory after the run:'
for pid in $(pgrep -f 'quarkus-run.jar' || true); do
    printf ' %s %d MiB' "$(tr '\0' ' ' </proc/"$pid"/cmdline | grep -o '[a-z]*-service' | head -1)" \
        $(( $(awk '/VmRSS/ {print $2}' /proc/"$pid"/status) / 1024 ))
done
echo
