"""The machine's user list, sent to the server so its users can be matched to employees
(``devices/machine_users.py``), as push ``USER`` lines and the flashdisk ``user.dat`` are.

Only the PIN, the name on the machine, the card number and the privilege leave the LAN;
never a fingerprint template (the agent does not read them). A list is sent when it
differs from the one last sent for that machine (a digest in the machine's state), so a
quiet machine costs nothing; a list that failed to go is tried again next cycle.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any, Protocol

from hadir.protocols.zk.users import DeviceUser

logger = logging.getLogger("hadir.agent")
MAX_USERS = 20_000  # the server refuses longer lists


class _Sender(Protocol):
    def send_users(self, payload: dict[str, Any]) -> dict[str, Any]: ...


class _Store(Protocol):
    def machines(self) -> dict[str, dict[str, Any]]: ...
    def put_machine(self, name: str, data: dict[str, Any]) -> None: ...


def user_list(users: Iterable[DeviceUser]) -> list[dict[str, Any]]:
    """What the server keeps of each user; users without a PIN are left out."""
    listed = [
        {
            "pin": user.user_id.strip()[:24],
            "name": user.name.strip()[:100],
            "card": str(user.card or "")[:40],
            "privilege": user.privilege if 0 <= user.privilege <= 255 else None,
        }
        for user in users
        if user.user_id.strip()
    ]
    return listed[:MAX_USERS]


def _digest(users: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(users, sort_keys=True).encode()).hexdigest()


def send_user_lists(server: _Sender, store: _Store, errors: tuple[type[Exception], ...]) -> int:
    """Send every machine's user list that changed since it was last sent; how many went."""
    sent = 0
    for name, state in store.machines().items():
        users = state.get("user_list")
        if not state.get("sn") or users is None:
            continue
        digest = _digest(users)
        if state.get("users_sent") == digest:
            continue
        try:
            server.send_users({"sn": state["sn"], "users": users})
        except errors as error:
            logger.warning("%s: user list not sent: %s", name, error)
            continue
        state["users_sent"] = digest
        store.put_machine(name, state)
        sent += 1
    return sent
