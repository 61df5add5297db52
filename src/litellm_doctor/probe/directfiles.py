"""The files a deployment's `litellm_params` name, read for `probe --direct` through the bounded reader.

`--direct` hands each deployment's `litellm_params` to litellm's Router, and litellm opens the files some of them
name itself, with a plain `open()`: a `vertex_credentials` path (json.load of the whole file), an `ssl_verify` CA
bundle (loaded by ssl for each client), OCI's `oci_key_file` and SAP AI Core's `cert_file_path` / `key_file_path`.
Unbounded, a FIFO named there held the run until its deadline and /dev/zero or a 10 GB file grew to gigabytes; and a
pull request's config could name a runner's file (`vertex_credentials: /home/runner/.config/gcloud/….json`, a
`vertex_credentials: creds.json` committed as a link to it) for litellm to sign a request with, sent to the
`api_base` the same config names. So each such file is read here first, as every other file the doctor reads: a
regular file of at most its cap (boundedio), and in CI or pre-commit only inside the workspace when the config
names it (config/confine.py: a path from an `os.environ/` reference is the workflow's own, as a path on the command
line is); litellm is then given what was read (the JSON text for `vertex_credentials`, which litellm reads as such,
else a private temporary copy) and never opens the named file. A file that cannot be read so is no crash: that
group's direct call is skipped with the one-line reason.

Left as they are, and why: what litellm reads from the environment rather than from the config (SSL_CERT_FILE,
GOOGLE_APPLICATION_CREDENTIALS, AWS_WEB_IDENTITY_TOKEN_FILE, ~/.aws/config for `aws_profile_name`, AICORE_HOME):
the proxy's own machine setup, named by no file of the repository, the same as the doctor's own environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..boundedio import MiB

# litellm_params key -> (what it is, the largest file read). ssl_verify's cap is the CA bundle's (--ca-bundle).
FILE_PARAMS: dict[str, tuple[str, int]] = {
    "vertex_credentials": ("credentials file", 1 * MiB),
    "ssl_verify": ("CA bundle", 16 * MiB),
    "oci_key_file": ("key file", 1 * MiB),
    "cert_file_path": ("certificate file", 1 * MiB),
    "key_file_path": ("key file", 1 * MiB),
}
ENV_PREFIX = "os.environ/"


class Refused(Exception):
    """A named file that is not read: the reason, one line."""


def bounded_params(params: Mapping[str, Any], from_env: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """`params` with every file it names for litellm replaced by what the bounded reader read of it. `from_env`: the
    keys whose value came from an `os.environ/` reference. Raises Refused."""
    from ..config.confine import check_inside, confinement
    from ..errors import InputError

    out = dict(params)
    root = confinement()
    for key, (kind, cap) in FILE_PARAMS.items():
        value = out.get(key)
        if not isinstance(value, str) or not value:
            continue
        try:
            if not os.path.lexists(value):
                continue  # no file: litellm reads no file either (vertex_credentials' JSON text, a wrong path)
        except (OSError, ValueError):
            continue
        what = f"`{key}` {kind}"
        try:
            check_inside(value, root, what, named_by_file=key not in from_env)
            from ..boundedio import read_file

            data = read_file(value, what, cap)
        except InputError as exc:
            raise Refused(str(exc)) from None
        if key == "vertex_credentials":
            try:
                out[key] = data.decode("utf-8-sig")  # litellm json.loads a string that names no file
            except UnicodeDecodeError:
                raise Refused(f"{value}: the {what} is not valid UTF-8 text") from None
            if os.path.lexists(out[key]):  # (a one-line file whose text names a file: never re-opened by name)
                raise Refused(f"{value}: the {what} holds a file name, not credentials")
        else:
            out[key] = _private_copy(data)
    return out


def _private_copy(data: bytes) -> str:
    """`data` in a temporary file only this user can read, removed when the process exits."""
    import atexit
    import tempfile

    fd, path = tempfile.mkstemp(prefix="litellm-doctor-direct-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    atexit.register(lambda: os.path.exists(path) and os.remove(path))
    return path
