#!/usr/bin/env bash
# Start time (from each service's own log line) and idle resident memory of the services that
# deploy/local/start.sh runs. Usage: deploy/bench/services.sh [logs-dir=~/.imagegen/logs]
set -euo pipefail
logs=${1:-${IMAGEGEN_DATA_DIR:-$HOME/.imagegen}/logs}
printf '%-20s %-12s %-10s\n' service started-in idle-RSS
for svc in gateway-service generation-service worker-service gallery-service chat-service; do
  started=$(grep -o 'started in [0-9.]*s' "$logs/$svc.log" 2>/dev/null | tail -1 | awk '{print $3}')
  pid=$(pgrep -f "$svc/target/quarkus-app/quarkus-run.jar" | head -1 || true)
  rss=$([ -n "$pid" ] && ps -o rss= -p "$pid" | awk '{printf "%.0f MiB", $1/1024}' || echo "not running")
  printf '%-20s %-12s %-10s\n' "$svc" "${started:-?}" "$rss"
done
