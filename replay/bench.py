"""Benchmarks: `python -m replay.bench chapters DIR` (accuracy) and `python -m replay.bench chapters-speed`.

The scoring (per-question start error, share within 30 s / 60 s, Pk on a one-second grid) is ported
unchanged from the shared benchmark's score_chapters.py; the repo's benchmarks/chapters/score_chapters.py
calls `score` here, so there is one scorer.
"""

from __future__ import annotations

import argparse
import os
import json
import math
import sys
import time
from dataclasses import replace
from pathlib import Path

from .config import load_event, load_questions
from .models import Segment, Transcript, chapters_to_dict, load_transcript

TARGET_WITHIN30 = 0.90
TARGET_WITHIN60 = 1.0
TARGET_PK = 0.10
TARGET_SPEED_S = 1.0


# --- scoring, ported unchanged from the shared benchmark's score_chapters.py ---------------------------
def labels_on_grid(chapters, duration, key):
    grid = [0] * int(duration)
    for c in sorted(chapters, key=lambda c: c["start"]):
        lab = c.get(key)
        lab = lab if isinstance(lab, int) else 0
        for t in range(max(0, int(c["start"])), int(duration)):
            grid[t] = lab
    return grid


def pk(ref, hyp, k):
    n = len(ref) - k
    if n <= 0:
        return 0.0
    miss = sum((ref[i] == ref[i + k]) != (hyp[i] == hyp[i + k]) for i in range(n))
    return miss / n


def score(truth, pred):
    duration = truth["duration"]
    tq = {c["label"]: c["start"] for c in truth["chapters"] if isinstance(c["label"], int)}
    pq = {}
    for c in pred["chapters"]:
        q = c.get("question")
        if isinstance(q, int) and q not in pq:
            pq[q] = float(c["start"])
    errors, missing = {}, []
    for q, t in sorted(tq.items()):
        if q in pq:
            errors[q] = round(abs(pq[q] - t), 1)
        else:
            errors[q] = round(duration, 1)
            missing.append(q)
    ref = labels_on_grid([{"start": c["start"], "q": c["label"]} for c in truth["chapters"]], duration, "q")
    hyp = labels_on_grid([{"start": float(c["start"]), "q": c.get("question")} for c in pred["chapters"]], duration, "q")
    k = max(1, int(duration / max(1, len(truth["chapters"])) / 2))
    n = len(errors)  # 0 when the event discussed none of its questions: nothing to find, only to invent
    return {
        "questions": n,
        "errors_s": errors,
        "missing": missing,
        "mean_error_s": round(sum(errors.values()) / max(n, 1), 1),
        "within_30s": sum(e <= 30 for e in errors.values()) / n if n else 1.0,
        "within_60s": sum(e <= 60 for e in errors.values()) / n if n else 1.0,
        "pk": round(pk(ref, hyp, k), 3),
    }
# ------------------------------------------------------------------------------------------------------


def _case_inputs(case: Path):
    transcript = load_transcript(case / "transcript.json")
    if (case / "event.toml").is_file():
        event = load_event(case / "event.toml")
        return transcript, event.questions, event.titles, event.pins, event.order
    return transcript, load_questions(case / "questions.txt"), (), {}, "auto"


def run_chapters(folder: Path, out=None, prefixes: tuple[str, ...] = ()) -> bool:
    """Score every case under `folder` (or those whose name starts with one of `prefixes`); print one line
    per case and an aggregate; True when on target."""
    from .chapters import find_chapters

    out = out or sys.stdout
    cases = sorted(p for p in folder.iterdir() if (p / "truth.json").is_file() and (p / "transcript.json").is_file()
                   and (not prefixes or p.name.startswith(prefixes)))
    if not cases:
        print(f"no cases (folders with transcript.json and truth.json) under {folder}", file=out)
        return False
    scores = []
    for case in cases:
        transcript, questions, titles, pins, order = _case_inputs(case)
        result = find_chapters(transcript, questions, titles=titles, pins=pins, order=order)
        truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
        s = score(truth, chapters_to_dict(list(result.chapters), list(result.warnings)))
        # Beyond score_chapters.py: a chapter for a question the event never discussed is fabricated.
        discussed = {c["label"] for c in truth["chapters"] if isinstance(c["label"], int)}
        s["fabricated"] = sorted({c.question for c in result.chapters if c.question} - discussed)
        scores.append(s)
        print(f"{case.name:40s} questions {s['questions']}  within30 {s['within_30s']:.2f}  within60 {s['within_60s']:.2f}  "
              f"mean {s['mean_error_s']:6.1f}s  pk {s['pk']:.3f}  errors {s['errors_s']}  missing {s['missing']}"
              f"  fabricated {s['fabricated']}", file=out)
    n_q = sum(s["questions"] for s in scores)
    within30 = sum(s["within_30s"] * s["questions"] for s in scores) / n_q if n_q else 1.0
    within60 = sum(s["within_60s"] * s["questions"] for s in scores) / n_q if n_q else 1.0
    mean_err = sum(sum(s["errors_s"].values()) for s in scores) / max(n_q, 1)
    mean_pk = sum(s["pk"] for s in scores) / len(scores)
    missing = sum(len(s["missing"]) for s in scores)
    fabricated = sum(len(s["fabricated"]) for s in scores)
    ok = (within30 >= TARGET_WITHIN30 and within60 >= TARGET_WITHIN60 and mean_pk <= TARGET_PK and missing == 0
          and fabricated == 0)
    print(f"ALL {len(cases)} cases, {n_q} questions: within30 {within30:.3f}  within60 {within60:.3f}  "
          f"mean error {mean_err:.1f}s  mean pk {mean_pk:.3f}  missing {missing}  fabricated {fabricated}  -> "
          f"{'target met' if ok else 'TARGET MISSED'} (within30 >= {TARGET_WITHIN30}, within60 = 1, pk <= {TARGET_PK}, "
          f"missing 0, fabricated 0)",
          file=out)
    return ok


