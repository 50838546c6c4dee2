"""``HADIR_LOG_FORMAT=json``: one JSON object per line; a request's line names its route,
method, status and duration, never the path (NIPs), the user or the caller's address.

Decision (docs/deploy.md): addresses are personal data under UU PDP (UU 27/2022), so Hadir's
log lines carry none; nginx keeps its own access log with the last part of the address
blanked."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from django.test import Client

from hadir.accounts.models import Role
from hadir.monitoring.logs import JsonFormatter

ADDRESS = "203.0.113.77"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_a_request_line_carries_no_personal_data(two_units, make_employee, make_user):
    employee = make_employee(two_units["DINKES"], pin="103")
    user = make_user(username="operator-dinkes", role=Role.OPERATOR, unit=two_units["DINKES"])
    client = Client(REMOTE_ADDR=ADDRESS, headers={"X-Forwarded-For": ADDRESS})
    client.force_login(user)
    handler = Lines()
    logger = logging.getLogger("hadir.request")
    logger.addHandler(handler)
    try:
        assert client.get(f"/employees/{employee.nip}/?q={employee.name}").status_code == 200
    finally:
        logger.removeHandler(handler)
    [line] = handler.lines
    entry = json.loads(line)
    assert entry["route"] == "employee-detail"
    assert (entry["method"], entry["status"], entry["logger"]) == ("GET", 200, "hadir.request")
    assert entry["duration_ms"] >= 0
    for personal in (employee.nip, employee.name, ADDRESS, user.username, "203.0.113"):
        assert personal not in line


def test_an_exception_is_logged_by_type_and_stack_without_its_message():
    record = logging.LogRecord("hadir.x", logging.ERROR, __file__, 1, "failed", None, None)
    try:
        raise ValueError("NIP 198001012005011001 is broken")
    except ValueError:
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["exception"] == "ValueError"
    assert "test_json_logs.py" in entry["stack"][-1]
    assert "198001012005011001" not in json.dumps(entry)


def test_the_setting_switches_every_logger_to_json(tmp_path):
    env = {
        **os.environ,
        "HADIR_DATA_DIR": str(tmp_path),
        "HADIR_ALLOW_INSECURE_KEY": "1",
        "DJANGO_SETTINGS_MODULE": "hadir.settings",
        "HADIR_LOG_FORMAT": "json",
    }
    code = (
        "import django, logging; django.setup(); logging.getLogger('hadir.jobs').warning('x %s', 1)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    entry = json.loads(done.stderr.strip().splitlines()[-1])
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "hadir.jobs", "x 1")
