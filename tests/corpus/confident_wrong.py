"""What makes a confident answer wrong on untouched texts? (issue #9; HOLDOUT_EVAL.md, hundred-and-fifty-eighth pass)

    python tests/corpus/confident_wrong.py            # collect (cached in --cache) and print the candidates' table
    python tests/corpus/confident_wrong.py --list     # also every answer at >= 0.8 and what each candidate says of it

Every mined batch 1..LAST_BATCH is scored by the library at its own UNTOUCHED revision (mined_eval.UNTOUCHED), in a
fresh interpreter on a `git archive` of that revision, as honest_estimate.score_at does; for each answer the probe also
records, with THAT revision's code and data:
  - the matches (rule, priority, position, `bare`),
  - the winning rule's positive shape against the labelled texts that revision had (real_errors_train*.jsonl,
    blind_eval*.jsonl, the mined batches before this one): how many texts of each category its `any`/`all` patterns
    match, vetoes ignored ("cross": texts of another category, i.e. the shape is shared and only vetoes keep it apart),
  - the estimate's probabilities (that revision's estimate_model.json) for the whole text.
Candidates (properties of a match, each capping an answer under 0.8 when it holds) are then scored before/after on the
answers at >= 0.8, chosen on batches 1-30 and measured on 31-LAST_BATCH, and prequentially (each batch from 11 on with
the option chosen on the batches before it). The batches after LAST_BATCH are left out on purpose: other helpers are
mining them to test a change made from this analysis untouched. (Hundred-and-sixty-third pass: LAST_BATCH 47 -> 50, the
batches 48-50 mined meanwhile, and the share-counting candidates S/S2x and their unions V with E; `--last 47` gives the
hundred-and-fifty-eighth pass's table. Hundred-and-sixty-ninth pass: LAST_BATCH 50 -> 53. A batch whose UNTOUCHED
revision already has classify._unconfirmed (51 on) is scored twice there: `shipped_confidence` is what that revision
answered, `confidence` the same library with _unconfirmed disabled, so every candidate, the shipped cap included, is
applied to the uncapped confidence as on the batches before the cap. `--from-batch N` prints the table for batches N and
later beside the split.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

LAST_BATCH = 53
SPLIT = 30  # choose on 1..SPLIT, measure on SPLIT+1..LAST_BATCH
CAP = 0.8
SHARES = (0.05, 0.1, 0.2, 0.3, 0.5)

PROBE = r'''
import glob, json, os, sys
corpus, n = sys.argv[1], int(sys.argv[2])
records = json.load(open(sys.argv[3]))
sys.path.insert(0, corpus)
from honest_estimate import score_here
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.diagnosis.classify import match_rules
from litellm_doctor.diagnosis.rulebook import load_rules
from litellm_doctor.diagnosis import estimate as est
from litellm_doctor.diagnosis import classify
shipped = None
if hasattr(classify, "_unconfirmed"):
    # (hundred-and-sixty-ninth pass) a revision that already caps: record what it answered ("shipped_confidence"),
    # then score again without the cap, so the candidates below are measured on the same uncapped confidence as the
    # batches mined before the cap existed
    shipped = score_here(records)
    classify._unconfirmed = lambda *a, **k: False
results = score_here(records)
if shipped is not None:
    for res, cap in zip(results, shipped):
        res["shipped_confidence"] = cap["confidence"]
rules = load_rules()
by_id = {r.id: r for r in rules}
def num(path):
    stem = os.path.basename(path)[:-6]
    return 1 if stem == "mined_errors" else int(stem.split("_")[-1])
files = [os.path.join(corpus, f) for f in ("real_errors_train.jsonl", "real_errors_train2.jsonl")]
files += sorted(glob.glob(os.path.join(corpus, "blind_eval*.jsonl")))
files += [f for f in glob.glob(os.path.join(corpus, "mined_errors*.jsonl")) if num(f) < n]
labelled = []
for f in files:
    if os.path.exists(f):
        for line in open(f, encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                t = read_error_text(r["text"]).text
                labelled.append((r["category"], t, t.lower()))
shape = {}
def shape_of(rule):
    if rule.id not in shape:
        counts = {}
        for cat, t, lo in labelled:
            if rule.any and not any(p.search(t, lo) for p in rule.any):
                continue
            if any(not p.search(t, lo) for p in rule.all):
                continue
            counts[cat] = counts.get(cat, 0) + 1
        shape[rule.id] = counts
    return shape[rule.id]
model = est._model()
for rec, res in zip(records, results):
    if res["answer"] != "rule":
        continue
    err = read_error_text(rec["text"])
    ms = match_rules(err.text, rules)
    res["text"] = err.text
    res["matches"] = [{"id": m.rule.id, "category": m.rule.category, "priority": m.rule.priority, "position": m.position,
                       "bare": getattr(m.rule, "bare", False)} for m in ms]
    res["shape"] = shape_of(by_id[res["rule"]]) if res["rule"] in by_id else {}
    probs, known = est.probabilities(est.error_features(err.text, err.json_fields), model)
    res["estimate"] = probs
print(json.dumps(results))
'''


def collect(cache: Path) -> list[dict]:
    import mined_eval as me
    import score

    rows = []
    for name, revision in me.UNTOUCHED.items():
        stem = name[:-6]
        n = 1 if stem == "mined_errors" else int(stem.split("_")[-1])
        if n > LAST_BATCH:
            continue
        records = score.load(HERE / name)
        with tempfile.TemporaryDirectory() as tmp:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src", "rules", "tests/corpus"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            (Path(tmp) / "records.json").write_text(json.dumps(records), encoding="utf-8")
            (Path(tmp) / "probe.py").write_text(PROBE, encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src"), "LITELLM_DOCTOR_NO_CACHE": "1"}
            out = subprocess.run([sys.executable, str(Path(tmp) / "probe.py"), str(Path(tmp) / "tests/corpus"), str(n),
                                  str(Path(tmp) / "records.json")], check=True, capture_output=True, text=True, env=env)
        for record, result in zip(records, json.loads(out.stdout)):
            rows.append({"batch": n, "file": name, "revision": revision, "want": record["category"], "id": record["id"],
                         **result})
        print(f"  collected {name} at {revision[:7]}", file=sys.stderr, flush=True)
    cache.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return rows


def features(row: dict, sign: re.Pattern, host: re.Pattern) -> dict:
    same = row["shape"].get(row["got"], 0)
    return {"batch": row["batch"], "ok": row["want"] == row["got"], "row": row,
            "sign": bool(sign.search(row["text"])), "host": bool(host.search(row["text"])),
            "cross": sum(row["shape"].values()) - same,
            "share": (sum(row["shape"].values()) - same) / max(sum(row["shape"].values()), 1),
            "p_rule": row["estimate"].get(row["got"], 0.0),
            "bare": next((m["bare"] for m in row["matches"] if m["id"] == row["rule"]), False),
            "rival": any(m["category"] != row["got"] and m["priority"] >= 50 for m in row["matches"])}


def options():
    """(name, capped?) for each candidate; `nothing` is the library as it was."""
    yield "nothing", lambda x: False
    yield "bare (as marked at the revision), no LLM sign", lambda x: x["bare"] and not x["sign"]
    yield "no LLM sign (any rule)", lambda x: not x["sign"]
    yield "no LLM sign, a host or URL named", lambda x: x["host"] and not x["sign"]
    yield "a rival of another category (priority >= 50)", lambda x: x["rival"]
    for k in (1, 2, 3):
        yield f"G{k}: shape shared (cross >= {k}), no LLM sign", (lambda k: lambda x: x["cross"] >= k and not x["sign"])(k)
    # (hundred-and-sixty-third pass) counting shares instead of one text: S{s} caps when texts of other categories are
    # at least a share s of the texts the rule's positive patterns match; S2x{s} also wants >= 2 such texts; V: their unions
    # with E
    for sh in SHARES:
        yield f"S{sh}: shape shared (share >= {sh}), no LLM sign", (lambda sh: lambda x: x["share"] >= sh and not x["sign"])(sh)
        yield f"S2x{sh}: cross >= 2 and share >= {sh}, no LLM sign", (
            lambda sh: lambda x: x["cross"] >= 2 and x["share"] >= sh and not x["sign"])(sh)
    for th in (0.05, 0.1, 0.2, 0.3, 0.5):
        yield f"E{th}: estimate p(rule's category) < {th}", (lambda th: lambda x: x["p_rule"] < th)(th)
        for k in (1, 2, 3):
            yield f"U: G{k} or E{th}", (lambda k, th: lambda x: (x["cross"] >= k and not x["sign"]) or x["p_rule"] < th)(k, th)
        for sh in SHARES:
            yield f"V: S{sh} or E{th}", (lambda sh, th: lambda x: (x["share"] >= sh and not x["sign"]) or x["p_rule"] < th)(sh, th)
            yield f"V: S2x{sh} or E{th}", (
                lambda sh, th: lambda x: (x["cross"] >= 2 and x["share"] >= sh and not x["sign"]) or x["p_rule"] < th)(sh, th)


def stats(sel: list[dict], capped) -> tuple[int, int, int, int]:
    """(right kept >= 0.8, kept, right capped, wrong capped)."""
    kept = [x for x in sel if not capped(x)]
    return (sum(x["ok"] for x in kept), len(kept), sum(x["ok"] for x in sel if capped(x)),
            sum(not x["ok"] for x in sel if capped(x)))


def fmt(s: tuple[int, int, int, int]) -> str:
    right, n, lost_right, lost_wrong = s
    return f"{right}/{n} = {right / n:.1%} (-{lost_wrong} wrong, -{lost_right} right)" if n else "none"


def choose(past: list[dict], how: str, families: tuple[str, ...]):
    best = None
    for name, capped in options():
        if not name.startswith(families):
            continue
        right, n, lost_right, lost_wrong = stats(past, capped)
        share = right / n if n else 1.0
        key = (share, -lost_right) if how == "best share" else ((share >= 0.95), -lost_right if share >= 0.95 else share, lost_wrong)
        if best is None or key > best[0]:
            best = (key, name, capped)
    return best[1], best[2]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "confident_wrong.jsonl")
    ap.add_argument("--refresh", action="store_true", help="collect again even if the cache exists")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--last", type=int, default=LAST_BATCH, help=f"the last batch scored (default {LAST_BATCH})")
    ap.add_argument("--from-batch", type=int, default=51,
                    help="also print the G and U candidates on batches N..LAST_BATCH, beside 31.. and 11.. (default 51)")
    args = ap.parse_args(argv)
    globals()["LAST_BATCH"] = args.last
    rows = ([json.loads(line) for line in args.cache.read_text(encoding="utf-8").splitlines() if line.strip()]
            if args.cache.exists() and not args.refresh else collect(args.cache))
    rows = [r for r in rows if r["batch"] <= LAST_BATCH]
    from litellm_doctor.diagnosis.classify import _LLM_SIGN

    sign = re.compile(_LLM_SIGN)
    host = re.compile(r"https?://[^\s'\"<>)]+|host='[^']+'|\blocalhost:\d+|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?")
    high = [features(r, sign, host) for r in rows if r["confidence"] >= CAP]
    early = [x for x in high if x["batch"] <= SPLIT]
    late = [x for x in high if x["batch"] > SPLIT]
    print(f"answers at >= {CAP}, each batch at its untouched revision: {sum(x['ok'] for x in high)}/{len(high)}")
    print(f"{'candidate (capped under 0.8 when it holds)':<50} {'batches 1-' + str(SPLIT):<38} "
          f"{'batches ' + str(SPLIT + 1) + '-' + str(LAST_BATCH):<38} all")
    for name, capped in options():
        print(f"{name:<50} {fmt(stats(early, capped)):<38} {fmt(stats(late, capped)):<38} {fmt(stats(high, capped))}")
    print()
    for families in (("G",), ("S",), ("E",), ("U",), ("V",), ("U", "V"), ("no LLM sign, a host",),
                     ("nothing", "bare", "no LLM", "a rival", "G", "S", "E", "U", "V")):
        for how in ("cheapest >= 95 %", "best share"):
            name, capped = choose(early, how, families)
            total, picks = [0, 0, 0, 0], set()
            for b in range(11, LAST_BATCH + 1):
                cur = [x for x in high if x["batch"] == b]
                if cur:
                    pick, pcap = choose([x for x in high if x["batch"] < b], how, families)
                    picks.add(pick)
                    total = [a + c for a, c in zip(total, stats(cur, pcap))]
            print(f"families {'/'.join(families)}, chosen by {how}: on 1-{SPLIT} -> [{name}], on {SPLIT + 1}-{LAST_BATCH} "
                  f"{fmt(stats(late, capped))}; prequential 11-{LAST_BATCH}: {fmt(tuple(total))} (picks: {'; '.join(sorted(picks))})")
    # (hundred-and-sixty-ninth pass) fixed candidates on the newest batches, each batch's G counted on the labelled
    # texts its own revision had (the batches before it): the newest alone, SPLIT+1.., and 11.. (the prequential range)
    newest = [x for x in high if x["batch"] >= args.from_batch]
    since11 = [x for x in high if x["batch"] >= 11]
    print(f"\n{'candidate':<50} {'batches ' + str(args.from_batch) + '-' + str(LAST_BATCH):<38} "
          f"{'batches ' + str(SPLIT + 1) + '-' + str(LAST_BATCH):<38} batches 11-{LAST_BATCH}")
    for name, capped in options():
        if name.startswith(("nothing", "G", "U: G")):
            print(f"{name:<50} {fmt(stats(newest, capped)):<38} {fmt(stats(late, capped)):<38} {fmt(stats(since11, capped))}")
    shipped = [r for r in rows if "shipped_confidence" in r and r["answer"] == "rule"]
    if shipped:
        kept = [r for r in shipped if r["shipped_confidence"] >= CAP]
        print(f"(as the revisions with the cap answered, batches {min(r['batch'] for r in shipped)}-"
              f"{max(r['batch'] for r in shipped)}: {sum(r['want'] == r['got'] for r in kept)}/{len(kept)} at >= {CAP})")
    base = [x for x in high if x["batch"] >= 11]
    print(f"(prequential base, batches 11-{LAST_BATCH} untouched: {sum(x['ok'] for x in base)}/{len(base)})")
    if args.list:
        for x in high:
            r = x["row"]
            print(f"{'  ' if x['ok'] else 'XX'} {r['batch']:>2} {r['rule']:<13} {r['confidence']:.2f} want {r['want']:<10} "
                  f"sign={'y' if x['sign'] else '-'} cross={x['cross']} p_rule={x['p_rule']:.2f} | {r['text'][:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
