"""The checks deploy/ci-smoke.sh makes THROUGH nginx: TLS with the generated certificate,
plain HTTP redirected except the machines' /iclock/, static files from nginx, the login page
and a real login, a machine push (the simulator), an API call with a token, a download, and
/health/ and /metrics. Prints one line per check; exits 1 on the first failure.

    python deploy/smoke_checks.py HTTPS_PORT HTTP_PORT CERT API_TOKEN METRICS_TOKEN DATA_DIR
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from typing import Any

https_port, http_port, cert, api_token, metrics_token, state_dir = sys.argv[1:7]
BASE = f"https://localhost:{https_port}"
PLAIN = f"http://localhost:{http_port}"
TLS = ssl.create_default_context(cafile=cert)  # the generated certificate, verified


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(
    urllib.request.HTTPSHandler(context=TLS), urllib.request.HTTPCookieProcessor(jar), NoRedirect
)


def call(url: str, data: bytes | None = None, **headers: str) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - our URLs
    try:
        with browser.open(request, timeout=60) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def check(what: str, ok: bool, detail: object = "") -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}{'' if ok else f': {detail}'}", flush=True)
    if not ok:
        sys.exit(1)


status, headers, body = call(f"{BASE}/login/")
check("login page over TLS", status == 200 and b"csrfmiddlewaretoken" in body, status)
check("HSTS header", "max-age=" in headers.get("Strict-Transport-Security", ""), dict(headers))
status, headers, _ = call(f"{PLAIN}/login/")
location = headers.get("Location", "")
check("plain HTTP redirected to HTTPS", status == 301 and location.startswith("https://"), status)

css = re.search(rb'href="(/static/[^"]+\.css)"', body)
if css is None:
    check("the login page links a stylesheet", False, body[:300])
    raise SystemExit(1)
status, headers, _ = call(BASE + css.group(1).decode())
served_by_nginx = "Content-Security-Policy" not in headers  # Hadir adds it to every answer
check("static file served by nginx", status == 200 and served_by_nginx, (status, dict(headers)))

token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
if token is None:
    check("the login form carries a CSRF token", False, body[:300])
    raise SystemExit(1)
form = urllib.parse.urlencode(
    {
        "csrfmiddlewaretoken": token.group(1).decode(),
        "username": "bkd-smoke",
        "password": "smoke-Password-2026",
    }
).encode()
status, headers, _ = call(f"{BASE}/login/", form, Referer=f"{BASE}/login/")
check("log in (CSRF over the proxy)", status == 302, status)
secure = all(c.secure for c in jar if c.name in ("sessionid", "csrftoken"))
check("session and CSRF cookies are Secure", secure and len(list(jar)) >= 2, list(jar))

sim = subprocess.run(  # noqa: S603 - our own interpreter and module
    [
        *(sys.executable, "-m", "hadir.devices_sim", "--server", PLAIN, "--sn", "SMOKE0001"),
        *("--punches", "20", "--pins", "1001-1005", "--days", "3", "--state-dir", state_dir),
    ],
    capture_output=True,
    text=True,
    timeout=60,
)
check("machine push over plain HTTP (simulator)", sim.returncode == 0, sim.stdout + sim.stderr)

auth = {"Authorization": f"Bearer {api_token}"}
status, _, body = call(f"{BASE}/api/v1/units", **auth)
check("API call with a token", status == 200 and b"DINKES" in body, (status, body[:200]))
month = date.today().strftime("%Y-%m")  # noqa: DTZ011 - a month for the download
status, headers, body = call(f"{BASE}/units/DINKES/export/recap.xlsx?month={month}")
xlsx = body[:2] == b"PK" and "attachment" in headers.get("Content-Disposition", "")
check("download a recap (xlsx)", status == 200 and xlsx, (status, dict(headers)))


def healthy() -> tuple[int, dict[str, Any]]:
    status, _, body = call(f"{BASE}/health/")
    return status, json.loads(body)


deadline = time.monotonic() + 20
status, report = healthy()
while (status != 200 or report["queue"]["days_marked"]) and time.monotonic() < deadline:
    time.sleep(0.5)  # the worker recomputes the pushed days
    status, report = healthy()
check("health 200 and the worker drained the marks", status == 200, report)

status, _, _ = call(f"{BASE}/metrics")
check("metrics refused without the token", status == 403, status)
status, _, body = call(f"{BASE}/metrics", Authorization=f"Bearer {metrics_token}")
text = body.decode()
pushed = re.search(r'^hadir_punches_total\{channel="push"\} (\S+)$', text, re.M)
check("metrics with the token count the pushed punches", pushed and float(pushed[1]) == 20, text)
routes = re.findall(r'hadir_http_request_duration_seconds_count\{[^}]*route="([^"]+)"', text)
check(
    "request latencies by route name (added up over the web processes)",
    {"login", "iclock-cdata"} <= set(routes),
)
print("smoke test through nginx: all checks passed")
