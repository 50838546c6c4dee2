"""JSON log lines (``HADIR_LOG_FORMAT=json``): one object per line for Loki, journald or
any collector. Fields: time, level, logger, message, and the request fields that
``hadir.monitoring.latency`` adds (route, method, status, duration_ms). Hadir's messages
carry ids and counts, never names, NIPs or addresses (docs/deploy.md)."""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime

EXTRA_FIELDS = ("route", "method", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            # The exception's type and where it happened, not its message: a message may
            # quote a row's values.
            kind, _, tb = record.exc_info
            entry["exception"] = kind.__name__ if kind else ""
            # Code locations only: a source line may hold a value too.
            entry["stack"] = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(tb)]
        return json.dumps(entry, ensure_ascii=False)
