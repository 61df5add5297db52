"""Every file the doctor writes goes through here: `report --output PATH` (`write_text_file`), the
config `check --fix` repairs, the rule cache of a `--rules-dir` and the compiled regexes' cache
(`replace_atomically`).

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
    try:
        replace_atomically(target, text, info)
    except OSError as exc:  # a directory in the way, a full disk: the old file is untouched
        raise DoctorError(f"{path}: cannot write ({exc.strerror or exc})") from None


def replace_atomically(target: Path, text: str | bytes, info: os.stat_result | None, *, newline: str | None = None) -> None:
    """Write `text` (UTF-8 text, or bytes as they are) to a new temporary file next to `target`, then rename
    it over `target`.

    The temporary file is made by mkstemp (O_EXCL: never a file or symlink that is already there).
    When `target` existed (`info`, its lstat), the new file keeps its permission bits and, when this
    process may set them (root), its owner: `sudo litellm-doctor check --fix` leaves a user's config
    the user's. The target is looked at again right before the rename: if it stopped being a regular
    file, nothing is replaced. OSError and DoctorError go to the caller; the temporary file never stays.
    """
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:200]}.", suffix=".tmp", dir=directory)
    try:
        if info is not None:
            os.fchmod(fd, stat.S_IMODE(info.st_mode))
            if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(fd, info.st_uid, info.st_gid)
                except PermissionError:
                    pass  # not root: the file is ours to write, and becomes ours, as with any editor
        else:
            # mkstemp creates 0600; a new file gets the mode any new file gets here (umask).
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8", newline=newline)) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            now = os.lstat(target)
        except FileNotFoundError:
            now = None
        if now is not None and not stat.S_ISREG(now.st_mode):
            raise DoctorError(f"{target}: cannot write: it is no longer a regular file; not replaced")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
