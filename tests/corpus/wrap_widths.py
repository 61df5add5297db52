"""Every corpus text (or, with --frameworks, every agent framework's shape of sdk_surfaces.py) cut by a terminal
(variants.hard_wrap) or wrapped by a console (variants.word_wrap) at 60, 80, 100 and 120 columns, against the same
text's own diagnosis unwrapped: the share that keeps its category, provider, status and model group (fiftieth pass,
issue #9). Run from the repository root: python tests/corpus/wrap_widths.py [--frameworks] [--misses] [--only FAMILY:WIDTH,...]
(--only, fifty-sixth pass: just those, e.g. `--only word_wrap:60`)."""
import json, sys, time
from collections import Counter, defaultdict
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import variants
from litellm_doctor.diagnosis import diagnose

FACTS = ("provider", "status", "model_group")
WIDTHS = (60, 80, 100, 120)
FILES = ["real_errors_train", "real_errors_train2", "blind_eval", "blind_eval_2", "blind_eval_3", "blind_eval_4",
         "blind_eval_5", "mined_errors", "mined_errors_2", "mined_errors_3", "mined_errors_4", "mined_errors_5",
         "sdk_surfaces"]

def texts():
    for f in FILES:
        for line in (HERE / f"{f}.jsonl").read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                yield f, r["id"], r["text"]

def fw_texts():
    import sdk_surfaces as s
    recs = [json.loads(l) for l in (HERE / "sdk_surfaces.jsonl").read_text().splitlines() if l.strip()]
    for rec in recs:
        for shape, text in s.frameworks_in_front(rec):
            if shape == "app:adk_plugin_ansi":
                continue
            yield shape, rec["id"], text

def key(rep):
    return (rep.category, tuple(rep.facts.get(k) for k in FACTS))

def main():
    fw = "--frameworks" in sys.argv
    show = "--misses" in sys.argv
    only = set(sys.argv[sys.argv.index("--only") + 1].split(",")) if "--only" in sys.argv else None
    src = list(fw_texts() if fw else texts())
    per = defaultdict(Counter)
    misses = []
    t0 = time.time()
    for where, rid, text in src:
        ref = diagnose(text)
        rk = key(ref)
        for fam in ("hard_wrap", "word_wrap"):
            for w in WIDTHS:
                if only is not None and f"{fam}:{w}" not in only:
                    continue
                pasted = getattr(variants, fam)(text, w)
                if pasted == text:
                    continue
                rep = diagnose(pasted)
                k = key(rep)
                c = per[(fam, w)]
                c["n"] += 1
                if k == rk:
                    c["ok"] += 1
                    continue
                what = []
                if rep.category != ref.category:
                    what.append(f"category {ref.category}->{rep.category}")
                    c["category"] += 1
                for i, f in enumerate(FACTS):
                    if k[1][i] != rk[1][i]:
                        what.append(f"{f} {rk[1][i]!r}->{k[1][i]!r}")
                        c[f] += 1
                misses.append((fam, w, where, rid, "; ".join(what)))
    n = sum(c["n"] for c in per.values()); ok = sum(c["ok"] for c in per.values())
    print(f"{'framework shapes' if fw else 'corpus texts'} ({len(src)}) wrapped: {ok}/{n} keep category, provider, status, model group ({time.time()-t0:.0f}s)")
    for (fam, w), c in sorted(per.items()):
        print(f"  {fam:<10} {w:>3}: {c['ok']}/{c['n']}  changed: category {c['category']}, provider {c['provider']}, status {c['status']}, model_group {c['model_group']}")
    if show:
        for m in misses:
            print("MISS", *m)

if __name__ == "__main__":
    main()
