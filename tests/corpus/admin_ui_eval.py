"""The admin UI's framings of real proxy errors (HOLDOUT_EVAL.md, twenty-seventh pass; issue #9).

    python tests/corpus/admin_ui_eval.py        # the admin_ui_* variant families: corpus texts and lab bodies
    python tests/corpus/admin_ui_eval.py -v     # and every variant whose answer or facts moved
    python tests/corpus/admin_ui_eval.py -v --templates   # the templates' moves too

Two sets: the real corpus texts that carry a proxy error body (real_errors_train*.jsonl, scored against
their labels and against the bare text's rule), and the real error bodies of LiteLLM 1.103.0 and 1.108.14
that the lab recorded (tests/fixtures/lab/, compared with the bare body: they have no label), and LiteLLM's own
proxy and HTTP error bodies harvested from its source (litellm_templates.jsonl: their category is the bare
body's answer, not a label; training-only elsewhere). Each variant is
built by variants.py's admin_ui_* families (the UI's code, read from its bundles, redone in Python).
"Facts" compares the bare text's status, model group, api_base, provider and exception class; a toast
keeps no status (the UI shows a title instead), so its facts are also given without the status.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import variants  # noqa: E402

KEYS = ("status", "model_group", "api_base", "provider", "exception_class")
FAMILIES = [f for f in variants.FAMILIES if f.startswith("admin_ui")]


def lab_records() -> list[dict]:
    out = []
    for path in sorted((HERE.parent / "fixtures" / "lab").rglob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8")).get("body")
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            version = path.parent.name if path.parent.name[0].isdigit() else "1.103.0"
            out.append({"id": f"lab-{version}-{path.stem}", "text": json.dumps(body, separators=(",", ":")), "category": None})
    return out


def score(records: list[dict], verbose: bool) -> None:
    from litellm_doctor.diagnosis import diagnose

    tot = {f: [0, 0, 0, 0, 0] for f in FAMILIES}
    for record in records:
        base = diagnose(record["text"])
        rule0 = base.diagnosis.rule_id if base.diagnosis else "-"
        want = record["category"] or base.category
        for family, text in variants.variants(record):
            if family not in tot:
                continue
            got = diagnose(text)
            rule = got.diagnosis.rule_id if got.diagnosis else "-"
            moved = {k: (base.facts.get(k), got.facts.get(k)) for k in KEYS if got.facts.get(k) != base.facts.get(k)}
            row = tot[family]
            row[0] += got.category == want
            row[1] += rule == rule0
            row[2] += rule == rule0 and not moved
            row[3] += rule == rule0 and not (set(moved) - {"status"})
            row[4] += 1
            if verbose and (rule != rule0 or got.category != want or moved):
                print(f"  MOVED [{family}] {record['id']}: {want}/{rule0} -> {got.category}/{rule} {moved}")
    print("  family                 category         same rule        and facts        facts but status")
    total = [0] * 5
    for family, row in tot.items():
        n = row[4]
        if not n:
            continue
        total = [a + b for a, b in zip(total, row)]
        print(f"  {family:<22} " + "  ".join(f"{x:>3}/{n:<3} {x / n:6.1%}" for x in row[:4]))
    n = total[4]
    print(f"  {'all':<22} " + "  ".join(f"{x:>3}/{n:<3} {x / n:6.1%}" for x in total[:4]))


def template_records() -> list[dict]:
    """LiteLLM's own proxy and HTTP error bodies (litellm_templates.jsonl, harvested from 1.103.0-1.110.2)."""
    out = []
    for line in (HERE / "litellm_templates.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("kind") in ("proxy", "http") and record["text"].lstrip().startswith("{"):
            out.append({**record, "category": None})
    return out


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    corpus = [r for r in variants.load() if any(f in FAMILIES for f, _ in variants.variants(r))]
    print(f"corpus texts with a proxy error body: {len(corpus)} (against their labels)")
    score(corpus, verbose)
    lab = lab_records()
    print(f"lab bodies (LiteLLM 1.103.0 and 1.108.14): {len(lab)} (against the bare body)")
    score(lab, verbose)
    templates = template_records()
    print(f"LiteLLM's harvested proxy/http error bodies: {len(templates)} (against the bare body)")
    score(templates, verbose and "--templates" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
