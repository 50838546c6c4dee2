"""The agent's configuration file (TOML), read once at start. Messages in Bahasa Indonesia:
the operator reads them on the unit's PC."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hadir.protocols.zk import DEFAULT_PORT

MSG_NO_FILE = "Berkas konfigurasi agen tidak ditemukan: {path}"
MSG_BAD_TOML = "Berkas konfigurasi {path} tidak bisa dibaca (format TOML): {detail}"
MSG_MISSING = "Berkas konfigurasi {path}: isian '{key}' wajib diisi."
MSG_BAD_VALUE = "Berkas konfigurasi {path}: isian '{key}' salah: {detail}"


class ConfigError(Exception):
    """The configuration file is missing or wrong (message for the operator)."""


@dataclass(frozen=True, slots=True)
class MachineConfig:
    name: str
    host: str
    port: int = DEFAULT_PORT
    transport: str = "tcp"
    comm_key: int = 0
    timeout: float = 10.0
    sn: str = ""  # for a machine that does not tell its serial number over port 4370


@dataclass(frozen=True, slots=True)
class AgentConfig:
    """``clock_threshold``: seconds a machine's clock may be off before the agent sets it
    (0: never). ``retry_min``/``retry_max``: backoff while the server cannot be reached."""

    server: str
    token: str
    machines: tuple[MachineConfig, ...]
    outbox: Path
    unit: str = ""
    poll_interval: float = 300.0
    clock_threshold: float = 60.0
    batch_size: int = 1000
    http_timeout: float = 30.0
    retry_min: float = 5.0
    retry_max: float = 600.0


def _machine(raw: dict[str, Any], index: int, path: Path) -> MachineConfig:
    key = f"machines[{index}]"
    if not raw.get("host"):
        raise ConfigError(MSG_MISSING.format(path=path, key=f"{key}.host"))
    transport = str(raw.get("transport", "tcp")).lower()
    if transport not in ("tcp", "udp"):
        detail = "pilih tcp atau udp"
        raise ConfigError(MSG_BAD_VALUE.format(path=path, key=f"{key}.transport", detail=detail))
    try:
        return MachineConfig(
            name=str(raw.get("name") or raw["host"]),
            host=str(raw["host"]),
            port=int(raw.get("port", DEFAULT_PORT)),
            transport=transport,
            comm_key=int(raw.get("comm_key", 0)),
            timeout=float(raw.get("timeout", 10.0)),
            sn=str(raw.get("sn", "")).strip(),
        )
    except (TypeError, ValueError) as error:
        raise ConfigError(MSG_BAD_VALUE.format(path=path, key=key, detail=error)) from error


def config_from_dict(raw: dict[str, Any], path: Path) -> AgentConfig:
    """Check and complete a parsed file; relative outbox paths are next to the file."""
    for key in ("server", "token"):
        if not raw.get(key):
            raise ConfigError(MSG_MISSING.format(path=path, key=key))
    machines = tuple(_machine(m, i, path) for i, m in enumerate(raw.get("machines", [])))
    outbox = Path(str(raw.get("outbox", "hadir-agent-outbox.sqlite3")))
    if not outbox.is_absolute():
        outbox = path.parent / outbox
    try:
        return AgentConfig(
            server=str(raw["server"]).rstrip("/"),
            token=str(raw["token"]),
            machines=machines,
            outbox=outbox,
            unit=str(raw.get("unit", "")),
            poll_interval=float(raw.get("poll_interval", 300)),
            clock_threshold=float(raw.get("clock_threshold", 60)),
            batch_size=max(1, min(int(raw.get("batch_size", 1000)), 5000)),
            http_timeout=float(raw.get("http_timeout", 30)),
            retry_min=float(raw.get("retry_min", 5)),
            retry_max=float(raw.get("retry_max", 600)),
        )
    except (TypeError, ValueError) as error:
        raise ConfigError(MSG_BAD_VALUE.format(path=path, key="?", detail=error)) from error


def load_config(path: Path) -> AgentConfig:
    if not path.is_file():
        raise ConfigError(MSG_NO_FILE.format(path=path))
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(MSG_BAD_TOML.format(path=path, detail=error)) from error
    return config_from_dict(raw, path)
