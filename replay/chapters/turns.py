"""Speaker turns without speaker labels, and the moderator's lead-in turns that open a chapter.

In a webinar a new question almost always starts with a short moderator turn (thanks, a question put to a
speaker, a hand-off: "je me tourne vers…", "je vous laisse la parole"), then a long answer. A recogniser
gives no speaker labels, so turn starts come from pauses (scaled to the recording's own pause lengths) and
"merci" openers; a lead-in is a short turn that asks a question or hands the floor over. A chapter should
start where the lead-in starts, not at the answer's first words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .cues import Cues
from .names import addressed_names, lowercase_words, thanked_names

ASKED_PAUSE = 0.3  # after a question, a pause this clear (0..1) is someone answering
LEAD_IN_FULL_S = 45.0  # a lead-in turn this short or shorter counts fully...
LEAD_IN_MAX_S = 90.0  # ...and one longer than this is a speaker's answer, not a lead-in


@dataclass(frozen=True)
class Turns:
    """Per segment: how much a turn starts there (0..1), the first segment of its turn, how much the turn
    starting there is a lead-in (0..1, zero where no turn starts) and how much it answers a lead-in."""

    strength: np.ndarray
    first: np.ndarray
    lead_in: np.ndarray
    answer: np.ndarray
    follow: np.ndarray

    def lead_in_start(self, j: int) -> int:
        """Where a chapter evidenced at turn start j begins: the lead-in turn it answers, when there is one
        (and it is not a lead-in itself: then the turn before was a follow-up on the previous chapter)."""
        if self.answer[j] >= 0.5 and self.lead_in[j] < 0.5 and j > 0:
            return int(self.first[j - 1])
        return j


def find_turns(starts: np.ndarray, gaps: np.ndarray, texts: Sequence[str], cues: Sequence[Cues],
               speakers: Sequence[str | None]) -> Turns:
    n = len(starts)
    if any(speakers):
        strength = np.array([i == 0 or speakers[i] != speakers[i - 1] for i in range(n)], dtype=float)
    else:
        g = gaps[1:]
        lo, hi = (np.percentile(g, 50), np.percentile(g, 90)) if len(g) else (0.0, 1.0)
        strength = np.clip((gaps - lo) / max(hi - lo, 0.2), 0.0, 1.0)
    thanks = np.array([c.thanks for c in cues], dtype=float)
    is_start = (np.maximum(strength, thanks) >= 0.5)
    # After a question, a shorter pause is enough: someone answers it.
    asked = np.array([False] + [texts[i].rstrip().endswith("?") for i in range(n - 1)])
    is_start |= asked & (strength >= ASKED_PAUSE)
    # So is someone cutting in ("Je vous arrête, on en reste là sur ce point."): a turn starts there as surely as
    # after a clear pause.
    # So is someone reacting to what was just said ("Moi ce qui me frappe dans ce que vous dites, Claire…").
    cut_in = np.array([c.cuts_in or c.reacts for c in cues], dtype=bool) & (strength >= ASKED_PAUSE)
    strength = np.where(cut_in, 1.0, strength)
    is_start |= cut_in
    if n:
        is_start[0] = True
    first = np.zeros(n, dtype=int)
    bounds = list(np.flatnonzero(is_start)) + [n]
    lead_in = np.zeros(n)
    answer = np.zeros(n)
    follow = np.zeros(n)
    end_time = starts[-1] + 10.0 if n else 0.0
    common = lowercase_words(texts)
    floor = None  # the last person the moderator gave the floor to
    for a, b in zip(bounds, bounds[1:]):
        first[a:b] = a
        span = (starts[b] if b < n else end_time) - starts[a]
        short = float(np.clip((LEAD_IN_MAX_S - span) / (LEAD_IN_MAX_S - LEAD_IN_FULL_S), 0.0, 1.0))
        cue = 0.0
        for k in range(a, b):
            if cues[k].handoff:
                cue = max(cue, 1.0)
            if "?" in texts[k]:
                cue = max(cue, 0.8)
            if cues[k].transition:
                cue = max(cue, 0.6)
        lead_in[a] = short * cue
        follow[a] = max(follow[a], float(any(cues[k].continuation for k in range(a, min(b, a + 2)) if starts[k] - starts[a] <= 20.0)))
        names = [name for k in range(a, b) for name in addressed_names(texts[k], common)] if short > 0 else []
        if names:
            # A question put again to the one who has the floor ("Et l'allocation, Karim ?") follows up on it,
            # unless the moderator first thanks them or moves on ("on change de registre. Samia, …").
            moves_on = cues[a].thanks or any(cues[k].transition or cues[k].ordinal for k in range(a, b))
            if lead_in[a] > 0 and set(names) == {floor} and not moves_on:
                follow[a] = max(follow[a], 1.0)
            floor = names[-1]
        # A turn that thanks the one the lead-in spoke to ("Nadia, une petite question…" … "Merci Nadia.") is
        # the moderator again: the answer ran on in the lead-in's turn (no pause told them apart).
        if b < n and not set(names) & thanked_names(texts[b], common):
            answer[b] = lead_in[a]
            # The answer to a follow-up question ("vous voulez réagir ?") goes on with the chapter too, unless it
            # thanks and moves on ("Merci Nadia, et merci Élodie pour ce petit pont. On va parler maintenant de…").
            if not (cues[b].thanks and cues[b].transition):
                follow[b] = follow[a] * lead_in[a]
    return Turns(strength, first, lead_in, answer, follow)
