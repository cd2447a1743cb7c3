#!/usr/bin/env bash
# Gallery latency with one user holding 10,000 images, through the gateway of a running suite
# (deploy/local/start.sh): p50/p95/p99 of a 50-item gallery page, a full-text search and a thumbnail.
#
# Generates one real image through the API, then clones it in SQL into N images with varied prompts,
# dates, favourites and tags (seeding 10,000 jobs through the pipeline would take far longer and measure
# the worker, not the gallery). Every request goes over one keep-alive connection per kind, after a warm-up.
#
# Usage: deploy/bench/gallery.sh [images=10000] [requests=500] [gateway=http://localhost:8080]
# The gateway's default api bucket (300 calls) refuses most of the run with 429 (counted as non-200): start the
# suite with IMAGEGEN_RATELIMIT_GROUPS_API_CAPACITY=100000 IMAGEGEN_RATELIMIT_GROUPS_API_REFILL_PER_MINUTE=100000.
# Env:   GALLERY_SERVICE_URL (set it, e.g. http://localhost:8083, to measure gallery-service directly as well),
#        DATABASE_URL (postgresql://host:port/db, default postgresql://127.0.0.1:5432/imagegen),
#        DATABASE_USER / DATABASE_PASSWORD (default imagegen / imagegen). Needs curl, jq and psql.
set -euo pipefail
images=${1:-10000}
requests=${2:-500}
gateway=${3:-http://localhost:8080}
for tool in curl jq psql; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
db_url=${DATABASE_URL:-postgresql://127.0.0.1:5432/imagegen}
export PGPASSWORD=${DATABASE_PASSWORD:-imagegen}
sql() { psql "${db_url}?user=${DATABASE_USER:-imagegen}" -v ON_ERROR_STOP=1 -qtAX "$@"; }

email="bench-gallery-$(date +%s%N)@example.test"
password="benchmark-password"
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$gateway/auth/register"
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$gateway/auth/login" | jq -r .access_token)
auth="Authorization: Bearer $token"

echo "==> one real image through the pipeline"
task=$(curl -fsS -H "$auth" -H 'Content-Type: application/json' \
  -d '{"prompt":"a cute puppy in a garden","size":"1024x1024"}' "$gateway/images/generate" | jq -r .task_id)
for _ in $(seq 1 120); do
  status=$(curl -fsS -H "$auth" "$gateway/images/tasks/$task/status" | jq -r .status)
  [ "$status" = completed ] && break
  [ "$status" = failed ] && { echo "the seed job failed" >&2; exit 1; }
  sleep 1
done
[ "$status" = completed ] || { echo "the seed job did not complete" >&2; exit 1; }
seed=$(curl -fsS -H "$auth" "$gateway/images/tasks/$task/status" | jq -r .image_data.id)

echo "==> cloning it into $images images"
sql -v seed="$seed" -v n="$((images - 1))" <<'SQL'
insert into gallery.images (id, user_id, job_id, original_prompt, revised_prompt, model, size, quality, style,
        cost, content, content_type, width, height, byte_size, thumbnail, thumbnail_type, created_at, favorite, tags)
select gen_random_uuid(), s.user_id, gen_random_uuid(), p.prompt, p.prompt || ' (offline render)', s.model,
       s.size, s.quality, s.style, s.cost, s.content, s.content_type, s.width, s.height, s.byte_size,
       s.thumbnail, s.thumbnail_type, now() - g * interval '1 minute', g % 10 = 0,
       case when g % 7 = 0 then '{summer}'::text[] else '{}'::text[] end
from gallery.images s
cross join generate_series(1, :n) g
cross join lateral (select (array['a cute', 'a tiny', 'an old', 'a golden', 'a sleepy'])[1 + g % 5] || ' '
        || (array['puppy', 'cat', 'fox', 'owl', 'dragon', 'lighthouse', 'robot', 'castle', 'forest', 'river',
                  'mountain', 'city'])[1 + g % 12] || ' '
        || (array['in a garden', 'at dusk', 'in the snow', 'on a beach', 'under the stars', 'in the rain',
                  'at sunrise'])[1 + g % 7] || ', picture ' || g as prompt) p
where s.id = :'seed';
-- What autovacuum would soon do after a bulk insert: index-only scans need the visibility map.
vacuum (analyze) gallery.images;
SQL
user_id=$(sql -c "select user_id from gallery.images where id = '$seed'")
total=$(curl -fsS -H "$auth" "$gateway/images/gallery?size=1" | jq -r .total)
echo "    the user has $total images"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pages=$(( (total + 49) / 50 ))
for i in $(seq 1 "$requests"); do echo "url = \"$gateway/images/gallery?page=$(( 1 + (i * 37) % pages ))&size=50\""; echo 'output = "/dev/null"'; done > "$work/page"
for i in $(seq 1 "$requests"); do
  q=$(echo "puppy garden|golden fox|castle -snow|\"under the stars\"|robot|sleepy dragon" | cut -d'|' -f$(( 1 + i % 6 )))
  echo "url = \"$gateway/images/gallery?size=50&q=$(jq -rn --arg q "$q" '$q|@uri')\""
  echo 'output = "/dev/null"'
done > "$work/search"
sql -c "select id from gallery.images where user_id = '$user_id' order by random() limit $requests" \
  | sed "s|.*|url = \"$gateway/images/&/thumbnail\"\noutput = \"/dev/null\"|" > "$work/thumbnail"

# One curl per kind: one keep-alive connection, time_total per request in seconds.
run() { curl -sS -K "$1" -H "$auth" -w '%{http_code} %{time_total}\n'; }
report() { # name file
  run "$2" > /dev/null # warm-up: JIT, connection pools, PostgreSQL caches
  run "$2" > "$work/out"
  bad=$(awk '$1 != 200' "$work/out" | wc -l)
  awk '{print $2 * 1000}' "$work/out" | sort -n | awk -v name="$1" -v bad="$bad" '
    { v[NR] = $1 }
    END { printf "%-10s n=%d  p50=%.1f ms  p95=%.1f ms  p99=%.1f ms  max=%.1f ms  non-200=%d\n",
          name, NR, v[int(NR * .50)], v[int(NR * .95)], v[int(NR * .99)], v[NR], bad }'
}
echo "==> $requests requests of each kind through $gateway"
report page "$work/page"
report search "$work/search"
report thumbnail "$work/thumbnail"
if [ -n "${GALLERY_SERVICE_URL:-}" ]; then
  echo "==> the same requests straight to $GALLERY_SERVICE_URL (no gateway hop)"
  for kind in page search thumbnail; do
    sed "s|$gateway|$GALLERY_SERVICE_URL|" "$work/$kind" > "$work/direct-$kind"
    report "$kind" "$work/direct-$kind"
  done
fi

echo "==> DELETE /me: the bench user and its $total images are erased"
curl -fsS -X DELETE -H "$auth" "$gateway/me"
