"""LiteLLM's CLI prints why the proxy cannot set its database up, then exits: `print()`s, red on a terminal (always in
1.103), with no level and mostly no `Error: ` (proxy_cli.py; scan.DB_SETUP_LITERALS). The log scanner's literals missed
them: `diagnose --log` said "no failures" of a log whose proxy never started, while the same line pasted is diagnosed.
They are looked for in a log whose start shows one (a failed start's log), so other logs pay nothing.

Fixtures: tests/fixtures/logs/by-hand/litellm-1.103.0-database-url-*.log, `litellm --config` of LiteLLM 1.103.0 run
here with DATABASE_URL=sqlite:///… (its whole output: the red line, exit 1) and with a Postgres URL and no prisma
installed (1.103 prints its plain `Unable to connect to DB. …` and starts anyway). The 1.110.2 lines are the wheel's
(proxy_cli.py 1548, 1680, 1687, 1697, 1710; `terminal_text` keeps the colour on a terminal only).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from litellm_doctor.logs import triage_log
from litellm_doctor.logs.reader import LogReader

from .conftest import FIXTURES

RED, RESET = "\x1b[1;31m", "\x1b[0m"
SETUP_FAILED = ("LiteLLM Proxy: Database setup failed after multiple retries. The proxy cannot start safely. Please "
                "check your database connection and migration status.")
NO_PRISMA = ("LiteLLM Proxy: a database URL is set but the prisma CLI is neither on PATH nor importable as a package, so "
             "the database cannot be set up. Install it with `pip install 'litellm[extra_proxy]'` or run a shipped "
             "LiteLLM image.")
MIGRATION = "LiteLLM Proxy: Database migration cannot proceed. P3009 migrate found failed migrations in the target database"
SCHEME = ("LiteLLM Proxy: DIRECT_URL uses unsupported scheme 'mysql'. LiteLLM's database features (virtual keys, "
          "store_model_in_db, spend tracking) require PostgreSQL; use a 'postgresql://' connection string.")
START = ("INFO:     Started server process [7]\n"
         "12:00:00 - LiteLLM Proxy:WARNING: proxy_cli.py:1129 - The process failed to execute. Details: Command "
         "'prisma migrate deploy' returned non-zero exit status 1. Retrying... (3 attempts left)\n")


def _groups(tmp_path: Path, text: str) -> list:
    path = tmp_path / "proxy.log"
    path.write_bytes(text.encode())
    return list(triage_log(str(path)).groups)


@pytest.mark.parametrize("line, rule", [
    (SETUP_FAILED, "LD-DEPLOY-038"), (NO_PRISMA, "LD-DEPLOY-034"), (MIGRATION, "LD-DEPLOY-038"), (SCHEME, "LD-DEPLOY-033"),
])
@pytest.mark.parametrize("colour", [True, False], ids=["terminal", "piped"])
def test_a_database_print_of_1_110_2_is_a_failure(tmp_path, engine, line, rule, colour):
    printed = f"{RED}{line}{RESET}\n" if colour else f"{line}\n"
    groups = _groups(tmp_path, printed)
    assert [(g.rule_id, g.count) for g in groups] == [(rule, 1)], groups


def test_a_crash_loops_every_run_is_counted(tmp_path, engine):
    # `docker logs` of a restarting container: each run prints it again (1.110.2, colour kept on a terminal).
    groups = _groups(tmp_path, (START + f"{RED}{SETUP_FAILED}{RESET}\n") * 3)
    setup = [g for g in groups if g.rule_id == "LD-DEPLOY-038"]
    assert len(setup) == 1 and setup[0].count == 3, groups


@pytest.mark.parametrize("colour", [True, False], ids=["terminal", "piped"])
def test_the_print_after_the_migrations_retry_warning_is_not_that_warnings(tmp_path, engine, colour):
    # 1.110.2 piped (a container's log): the uncoloured line went on the warning before it, which is no failure.
    printed = f"{RED}{SETUP_FAILED}{RESET}\n" if colour else f"{SETUP_FAILED}\n"
    groups = _groups(tmp_path, START + printed + "INFO:     Started server process [8]\n")
    assert [(g.rule_id, g.count) for g in groups if g.kind in ("request", "log")] == [("LD-DEPLOY-038", 1)], groups


def test_litellm_1_103_runs(engine):
    sqlite = triage_log(str(FIXTURES / "by-hand" / "litellm-1.103.0-database-url-sqlite.log"))
    assert [(g.rule_id, g.count) for g in sqlite.groups] == [("LD-DEPLOY-033", 1)]
    no_prisma = triage_log(str(FIXTURES / "by-hand" / "litellm-1.103.0-database-url-no-prisma.log"))
    first = no_prisma.groups[0]
    assert first.rule_id == "LD-DEPLOY-034" and "prisma CLI is neither on PATH" in first.example


def test_the_print_is_its_own_record_and_the_lines_around_it_keep_theirs():
    for line in (f"{RED}{SETUP_FAILED}{RESET}\n", f"{SETUP_FAILED}\n", f"{MIGRATION}\n", f"{NO_PRISMA}\n"):
        data = (START + line + "12:00:30 - LiteLLM Proxy:INFO: x.py:1 - next run\n").encode()
        records = list(LogReader(io.BytesIO(data)))
        printed = [r for r in records if "LiteLLM Proxy: Database" in r.text() or "prisma CLI" in r.text()]
        assert len(printed) == 1 and printed[0].kind == "bare" and printed[0].text().startswith("LiteLLM Proxy: "), records
        (warning,) = [r for r in records if r.level == "WARNING"]
        assert warning.text().rstrip("\n").endswith("(3 attempts left)")
    # a line that only begins like one stays on its record
    data = (START + "LiteLLM Proxy: Database setup took 3 s\n").encode()
    (warning,) = [r for r in LogReader(io.BytesIO(data)) if r.level == "WARNING"]
    assert "setup took 3 s" in warning.text()


def test_a_log_whose_start_shows_none_is_scanned_without_them():
    """The common case pays nothing: a proxy log's scanner has no extra literal (an extra pass of the pure-Python
    engine is ~20-40% of the prefilter, scan.py)."""
    for path, expected in ((FIXTURES / "proxy-default.log", False), (FIXTURES / "proxy-json.log", False),
                           (FIXTURES / "by-hand" / "litellm-1.103.0-database-url-sqlite.log", True)):
        with path.open("rb") as fh:
            reader = LogReader(fh)
            list(reader)
        assert reader.scanner.db_setup is expected, path.name


def test_the_db_setup_probe_hits_exactly_its_literals():
    from litellm_doctor.logs.scan import DB_SETUP_LITERALS, DB_SETUP_PROBES, LiteralScanner

    near = [b"Database migration can proceed", b"Database setup failed", b"prisma CLI is on PATH", b"URL uses scheme",
            b"pgbouncer could not start"]
    lines = [b"x " + lit + b" y" for lit in DB_SETUP_LITERALS] + [b"x " + n + b" y" for n in near]
    data = b"\n".join(lines) + b"\n"
    hit = {data.count(b"\n", 0, p) for p in LiteralScanner(DB_SETUP_PROBES).hits(data, len(data))}
    assert hit == set(range(len(DB_SETUP_LITERALS)))


def test_the_line_starts_are_derived_from_the_literals():
    """reader._DB_SETUP_LINE is scan's sentences with what stands before each at a line's start: one start per
    literal, none for a sentence scan does not have (a literal added without its start fails at import)."""
    from litellm_doctor.logs import reader
    from litellm_doctor.logs.scan import DB_SETUP_LITERALS

    assert set(reader._DB_SETUP_BEFORE) == set(DB_SETUP_LITERALS)
    for line in (SETUP_FAILED, NO_PRISMA, MIGRATION, SCHEME,
                 "LiteLLM Proxy: LITELLM_PGBOUNCER_ENABLED is set but the in-container pgbouncer could not start.",
                 "Unable to connect to DB. DATABASE_URL found in environment, but the prisma CLI is neither on PATH"):
        bare = reader.BARE.match(line.encode())
        assert bare and bare.lastgroup == "dbsetup", line
