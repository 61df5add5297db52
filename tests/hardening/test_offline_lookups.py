"""--offline refuses every way out of the process, name lookups of every kind included."""

from __future__ import annotations

import subprocess
import sys

CALLS = {
    "gethostbyname_ex": "socket.gethostbyname_ex('example.com')",
    "gethostbyaddr": "socket.gethostbyaddr('192.0.2.1')",  # what socket.getfqdn() asks
    "getnameinfo": "socket.getnameinfo(('192.0.2.1', 80), 0)",
    "sendmsg": "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendmsg([b'x'], [], 0, ('192.0.2.1', 9))",
}


def test_every_lookup_and_send_is_refused():
    code = "import socket\nfrom litellm_doctor.offline import forbid_network, OfflineError\nforbid_network()\n" + "".join(
        f"try:\n    {call}\n    print('{name} went out')\nexcept OfflineError:\n    print('{name} refused')\nexcept OSError:\n    print('{name} went out')\n"
        for name, call in CALLS.items()
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, text=True).stdout.split("\n")
    assert [line for line in out if line] == [f"{name} refused" for name in CALLS]
