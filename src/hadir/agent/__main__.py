"""``python -m hadir.agent run|once|status --config agent.toml``."""

import sys

from hadir.agent.cli import main

sys.exit(main(sys.argv[1:]))
