"""Fill locale/id from scripts/translations_id*.py and compile it (no GNU gettext needed).

Run after `make messages` has added new source strings. Prints the strings still missing.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import polib

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
# One file per area (translations_id.py, translations_id_devices.py, ...), merged.
ID: dict[str, str] = {}
for _area in sorted(HERE.glob("translations_id*.py")):
    ID.update(importlib.import_module(_area.stem).ID)

PO = Path(__file__).resolve().parents[1] / "src/hadir/locale/id/LC_MESSAGES/django.po"


def main() -> int:
    catalogue = polib.pofile(str(PO))
    catalogue.metadata["Language"] = "id"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in catalogue:
        if entry.msgid in ID:
            entry.msgstr = ID[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    catalogue.save(str(PO))
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"missing: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
