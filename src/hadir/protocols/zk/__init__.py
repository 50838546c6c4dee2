"""Pure codec of the ZK binary protocol (port 4370): no sockets, no clock, no Django.

See docs/protocols-zk.md. The socket client and the machine simulator live in
``hadir.zkpull``.
"""

from hadir.protocols.zk.commkey import comm_key_matches, make_comm_key
from hadir.protocols.zk.constants import (
    DEFAULT_PORT,
    FCT_USER,
    TCP_CHUNK_SIZE,
    TCP_MAGIC,
    UDP_CHUNK_SIZE,
    UDP_DATA_PACKET_SIZE,
    Cmd,
    command_name,
)
from hadir.protocols.zk.errors import ZkDecodeError
from hadir.protocols.zk.packet import (
    Packet,
    TcpFrameDecoder,
    checksum,
    decode_payload,
    encode_payload,
    frame_tcp,
    next_reply_number,
    unframe_tcp,
)
from hadir.protocols.zk.records import (
    ATTENDANCE_RECORD_SIZES,
    AttendanceLog,
    Punch,
    RejectedRecord,
    RejectReason,
    decode_attendance,
    encode_attendance_body,
    encode_attendance_record,
)
from hadir.protocols.zk.sizes import DeviceSizes, decode_sizes, encode_sizes
from hadir.protocols.zk.timecodec import decode_time, encode_time
from hadir.protocols.zk.users import (
    USER_RECORD_SIZES,
    DeviceUser,
    decode_user,
    decode_user_table,
    encode_user,
    encode_user_table,
)

__all__ = [
    "ATTENDANCE_RECORD_SIZES",
    "DEFAULT_PORT",
    "FCT_USER",
    "TCP_CHUNK_SIZE",
    "TCP_MAGIC",
    "UDP_CHUNK_SIZE",
    "UDP_DATA_PACKET_SIZE",
    "USER_RECORD_SIZES",
    "AttendanceLog",
    "Cmd",
    "DeviceSizes",
    "DeviceUser",
    "Packet",
    "Punch",
    "RejectReason",
    "RejectedRecord",
    "TcpFrameDecoder",
    "ZkDecodeError",
    "checksum",
    "comm_key_matches",
    "command_name",
    "decode_attendance",
    "decode_payload",
    "decode_sizes",
    "decode_time",
    "decode_user",
    "decode_user_table",
    "encode_attendance_body",
    "encode_attendance_record",
    "encode_payload",
    "encode_sizes",
    "encode_time",
    "encode_user",
    "encode_user_table",
    "frame_tcp",
    "make_comm_key",
    "next_reply_number",
    "unframe_tcp",
]
