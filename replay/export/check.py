"""Check any WebVTT or SRT caption file against the French subtitling rules replay builds to.

Hard rules (the file is wrong; `replay check-captions` exits 1):
  lines          more than `max_lines` (2) lines in a cue
  line-length    a line over `max_chars_per_line` (42) characters
  overlap        a cue starting before the previous one ends
  order          a cue starting before the previous one starts (WebVTT requires order)
  timing         end <= start
  max-cps        reading speed over `hard_max_cps` (20 chars/s). The builder may exceed it only where
                 the speech itself is faster; a file does not say so, so here it is always hard.
  max-duration   longer than `max_duration` (7 s)
  min-duration   shorter than `hard_min_duration` (0.5 s): cannot be read at all

Soft rules (worth fixing, the file is still usable):
  max-cps        over `max_cps` (17 chars/s)
  cps-share      fewer than 90 % of cues at or under `max_cps` (one report-wide violation)
  min-duration   shorter than `min_duration` (1 s)
  gap            0 < gap < `min_gap` (2 frames): flicker. A gap of exactly 0 is chaining and is fine.
  balance        two lines that would fit on one, or a top line much longer than the bottom one
  break          a line break after an article, preposition, subject pronoun or title, or inside a name
  typography     a missing or plain space before ? ! : ; or inside « » (French usage)
  sentence       a cue that starts a new sentence in its last few words

Characters are counted as shown (spaces, punctuation and no-break spaces included, a line break as
one), after cue tags are removed and character references decoded.
"""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .. import french
from ..errors import ExportError
from ..timefmt import format_timestamp
from .captions import CaptionOptions


@dataclass(frozen=True)
class Violation:
    start: float
    rule: str
    detail: str
    hard: bool

    def __str__(self) -> str:
        return f"{format_timestamp(self.start)}  {self.rule}  {self.detail}{' (hard)' if self.hard else ''}"


@dataclass
class CheckReport:
    path: str
    violations: list[Violation] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(v.hard for v in self.violations)


@dataclass(frozen=True)
class _Cue:
    start: float
    end: float
    lines: tuple[str, ...]


