"""What the deployment's files say: the LiteLLM units (replicas x workers), Postgres' max_connections, a
Redis, each number with the file:line it was read from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Sourced:
    """A number read from a file, with where it was written ("k8s/deployment.yaml:8") and what it is."""

    value: int
    where: str
    what: str = ""

    def cited(self, noun: str) -> str:
        plural = noun if self.value == 1 else noun + ("es" if noun.endswith("s") else "s")
        return f"{self.value} {plural} ({', '.join(p for p in (self.what, self.where) if p)})"


@dataclass(frozen=True)
class Unit:
    """One LiteLLM service (compose) or workload (Kubernetes)."""

    name: str
    file: str
    replicas: Sourced | None = None  # None: one replica (the default)
    workers: Sourced | None = None  # None: LiteLLM's default, one worker

    @property
    def processes(self) -> int:
        return (self.replicas.value if self.replicas else 1) * (self.workers.value if self.workers else 1)

    def describe(self) -> str:
        parts = [s.cited(noun) for s, noun in ((self.replicas, "replica"), (self.workers, "worker")) if s is not None]
        return " x ".join(parts) if parts else f"1 process ({self.name}, {self.file})"


@dataclass(frozen=True)
class DeployShape:
    units: tuple[Unit, ...] = ()
    max_connections: Sourced | None = None
    redis: str | None = None  # where a Redis server is deployed beside the proxy
    files: tuple[str, ...] = ()  # what was read
    notes: tuple[str, ...] = ()
    # All processes as the project settings state them (`workers = N`): over the units' count, under the
    # command line's --workers (config/settings.py, ProjectSettings.deployment).
    stated: Sourced | None = None
    # The manifests' Services matched to the LiteLLM pods they select (services.Route), and those that evidently
    # front LiteLLM but select no pod (services.Miss): read by LD-CFG-152/153/154 (a Route's `strays`: 154).
    routes: tuple[Any, ...] = ()
    misses: tuple[Any, ...] = ()

    def given(self, stated: Sourced) -> DeployShape:
        return replace(self, stated=stated)

    @property
    def processes(self) -> int | None:
        if self.stated is not None:
            return self.stated.value
        return self.files_processes

    @property
    def files_processes(self) -> int | None:
        return sum(u.processes for u in self.units) if self.units else None

    @property
    def source(self) -> str:
        if self.stated is not None:  # "N processes ({source})", as for the files' "3 replicas (…) x 4 workers (…)"
            return ", ".join(p for p in (self.stated.what, self.stated.where) if p)
        return self.files_source

    @property
    def files_source(self) -> str:
        return " + ".join(u.describe() for u in self.units)

    def per_replica(self, workers: int) -> tuple[int, str]:
        """The processes when the user gives the workers per replica (`--workers` of probe and report):
        the files' replicas (1 when they say none) x `workers`, and where each number came from."""
        replicas = sum(u.replicas.value if u.replicas else 1 for u in self.units) or 1
        cited = " + ".join(u.replicas.cited("replica") for u in self.units if u.replicas)
        return replicas * workers, (f"{cited} x " if cited else "") + f"{workers} workers (--workers)"

    def check_options(self, workers: int | None, db_max_connections: int | None, workers_source: str = "") -> dict[str, Any]:
        """`check`'s Options: what the user said (`workers`: all processes, with `workers_source` when it
        was computed from them) wins, else the files' numbers."""
        out: dict[str, Any] = {"workers": workers, "db_max_connections": db_max_connections, "redis_deployed": self.redis,
                               "service_routes": self.routes, "service_misses": self.misses}
        if workers and workers_source:
            out["workers_source"] = workers_source
        if not workers and self.processes:
            out.update(workers=self.processes, workers_source=self.source)
        if not db_max_connections and self.max_connections is not None:
            out.update(db_max_connections=self.max_connections.value, db_max_connections_source=self.max_connections.where)
        return out

    def fleet_processes(self, probed: int) -> tuple[int, str] | None:
        """The fleet probe's process count when --workers is not given: the files' count, or the replicas
        that answered times the files' workers per replica when more replicas answer than the files say."""
        if self.stated is not None:  # all processes: at least one a replica that answers
            if self.stated.value >= probed:
                return self.stated.value, self.source
            return probed, f"{probed} replicas probed, more than {self.stated.value} ({self.source})"
        if not self.units:
            return None
        workers = max((u.workers for u in self.units if u.workers), key=lambda w: w.value, default=None)
        per_replica = workers.value if workers else 1
        if (self.processes or 0) >= probed * per_replica:
            return self.processes or 0, self.source
        return probed * per_replica, f"{probed} replicas probed" + (f" x {workers.cited('worker')}" if workers else "")

    def report_notes(self) -> tuple[str, ...]:
        """What a report's notes say of the files: the summary, then what could not be read from them."""
        return tuple(n for n in (self.summary(), *self.notes) if n)

    def summary(self) -> str | None:
        """One line for the report's notes: what was read and the numbers it gave."""
        parts = []
        if self.units:
            n = self.files_processes
            parts.append(f"{n} LiteLLM process{'es' if n != 1 else ''} = {self.files_source}")
        if self.max_connections is not None:
            parts.append(f"Postgres max_connections {self.max_connections.value} ({self.max_connections.where})")
        if self.redis:
            parts.append(f"Redis deployed ({self.redis})")
        files = "deployment files: " + "; ".join(parts) if parts else None
        if self.stated is None:
            return files
        stated = f"{self.stated.cited('LiteLLM process')}" + (", over the files' count" if self.units else "")
        return f"{files}; {stated}" if files else stated
