"""`--offline`: a guarantee, not a promise. Every socket connect and name lookup is refused for the
rest of the process, so no code path (ours or a library's) can reach the network."""

from __future__ import annotations

from .errors import DoctorError


class OfflineError(DoctorError):
    """Something tried to use the network under --offline."""


def _refuse(*_args, **_kwargs):
    raise OfflineError("--offline is set, and something tried to use the network; nothing was sent")


def forbid_network() -> None:
    import socket

    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.socket.sendto = _refuse  # type: ignore[method-assign]
    socket.socket.sendmsg = _refuse  # type: ignore[method-assign]  (a datagram to an address, as sendto)
    socket.create_connection = _refuse  # type: ignore[assignment]
    # Every name lookup: a DNS query leaves the machine too (socket.getfqdn() asks gethostbyaddr).
    socket.getaddrinfo = _refuse  # type: ignore[assignment]
    socket.gethostbyname = _refuse  # type: ignore[assignment]
    socket.gethostbyname_ex = _refuse  # type: ignore[assignment]
    socket.gethostbyaddr = _refuse  # type: ignore[assignment]
    socket.getnameinfo = _refuse  # type: ignore[assignment]
