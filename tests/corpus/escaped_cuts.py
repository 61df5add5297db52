"""Corpus texts inside an escaped JSON body, whole, cut, or wrapped (fifty-sixth pass, issue #9): what a paste of a JSON
log record (LiteLLM's JSON_LOGS, a sink's) keeps of the error it carries. Each of the 1,330 texts of wrap_widths.py is
put as the `message` of a record (`json.dumps`, so its quotes and line breaks are escaped, and a body it holds is
escaped once more), then:

- `record`: the whole record; `record_open`: the record cut after the message (`..., "level": "ERR`);
- `cut_1/2`, `cut_3/4`: the record cut inside the message, after the first half or three quarters of the text (the
  escaped prefix of `text[:k]`, so no escape is split); scored against the plain text cut at the same place
  (`text[:k]`): what is there should still be read as the plain cut is;
- `wrap_100`, `wrap_120`: the whole record cut by a terminal at 100 / 120 columns (variants.hard_wrap; the record is
  one line, so its escaped `\\n` hold the text's line breaks).

A variant is kept when its category, provider, status and model group are those of its reference (the plain text, or
the plain cut). Run from the repository root: python tests/corpus/escaped_cuts.py [--misses]"""
import json, sys, time
from collections import Counter, defaultdict
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import variants
from litellm_doctor.diagnosis import diagnose

from wrap_widths import FACTS, texts  # the same 1,330 texts and the facts compared

TAIL = ', "level": "ERROR", "timestamp": "2025-11-12T16:20:41.772190"}'



def escaped(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


def shapes(text: str):
    """(family, pasted, reference text)"""
    record = '{"message": "' + escaped(text) + '"' + TAIL
    yield "record", record, text
    yield "record_open", '{"message": "' + escaped(text) + '", "level": "ERR', text
    for name, frac in (("cut_1/2", 2), ("cut_3/4", 4 / 3)):
        k = int(len(text) / frac)
        if 20 <= k < len(text):
            yield name, '{"message": "' + escaped(text[:k]), text[:k]
    for w in (100, 120):
        yield f"wrap_{w}", variants.hard_wrap(record, w), text


def key(rep):
    return (rep.category, tuple(rep.facts.get(k) for k in FACTS))


def main():
    show = "--misses" in sys.argv
    src = list(texts())
    per = defaultdict(Counter)
    misses = []
    refs: dict[str, tuple] = {}
    t0 = time.time()
    for where, rid, text in src:
        for fam, pasted, ref_text in shapes(text):
            if ref_text not in refs:
                refs[ref_text] = key(diagnose(ref_text))
            rk = refs[ref_text]
            k = key(diagnose(pasted))
            c = per[fam]
            c["n"] += 1
            if k == rk:
                c["ok"] += 1
                continue
            what = []
            if k[0] != rk[0]:
                what.append(f"category {rk[0]}->{k[0]}")
                c["category"] += 1
            for i, f in enumerate(FACTS):
                if k[1][i] != rk[1][i]:
                    what.append(f"{f} {rk[1][i]!r}->{k[1][i]!r}")
                    c[f] += 1
            misses.append((fam, where, rid, "; ".join(what)))
    n = sum(c["n"] for c in per.values()); ok = sum(c["ok"] for c in per.values())
    print(f"corpus texts ({len(src)}) in an escaped JSON record: {ok}/{n} keep category, provider, status, model group "
          f"({time.time()-t0:.0f}s)")
    for fam in ("record", "record_open", "cut_1/2", "cut_3/4", "wrap_100", "wrap_120"):
        c = per[fam]
        print(f"  {fam:<12} {c['ok']}/{c['n']}  changed: category {c['category']}, provider {c['provider']}, "
              f"status {c['status']}, model_group {c['model_group']}")
    if show:
        for m in misses:
            print("MISS", *m)


main()
