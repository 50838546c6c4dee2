"""The unit agent (``hadir agent``): reads older machines on the unit's LAN over port 4370 and
forwards what it read to the Hadir server, holding it in a local outbox while the network is
down. Runs without Django (standard library + ``hadir.zkpull``); see docs/agent.md.
"""

from __future__ import annotations

VERSION = "1.0"
