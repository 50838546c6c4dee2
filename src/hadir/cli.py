"""The ``hadir`` console script: every Django management command, hyphens allowed.

``hadir import-units FILE`` runs the ``import_units`` command; ``hadir migrate`` runs
``migrate``. Settings come from the environment (see docs/configuration.md).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "agent":  # the unit agent runs without Django (docs/agent.md)
        from hadir.agent.cli import main as agent_main

        sys.exit(agent_main(args[1:]))
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hadir.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hadir", *args])


if __name__ == "__main__":
    main()
