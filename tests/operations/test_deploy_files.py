"""The files in deploy/ agree with Hadir's settings: nginx lets through every upload Hadir
accepts (and not much more), the machines keep a plain-HTTP path, and nginx, the systemd
target and the guide name the same web processes. (The setup itself runs in
deploy/ci-smoke.sh, a step of `make test`.)"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SITE = (DEPLOY / "nginx" / "hadir.conf").read_text()
MIB = 1024 * 1024


def servers() -> tuple[str, str]:
    plain, tls = SITE.split("\nserver {")[1:3]
    assert "listen 80;" in plain and "listen 443 ssl" in tls
    return plain, tls


def body_limits(block: str) -> list[int]:
    return [int(n) * MIB for n in re.findall(r"client_max_body_size (\d+)m;", block)]


def test_nginx_accepts_every_upload_hadir_accepts_and_little_more():
    largest = max(
        settings.HADIR_EVIDENCE_MAX_BYTES,
        settings.HADIR_IMPORT_MAX_BYTES,
        settings.HADIR_USB_MAX_BYTES,
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    )
    server_limit = body_limits(servers()[1].split("location")[0])
    assert len(server_limit) == 1
    assert largest < server_limit[0] <= largest + 4 * MIB


def test_machines_reach_hadir_over_plain_http_and_past_its_own_push_limit():
    plain, tls = servers()
    for block in (plain, tls):
        iclock = block.split("location /iclock/")[1].split("}")[0]
        assert "proxy_pass http://hadir_web;" in iclock
        # nginx lets oversize pushes reach Hadir, which refuses them with an alert.
        assert body_limits(iclock)[0] > settings.HADIR_PUSH_MAX_BODY_BYTES
    # Everything else on plain HTTP is sent to HTTPS.
    assert "return 301 https://$host$request_uri;" in plain.split("location / {")[1]
    assert plain.count("proxy_pass") == 1


def test_nginx_and_systemd_name_the_same_web_processes():
    upstream = set(re.findall(r"server 127\.0\.0\.1:(\d+) ", SITE))
    target = (DEPLOY / "systemd" / "hadir.target").read_text()
    assert upstream == set(re.findall(r"hadir-web@(\d+)\.service", target))
    assert len(upstream) >= 2


def test_client_addresses_are_set_not_appended():
    assert "$proxy_add_x_forwarded_for" not in SITE
    assert SITE.count("proxy_set_header X-Forwarded-For $remote_addr;") == SITE.count("proxy_pass")
