#!/usr/bin/env bash
# Everything `make test` runs. Parts that need PostgreSQL, Chromium or nginx are skipped,
# loudly, when those are missing; everything else always runs.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export HADIR_ALLOW_INSECURE_KEY=1
failed=()
skipped=()
step() { echo; echo "=== $1"; }
run() { local name=$1; shift; "$@" || failed+=("$name"); }

step "lint (ruff, mypy)"
run ruff-check $BIN/ruff check src tests scripts deploy
run ruff-format $BIN/ruff format --check src tests scripts deploy
run mypy $BIN/mypy src

step "migrations are committed"
run makemigrations env HADIR_DATA_DIR="$(mktemp -d)" $BIN/hadir makemigrations --check --dry-run

step "test suite on SQLite"
run pytest-sqlite $BIN/pytest -q -m "not browser" -n 2 --dist loadfile

PG_URL=${HADIR_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/hadir}
pg_ok=0
if $BIN/python - "$PG_URL" <<'PY' 2>/dev/null
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
psycopg.connect(url, connect_timeout=3).close()
PY
then
  pg_ok=1
  step "test suite on PostgreSQL ($PG_URL)"
  run pytest-postgres env DATABASE_URL="$PG_URL" $BIN/pytest -q -m "not browser" -n 2 --dist loadfile
else
  skipped+=("PostgreSQL suite: no server answered at $PG_URL")
fi

if [ -x "${HADIR_CHROMIUM:-/usr/bin/chromium}" ]; then
  step "browser tests (Chromium)"
  run pytest-browser $BIN/pytest -q -m browser
else
  skipped+=("browser tests: ${HADIR_CHROMIUM:-/usr/bin/chromium} not found (apt-get install chromium)")
fi

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$NGINX" ]; then
  skipped+=("production setup smoke test: nginx not found (apt-get install nginx)")
elif [ "$pg_ok" = 0 ]; then
  skipped+=("production setup smoke test: needs PostgreSQL at $PG_URL")
else
  step "production setup through nginx over TLS (deploy/ci-smoke.sh)"
  # A hung server must fail the step, not hold CI until its limit.
  run deploy-smoke timeout 600 env NGINX_BIN="$NGINX" HADIR_BIN="$BIN" \
    HADIR_SMOKE_POSTGRES="${PG_URL%/*}" bash deploy/ci-smoke.sh
fi

step "demo builds (hadir demo --no-serve)"
DEMO_DATA=$(mktemp -d)
run demo env HADIR_DATA_DIR="$DEMO_DATA" $BIN/hadir demo --no-serve
rm -rf "$DEMO_DATA"

echo
for s in "${skipped[@]}"; do echo "SKIPPED: $s"; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "make test: all steps passed${skipped:+ (with skips above)}"
