"""How many corpus texts are refused as "a LiteLLM config, not an error text" when pasted with a config, and how
many real configs are still recognised as one (pastedconfig.is_whole_config, via textinput.read_error_text).

    PYTHONPATH=src python tests/corpus/config_paste.py [-v]

Every text of tests/corpus/*.jsonl is pasted eight ways: alone, under a config, above one ("my config:"), under a
```yaml fence, all of it indented by 4, in a `- model_name:` entry indented by 2, under an entry and indented by 2,
under a config and indented by 2 (an error quoted under it, as issues do). Each way's count of refused texts is
printed (-v: their ids). Then the configs: every YAML file with a top-level config section under LiteLLM's
installed package, examples/ and tests/, and how many of them are a whole config (refused where an error is read,
which is right for them). Written in the ninety-eighth pass from review17's /tmp/r17/cfgpaste.py and wholecfg.py.
"""

from __future__ import annotations

import glob
import json
import re
import sys
from pathlib import Path

from litellm_doctor.diagnosis.pastedconfig import is_whole_config
from litellm_doctor.diagnosis.textinput import read_error_text
from litellm_doctor.errors import InputError, NotAnErrorText

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ("model_list:\n  - model_name: team-a-chat\n    litellm_params:\n      model: openai/gpt-4.1\n"
          "      api_key: os.environ/OPENAI_API_KEY\n      timeout: 120\n\n# routing\nrouter_settings:\n  num_retries: 2\n")
ENTRY = "- model_name: chat\n  litellm_params:\n    model: openai/gpt-4.1\n"


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


WAYS = {
    "alone": lambda t: t,
    "above": lambda t: CONFIG + "\n" + t,
    "below": lambda t: t + "\n\nmy config:\n" + CONFIG,
    "fenced": lambda t: "```yaml\n" + CONFIG + "```\n" + t,
    "indented4": lambda t: indent(CONFIG + "\n" + t),
    "entry_indented": lambda t: indent(ENTRY + t, "  "),
    "entry_then_indented_err": lambda t: ENTRY + indent(t, "  "),
    "cfg_then_indented_err": lambda t: CONFIG + indent(t, "  "),
}


def corpus_texts() -> list[tuple[str, str, str]]:
    texts = []
    for path in sorted(glob.glob(str(ROOT / "tests" / "corpus" / "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            text = record.get("text") if isinstance(record, dict) else None
            if isinstance(text, str) and text.strip():
                texts.append((Path(path).name, str(record.get("id")), text))
    return texts


def config_files() -> list[Path]:
    import litellm_doctor

    roots = [ROOT / "examples", ROOT / "tests"]
    try:
        import importlib.util

        spec = importlib.util.find_spec("litellm")
        if spec and spec.submodule_search_locations:
            roots.append(Path(list(spec.submodule_search_locations)[0]))
    except (ImportError, ValueError):
        pass
    del litellm_doctor
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.y*ml")):
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if re.search(r"^(?:model_list|litellm_settings|general_settings|router_settings)\s*:", text, re.M):
                found.append(path)
    return found


def main() -> None:
    verbose = "-v" in sys.argv
    texts = corpus_texts()
    print(f"{len(texts)} corpus texts")
    for way, paste in WAYS.items():
        refused = []
        for name, ident, text in texts:
            try:
                read_error_text(paste(text))
            except NotAnErrorText:
                refused.append(f"{name}:{ident}")
            except InputError:
                pass
        print(f"  {way:24} refused {len(refused)}")
        if verbose:
            for item in refused:
                print(f"      {item}")
    files = config_files()
    whole = [p for p in files if is_whole_config(p.read_text(encoding="utf-8", errors="replace"))]
    print(f"{len(files)} YAML files with a config section; {len(whole)} of them a whole config")
    if verbose:
        for path in files:
            if path not in whole:
                print(f"      not whole: {path}")


if __name__ == "__main__":
    main()
