"""`--format json`: one JSON object following schemas/report.schema.json."""

from __future__ import annotations

import json

from ..model import Report
from .base import Formatter, report_dict


class JsonFormatter(Formatter):
    name = "json"

    def render(self, report: Report) -> str:
        from .sanitize import inert_json

        return inert_json(json.dumps(report_dict(report), indent=2, ensure_ascii=False))