def read_cues(path: str | Path) -> list[_Cue]:
    """Cues of a .vtt or .srt file as shown on screen (tags removed, references decoded)."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such caption file", "check the path")
    try:
        head = path.read_bytes()[:64].decode("utf-8-sig", errors="replace").lstrip()
        if head.startswith("WEBVTT") or path.suffix.lower() == ".vtt":
            captions = webvtt.read(str(path)).captions
        else:
            captions = webvtt.from_srt(str(path)).captions
    except (MalformedFileError, MalformedCaptionError, UnicodeDecodeError, ValueError) as exc:
        kind = "WebVTT" if path.suffix.lower() == ".vtt" else "SRT"
        raise ExportError(f"{path}: not a readable {kind} caption file ({exc or type(exc).__name__})",
                          "give a UTF-8 .vtt file starting with WEBVTT, or a numbered .srt file") from None
    if not captions:
        raise ExportError(f"{path}: no caption cues found", "give a .vtt or .srt file with timed cues")
    cues = []
    for c in captions:
        lines = tuple(html.unescape(line) for line in c.text.split("\n"))
        cues.append(_Cue(c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000,
                         tuple(line for line in lines if line.strip())))
    return cues


def _chars(lines: tuple[str, ...]) -> int:
    return sum(len(line) for line in lines) + max(len(lines) - 1, 0)


def check_captions(path: str | Path, options: CaptionOptions = CaptionOptions()) -> CheckReport:
    """Read a caption file and list what breaks the rules (see the module docstring), with statistics."""
    o = options
    cues = read_cues(path)
    report = CheckReport(str(path))
    add = report.violations.append
    prev: _Cue | None = None
    for cue in cues:
        duration = round(cue.end - cue.start, 3)  # times are whole milliseconds
        chars = _chars(cue.lines)
        if duration <= 0:
            add(Violation(cue.start, "timing", f"ends at {format_timestamp(cue.end)}, not after its start", True))
        if len(cue.lines) > o.max_lines:
            add(Violation(cue.start, "lines", f"{len(cue.lines)} lines > {o.max_lines}", True))
        for line in cue.lines:
            if len(line) > o.max_chars_per_line:
                add(Violation(cue.start, "line-length", f"{len(line)} chars > {o.max_chars_per_line}: {line!r}", True))
        if duration > 0:
            cps = chars / duration
            if cps > o.max_cps + 1e-9:
                hard = cps > o.hard_max_cps + 1e-9
                limit = o.hard_max_cps if hard else o.max_cps
                add(Violation(cue.start, "max-cps", f"{cps:.1f} chars/s > {limit:g}", hard))
            if duration > o.max_duration:
                add(Violation(cue.start, "max-duration", f"{duration:.2f} s > {o.max_duration:g} s", True))
            if duration < o.min_duration:
                hard = duration < o.hard_min_duration
                limit = o.hard_min_duration if hard else o.min_duration
                add(Violation(cue.start, "min-duration", f"{duration:.2f} s < {limit:g} s", hard))
        if prev is not None:
            if cue.start < prev.start:
                add(Violation(cue.start, "order", f"starts before the previous cue ({format_timestamp(prev.start)})", True))
            elif cue.start < prev.end:
                add(Violation(cue.start, "overlap", f"starts {prev.end - cue.start:.3f} s before the previous cue ends", True))
            elif 0 < cue.start - prev.end < o.min_gap - 1e-9:
                gap = cue.start - prev.end
                add(Violation(cue.start, "gap", f"{gap * 1000:.0f} ms ({gap * o.fps:.1f} frames) < {o.min_gap * 1000:.0f} ms, "
                              "neither chained nor apart", False))
        _soft_text_rules(cue, o, add)
        prev = cue
    report.stats = _stats(cues, o)
    if cues and report.stats["cps"]["share_within"] < 0.9:
        add(Violation(0.0, "cps-share", f"{report.stats['cps']['share_within']:.0%} of cues at or under "
                      f"{o.max_cps:g} chars/s (< 90 %)", False))
    report.violations.sort(key=lambda v: v.start)
    return report


def _soft_text_rules(cue: _Cue, o: CaptionOptions, add) -> None:
    lines = cue.lines
    if len(lines) == 2:
        top, bottom = (len(x) for x in lines)
        if top + bottom + 1 <= o.max_chars_per_line:
            add(Violation(cue.start, "balance", f"two lines that fit on one ({top + bottom + 1} chars)", False))
        elif top > 2 * bottom + 6:
            add(Violation(cue.start, "balance", f"top line {top} chars over bottom line {bottom}", False))
    for upper, lower in zip(lines, lines[1:]):
        if upper.split() and lower.split():
            score, reason = french.break_score(upper.split()[-1], lower.split()[0])
            if score >= french.FORBIDDEN:
                add(Violation(cue.start, "break", f"line break {reason}", False))
    for line in lines:
        for problem in french.missing_spaces(line):
            add(Violation(cue.start, "typography", problem, False))
    words = " ".join(lines).split()
    for k, word in enumerate(words[:-1]):
        tail = words[k + 1:]
        if french.ends_sentence(word) and len(" ".join(tail)) <= 20 and not french.ends_sentence(words[-1]) \
                and not french.ends_clause(words[-1]):
            add(Violation(cue.start, "sentence", f"a new sentence starts at the end: '{' '.join(tail)}'", False))
            break


def _stats(cues: list[_Cue], o: CaptionOptions) -> dict[str, Any]:
    def spread(values: list[float]) -> dict[str, float]:
        if not values:
            return {"min": 0.0, "median": 0.0, "p90": 0.0, "max": 0.0}
        ordered = sorted(values)
        return {"min": ordered[0], "median": statistics.median(ordered),
                "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], "max": ordered[-1]}

    timed = [c for c in cues if c.end > c.start]
    cps = [_chars(c.lines) / round(c.end - c.start, 3) for c in timed]
    lengths = [len(line) for c in cues for line in c.lines]
    buckets = {"1-21": 0, "22-32": 0, "33-37": 0, "38-42": 0, "43+": 0}
    for n in lengths:
        key = "1-21" if n <= 21 else "22-32" if n <= 32 else "33-37" if n <= 37 else "38-42" if n <= 42 else "43+"
        buckets[key] += 1
    return {
        "cues": len(cues),
        "max_cps": o.max_cps,
        "cps": {**spread(cps), "share_within": (sum(x <= o.max_cps + 1e-9 for x in cps) / len(cps)) if cps else 1.0},
        "line_length": {**spread([float(n) for n in lengths]), "histogram": buckets},
        "lines_per_cue": {str(k): sum(len(c.lines) == k for c in cues) for k in sorted({len(c.lines) for c in cues})},
        "duration": spread([round(c.end - c.start, 3) for c in cues]),  # whole milliseconds, as checked
    }


def format_report(report: CheckReport) -> str:
    """The violations, one per line, then a short statistics summary."""
    out = [str(v) for v in report.violations]
    s = report.stats
    hard = sum(v.hard for v in report.violations)
    if out:
        out.append("")
    out.append(f"{report.path}: {s.get('cues', 0)} cues, {hard} hard and {len(report.violations) - hard} soft violations")
    if s.get("cues"):
        c, ll, d = s["cps"], s["line_length"], s["duration"]
        out.append(f"reading speed: median {c['median']:.1f}, p90 {c['p90']:.1f}, max {c['max']:.1f} chars/s; "
                   f"{c['share_within']:.0%} of cues <= {s['max_cps']:g}")
        hist = ", ".join(f"{k}: {v}" for k, v in ll["histogram"].items())
        out.append(f"line length: median {ll['median']:.0f}, p90 {ll['p90']:.0f}, max {ll['max']:.0f} chars ({hist})")
        lines = ", ".join(f"{k} line{'s' if k != '1' else ''}: {v}" for k, v in s["lines_per_cue"].items())
        out.append(f"duration: min {d['min']:.2f}, median {d['median']:.2f}, max {d['max']:.2f} s; {lines}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """`python -m replay.export.check FILE...` until the CLI has `replay check-captions`."""
    import sys

    status = 0
    for name in (argv if argv is not None else sys.argv[1:]):
        try:
            report = check_captions(name)
        except ExportError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        print(format_report(report))
        status |= 0 if report.ok else 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
