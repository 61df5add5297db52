"""Which LiteLLM version a config or a proxy runs, found rather than guessed, and said with its source.

In order (the first that answers wins):
1. `--litellm-version X` on the command line;
2. the proxy's own answer (`/health/readiness[/details]` `litellm_version`, `x-litellm-version`), when probed;
3. an image tag `ghcr.io/berriai/litellm…:<tag>` in a docker-compose file or Kubernetes manifest next to
   the config (the image is what runs the config; the `litellm` installed beside this tool may be a
   developer's or the `[direct]` extra's, so the tag is more specific and comes first);
4. the `litellm` installed beside the tool (importlib.metadata: the distribution's metadata, no import);
5. else the newest version the knowledge covers, said as an assumption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ..boundedio import open_regular
from ..errors import InputError
from . import for_version, newest
from .versions import is_version, parse_version

# ghcr.io/berriai/litellm:main-v1.108.14-stable, …/litellm-database:v1.103.0, docker.litellm.ai/berriai/litellm:1.110.2
_IMAGE = re.compile(
    r"(?:ghcr\.io|docker\.litellm\.ai|docker\.io)?/?berriai/litellm(?:[-_][a-z_]+)?:(?P<tag>[A-Za-z0-9_.\-]{1,80})"
)
_TAG_VERSION = re.compile(r"(?:^|[-_v])v?(?P<v>\d+\.\d+\.\d+)(?![\d])")
_MANIFEST_NAMES = re.compile(r"^(?:docker-)?compose[\w.\-]*\.ya?ml$|\.ya?ml$", re.IGNORECASE)
_MAX_FILES = 40
_MAX_ENTRIES = 5000  # directory entries looked at per directory
_MANIFEST_DIRS = ("k8s", "kubernetes", "deploy", "manifests", "kube", "helm")


def _shown(path: Path, home: Path) -> str:
    try:
        return str(path.relative_to(home))
    except ValueError:
        return str(path)
_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Detected:
    version: str  # the LiteLLM version the config/proxy runs (or is assumed to run)
    source: str  # where it was found, for the report: "--litellm-version", "the proxy (/health/readiness)", …
    assumed: bool = False

    @property
    def knowledge(self) -> str:
        """The version whose knowledge is used (the nearest known one not after it)."""
        return for_version(self.version).version

    def note(self) -> str:
        used = self.knowledge
        if used == self.version:
            knowledge = f"knowledge of LiteLLM {used}"
        elif parse_version(used) > parse_version(self.version):
            knowledge = f"knowledge of LiteLLM {used} (older than every release the doctor knows; the oldest is used)"
        else:
            knowledge = f"knowledge of LiteLLM {used} (the nearest known release not after {self.version})"
        if self.assumed:
            return f"LiteLLM version: not found ({self.source}); assuming {self.version}, the newest known: {knowledge}"
        return f"LiteLLM version: {self.version} ({self.source}); {knowledge}"


def from_option(value: str) -> Detected:
    value = value.strip()
    if not is_version(value):
        raise InputError(f"--litellm-version: {value!r} is not a LiteLLM version (like 1.108.14)")
    return Detected(_canonical(value), "--litellm-version")


def _canonical(value: str) -> str:
    major, minor, patch = parse_version(value)
    return f"{major}.{minor}.{patch}"


def installed() -> str | None:
    """The litellm distribution installed beside this tool, from its metadata (litellm is not imported)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("litellm")
    except PackageNotFoundError:
        return None
    return _canonical(found) if is_version(found) else None


def image_tags(config_path: str | Path) -> list[tuple[str, str]]:
    """(version, "file:line") of each versioned LiteLLM image named in a compose file or manifest next to the
    config, one per version, in the order found: its directory and the usual manifest subdirectories (where
    config/deployenv.py also looks) first, then the parent, which is read only when those name none (it may
    hold another project). Bounded: at most 40 files of at most 512 KiB."""
    home = Path(config_path).resolve().parent
    levels: list[list[Path]] = [[], []]
    for directory in (home, *(home / d for d in _MANIFEST_DIRS), home.parent):
        try:
            # islice: a parent directory of a million entries (a busy /tmp) is not listed whole
            found = [p for p in islice(directory.iterdir(), _MAX_ENTRIES) if _MANIFEST_NAMES.search(p.name) and p.is_file()]
        except OSError:
            continue
        # compose files first in each directory: they are the usual place
        levels[directory == home.parent] += sorted(found, key=lambda p: (0 if "compose" in p.name.lower() else 1, p.name))
    budget = _MAX_FILES
    for candidates in levels:
        tags: dict[str, str] = {}
        for path in candidates[:budget]:
            for version, number in _versions_in(path):
                tags.setdefault(version, f"{_shown(path, home)}:{number}")
        budget -= min(budget, len(candidates))
        if tags:
            return list(tags.items())
    return []


def _versions_in(path: Path) -> list[tuple[str, int]]:
    try:
        # The bounded reader's open: a file swapped for a FIFO since is_file() never blocks.
        with open_regular(path, "manifest") as fh:
            text = fh.read(_MAX_BYTES).decode("utf-8", errors="replace")
    except (OSError, InputError):
        return []
    if "berriai/litellm" not in text:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        m = _IMAGE.search(line)
        v = _TAG_VERSION.search(m.group("tag")) if m else None
        if v:  # a tag without a version (main-latest, lts) says nothing
            found.append((_canonical(v.group("v")), number))
    return found


def image_tag(config_path: str | Path) -> tuple[str, str] | None:
    """The image version the knowledge follows: the newest of `image_tags` (during a rollout, where the fleet
    is going; the note names the others)."""
    tags = image_tags(config_path)
    return max(tags, key=lambda t: parse_version(t[0])) if tags else None


def detect(*, option: str | None = None, proxy_version: str | None = None, config_path: str | Path | None = None,
           use_installed: bool = True) -> Detected:
    if option:
        return from_option(option)
    if proxy_version and is_version(proxy_version):
        return Detected(_canonical(proxy_version), "reported by the proxy")
    if config_path is not None:
        tags = image_tags(config_path)
        if tags:
            version, where = max(tags, key=lambda t: parse_version(t[0]))
            if len(tags) == 1:
                return Detected(version, f"image tag in {where}")
            named = ", ".join(f"{v} at {w}" for v, w in tags)
            return Detected(version, f"the newest of {len(tags)} versions the deployment files run: {named}")
    if use_installed:
        local = installed()
        if local:
            return Detected(local, "the litellm installed beside litellm-doctor")
    return Detected(newest(), "no --litellm-version, proxy, image tag or installed litellm", assumed=True)
