#!/usr/bin/env bash
# The production setup of docs/deploy.md, started on loopback and tested through nginx over
# TLS: PostgreSQL, two `hadir serve --no-worker` processes, `hadir worker`, and nginx running
# deploy/nginx/hadir.conf (ports, paths and name rewritten, nothing else). Installs nothing
# and never touches /etc/nginx. Called by scripts/test-all.sh; runs alone too:
#
#   HADIR_BIN=.venv/bin deploy/ci-smoke.sh    (needs nginx, openssl and PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${HADIR_BIN:-.venv/bin}
PG_SERVER=${HADIR_SMOKE_POSTGRES:-postgres://postgres@127.0.0.1:5432}
DB_NAME=${HADIR_SMOKE_DB:-hadir_smoke}
NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
started=$(date +%s)

WORK=$(mktemp -d -t hadir-smoke-XXXXXX)
# nginx's workers (www-data) read the static files, as in production (docs/deploy.md).
chmod 755 "$WORK"
umask 077
pids=()
stop_all() {
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${keep_logs:-0}" = 1 ]; then
    for log in "$WORK"/*.log "$WORK"/nginx/logs/*.log; do echo "--- $log"; tail -n 30 "$log"; done
  fi
  rm -rf "$WORK"
}
trap 'keep_logs=1' ERR
trap stop_all EXIT

free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTPS_PORT=$(free_port); HTTP_PORT=$(free_port); WEB1=$(free_port); WEB2=$(free_port)

echo "--- a self-signed certificate for localhost"
mkdir -p "$WORK/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$WORK/tls/privkey.pem" -out "$WORK/tls/fullchain.pem" 2>/dev/null

echo "--- the environment file (docs/deploy.md: /etc/hadir/hadir.env)"
METRICS_TOKEN=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(24))')
cat > "$WORK/hadir.env" <<ENV
DATABASE_URL=$PG_SERVER/$DB_NAME
HADIR_DATA_DIR=$WORK/data
HADIR_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
HADIR_ALLOWED_HOSTS=localhost,127.0.0.1
HADIR_CSRF_TRUSTED_ORIGINS=https://localhost:$HTTPS_PORT
HADIR_HTTPS=1
HADIR_HSTS_SECONDS=31536000
HADIR_PROXY_COUNT=1
HADIR_TRUSTED_PROXIES=127.0.0.1
HADIR_METRICS_TOKEN=$METRICS_TOKEN
HADIR_LOG_FORMAT=json
ENV
set -a; . "$WORK/hadir.env"; set +a
unset HADIR_ALLOW_INSECURE_KEY HADIR_DEBUG
export PROMETHEUS_MULTIPROC_DIR=$WORK/metrics
mkdir -p "$WORK/metrics"

echo "--- a fresh PostgreSQL database ($DB_NAME)"
"$BIN/python" - "$PG_SERVER/postgres" "$DB_NAME" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as db:
    db.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
    db.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY

echo "--- hadir migrate, collectstatic, check --deploy"
"$BIN/hadir" migrate --verbosity 0
"$BIN/hadir" collectstatic --noinput --verbosity 0
chmod 755 "$WORK/data"
chmod -R a+rX "$WORK/data/static"
"$BIN/hadir" check --deploy --fail-level WARNING
TOKEN=$("$BIN/hadir" shell < deploy/smoke_seed.py | tail -n 1)

echo "--- two web processes, the worker, nginx"
"$BIN/hadir" serve --no-worker --host 127.0.0.1 --port "$WEB1" --threads 8 >"$WORK/web1.log" 2>&1 & pids+=($!)
"$BIN/hadir" serve --no-worker --host 127.0.0.1 --port "$WEB2" --threads 8 >"$WORK/web2.log" 2>&1 & pids+=($!)
"$BIN/hadir" worker >"$WORK/worker.log" 2>&1 & pids+=($!)
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
sed -e "s#@PREFIX@#$WORK/nginx#g" deploy/nginx/ci-main.conf > "$WORK/nginx/nginx.conf"
sed -e '/listen \[::\]/d' \
    -e "s#listen 443 #listen 127.0.0.1:$HTTPS_PORT #; s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" \
    -e "s#127.0.0.1:8001#127.0.0.1:$WEB1#; s#127.0.0.1:8002#127.0.0.1:$WEB2#" \
    -e "s#presensi.example.go.id#localhost#" \
    -e "s#/etc/ssl/hadir/#$WORK/tls/#" \
    -e "s#/var/lib/hadir/static/#$WORK/data/static/#" \
    -e "s#/var/log/nginx/#$WORK/nginx/logs/#" \
    -e "s#/var/www/letsencrypt#$WORK/acme#" \
    deploy/nginx/hadir.conf > "$WORK/nginx/hadir.conf"
env -u NGINX "$NGINX_BIN" -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
env -u NGINX "$NGINX_BIN" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
for port in "$WEB1" "$WEB2"; do
  for _ in $(seq 100); do
    "$BIN/python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
    sleep 0.2
  done
done

echo "--- smoke test through nginx (https://localhost:$HTTPS_PORT, machines on http :$HTTP_PORT)"
"$BIN/python" deploy/smoke_checks.py "$HTTPS_PORT" "$HTTP_PORT" "$WORK/tls/fullchain.pem" \
  "$TOKEN" "$METRICS_TOKEN" "$WORK/sim"
grep -q '"route": "login"' "$WORK/web1.log" "$WORK/web2.log" || { echo "no JSON request log line"; exit 1; }

echo "--- systemd units"
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir -p "$WORK/units"
  cp deploy/systemd/* "$WORK/units/"
  cp "$WORK/units/hadir-web@.service" "$WORK/units/hadir-web@8001.service"
  sed -i "s#/opt/hadir/venv/bin/hadir#$(realpath "$BIN")/hadir#" "$WORK"/units/*.service
  (cd "$WORK/units" && systemd-analyze verify ./hadir-web@8001.service ./hadir-worker.service \
     ./hadir.target ./hadir-backup.service ./hadir-backup.timer)
  echo "  ok   systemd-analyze verify"
else
  echo "  SKIPPED systemd-analyze verify: systemd-analyze not installed"
fi
echo "deploy smoke test passed in $(( $(date +%s) - started )) s"
