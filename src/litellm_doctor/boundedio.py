"""The one way the doctor reads its inputs: bounded in size and in time, regular files only.

Every input path goes through here: the error file and stdin, the config and its includes, env
files, rule files and `--rules-dir`'s index, settings, `report --config`, the opening of a log.

- A path must name a regular file: a FIFO would block forever, `/dev/zero` or `/dev/urandom` would
  grow memory until it runs out, a directory is not a file. They are refused with one line (the
  user can still pipe any of them on stdin, where the stream rules below apply).
- Except where a text is diagnosed or a log triaged (`open_input`): there a named pipe is a way to pipe
  (`--log <(kubectl logs …)`, `--error-file /dev/stdin` on a pipe) and is read as stdin is, after
  waiting the idle timeout for a writer; a file of size 0 that waits for data (/proc/kmsg) is refused
  after a short wait instead of hanging; a device (a terminal, /dev/zero) is still refused.
- Each kind of file has a size cap: over it, the file is refused with its size in the message, or,
  for text that is diagnosed (an error file, stdin), its first and last windows are kept.
- Streams (stdin, pipes) are read with a cap and an idle timeout: a pipe that stays open without
  sending anything ends the read instead of hanging the process.

Cutting never hands a partial secret on: the characters either side of a cut, up to the nearest
whitespace, are dropped, so the tail of a key that the cut split from its prefix (which is what the
mask recognises) is never printed.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import time

from .errors import InputError, UsageError

TYPE_CHECKING = False  # typing's own constant, without importing typing (model.py says why)
if TYPE_CHECKING:
    from typing import BinaryIO

KiB, MiB = 1024, 1024 * 1024
CAPS = {
    "config": 20 * MiB,  # config.yaml and its include: files
    "env file": 4 * MiB,
    "rule file": 1 * MiB,
    "rules index": 16 * MiB,
    "settings": 1 * MiB,
    "CA bundle": 16 * MiB,
}
# Error text: more than this is cut to its first and last halves (the first and last error matter).
ERROR_TEXT_BYTES = 1 * MiB
STDIN_IDLE_TIMEOUT = 30.0  # LITELLM_DOCTOR_STDIN_TIMEOUT overrides it (read when stdin is read)


def stdin_idle_timeout() -> float:
    """LITELLM_DOCTOR_STDIN_TIMEOUT, checked (a bad value is one line, exit 2), else 30 s."""
    from .seconds import seconds

    value = os.environ.get("LITELLM_DOCTOR_STDIN_TIMEOUT")
    return seconds(value, "LITELLM_DOCTOR_STDIN_TIMEOUT") if value else STDIN_IDLE_TIMEOUT
CUT_MARK = b"\n...\n"
# How far a cut looks for whitespace before dropping what it split (a key is far shorter than this).
_TOKEN_SLACK = 4 * KiB


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_error(path: str, kind: str, exc: OSError) -> InputError:
    if exc.errno == errno.ENOENT:
        return InputError(f"{path}: no such file")
    if exc.errno == errno.ELOOP:
        return InputError(f"{path}: cannot read the {kind}: too many levels of symbolic links (a symlink loop)")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError(f"{path[:80]}…: cannot read the {kind}: the file name is too long")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(f"{path}: cannot read the {kind}: permission denied")
    if exc.errno == errno.EISDIR:
        return InputError(f"{path}: is a directory, not a file")
    return InputError(f"{path}: cannot read the {kind} ({exc.strerror or exc})")


def is_file(path: str | os.PathLike[str]) -> bool:
    """Path.is_file() that never raises: a name from a file, a setting or the environment can be too
    long (ENAMETOOLONG), unreadable (EACCES) or hold a NUL, and pathlib raises for those (exit 3 for
    CONFIG_FILE_PATH or a settings `env-files` entry of 300 characters). Such a path is not a file."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def exists(path: str | os.PathLike[str]) -> bool:
    """Path.exists() that never raises (see `is_file`)."""
    try:
        os.stat(path)
        return True
    except (OSError, ValueError):
        return False


