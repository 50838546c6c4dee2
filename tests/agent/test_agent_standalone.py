"""The agent runs on a unit's PC without Django settings, a secret key or a database."""

from __future__ import annotations

import os
import subprocess
import sys


def test_hadir_agent_needs_no_django_and_no_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HADIR_", "DJANGO_"))}
    code = (
        "import sys\n"
        "from hadir.cli import main\n"
        "try:\n"
        "    main(['agent', 'status', '--offline', '--config', sys.argv[1]])\n"
        "except SystemExit as done:\n"
        "    assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django'\n"
        "    raise\n"
    )
    config = tmp_path / "agent.toml"
    config.write_text('server = "http://127.0.0.1:9"\ntoken = "hda_x_y"\n', encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code, str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Server Hadir: belum pernah berhasil dihubungi." in done.stdout
    assert "Semua absensi sudah terkirim ke server (0 tersimpan di agen)." in done.stdout
