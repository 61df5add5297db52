"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=config.yaml,line=12,title=LD-CFG-011 unknown-provider::`anthropc/…` is not a provider…

error and warning map to `::error` / `::warning`, info to `::notice`. Values are escaped as the runner
expects (`%`, CR, LF everywhere; `:` and `,` in properties too). A last plain line gives the summary.
"""

from __future__ import annotations

from ..model import Report
from .base import NO_RULE, Formatter, no_failure, other_notes, split_no_failure
from .sanitize import github_data as escape_data
from .sanitize import github_property as escape_property

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


class GithubFormatter(Formatter):
    name = "github"

    def render(self, report: Report) -> str:
        return "\n".join(self.lines(report))

    def lines(self, report: Report, subject: str | None = None) -> list[str]:
        """The annotations and plain lines of one report; `subject` (a config's path, when one run checked several)
        is named in its plain lines, whose notes would otherwise not say which config they are about."""
        said = f"{escape_data(subject)}: " if subject else ""
        lines = []
        for f in report.findings:
            props = []
            if f.location and f.location.file:
                props.append(f"file={escape_property(f.location.file)}")
                if f.location.line:
                    props.append(f"line={f.location.line}")
            props.append(f"title={escape_property(f'{f.rule_id} {f.title}')}")
            body = f.message
            if f.steps:
                body += "\n" + "\n".join(f"{n}. {step}" for n, step in enumerate(f.steps, 1))
            if f.docs:
                body += "\nDocs: " + " ".join(f.docs)
            # End on the id: a line ending in a word such as `secret` followed by the next line's `::`
            # would read as `secret: value` to a secret masker that spans lines.
            body += f" [{f.rule_id}]"
            lines.append(f"::{_COMMAND.get(f.severity, 'warning')} {','.join(props)}::{escape_data(body)}")
        if (nothing := no_failure(report)) is not None:
            why, instead = split_no_failure(nothing)
            lines.append(f"::notice title=litellm-doctor::{escape_data(f'{why} Next: {instead}.')}")
        elif report.command == "diagnose" and report.diagnosis is None:
            lines.append(f"::notice title=litellm-doctor::{NO_RULE}")
        lines += [f"litellm-doctor: {said}{escape_data(note)}" for note in other_notes(report)]
        if not lines:
            lines.append(f"litellm-doctor {report.command}: {said}no findings")
        return lines
