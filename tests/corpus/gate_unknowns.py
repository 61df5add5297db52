"""Why `diagnose` answers `unknown` on labelled texts, and what the estimate would have said (issue #9;
HOLDOUT_EVAL.md "Eighty-ninth pass").

    python tests/corpus/gate_unknowns.py            # per set: texts, unknown, unknown by the gate, and what the
                                                    # estimate says on those without the gate (right / wrong)
    python tests/corpus/gate_unknowns.py --list     # also each `unknown`, its reason and the gate-less answer
    python tests/corpus/gate_unknowns.py --no-concept   # either, with the gate of before (a concept lifts nothing)
    python tests/corpus/gate_unknowns.py --fragments    # out-of-fold on the training texts, their cuts and bare forms
                                                        # (training corpora only): the gate of before, the shipped
                                                        # one, with `request` counted, a concept alone
    python tests/corpus/gate_unknowns.py --alone    # the estimate alone on every text, as if no rule existed:
                                                    # unknown by the gate, and the thin answers (capped at
                                                    # thin_max_probability), with what each would be right on

Every labelled text of the corpora (`text` and `category`: the hand-collected and blind sets, every mined batch,
the SDK-surface, Asian-provider, mapping-phrase and between-template sets; LiteLLM's synthetic templates apart) is
diagnosed as `diagnose` does. An `unknown` gets its reason: `quiet` (log lines at INFO/DEBUG/WARNING with no error
word, or quiet JSON records), `prefix` (only a log prefix is left), `gate` (estimate.shows_enough: the text shows
too little), `low` (no category reaches min_probability). For `gate`, the estimate is then asked as if the text
showed enough (the model's own answer, caps and calibration as `gate` gives them).

`--alone` asks the shipped estimate on every text (no rule): the hand-collected and blind sets are its training
data, and since the hundred-and-second pass the mined batches too (in-sample there: `estimate_cv.py --time-ordered`
is their out-of-sample measure); the other sets are not.

This measures the library as shipped: most of these texts are answered by a rule, so the estimate's figure here is
only that of the texts no rule matched.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from litellm_doctor.diagnosis import diagnose  # noqa: E402
from litellm_doctor.diagnosis import estimate as est  # noqa: E402
from litellm_doctor.diagnosis.textinput import read_error_text  # noqa: E402

SETS = (
    "real_errors_train.jsonl", "real_errors_train2.jsonl",
    *(f"blind_eval{s}.jsonl" for s in ("", "_2", "_3", "_4", "_5")),
    # every mined batch in the order mined (a new batch joins when its file is added; it listed the first 15)
    *sorted((p.name for p in HERE.glob("mined_errors*.jsonl")),
            key=lambda name: 1 if name == "mined_errors.jsonl" else int(name.removesuffix(".jsonl").rsplit("_", 1)[1])),
    "sdk_surfaces.jsonl", "asian_providers.jsonl", "mapping_phrases.jsonl", "between_templates.jsonl",
)


def shows(feats: set[str], model: dict) -> bool:
    """Whether `gate` reads the text at all (estimate.shows_enough, or shows_thinly: a word and a concept)."""
    return est.shows_enough(feats, model) or est.shows_thinly(feats, model)


def reason(text: str) -> tuple[str, tuple[str, float] | None]:
    """Why the estimate said nothing on an `unknown` text, and the gate-less answer when the gate was the reason."""
    error = read_error_text(text)
    if error.quiet or error.calm or est.quiet_lines(error.text):
        return "quiet", None
    model = est._model()
    feats = est.error_features(error.text, error.json_fields)
    cut = est.body_cut(error.text)
    if cut == "prefix":
        return "prefix", None
    if not shows(feats, model):
        saved = est.shows_enough
        est.shows_enough = lambda _f, _m: True
        try:
            return "gate", est.gate(feats, model, cut=cut)
        finally:
            est.shows_enough = saved
    return "low", None


def alone(name: str, rows: list[dict], listed: list) -> list[int]:
    """[texts, unknown by the gate, gate-less right, gate-less wrong, other unknown, thin answers, thin right,
    answers, right]: the estimate alone (as if no rule existed) on one set."""
    model = est._model()
    out = [len(rows)] + [0] * 8
    for r in rows:
        error = read_error_text(r["text"])
        if error.quiet or error.calm or est.quiet_lines(error.text):
            out[4] += 1
            continue
        feats = est.error_features(error.text, error.json_fields)
        cut = est.body_cut(error.text)
        if cut != "prefix" and not shows(feats, model):
            out[1] += 1
            _why, answer = reason(r["text"])
            if answer:
                out[2 if answer[0] == r["category"] else 3] += 1
            listed.append((name, r, "gate", answer))
            continue
        answer = est.gate(feats, model, cut=cut)
        if answer is None:
            out[4] += 1
            continue
        out[7] += 1
        out[8] += answer[0] == r["category"]
        known = sum(1 for f in feats if f in model["weights"])
        if known <= model["thin_known"] and not cut:
            out[5] += 1
            out[6] += answer[0] == r["category"]
            listed.append((name, r, "thin", answer))
    return out


def head_words(text: str) -> list[str]:
    """Short fragments of a text, as an app that shows a few words of the message prints them: the first 1 to 5
    words of the provider's message (variants.body_message) or, without a body, of the first line with the
    exception classes taken off (variants.message_only)."""
    from variants import body_message, message_only  # noqa: PLC0415  (training-only)

    message = body_message(text)
    if message == text:
        message = message_only(text).split("\n")[0]
    words = message.split()
    return list(dict.fromkeys(" ".join(words[:k]) for k in range(1, 6) if k <= len(words)))


def fragments() -> int:
    """Out-of-fold on the training corpora only: every real text of real_errors_train*.jsonl, its cuts
    (train_estimate.cut_texts), its bare forms (train_estimate.bare_forms) and the first 1-5 words of its message
    (`head_words`), each where no rule answers it,
    estimated by the fold model that never saw its source thread (train_estimate.out_of_fold's folds), with the
    gate of before (a concept lifts nothing), the shipped one (a known word and a concept: `shows_thinly`), the
    same with the `request` concept counted too (estimate._WORDY_CONCEPTS empty) and a looser one (a concept alone). Prints, per set, the texts the gate leaves `unknown` and how right the
    answers it adds are."""
    sys.path.insert(0, str(HERE))
    import train_estimate as te  # noqa: PLC0415  (training-only: slow to import and to fit)

    records = te.corpus()
    model_file = json.loads(te.MODEL_FILE.read_text(encoding="utf-8"))
    models: dict = {}
    te.out_of_fold(records, model_file["temperature"], model_file["length_power"], models)
    thinly = est.shows_thinly
    loose = lambda feats, model: any(f.startswith("k:") and f in model["weights"] for f in feats)  # noqa: E731
    wordy = est._WORDY_CONCEPTS

    def every(feats: set[str], model: dict) -> bool:
        """shows_thinly with every concept counted (`request` too)."""
        est._WORDY_CONCEPTS = frozenset()
        try:
            return thinly(feats, model)
        finally:
            est._WORDY_CONCEPTS = wordy

    variants = (("before", False, thinly), ("word+concept", True, thinly), ("+ request", True, every),
                ("concept alone", True, loose))
    table: dict = {}
    for r in records:
        if not r["real"]:
            continue
        model = {**models[te.fold_of(r["group"])], "temperature": model_file["temperature"],
                 "length_power": model_file["length_power"], "calibration": model_file["calibration"]}
        texts = [("whole", r["text"])] + [(name, text) for name, _family, text in te.cut_texts(r)]
        texts += [("bare", text) for text in te.bare_forms(r["text"])]
        texts += [("words", text) for text in head_words(r["text"])]
        for name, text in texts:
            if diagnose(text).answer == "rule":
                continue
            error = read_error_text(text)
            if error.quiet or error.calm or est.quiet_lines(error.text):
                continue
            feats = est.error_features(error.text, error.json_fields)
            cut = est.body_cut(error.text)
            for variant, counts, rule in variants:
                est.CONCEPT_COUNTS, est.shows_thinly = counts, rule
                try:
                    answer = est.gate(feats, model, cut=cut)
                    lifted = cut != "prefix" and not est.shows_enough(feats, model) and rule(feats, model)
                finally:
                    est.CONCEPT_COUNTS, est.shows_thinly = True, thinly
                row = table.setdefault((name, variant), [0, 0, 0, 0, 0, 0.0, 0, 0])
                row[0] += 1
                row[1] += answer is None
                row[2] += bool(answer) and answer[0] == r["category"]
                if answer and answer[1] <= model["thin_max_probability"]:
                    row[6] += 1
                    row[7] += answer[0] == r["category"]
                if answer and lifted:
                    row[3] += 1
                    row[4] += answer[0] == r["category"]
                    row[5] += answer[1]
    print(f"{'set':<8} {'gate':<14} {'texts':>5} {'unknown':>7} {'right':>5}  lifted by a concept: {'n':>4} {'right':>5} {'mean p':>6}"
          f"            answers at <= thin cap: {'n':>4} {'right':>5}")
    for (name, variant), (n, unknown, right, lifted, lifted_right, p, thin, thin_right) in table.items():
        share = f"{lifted_right / lifted:6.1%}" if lifted else "     -"
        print(f"{name:<8} {variant:<14} {n:>5} {unknown:>7} {right:>5}                      {lifted:>4} {lifted_right:>5} "
              f"{p / lifted if lifted else 0:>6.2f}  ({share})                          {thin:>4} {thin_right:>5}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--alone", action="store_true", help="the estimate alone, as if no rule existed")
    parser.add_argument("--no-concept", action="store_true",
                        help="the gate before the eighty-ninth pass (estimate.CONCEPT_COUNTS off: a concept lifts nothing)")
    parser.add_argument("--fragments", action="store_true",
                        help="out-of-fold on the training corpora's texts, cuts and bare forms, three gates side by side")
    args = parser.parse_args(argv)
    if args.fragments:
        return fragments()
    if args.no_concept:
        est.CONCEPT_COUNTS = False
    if args.alone:
        listed: list = []
        print(f"{'set':<26} {'texts':>5} {'gate':>5} {'(right':>6} {'wrong)':>6} {'other unk':>9} {'thin':>5} {'right':>5}"
              f" {'answers':>7} {'right':>5}")
        totals = [0] * 9
        for name in SETS:
            rows = [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]
            line = alone(name, [r for r in rows if r.get("text") and r.get("category")], listed)
            totals = [a + b for a, b in zip(totals, line)]
            print(f"{name.replace('.jsonl', ''):<26} " + " ".join(f"{x:>{w}}" for x, w in zip(line, (5, 5, 6, 6, 9, 5, 5, 7, 5))))
        print(f"{'all':<26} " + " ".join(f"{x:>{w}}" for x, w in zip(totals, (5, 5, 6, 6, 9, 5, 5, 7, 5))))
        if args.list:
            for name, r, why, answer in listed:
                said = f"{answer[0]} {answer[1]:.2f}" if answer else "-"
                mark = "" if not answer else (" RIGHT" if answer[0] == r["category"] else " WRONG")
                print(f"  {name.replace('.jsonl', ''):<20} {why:<6} want {r['category']:<10} {said:<16}{mark:<6}"
                      f"  {r['id'][:55]}  | {r['text'][:80]!r}")
        return 0
    print(f"{'set':<26} {'texts':>5} {'unknown':>7} {'quiet':>5} {'prefix':>6} {'low':>4} {'gate':>5}"
          f"  gate-less: {'right':>5} {'wrong':>5} {'none':>4}")
    totals = [0] * 9
    listed = []
    for name in SETS:
        path = HERE / name
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [r for r in rows if r.get("text") and r.get("category")]
        counts = {"quiet": 0, "prefix": 0, "low": 0, "gate": 0}
        right = wrong = none = unknown = 0
        for r in rows:
            report = diagnose(r["text"])
            if report.category != "unknown":
                continue
            unknown += 1
            why, answer = reason(r["text"])
            counts[why] += 1
            if why == "gate":
                if answer is None:
                    none += 1
                elif answer[0] == r["category"]:
                    right += 1
                else:
                    wrong += 1
            listed.append((name, r, why, answer))
        line = [len(rows), unknown, counts["quiet"], counts["prefix"], counts["low"], counts["gate"], right, wrong, none]
        totals = [a + b for a, b in zip(totals, line)]
        print(f"{name.replace('.jsonl', ''):<26} {line[0]:>5} {line[1]:>7} {line[2]:>5} {line[3]:>6} {line[4]:>4} {line[5]:>5}"
              f"             {line[6]:>5} {line[7]:>5} {line[8]:>4}")
    t = totals
    print(f"{'all':<26} {t[0]:>5} {t[1]:>7} {t[2]:>5} {t[3]:>6} {t[4]:>4} {t[5]:>5}             {t[6]:>5} {t[7]:>5} {t[8]:>4}")
    if args.list:
        for name, r, why, answer in listed:
            said = f"{answer[0]} {answer[1]:.2f}" if answer else "-"
            mark = "" if not answer else (" RIGHT" if answer[0] == r["category"] else " WRONG")
            print(f"  {name.replace('.jsonl', ''):<20} {why:<6} want {r['category']:<10} gate-less {said:<16}{mark}"
                  f"  {r['id'][:60]}  | {r['text'][:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
