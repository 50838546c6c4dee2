"""``main(argv)``: the simulate-push command line, run against the in-test server."""

from __future__ import annotations

from pathlib import Path

import pytest

from hadir.devices_sim.cli import device_serials, main, parse_pins
from tests.simulator.fake_server import HTTP_500, running_server


def test_cli_uploads_generated_punches_from_several_devices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_server() as (url, state):
        code = main(
            [
                "--server",
                url,
                "--state-dir",
                str(tmp_path),
                "--devices",
                "3",
                "--punches",
                "40",
                "--pins",
                "1001-1005",
                "--start",
                "2026-03-02",
                "--days",
                "3",
                "--format",
                "7",
                "--batch-size",
                "16",
            ]
        )
    assert code == 0
    assert len(state.punches) == 120
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == ["SIM0000001", "SIM0000002", "SIM0000003"]
    assert all("0 waiting" in line for line in out)
    assert {len(r.body.split(b"\n")[0].split(b"\t")) for r in state.attlog_posts()} == {7}


def test_cli_reports_failure_when_records_are_left(tmp_path: Path) -> None:
    with running_server() as (url, state):
        state.outage = HTTP_500
        code = main(
            [
                "--server",
                url,
                "--state-dir",
                str(tmp_path),
                "--punches",
                "5",
                "--error-delay",
                "0.01",
            ]
        )
    assert code == 1


def test_cli_resend_history(tmp_path: Path) -> None:
    args = ["--state-dir", str(tmp_path), "--punches", "10", "--start", "2026-03-02"]
    with running_server() as (url, state):
        assert main(["--server", url, *args]) == 0
        assert main(["--server", url, "--state-dir", str(tmp_path), "--resend-history"]) == 0
    assert len(state.punches) == 10
    assert state.duplicates == 10  # the second run sent the whole log again


def test_cli_duration_mode_polls(tmp_path: Path) -> None:
    with running_server() as (url, state):
        code = main(
            [
                "--server",
                url,
                "--state-dir",
                str(tmp_path),
                "--duration",
                "0.1",
                "--poll-delay",
                "0.02",
            ]
        )
    assert code == 0
    assert sum(r.path == "/iclock/getrequest" for r in state.requests) >= 2


@pytest.mark.parametrize(
    ("text", "pins"),
    [
        ("1001,1002", ["1001", "1002"]),
        ("7,1001-1003", ["7", "1001", "1002", "1003"]),
        (" A1 , ,B2", ["A1", "B2"]),
    ],
)
def test_parse_pins(text: str, pins: list[str]) -> None:
    assert parse_pins(text) == pins


def test_device_serials() -> None:
    assert device_serials("SIM0000009", 2) == ["SIM0000009", "SIM0000010"]
    assert device_serials("ABC", 2) == ["ABC0", "ABC1"]
