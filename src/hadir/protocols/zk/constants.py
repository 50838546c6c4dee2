"""Numbers of the ZK binary protocol (TCP/UDP port 4370), as ZKTeco-family machines speak it.

Every packet carries one of these codes in its first header field: requests from the client
("commands") and answers from the machine ("replies") share the same number space.
"""

from __future__ import annotations

from enum import IntEnum

DEFAULT_PORT = 4370

#: First four bytes of every TCP frame; UDP datagrams carry the payload alone.
TCP_MAGIC = b"\x50\x50\x82\x7d"

#: Bytes asked per READ_BUFFER request: what the vendor SDK uses on TCP and on UDP.
TCP_CHUNK_SIZE = 0xFFC0
UDP_CHUNK_SIZE = 16 * 1024

#: Largest DATA payload a machine puts in one UDP datagram (clients read 1024 + 8 bytes).
UDP_DATA_PACKET_SIZE = 1024

#: Reply numbers count 0..65534 and then start again at 0 (65535 is never sent).
REPLY_NUMBER_MODULO = 0xFFFF

#: Function code sent with PREPARE_BUFFER to ask for the user table (with USERTEMP_RRQ).
FCT_USER = 5


class Cmd(IntEnum):
    """Command and reply codes (the ``command`` header field)."""

    USERTEMP_RRQ = 9  # with PREPARE_BUFFER + FCT_USER: the user table
    OPTIONS_RRQ = 11  # read a named option, e.g. "~SerialNumber"
    ATTLOG_RRQ = 13  # the attendance log
    CLEAR_ATTLOG = 15  # erase the attendance log (never sent implicitly)
    GET_FREE_SIZES = 50  # counters and capacities
    GET_TIME = 201
    SET_TIME = 202
    REG_EVENT = 500  # subscribe to live events; also the code of live event packets
    CONNECT = 1000
    EXIT = 1001
    ENABLE_DEVICE = 1002
    DISABLE_DEVICE = 1003
    REFRESH_DATA = 1013  # make the machine reload data after a change
    GET_VERSION = 1100
    AUTH = 1102  # comm key answer to ACK_UNAUTH
    PREPARE_DATA = 1500  # announces the size of the DATA packets that follow
    DATA = 1501
    FREE_DATA = 1502  # release the machine's transfer buffer
    PREPARE_BUFFER = 1503  # ask the machine to stage a data set for chunked reading
    READ_BUFFER = 1504  # read one chunk of the staged data set
    ACK_OK = 2000
    ACK_ERROR = 2001
    ACK_DATA = 2002
    ACK_RETRY = 2003
    ACK_REPEAT = 2004
    ACK_UNAUTH = 2005
    ACK_ERROR_DATA = 0xFFFB
    ACK_ERROR_INIT = 0xFFFC
    ACK_ERROR_CMD = 0xFFFD
    ACK_UNKNOWN = 0xFFFF


def command_name(code: int) -> str:
    """Readable name of a command code, or its number when the code is not one of ours."""
    try:
        return Cmd(code).name
    except ValueError:
        return str(code)
