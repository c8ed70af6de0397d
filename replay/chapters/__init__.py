"""Chapters aligned to an event's guiding questions: `find_chapters`, `explain`, `short_title`."""

from __future__ import annotations

from ..timefmt import format_clock
from .core import ChapterResult, find_chapters
from .titles import short_title

__all__ = ["ChapterResult", "find_chapters", "explain", "short_title"]


def explain(result: ChapterResult) -> str:
    """Readable text for `replay chapters --explain`: one block per chapter, then the warnings."""
    lines = []
    for k, c in enumerate(result.chapters, 1):
        which = f"question {c.question}" if c.question is not None else "no question"
        lines.append(f"{k}. {format_clock(c.start)} – {format_clock(c.end)}  {c.title}  ({which}, confidence {c.confidence:.2f})")
        if c.question_text:
            lines.append(f"   question: {c.question_text}")
        for e in c.evidence:
            lines.append(f"   - {e}")
        lines.append("")
    if result.warnings:
        lines.append("Warnings:")
        lines.extend(f"   ! {w}" for w in result.warnings)
    else:
        lines.append("No warnings.")
    return "\n".join(lines).rstrip() + "\n"
