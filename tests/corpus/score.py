"""Score the classifier on the labelled real-error corpus: prints the accuracy and every miss.

    python tests/corpus/score.py            # the copied training corpus
    python tests/corpus/score.py FILE.jsonl # any file in the same format

Exit 1 when accuracy is under the 95 % bar (issue #2), so it can gate a pipeline too.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from litellm_doctor.diagnosis import diagnose
from litellm_doctor.errors import InputError

HERE = Path(__file__).resolve().parent
DEFAULT = HERE / "real_errors_train.jsonl"
BAR = 0.95


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(records: list[dict]) -> tuple[float, list[tuple[dict, str, str]]]:
    misses = []
    for record in records:
        try:
            report = diagnose(record["text"])
            got, rule = report.category, report.diagnosis.rule_id if report.diagnosis else "-"
        except InputError as exc:
            got, rule = "error", str(exc)
        if got != record["category"]:
            misses.append((record, got, rule))
    return 1 - len(misses) / len(records), misses


def right_and_confident_wrong(records: list[dict], text=None) -> tuple[int, list[tuple]]:
    """How many `records` get their category, and the wrong answers that were confident (given by a rule, or
    estimated at >= 0.8): (id, wanted, got, rule id). `text(record)`: what is diagnosed (the record's text)."""
    right, wrong = 0, []
    for r in records:
        report = diagnose(text(r) if text is not None else r["text"])
        if report.category == r["category"]:
            right += 1
        elif report.answer == "rule" or (report.diagnosis and report.diagnosis.confidence >= 0.8):
            wrong.append((r["id"], r["category"], report.category, report.diagnosis.rule_id))
    return right, wrong


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    records = load(path)
    accuracy, misses = score(records)
    by_category = Counter(r["category"] for r in records)
    missed = Counter(r["category"] for r, _, _ in misses)
    print(f"{path.name}: {len(records) - len(misses)}/{len(records)} = {accuracy:.1%} (bar {BAR:.0%})")
    for category in sorted(by_category):
        n = by_category[category]
        print(f"  {category:<11} {n - missed[category]:>3}/{n}")
    for record, got, rule in misses:
        first = record["text"].strip().splitlines()[0][:110]
        print(f"MISS {record['id']}: want {record['category']}/{record.get('subcategory') or record.get('source', '-')}, got {got} ({rule})\n     {first}")
    return 0 if accuracy >= BAR else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
