"""Speech that starts no chapter, whatever words it uses: the agenda read in the opening, a round of
self-introductions, a speaker going through their own plan, a presenter's slides, a guest's speech the moderator
cuts in for. A mixin of the finder (`core._Finder`): it reads the finder's cues, turns and times.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from itertools import groupby

import numpy as np

from ..timefmt import format_clock
from .cues import Cues, introduces_self

log = logging.getLogger("replay")

OPENING_SHARE = 0.2  # an agenda is announced in the opening: within this share of the recording
INTRO_TURN_S = 45.0  # a speaker's turn this short that starts "X, je suis…" introduces them
INTRO_GAP_S = 30.0  # ...and the next speaker's introduction follows within this (the moderator's "Merci. Sylvie ?")
AGENDA_ANSWER_S = 20.0  # someone else speaking this long between two questions named: no agenda
AGENDA_REPEAT_S = 20.0  # a question the agenda named is named again this long after: it is being taken
PLAN_UNITS = re.compile(r"\b(?:point|axe|volet|enjeu|partie|aspect)s?\b")  # what a speaker's own plan counts
_SLIDE = re.compile(r"\b(?:diapo\w*|slides?)\b")
SLIDES_S = 120.0  # slide changes this close together are a presenter's
INTERLUDE_S = 600.0  # a speech that cuts in, from the moderator's cut to her coming back, lasts at most this


class Asides:
    def _drop_presenters_slides(self, cues: list[Cues]) -> list[Cues]:
        """"Diapo suivante" is the moderator moving to the next question on screen, or a speaker going through
        their own slides: slide changes close together are a presenter's, and no move."""
        slides = [i for i, c in enumerate(cues) if c.transition and _SLIDE.search(c.transition)]
        times = self.starts[slides]
        for i, t in zip(slides, times):
            if np.sum(np.abs(times - t) <= SLIDES_S) >= 2:
                cues[i] = replace(cues[i], transition=None)
        return cues

    def _interludes(self) -> list[int]:
        """Segments of an interlude: the moderator cuts in for someone ("je vous coupe… madame la préfète vient
        de nous rejoindre") whose speech goes over every topic, then comes back to the question under way ("on
        reprend là où on en était"). The speech belongs to the chapter it interrupted and starts none."""
        out: list[int] = []
        for r, c in enumerate(self.cues):
            if not c.resumes:
                continue
            i = next((i for i in range(r - 1, -1, -1) if self.starts[r] - self.starts[i] <= INTERLUDE_S
                      and self.cues[i].interrupts), None)
            if i is not None:
                out.extend(range(i + 1, r))
                log.debug("interlude %s-%s", format_clock(self.starts[i]), format_clock(self.starts[r]))
        return sorted(set(out))

    def _drop_enumerations(self, ordinals):
        """A speaker going through their own plan in one turn ("premier point, qui on accueille… deuxième
        point… troisième point") is not the moderator moving through the programme: ranks counted up one by one
        within one turn, in less than half a chapter's time, are dropped when they count points or parts (or
        when there are three of them). A lone speaker moving on through the questions takes longer per rank."""
        by_turn: dict[int, list[tuple[int, int, str]]] = {}
        for hit in ordinals:
            by_turn.setdefault(int(self.turns.first[hit[0]]), []).append(hit)
        span = 0.5 * self.duration / (self.nq + 2)
        listed = set()
        for turn, hits in by_turn.items():
            ranks = [q for _, q, _ in hits]
            counted = len(hits) >= 2 and all(b == a + 1 for a, b in zip(ranks, ranks[1:]))
            if counted and self.starts[hits[-1][0]] - self.starts[hits[0][0]] <= span \
                    and (len(hits) >= 3 or all(PLAN_UNITS.search(p) for _, _, p in hits)):
                listed.add(turn)
                log.debug("ranks %s counted in one turn at %s: a speaker's own plan", ranks,
                          format_clock(self.starts[turn]))
        # Each point still opens a part of the talk: a chapter may start there (a lone speaker moving on).
        self.plan_points = [i for i, _, _ in ordinals if self.turns.first[i] in listed]
        return [hit for hit in ordinals if self.turns.first[hit[0]] not in listed]

    def _agenda_segments(self, reads, ordinals) -> set[int]:
        """Segments where the agenda is being announced: several different questions read or ranked in a
        row, in announced order, with little speech between them. Past the opening it takes two read, or
        three read or ranked ("pour la première question, je retiens… Deuxième question : …" is a recap and
        a transition, not an agenda); once an agenda is found, two more make another only if they are
        consecutive questions. A question read again right after the agenda (going back to question 1)
        starts its chapter and is kept."""
        agenda: set[int] = set()
        chain: list[tuple[int, int, bool]] = []
        points = {i for i, _, phrase in ordinals if PLAN_UNITS.search(phrase)}

        def close():  # one sentence that ranks and reads the same question is not an agenda
            if not chain:
                return
            asked = {q for _, q, _ in chain}
            read = {q for _, q, was_read in chain if was_read}
            in_opening = self.starts[chain[0][0]] <= OPENING_SHARE * self.duration
            # Two questions named after the agenda was announced are another agenda only when they follow each
            # other: a speaker introduced in question 1's words, then question 4 read, is not.
            pair = len(asked) == 2 and (max(asked) - min(asked) == 1 or not agenda)
            # Ranks alone that do not start from the first are a speaker counting their own points ("troisième
            # point, les moyens… quatrième point…"): a programme announced by rank starts with its first question.
            counting = not read and 1 not in asked
            # ...and so are points counted without a question's words ("premier point, qui on accueille"): a
            # presenter's plan.
            counting |= not read and all(i in points for i, _, _ in chain)
            if (len(asked) >= 3 or (pair and (len(read) == 2 or in_opening))) and not counting \
                    and len({i for i, _, _ in chain}) >= 2:
                agenda.update(i for i, _, _ in chain)

        hits = sorted([(i, q, True) for i, q, _ in reads] + [(i, q, False) for i, q, _ in ordinals])
        # Several questions may be found in one segment (a reading spills into the next): a segment continues
        # the chain when the first question it names does not come before the previous segment's first.
        previous = 0
        turn_of = self.turns.first
        for i, group in groupby(hits, key=lambda hit: hit[0]):
            group = list(group)
            first = min(q for _, q, _ in group)
            # Someone else speaking for a while between two questions named (the speaker asked the second question,
            # who asks to take the third first) ends the chain: an agenda is read out in one go.
            between = [t for t in range(chain[-1][0] + 1, i) if turn_of[t] == t] if chain else []
            answered = bool(between) and turn_of[i] != between[0] \
                and self.starts[turn_of[i]] - self.starts[between[0]] > AGENDA_ANSWER_S
            far = bool(chain) and self.starts[i] - self.starts[chain[-1][0]] > self.agenda_gap_s
            # A question named again a while after the agenda named it is taken now ("Et quatrième question :
            # quelles solutions…? Pour une fois on part de la fin… Donc on attaque par la quatrième question").
            again = any(q == first and self.starts[i] - self.starts[k] > AGENDA_REPEAT_S for k, q, _ in chain)
            if chain and (first < previous or answered or far or again):
                close()
                chain = []
            chain.extend(group)
            previous = first
        close()
        return agenda

    def _introduction_round(self) -> set[int]:
        """Segments of a round of introductions in the opening: two or more short turns in a row whose speakers
        say who they are ("Nadia Benali, je suis conseillère parentalité à la CAF…"). Their roles use the
        event's theme, often a question's words, but they belong to the opening, like an agenda."""
        first = self.turns.first
        starts_of_turns = np.flatnonzero(first == np.arange(self.n))
        times = np.append(self.starts, self.duration)
        rounds: list[list[tuple[int, int]]] = []  # runs of introductions, as (turn start, next turn start)
        for i in range(self.n):
            if self.starts[i] > OPENING_SHARE * self.duration:
                break
            a = int(first[i])
            if i - a > 1 or not introduces_self(self.texts[i]) or (rounds and rounds[-1][-1][0] == a):
                continue
            later = starts_of_turns[starts_of_turns > a]
            b = int(later[0]) if len(later) else self.n
            if times[b] - times[a] > INTRO_TURN_S:
                continue
            if rounds and times[a] - times[rounds[-1][-1][1]] <= INTRO_GAP_S:
                rounds[-1].append((a, b))
            else:
                rounds.append([(a, b)])
        return {k for r in rounds if len(r) >= 2 for k in range(r[0][0], r[-1][1])}

    def _drop_agenda(self, hits, agenda, what):
        kept = []
        for i, q, x in hits:
            if i in agenda:
                log.debug("%s for question %d at %s looks like an agenda", what, q, format_clock(self.starts[i]))
                continue
            kept.append((i, q, x))
        return kept

    # -- topic scores -------------------------------------------------------------------------------
