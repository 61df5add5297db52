"""Secrets cut by a wrap (fifty-sixth pass, issue #9): does the order of masking and joining keep the facts and leak
nothing? The eleven texts of tests/secrets_planted.py (a key of every common shape inside an error) are pasted:

- `cut`: on a log line a terminal cut at 80 columns, the cut falling after each character of the secret in turn
  (a header of the right length before it, so the line is long enough to show the width);
- `cut_record`: the same line as the `message` of a JSON log record, cut likewise (the secret's place moved by the
  record's opening);
- `masked`: with every secret already masked by the user (`sk-****`, `****`) and the line cut at 80, 60 columns
  (hard and word wraps), scored against the same masked text unwrapped.

A paste leaks when any output format (text with --verbose, json, markdown, sarif, github, junit) shows the secret or
any 12-character piece of it (tests/hardening/hardening_helpers.pieces: what the hardening tests look for); it keeps
its reading when its category, provider, status and model group are those of the text unwrapped (with the secret
whole). Run from the repository root: python tests/corpus/masked_wraps.py [--misses]"""
import sys, time
from collections import Counter, defaultdict
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "hardening"))
import variants
from hardening_helpers import pieces
from secrets_planted import PLANTED, texts_with_secrets
from litellm_doctor.diagnosis import diagnose
from litellm_doctor.formats import get_formatter

FACTS = ("provider", "status", "model_group")
FORMATS = ("text", "json", "markdown", "sarif", "github", "junit")
WIDTH = 80
HEADER = "2026-12-06 07:00:00 - LiteLLM Proxy:ERROR: proxy_server.py:3500 - litellm.proxy.proxy_server.chat_completion(): "


def key(rep):
    return (rep.category, tuple(rep.facts.get(k) for k in FACTS))


def leaked(rep) -> list[str]:
    out = "\n".join(get_formatter(f, verbose=True).render(rep) for f in FORMATS)
    return [name for name, secret in PLANTED.items() if any(p in out for p in pieces(secret))]


def _cut_at(line: str, at: int) -> str:
    """The line with a header before it so that a terminal of WIDTH columns cuts it right before `at`."""
    pad = (WIDTH - at % WIDTH) % WIDTH + WIDTH  # at least one whole line of header
    head = (HEADER * 3)[:pad]
    return variants.hard_wrap(head + line, WIDTH), head + line


def shapes():
    for n, text in enumerate(texts_with_secrets()):
        for name, secret in PLANTED.items():
            at = text.find(secret)
            if at < 0:
                continue
            for k in range(1, len(secret)):
                pasted, whole = _cut_at(text, at + k)
                yield "cut", f"{n}:{name}:{k}", pasted, whole
                record = '{"message": "' + text.replace('"', '\\"') + '", "level": "ERROR"}'
                rat = record.find(secret)
                if rat >= 0:
                    pasted, whole = _cut_at(record, rat + k)
                    yield "cut_record", f"{n}:{name}:{k}", pasted, whole
        masked = text
        for secret in sorted(PLANTED.values(), key=len, reverse=True):
            known = ("sk-ant-api03-", "sk-proj-", "sk-", "AKIA", "AIza")
            prefix = next((p for p in known if secret.startswith(p)), "")
            masked = masked.replace(secret, prefix + "****")
        line = HEADER + masked
        for fam, w in (("hard_wrap", 80), ("hard_wrap", 60), ("word_wrap", 80), ("word_wrap", 60)):
            yield "masked", f"{n}:{fam}{w}", getattr(variants, fam)(line, w), line


def main():
    show = "--misses" in sys.argv
    per = defaultdict(Counter)
    misses = []
    refs = {}
    t0 = time.time()
    for fam, vid, pasted, whole in shapes():
        if whole not in refs:
            refs[whole] = key(diagnose(whole))
        rep = diagnose(pasted)
        c = per[fam]
        c["n"] += 1
        names = leaked(rep)
        if names:
            c["leak"] += 1
            misses.append(("LEAK", fam, vid, ",".join(names)))
        if key(rep) == refs[whole]:
            c["kept"] += 1
        else:
            misses.append(("CHANGED", fam, vid, f"{refs[whole]} -> {key(rep)}"))
    total = Counter()
    for c in per.values():
        total.update(c)
    print(f"secrets cut or masked by a wrap: {total['n']} pastes, {total['leak']} leak, "
          f"{total['kept']}/{total['n']} keep category and facts ({time.time() - t0:.0f}s)")
    for fam in ("cut", "cut_record", "masked"):
        c = per[fam]
        print(f"  {fam:<10} {c['n']:>4} pastes  leak {c['leak']:>3}  keep {c['kept']}/{c['n']}")
    if show:
        for m in misses:
            print(*m)


main()
