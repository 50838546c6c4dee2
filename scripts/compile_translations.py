"""Compile locale/id's django.po into django.mo (no GNU gettext needed) and list gaps.

The `.po` file is the one source of truth for the Indonesian texts: edit it with any
gettext tool (Poedit, Lokalize, a text editor), then run `make messages`, which adds new
source strings to it and runs this script. Exit status 1 when a string has no
translation yet or is marked fuzzy, so a gap is never shipped.
"""

from __future__ import annotations

from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "src/hadir/locale/id/LC_MESSAGES/django.po"


def main() -> int:
    catalogue = polib.pofile(str(PO))
    catalogue.metadata["Language"] = "id"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    catalogue.save(str(PO))
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    gaps = [e for e in catalogue if not e.msgstr or "fuzzy" in e.flags]
    for entry in gaps:
        where = entry.occurrences[0][0] if entry.occurrences else "?"
        state = "fuzzy" if "fuzzy" in entry.flags else "untranslated"
        print(f"{state}: {entry.msgid!r} ({where})")
    if gaps:
        print(f"{len(gaps)} gap(s): fill their msgstr in {PO.name}, then run make messages again")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(main())