def not_a_file(path: str | os.PathLike[str], kind: str) -> str:
    """Why `path`, which `is_file` refused, is not a file to read: missing, a symlink loop, unreadable, or what it is
    (a directory, a FIFO, ...). One message for every command (`report --log` said "no such file" of a symlink loop)."""
    shown = os.fspath(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        return str(_os_error(shown, kind, exc))
    except ValueError:
        return f"{shown!r}: a file name cannot contain a NUL byte"
    return f"{shown}: not a file ({_describe(info.st_mode)})"


def missing_file(path: str | os.PathLike[str], kind: str) -> str:
    """`not_a_file` for an option's file (`--env-file`), whose missing file is "PATH: KIND not found"."""
    why = not_a_file(path, kind)
    return f"{os.fspath(path)[:200]}: {kind} not found" if why.endswith(": no such file") else why


# A CI or pre-commit run of `check` (config/confine.py): its workspace. Every file read through here that is named
# inside it must really be inside it: the settings file and the deployment files found beside a config
# (`.litellm-doctor.yaml`, `docker-compose.yml` linked to a file of the runner's) as much as the config itself.
CONFINED_TO: str | None = None


def _open_fd(shown: str, kind: str) -> int:
    """A read-only descriptor, opened without blocking on a FIFO that has no writer."""
    if "\0" in shown:
        raise InputError(f"{shown!r}: a file name cannot contain a NUL byte")
    if CONFINED_TO is not None:
        from .config.confine import check_inside

        check_inside(shown, CONFINED_TO, kind)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        return os.open(shown, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _os_error(shown, kind, exc) from None
    except ValueError:
        raise InputError(f"{shown[:80]!r}: not a usable file name") from None


def _not_a_file(shown: str, fd: int, mode: int, kind: str) -> InputError:
    if stat.S_ISCHR(mode) and _isatty(fd):
        how = {"error file": "run `litellm-doctor diagnose` with no text and paste it there (Ctrl-D ends)",
               "log": "give the log's file, or pipe it: `kubectl logs deploy/litellm | litellm-doctor diagnose --log -`"}
        how = how.get(kind, "give a regular file, or pipe it on stdin")
        return InputError(f"{shown}: is a terminal, not a file; {how}")
    return InputError(f"{shown}: is {_describe(mode)}, not a file; give a regular file (or pipe it on stdin)")


def _blocking(fd: int) -> BinaryIO:
    """A regular file's descriptor, opened with O_NONBLOCK (see `_open_fd`), as a blocking file object."""
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def open_regular(path: str | os.PathLike[str], kind: str) -> BinaryIO:
    """Open `path` for reading, refusing anything but a regular file (without blocking on a FIFO)."""
    shown = os.fspath(path)
    fd = _open_fd(shown, kind)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(shown, fd, mode, kind)
        return _blocking(fd)
    except BaseException:
        os.close(fd)
        raise


# A regular file of size 0 with something to read has it at once (/proc/self/status); one that makes
# a reader wait (/proc/kmsg) is a stream of the kernel's, not an error text: this long, then refused.
PSEUDO_FILE_WAIT = 1.0


def open_input(path: str | os.PathLike[str], kind: str) -> BinaryIO:
    """Open an error file or a log: a regular file as `open_regular` does, or a named pipe (a FIFO, a
    process substitution `<(…)`, /dev/stdin on a pipe) as a `TimedReader`, read as stdin is.

    Nothing blocks for long: a pipe nobody writes to is refused once the idle timeout has passed
    (LITELLM_DOCTOR_STDIN_TIMEOUT, 30 s); a file of size 0 whose reads wait (/proc/kmsg as root)
    after `PSEUDO_FILE_WAIT`; then each read waits at most as long. A device is refused at once."""
    shown = os.fspath(path)
    fd = _open_fd(shown, kind)
    try:
        info = os.fstat(fd)
        if stat.S_ISFIFO(info.st_mode):
            wait = stdin_idle_timeout()
            if not _ready(fd, 0.05):
                _say_waiting(shown, wait)
                if not _ready(fd, wait):
                    raise InputError(f"{shown}: nothing was written to this named pipe in {wait:g} s; write the text "
                                     f"into it (`… > {shown}`) or pipe it on stdin (LITELLM_DOCTOR_STDIN_TIMEOUT sets the wait)")
            return TimedReader(fd, wait, name=shown, owned=True)  # type: ignore[return-value]
        if not stat.S_ISREG(info.st_mode):
            raise _not_a_file(shown, fd, info.st_mode, kind)
        if info.st_size == 0:
            if not _ready(fd, PSEUDO_FILE_WAIT):
                raise InputError(f"{shown}: has nothing to read and waits for data (a kernel stream, not a file); "
                                 f"copy what you want diagnosed into a file, or pipe it on stdin")
            return TimedReader(fd, PSEUDO_FILE_WAIT, name=shown, owned=True, setting=False)  # type: ignore[return-value]
        return _blocking(fd)
    except BaseException:
        os.close(fd)
        raise


def _say_waiting(shown: str, wait: float) -> None:
    """On a terminal, say why nothing happens yet (as the paste prompt does)."""
    import sys

    try:
        if sys.stderr is not None and sys.stderr.isatty():
            sys.stderr.write(f"litellm-doctor: waiting up to {wait:g} s for something to be written to {shown}…\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def read_file(path: str | os.PathLike[str], kind: str, cap: int | None = None) -> bytes:
    """The whole of a regular file of at most `cap` bytes (the kind's cap); refused beyond it."""
    cap = cap if cap is not None else CAPS[kind]
    shown = os.fspath(path)
    with open_regular(path, kind) as fh:
        try:
            # Sized by the file, not the cap: read(cap + 1) allocates the whole cap first (16 MiB for
            # the rules index, ~1 ms of a pasted error's run). A file that grew meanwhile is read on.
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(min(size, cap) + 1)
            if len(data) > size and len(data) <= cap:
                data += fh.read(cap + 1 - len(data))
        except OSError as exc:
            raise _os_error(shown, kind, exc) from None
    if len(data) > cap:
        raise InputError(f"{shown}: the {kind} is larger than {_size(cap)}; a {kind} this large is not supported")
    return data


def read_text(path: str | os.PathLike[str], kind: str, cap: int | None = None) -> str:
    """`read_file` decoded as UTF-8 (a BOM is dropped; undecodable bytes are refused with their line)."""
    data = read_file(path, kind, cap)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{os.fspath(path)}:{line}: the {kind} is not valid UTF-8 text") from None


def read_windows(path: str | os.PathLike[str], kind: str = "error file", limit: int = ERROR_TEXT_BYTES) -> tuple[bytes, bool]:
    """A regular file whole when it is at most `limit` bytes, else its first and last `limit // 4`
    bytes (cut cleanly, see `join_windows`); a named pipe is read as `read_stream` reads stdin (see
    `open_input`). Returns the bytes and whether they were cut."""
    half = limit // 4
    with open_input(path, kind) as fh:
        if isinstance(fh, TimedReader):
            return read_stream(fh, limit)
        try:
            head = fh.read(limit + 1)
            if len(head) <= limit:
                return head, False
            size = os.fstat(fh.fileno()).st_size
            fh.seek(max(len(head), size - half))
            tail = fh.read(half)
        except OSError as exc:
            raise _os_error(os.fspath(path), kind, exc) from None
    return join_windows(head[:half], tail), True


class TimedReader:
    """A pipe or terminal read straight from its descriptor, where a read that waits longer than
    `idle_timeout` for data ends the stream (`timed_out` is then set). A terminal has no timeout:
    a person may take their time to paste."""

    def __init__(self, fd: int, idle_timeout: float | None = None, name: str = "standard input", owned: bool = False,
                 setting: bool = True) -> None:
        self.fd = fd
        self.idle_timeout = stdin_idle_timeout() if idle_timeout is None else idle_timeout
        self.name = name
        self.timed_out = False
        self._eof = False
        self._watch = not _isatty(fd)
        self._owned = owned  # opened by open_input: closed with the reader (stdin is not)
        self._setting = setting  # is the wait LITELLM_DOCTOR_STDIN_TIMEOUT's (the note names it)

    def close(self) -> None:
        if self._owned and self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> "TimedReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            parts = []
            while chunk := self.read(65536):
                parts.append(chunk)
            return b"".join(parts)
        if self._eof or n == 0:
            return b""
        if self._watch and not _ready(self.fd, self.idle_timeout):
            self.timed_out = self._eof = True
            return b""
        try:
            data = os.read(self.fd, n)
        except BlockingIOError:
            data = b"" if not _ready(self.fd, self.idle_timeout) else os.read(self.fd, n)
        except OSError:
            data = b""
        if not data:
            self._eof = True
        return data

    read1 = read

    def note(self) -> str | None:
        if not self.timed_out:
            return None
        setting = " (LITELLM_DOCTOR_STDIN_TIMEOUT sets the wait)" if self._setting else ""
        return f"{self.name} sent nothing for {self.idle_timeout:g} s; what had arrived was read{setting}"


def read_head(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes from the start of `stream` (a pipe may return them in several reads); give them back
    in front of the rest with `Chain(head, stream)`."""
    head = bytearray()
    while len(head) < limit:
        chunk = stream.read(limit - len(head))
        if not chunk:
            break
        head += chunk
    return bytes(head)


class Chain:
    """A binary stream that returns `head` first, then the rest of `stream` (a sniffed pipe; logs/ reads with it
    too). Here, not in logs/, so that sniffing a paste does not import the log package."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, n: int = -1) -> bytes:
        if self._head:
            if n < 0 or n >= len(self._head):
                out, self._head = self._head, b""
                rest = self._stream.read(n - len(out)) if n > len(out) else (self._stream.read() if n < 0 else b"")
                return out + (rest or b"")
            out, self._head = self._head[:n], self._head[n:]
            return out
        return self._stream.read(n)


def stdin_reader(stream: BinaryIO | None = None) -> BinaryIO:
    """Standard input as a `TimedReader` (or `stream` as it is when it has no descriptor, as in tests).

    Read from the descriptor, not through `sys.stdin.buffer`: nothing has read stdin before this."""
    import sys

    stream = stream if stream is not None else sys.stdin.buffer
    fd = _fileno(stream)
    return stream if fd is None else TimedReader(fd)  # type: ignore[return-value]


def read_stream(stream: BinaryIO, limit: int = ERROR_TEXT_BYTES) -> tuple[bytes, bool]:
    """Read a stream to its end with bounded memory: whole up to `limit` bytes, else its first and
    last `limit // 4` bytes (a rolling tail window). Returns (bytes, cut)."""
    data, cut, _stopped = read_stream_upto(stream, limit)
    return data, cut


# A paste read from a pipe is read to its end (its last error matters), but not past this: `yes | litellm-doctor
# diagnose -` never ended (the idle timeout never fires on a pipe that keeps sending). Past it the read stops and the
# first and last windows read are diagnosed, with STREAM_STOP_NOTE; 64 MiB of a fast pipe takes well under a second.
STREAM_READ_MAX = 64 * MiB
STREAM_STOP_NOTE = ("the input was still coming after 64 MiB: the read stopped there, and its first 256 KiB and the "
                    "last 256 KiB read were diagnosed (a whole log: `diagnose --log -` streams it)")


def read_stream_upto(stream: BinaryIO, limit: int = ERROR_TEXT_BYTES, most: int = STREAM_READ_MAX) -> tuple[bytes, bool, bool]:
    """`read_stream`, which stops once `most` bytes are read: (bytes, cut, stopped before the stream's end)."""
    half = limit // 4
    head = bytearray()
    tail = bytearray()
    total = 0
    stopped = False
    while True:
        if total >= most:
            stopped = True
            break
        chunk = stream.read(65536)
        if not chunk:
            break
        total += len(chunk)
        if len(head) < limit:
            take = limit - len(head)
            head += chunk[:take]
            chunk = chunk[take:]
        if chunk:
            tail += chunk
            if len(tail) > half:
                del tail[: len(tail) - half]
    if total <= limit:
        return bytes(head), False, stopped
    rest = bytes(head[half:]) + bytes(tail)
    return join_windows(bytes(head[:half]), rest[-half:]), True, stopped


def join_windows(head: bytes, tail: bytes) -> bytes:
    """head + `...` + tail, dropping the partial token either side of each cut (up to whitespace).

    UTF-16 with a BOM (PowerShell's `>`) is cut on its code units and joined in its own encoding,
    so the tail still decodes; the token dropping is done on the text."""
    encoding = UTF16_BOMS.get(bytes(head[:2]))
    if encoding is not None:
        text_head = head[: len(head) - len(head) % 2].decode(encoding, errors="replace")
        text_tail = tail[len(tail) % 2:].decode(encoding, errors="replace")
        joined = join_windows(text_head.encode("utf-8"), text_tail.encode("utf-8"))
        return joined.decode("utf-8", errors="replace").encode(encoding)
    return _drop_partial_end(head) + CUT_MARK + _drop_partial_start(tail)


UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def _drop_partial_end(data: bytes) -> bytes:
    window = data[-_TOKEN_SLACK:]
    cut = max(window.rfind(b) for b in (b" ", b"\n", b"\t"))
    return data[: len(data) - len(window) + cut + 1] if cut >= 0 else data[: len(data) - len(window)]


def _drop_partial_start(data: bytes) -> bytes:
    window = data[:_TOKEN_SLACK]
    found = [i for i in (window.find(b) for b in (b" ", b"\n", b"\t")) if i >= 0]
    return data[min(found):] if found else data[len(window):]


def _fileno(stream: BinaryIO) -> int | None:
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _ready(fd: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        try:
            readable, _, _ = select.select([fd], [], [], left)
        except (OSError, ValueError):
            return True  # not selectable (a regular file on some systems): just read
        if readable:
            return True


def _size(n: int) -> str:
    return f"{n // MiB} MiB" if n >= MiB else f"{n // KiB} KiB"


def decompress(raw: bytes, content_encoding: str | None, limit: int) -> tuple[bytes, bool]:
    """An HTTP body decoded as its Content-Encoding says, never producing more than `limit` bytes at
    any layer (a body gzipped twice, 2 KB on the wire, would otherwise decode to gigabytes).

    Returns (decoded, truncated). Encodings other than gzip, deflate and identity are left as they
    are (the probes ask for gzip and deflate only).
    """
    import zlib

    layers = [e.strip().lower() for e in (content_encoding or "").split(",") if e.strip()]
    data, truncated = raw, False
    # Intermediate layers may be a little larger than what the next one produces from them.
    for position, encoding in enumerate(reversed(layers)):
        last = position == len(layers) - 1
        cap = limit if last else 2 * limit + 65536
        if encoding in ("identity", ""):
            continue
        if encoding in ("gzip", "x-gzip"):
            wbits = zlib.MAX_WBITS | 16
        elif encoding == "deflate":
            wbits = zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS
        else:
            break
        try:
            inflater = zlib.decompressobj(wbits)
            out = inflater.decompress(data, cap + 1)
        except zlib.error:
            break  # not what the header says: keep the bytes as they are
        if len(out) > cap or inflater.unconsumed_tail:
            truncated = True
        data = out[:cap]
    if len(data) > limit:
        data, truncated = data[:limit], True
    return data, truncated


def check_paths(*values: object) -> None:
    """File names from the command line, validated where they enter: no NUL byte, no name longer
    than the system allows (both made Python raise instead of returning "no such file")."""
    for value in values:
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if item is None or str(item) == "-":
                continue
            text = str(item)
            if "\0" in text:
                raise UsageError(f"{text!r}: a file name cannot contain a NUL byte")
            if len(text) > 4096 or any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in text.split("/")):
                raise UsageError(f"{text[:60]}…: the file name is too long")
