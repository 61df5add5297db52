"""The channels a paste travels through (HOLDOUT_EVAL.md, fifty-seventh pass; issue #9).

    python tests/corpus/channels_eval.py                 # the channel families: category, rule, facts, secrets
    python tests/corpus/channels_eval.py --part dev|held # one side of variants.py's split (by thread)
    python tests/corpus/channels_eval.py -v              # and every variant whose answer or facts moved

Each real corpus text (real_errors_train*.jsonl) through the channel families of variants.py (CHANNELS below,
the same functions), scored as variants.py scores a family: the labelled category kept, and the rule that
answers the bare text kept; and, as admin_ui_eval.py and midtext_eval.py compare them, the facts: every fact the
bare text's report gives (status, provider, model, model group, exception, api_base, limits, ...) given with the
same value. "Secrets" counts the variants whose report (facts, findings' evidence, title, why, notes) shows a
piece of a secret that the bare text's masking hides (a token of 12 or more characters of the text that mask()
changes), read with the channel's characters taken out again: a zero-width space inside a key must not let
its middle through. `json_nbsp_escape` and `nbsp_repr` put the text in a JSON body or a Python repr as well: their
rule and facts are compared with the same wrapping without the NBSP (REFERENCE), their category with the label.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import variants  # noqa: E402
from honest_estimate import held_out  # noqa: E402

CHANNELS = ("html_entities", "smart_quotes", "nbsp", "narrow_nbsp", "zero_width", "nb_hyphen", "json_nbsp_escape",
            "nbsp_repr", "gha_log", "gha_error_marker", "details_block", "lost_esc", "quoted_email", "quoted_nested",
            "mojibake", "jupyter", "caret_m", "colab")
# The two families that also wrap the text (in a JSON body, a Python repr) are compared with the same wrapping
# without the channel's character: what the wrapping itself moves is json_escaped's and python_repr's to say.
REFERENCE = {"json_nbsp_escape": lambda t: t.replace("\\u00a0", " "), "nbsp_repr": lambda t: t.replace("\\xa0", " ")}
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{12,}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def secrets_of(text: str) -> set[str]:
    from litellm_doctor.masking import mask

    masked = mask(text)
    return {t for t in _TOKEN.findall(text) if t not in masked}


def shown(report) -> str:
    return json.dumps(dataclasses.asdict(report), default=str, ensure_ascii=False).translate(_INVISIBLE).replace("\u2011", "-")


def main(argv: list[str]) -> int:
    from litellm_doctor.diagnosis import diagnose

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "held", "all"), default="all")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args(argv)
    records = variants.load()
    if args.part != "all":
        records = [r for r in records if held_out(r) == (args.part == "held")]
    tot = {f: [0, 0, 0, 0, 0, 0] for f in CHANNELS}
    for record in records:
        bare = diagnose(record["text"])
        secrets = secrets_of(record["text"])
        for family in CHANNELS:
            text = variants.FAMILIES[family](record["text"])
            if text == record["text"]:
                continue
            base = bare
            rule0 = bare.diagnosis.rule_id if bare.diagnosis else "-"
            if family in REFERENCE:
                ref = diagnose(REFERENCE[family](text))
                rule0 = ref.diagnosis.rule_id if ref.diagnosis else "-"
                base = ref
            got = diagnose(text)
            rule = got.diagnosis.rule_id if got.diagnosis else "-"
            keys = set(base.facts) | set(got.facts)
            moved = {k: (base.facts.get(k), got.facts.get(k)) for k in sorted(keys) if got.facts.get(k) != base.facts.get(k)}
            out = shown(got)
            leaked = [s for s in secrets if s in out]
            row = tot[family]
            row[0] += got.category == record["category"]
            row[1] += rule == rule0
            row[2] += not moved
            row[3] += got.category == record["category"] and rule == rule0 and not moved
            row[4] += bool(leaked)
            row[5] += 1
            if args.v and (rule != rule0 or got.category != record["category"] or moved or leaked):
                print(f"  MOVED [{family}] {record['id']}: {record['category']}/{rule0} -> {got.category}/{rule} {moved}"
                      + (f" LEAKED {leaked}" if leaked else ""))
    print(f"texts {len(records)} ({args.part})")
    print(f"  {'family':<18} {'category':<15} {'same rule':<15} {'same facts':<15} {'all three':<15} secrets shown")
    total = [0] * 6
    for family, row in tot.items():
        n = row[5]
        if not n:
            continue
        total = [a + b for a, b in zip(total, row)]
        print(f"  {family:<18} " + " ".join(f"{x:>4}/{n:<4} {x / n:5.1%}" for x in row[:4]) + f"  {row[4]}")
    n = total[5]
    print(f"  {'all':<18} " + " ".join(f"{x:>4}/{n:<4} {x / n:5.1%}" for x in total[:4]) + f"  {total[4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