def synthetic_long(transcript: Transcript, hours: float = 3.0, segments: int = 2500) -> Transcript:
    """Repeat a transcript's segments (renumbered, shifted in time) until it lasts `hours`, splitting them
    into shorter pieces so that there are about `segments` of them, as faster-whisper produces."""
    span = max(transcript.duration, max((s.end for s in transcript.segments), default=1.0))
    repeats = max(1, math.ceil(hours * 3600 / span))
    parts = max(1, round(segments / (repeats * max(1, len(transcript.segments)))))
    segs: list[Segment] = []
    for r in range(repeats):
        offset = r * span
        for s in transcript.segments:
            tokens = s.text.split()
            k = max(1, min(parts, len(tokens)))
            step = (s.end - s.start) / k
            for p in range(k):
                text = " " + " ".join(tokens[p * len(tokens) // k:(p + 1) * len(tokens) // k])
                segs.append(replace(s, id=len(segs), start=s.start + offset + p * step,
                                    end=s.start + offset + (p + 1) * step, text=text, words=()))
    return Transcript(language=transcript.language, duration=repeats * span, segments=tuple(segs))


def run_speed(case: Path, repeat: int = 3, out=None, n_questions: int | None = None) -> bool:
    """Time find_chapters on the case's transcript repeated to ~3 h; with n_questions, the case's questions are
    cut or topped up with other cases' questions (the search grows with the number of questions)."""
    from .chapters import find_chapters

    out = out or sys.stdout
    if hasattr(os, "sched_setaffinity"):  # the target is for one core: pin this process (and numpy) to one
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    transcript, questions, titles, pins, order = _case_inputs(case)
    if n_questions:
        others = [q for other in sorted(case.parent.iterdir()) if other != case and not other.name.endswith("-noisy")
                  and (other / "questions.txt").is_file()
                  for q in (other / "questions.txt").read_text(encoding="utf-8").splitlines() if q.strip()]
        questions = (list(questions) + others)[:n_questions]
        titles, pins = (), {}
    long = synthetic_long(transcript)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        find_chapters(long, questions, titles=titles, pins=pins, order=order)
        times.append(time.perf_counter() - t0)
    best = min(times)
    ok = best < TARGET_SPEED_S
    print(f"find_chapters on {len(long.segments)} segments ({long.duration / 3600:.2f} h, {len(questions)} questions, "
          f"from {case.name}), one core: first {times[0]:.3f}s, best of {repeat} {best:.3f}s -> "
          f"{'target met' if ok else 'TARGET MISSED'} (< {TARGET_SPEED_S}s)", file=out)
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m replay.bench", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("chapters", help="score find_chapters on a folder of benchmark cases")
    p.add_argument("folder", type=Path)
    p = sub.add_parser("chapters-speed", help="time find_chapters on a synthetic ~3-hour transcript")
    p.add_argument("--case", type=Path, default=Path("benchmarks/chapters/cases/dev-sante-quartiers-noisy"),
                   help="the case whose transcript is repeated to ~3 h")
    p.add_argument("--questions", type=int, default=None, metavar="N",
                   help="use N guiding questions (the case's, then other cases')")
    p.add_argument("--repeat", type=int, default=3, metavar="K", help="time K runs and report the best (default 3)")
    a = ap.parse_args(argv)
    if a.command == "chapters":
        return 0 if run_chapters(a.folder) else 1
    return 0 if run_speed(a.case, repeat=max(1, a.repeat), n_questions=a.questions) else 1


if __name__ == "__main__":
    sys.exit(main())
