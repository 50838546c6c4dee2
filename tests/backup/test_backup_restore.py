"""``hadir backup`` and ``hadir restore`` as an operator runs them: real processes, real
files, a real SQLite file or PostgreSQL database (when DATABASE_URL names one)."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backup.helpers import ON_POSTGRES, env_for, fresh_postgres, hadir, table_counts
from tests.operations.processes import SETUP, prepared_data_dir

FILES = {
    "evidence/3f/3f2a.pdf": b"%PDF-1.4 surat sakit\n" * 50,
    "captures/ab/ab12.jpg": bytes(range(256)) * 40,
    "imports/units.xlsx": b"PK\x03\x04 not really a workbook",
}
ENGINES = [
    pytest.param("sqlite", marks=pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass")),
    pytest.param("postgresql", marks=pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL")),
]


class Site:
    """One Hadir: a data folder and, on PostgreSQL, its own database."""

    def __init__(self, data_dir: Path, url: str | None) -> None:
        self.data_dir, self.url = data_dir, url
        data_dir.mkdir(exist_ok=True)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return hadir(list(args), self.data_dir, self.url, check=check)

    def backups(self) -> list[Path]:
        return sorted(Path(env_for(self.data_dir)["HADIR_BACKUP_DIR"]).glob("hadir-backup-*"))


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sites(engine: str, tmp_path: Path) -> Iterator[tuple[Site, Site]]:
    """A source with one unit, its people, a machine and stored files; an empty target."""
    if engine == "sqlite":
        source = Site(prepared_data_dir(tmp_path), None)
        yield source, Site(tmp_path / "target", None)
        return
    with fresh_postgres("src") as source_url, fresh_postgres("dst") as target_url:
        source = Site(tmp_path / "server", source_url)
        source.run("migrate", "--verbosity", "0")
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", SETUP],
            env=env_for(source.data_dir, source_url),
            check=True,
            timeout=120,
        )
        yield source, Site(tmp_path / "target", target_url)


@pytest.fixture
def source(sites: tuple[Site, Site]) -> Site:
    for name, content in FILES.items():
        path = sites[0].data_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return sites[0]


@pytest.fixture
def target(sites: tuple[Site, Site]) -> Site:
    return sites[1]


def manifest_of(archive: Path) -> dict[str, object]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return dict(json.loads(member.read()))


def rewrite(archive: Path, change: dict[str, bytes]) -> None:
    """Replace members' contents in place (as a bit flip on a disk or a hand would)."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]  # type: ignore[union-attr]
    with tarfile.open(archive, "w:gz") as tar:
        for member, content in members:
            content = change.get(member.name, content)
            member.size = len(content)
            tar.addfile(member, io.BytesIO(content))


def test_round_trip_restores_every_row_and_file(source: Site, target: Site, engine: str) -> None:
    source.run("backup")
    (archive,) = source.backups()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds personal data
    manifest = manifest_of(archive)
    assert manifest["engine"] == engine
    assert manifest["schema"]["jobs"] == "0002_worker_heartbeat"  # type: ignore[index]
    assert {f"files/{name}" for name in FILES} <= set(manifest["members"])  # type: ignore[arg-type]

    restored = target.run("restore", str(archive))

    assert "rantai utuh" in restored.stdout
    assert table_counts(target.data_dir, target.url) == table_counts(source.data_dir, source.url)
    for name, content in FILES.items():
        assert (target.data_dir / name).read_bytes() == content


def test_tampered_archive_is_refused_before_anything_is_touched(source: Site, target: Site) -> None:
    source.run("backup")
    (archive,) = source.backups()
    rewrite(archive, {"files/evidence/3f/3f2a.pdf": b"%PDF-1.4 surat palsu\n"})

    refused = target.run("restore", str(archive), check=False)

    assert refused.returncode == 1
    assert "files/evidence/3f/3f2a.pdf" in refused.stderr
    assert not (target.data_dir / "evidence").exists()
    source.run("backup")
    target.run("restore", str(source.backups()[-1]))  # still empty: no --force needed


def test_non_empty_target_is_refused_unless_forced(source: Site, target: Site) -> None:
    source.run("backup")
    (archive,) = source.backups()
    target.run("restore", str(archive))
    (target.data_dir / "evidence" / "ff").mkdir(parents=True)
    (target.data_dir / "evidence" / "ff" / "stray.pdf").write_bytes(b"not in the archive")

    refused = target.run("restore", str(archive), check=False)
    assert refused.returncode == 1
    assert "--force" in refused.stderr

    target.run("restore", str(archive), "--force")
    assert not (target.data_dir / "evidence" / "ff" / "stray.pdf").exists()
    assert table_counts(target.data_dir, target.url) == table_counts(source.data_dir, source.url)


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass")
def test_older_archive_is_migrated_and_newer_one_refused(tmp_path: Path) -> None:
    source = Site(prepared_data_dir(tmp_path), None)
    source.run("migrate", "jobs", "0001_initial", "--verbosity", "0")
    source.run("backup")
    (archive,) = source.backups()
    assert manifest_of(archive)["schema"]["jobs"] == "0001_initial"  # type: ignore[index]

    target = Site(tmp_path / "target", None)
    restored = target.run("restore", str(archive))
    assert "dimigrasikan ke versi ini" in restored.stdout  # the archive was older
    db = sqlite3.connect(target.data_dir / "hadir.sqlite3")
    applied = db.execute("SELECT name FROM django_migrations WHERE app = 'jobs'").fetchall()
    db.close()
    assert ("0002_worker_heartbeat",) in applied

    manifest = manifest_of(archive)
    manifest["schema"]["jobs"] = "0099_from_the_future"  # type: ignore[index]
    rewrite(archive, {"manifest.json": json.dumps(manifest).encode()})
    refused = Site(tmp_path / "other", None).run("restore", str(archive), check=False)
    assert refused.returncode == 1
    assert "jobs.0099_from_the_future" in refused.stderr


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass")
def test_encrypted_archive_needs_its_passphrase(tmp_path: Path) -> None:
    source = Site(prepared_data_dir(tmp_path), None)
    secret, wrong = tmp_path / "secret", tmp_path / "wrong"
    secret.write_text("kata sandi cadangan yang panjang\n")
    wrong.write_text("tebakan\n")
    source.run("backup", "--passphrase-file", str(secret))
    (archive,) = source.backups()
    assert archive.name.endswith(".tar.gz.enc")
    assert not tarfile.is_tarfile(archive)

    target = Site(tmp_path / "target", None)
    for extra in ([], ["--passphrase-file", str(wrong)]):
        refused = target.run("restore", str(archive), *extra, check=False)
        assert refused.returncode == 1, refused.stderr
    target.run("restore", str(archive), "--passphrase-file", str(secret))
    assert table_counts(target.data_dir) == table_counts(source.data_dir)
