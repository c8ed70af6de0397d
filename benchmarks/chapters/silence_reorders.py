#!/usr/bin/env python3
"""Stress variant of the out-of-order cases: copy them with every sentence that announces a change of
order ("on va bousculer l'ordre", "on revient à la question laissée de côté") replaced by "Bon.", so that
the questions come out of order silently.

    python benchmarks/chapters/silence_reorders.py benchmarks/chapters/cases /tmp/silent
    python -m replay.bench chapters /tmp/silent
"""
import json
import shutil
import sys
from pathlib import Path

from replay.chapters.cues import segment_cues


def main(src: str, dst: str) -> None:
    out = Path(dst)
    for case in sorted(Path(src).iterdir()):
        transcript = json.loads((case / "transcript.json").read_text())
        said = [s for s in transcript["segments"] if segment_cues(s["text"]).reorder]
        if not said:
            continue
        for s in said:
            s["text"] = " Bon."
        shutil.copytree(case, out / case.name, dirs_exist_ok=True)
        (out / case.name / "transcript.json").write_text(json.dumps(transcript, ensure_ascii=False))
        print(case.name, f"{len(said)} announcement(s) removed")


if __name__ == "__main__":
    main(*sys.argv[1:3])
