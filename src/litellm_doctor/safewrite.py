"""The one place the doctor writes a file the user named: `report --output PATH`.

Only a regular file or a new path is written: a symlink (which could point anywhere, `/etc/passwd`
for a root user), a device (`/dev/stdout`, `/dev/sda`), a FIFO, a directory are refused with one
line. The text goes to a temporary file in the same directory, then replaces the target in one
rename, so a reader sees the old report or the new one, never half of one; an existing file keeps
its permission bits (a report written into a shared 0640 file stays 0640).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import DoctorError


def write_text_file(path: str, text: str) -> None:
    """Write `text` to `path` atomically; refuse anything but a regular file or a new path."""
    if "\0" in path:
        raise DoctorError("--output: a file name cannot contain a NUL byte")
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise DoctorError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise DoctorError(f"{path}: cannot write: it is a symbolic link; give --output the path of a regular file or a new one")
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise DoctorError(f"{path}: cannot write: it is {kind}, not a regular file (--output writes regular files only)")
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise DoctorError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        if info is not None:
            os.fchmod(fd, stat.S_IMODE(info.st_mode))
        else:
            # mkstemp creates 0600; a new report gets the mode any new file gets here (umask).
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # The target may have changed since it was checked: look again right before the rename.
        try:
            now = os.lstat(target)
        except FileNotFoundError:
            now = None
        if now is not None and not stat.S_ISREG(now.st_mode):
            raise DoctorError(f"{path}: cannot write: it is no longer a regular file; not replaced")
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):  # a directory in the way, a full disk: the old file is untouched
            raise DoctorError(f"{path}: cannot write ({exc.strerror or exc})") from None
        raise
