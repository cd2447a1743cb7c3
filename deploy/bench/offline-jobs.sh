#!/usr/bin/env bash
# Median submit→completed time over N jobs against a running suite (deploy/local/start.sh),
# one job at a time, with the provider the suite runs (offline without OPENAI_API_KEY).
# Usage: deploy/bench/offline-jobs.sh [jobs=20] [gateway=http://localhost:8080]
set -euo pipefail
jobs=${1:-20}
gateway=${2:-http://localhost:8080}
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }

email="bench-$(date +%s%N)@example.test"
password="benchmark-password"
curl -fsS -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$gateway/auth/register"
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$gateway/auth/login" | jq -r .access_token)

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
times=()
for i in $(seq 1 "$jobs"); do
  start=$(now_ms)
  task=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"prompt\":\"benchmark job $i: a lighthouse at dusk\",\"size\":\"1024x1024\"}" \
    "$gateway/images/generate" | jq -r .task_id)
  deadline=$(( start + 120000 ))
  while :; do
    # Status without the embedded image would be cheaper; the seed's clients poll this one.
    status=$(curl -fsS -H "Authorization: Bearer $token" "$gateway/images/tasks/$task/status" | jq -r .status)
    [ "$status" = completed ] && break
    [ "$status" = failed ] && { echo "job $task failed" >&2; exit 1; }
    [ "$(now_ms)" -gt "$deadline" ] && { echo "job $task timed out" >&2; exit 1; }
    sleep 0.05
  done
  times+=( $(( $(now_ms) - start )) )
done

sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
echo "jobs: $jobs  median submit→completed: ${median} ms  min: $(echo "$sorted" | head -1) ms  max: $(echo "$sorted" | tail -1) ms (polling every 50 ms)"
