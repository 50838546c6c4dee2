"""Errors of the pull client, each with a message an operator can act on (Bahasa Indonesia).

``str(error)`` is the technical English detail for logs; ``error.user_message`` is what the
screen shows. Message templates are constants so tests can assert the exact text.
"""

from __future__ import annotations

MSG_UNREACHABLE = "Mesin {host} tidak bisa dihubungi: periksa kabel LAN dan listrik mesin."
MSG_REFUSED = (
    "Mesin {host} menolak sambungan ke port {port}: periksa alamat IP dan nomor port "
    "(biasanya 4370) di menu Komunikasi mesin."
)
MSG_NO_REPLY = (
    "Mesin {host} berhenti menjawab: periksa jaringan, lalu tarik data lagi. "
    "Data di mesin tidak hilang."
)
MSG_DROPPED = (
    "Sambungan ke mesin {host} terputus saat mengambil data: tarik data lagi. "
    "Data di mesin tidak hilang."
)
MSG_AUTH = (
    "Mesin {host} menolak Comm Key (kunci komunikasi): samakan Comm Key di menu Komunikasi "
    "mesin dengan yang tersimpan di Hadir."
)
MSG_PROTOCOL = (
    "Mesin {host} mengirim jawaban yang tidak dikenali: catat merek dan tipe mesin, "
    "lalu laporkan ke admin Hadir."
)
MSG_REFUSED_COMMAND = (
    "Mesin {host} menolak perintah {action}: coba lagi; bila terus terjadi, nyalakan ulang "
    "mesin atau laporkan ke admin Hadir."
)


class ZkError(Exception):
    """Base of the pull client's errors."""

    def __init__(self, detail: str, *, user_message: str) -> None:
        super().__init__(detail)
        self.user_message = user_message


class ZkConnectionError(ZkError):
    """The machine cannot be reached, stops answering, or closes the connection."""


class ZkTimeoutError(ZkConnectionError):
    """The machine did not answer within the timeout."""


class ZkAuthError(ZkError):
    """The machine refuses the Comm Key."""


class ZkProtocolError(ZkError):
    """The machine answers something the protocol does not allow, or refuses a command."""


def unreachable(host: str, detail: str) -> ZkConnectionError:
    return ZkConnectionError(
        f"{host} unreachable: {detail}", user_message=MSG_UNREACHABLE.format(host=host)
    )


def refused(host: str, port: int, detail: str) -> ZkConnectionError:
    return ZkConnectionError(
        f"{host}:{port} refused: {detail}", user_message=MSG_REFUSED.format(host=host, port=port)
    )


def no_reply(host: str, timeout: float) -> ZkTimeoutError:
    return ZkTimeoutError(
        f"{host}: no reply within {timeout} s", user_message=MSG_NO_REPLY.format(host=host)
    )


def dropped(host: str, detail: str) -> ZkConnectionError:
    return ZkConnectionError(
        f"{host}: connection lost: {detail}", user_message=MSG_DROPPED.format(host=host)
    )


def auth_refused(host: str, detail: str) -> ZkAuthError:
    return ZkAuthError(f"{host}: {detail}", user_message=MSG_AUTH.format(host=host))


def protocol_error(host: str, detail: str) -> ZkProtocolError:
    return ZkProtocolError(f"{host}: {detail}", user_message=MSG_PROTOCOL.format(host=host))


def command_refused(host: str, action: str, reply: str) -> ZkProtocolError:
    return ZkProtocolError(
        f"{host}: {action} answered {reply}",
        user_message=MSG_REFUSED_COMMAND.format(host=host, action=action),
    )
