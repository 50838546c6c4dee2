"""Results a device posts to ``/iclock/devicecmd`` after running commands.

One ``ID=..&Return=..&CMD=..`` line per result, several per post; INFO results append
``Key=Value`` lines; VERIFY SUM carries ``AttlogSum=<n>`` on the first line; some firmware
writes one field per line (``ID=32`` / ``Return=0`` / ``CMD=Shell`` / ``Content=...``).
Read the request body raw: values contain spaces and are not form-encoded. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from hadir.protocols._text import parse_int, split_lines

RETURN_CODE_MESSAGES: Mapping[int, str] = MappingProxyType(
    {
        0: "Berhasil",
        -1: "Parameter salah (atau tidak ada data)",
        -2: "Ukuran data tidak cocok",
        -3: "Kesalahan baca/tulis di mesin",
        -9: "Ukuran template tidak cocok",
        -10: "Pengguna tidak ada di mesin",
        -11: "Format template sidik jari tidak sah",
        -12: "Template sidik jari tidak sah",
        -1001: "Kapasitas mesin penuh",
        -1002: "Perintah tidak didukung mesin",
        -1003: "Waktu habis saat menjalankan perintah",
        -1004: "Data tidak sesuai dengan konfigurasi mesin",
        -1005: "Mesin sedang sibuk",
        -1006: "Data terlalu panjang",
        -1007: "Kesalahan memori mesin",
        -1008: "Mesin gagal mengambil data dari server",
    }
)
MSG_UNKNOWN_RETURN = "Kode balasan tidak dikenal: {code}"
MSG_MISSING_RETURN = "Mesin tidak mengirim kode balasan"


def describe_return_code(code: int | None) -> str:
    """The return code in words for the admin UI."""
    if code is None:
        return MSG_MISSING_RETURN
    return RETURN_CODE_MESSAGES.get(code, MSG_UNKNOWN_RETURN.format(code=code))


@dataclass(frozen=True, slots=True)
class CommandResult:
    """One command's result. ``extra`` holds everything else the device said: the INFO
    ``Key=Value`` lines, ``StartTime``/``EndTime``/``AttlogSum`` of VERIFY SUM, ``Content``..."""

    cmd_id: str
    return_code: int | None
    cmd: str
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def ok(self) -> bool:
        return self.return_code == 0

    @property
    def message(self) -> str:
        return describe_return_code(self.return_code)

    @property
    def attlog_sum(self) -> int | None:
        """The count from ``VERIFY SUM ATTLOG`` (``AttlogCount`` on some firmware)."""
        return parse_int(self.extra.get("AttlogSum", self.extra.get("AttlogCount", "")))


@dataclass(frozen=True, slots=True)
class DeviceCmdBatch:
    results: tuple[CommandResult, ...]
    stray_lines: tuple[str, ...]


def parse_command_results(body: bytes | str) -> DeviceCmdBatch:
    """Parse a ``devicecmd`` body. Never raises.

    Accepts one ``ID=..&Return=..&CMD=..`` line per result, ``Key=Value`` lines following a
    result (INFO), and the one-field-per-line form (``ID=32`` / ``Return=0`` / ``CMD=Shell``).
    A line that belongs to no result is returned in ``stray_lines``.
    """
    results: list[CommandResult] = []
    stray: list[str] = []
    current: dict[str, str] | None = None
    for line in split_lines(body):
        text = line.text
        if not text.strip():
            continue
        if text[:3].upper() == "ID=":
            if current is not None:
                results.append(_result_from(current))
            current = {}
            for piece in text.split("&"):
                key, _, value = piece.partition("=")
                current[key.strip()] = value
        elif current is not None and "=" in text:
            key, _, value = text.partition("=")
            current[key.strip()] = value
        else:
            stray.append(text)
    if current is not None:
        results.append(_result_from(current))
    return DeviceCmdBatch(results=tuple(results), stray_lines=tuple(stray))


def _result_from(values: dict[str, str]) -> CommandResult:
    fixed = {"id": "", "return": "", "cmd": ""}
    extra: dict[str, str] = {}
    for key, value in values.items():
        if key.lower() in fixed and not fixed[key.lower()]:
            fixed[key.lower()] = value
        else:
            extra[key] = value
    return CommandResult(
        cmd_id=fixed["id"].strip(),
        return_code=parse_int(fixed["return"]),
        cmd=fixed["cmd"].strip(),
        extra=MappingProxyType(extra),
    )


def render_command_result(
    cmd_id: str,
    return_code: int,
    cmd: str,
    *,
    fields: Mapping[str, str] | None = None,
    lines: Mapping[str, str] | None = None,
) -> str:
    """A result as a device writes it: ``fields`` join the first line with ``&`` (VERIFY SUM),
    ``lines`` follow as ``Key=Value`` lines (INFO). Used by the simulator."""
    head = f"ID={cmd_id}&Return={return_code}&CMD={cmd}"
    head += "".join(f"&{key}={value}" for key, value in (fields or {}).items())
    return "\n".join([head, *(f"{key}={value}" for key, value in (lines or {}).items())])
