"""Where a chapter found by the search really opens: at the moderator's move rather than at the bare turn the
words pointed to (a transition said soon after or just before), where she introduced a recording played for the
question, welcomed new guests, handed over, or dropped a question on the way. A mixin of the finder
(`core._Finder`): each step takes the chapters as (label, first segment) and returns them moved.
"""

from __future__ import annotations

import logging

import numpy as np

from ..timefmt import format_clock
from .cues import introduces_self
from .text import fold

log = logging.getLogger("replay")

MEDIA_S = 240.0  # a recording played for a question (a testimony, a video) lasts at most this
GUESTS_S = 240.0  # new guests welcomed and introducing themselves this long before a question is put
HANDOVER_S = 20.0  # a turn this short that thanks and moves on, just before a question's chapter, opens it
MOVE_HANDOFF_S = 25.0  # a transition the floor is handed over this soon after is the moderator's move
RANK_IN_TURN_S = 30.0  # a rank said this soon after its turn starts opens the chapter with the turn (thanks included)
STORY_S = 90.0  # a story the moderator tells before putting a question lasts at most this
PUT_OFF_S = 180.0  # a question read, then said to be kept for later within this, was not taken where it was read


class Openings:
    def _defer_to_transitions(self, runs):
        """A question's chapter found to start at a bare pause or hand-off (nothing said there) moves to the
        moderator's announced move on near it:
        - one said soon after (a transition, the question read or put in other words where a turn starts, or
          thanks and a question to another speaker after talk still in the previous question's words): the
          speaker had drifted into the next question's words before the moderator moved on, or the smoothed
          words ran ahead of her, and the chapter before keeps the talk;
        - failing that, one said shortly before, where the moderator thanks the speaker and moves on in the same
          turn ("Merci Karim. Alors je voudrais qu'on parle un peu d'argent maintenant"): the next answer's words
          were at first those of the question before, and the chapter starts at the move."""
        out = list(runs)
        window = min(self.t.defer_s, self.duration / (self.nq + 2))
        least = self.t.defer_min * (self._typical_length(runs) or 0.0)
        times = np.append(self.starts, self.duration)
        for k, (lab, b) in enumerate(out):
            if (k == 0 or not 1 <= lab <= self.nq or lab in self.pins or (lab, b) in self.notes or self.cue_near[b] > 0
                    or self._moderator_recapped(b)
                    or (self.exchanges_from is not None and b >= self.exchanges_from)):
                continue
            a, end = out[k - 1][1], out[k + 1][1] if k + 1 < len(out) else self.n
            put = self.put.get(lab, set()) | self.read_at.get(lab, set())
            s = next((s for s in range(b + 1, end) if times[s] - times[b] <= window
                      and (self._strong_move(s) or s in put or self._lead_in_after_recap(s, b)
                           or self._move_then_handoff(s) or self._thanked_handoff(s, b, out[k - 1][0], lab))), None)
            if s is not None:
                j = s if self.after_recap[s] or s in put or self._lead_in_after_recap(s, b) \
                    or not self._strong_move(s) else self._turn_start_before(s)
                if not (j > b and times[end] - times[j] >= least):
                    continue
                how = f"after talk in its words from {format_clock(self.starts[b])}"
            else:
                first = self.turns.first
                s = next((s for s in range(b - 1, a, -1) if times[b] - times[s] <= window and self._strong_transition(s)
                          and self.cues[first[s]].thanks and not self.turns.follow[first[s]]), None)
                if s is None:
                    continue
                j = int(first[s])
                if not (a < j < b and times[j] - times[a] >= least):
                    continue
                how = f"before talk in its words from {format_clock(self.starts[b])}"
            log.debug("question %d: chapter moved from %s to the transition at %s", lab,
                      format_clock(self.starts[b]), format_clock(self.starts[s]))
            out[k] = (lab, j)
            said = self.notes.get((lab, s), f"transition cue '{self.cues[s].transition or self.cues[s].handoff}' at "
                                           f"{format_clock(self.starts[s])}")
            self.notes[(lab, j)] = f"{said}, {how}"
        return out

    def _thanked_handoff(self, i: int, b: int, prev: int, lab: int) -> bool:
        """The moderator thanks the speaker and turns to another with a question at segment i ("Merci Fatima. Et
        justement, je me tourne vers vous…"), after talk from b that is still, by its own words (unsmoothed), more
        the previous question's than this one's."""
        c = self.cues[i]
        if not (self.turns.first[i] == i and c.thanks and c.handoff and self.turns.lead_in[i] >= 0.8
                and 1 <= prev <= self.nq):
            return False
        return bool(self.question_raw[b:i, prev - 1].mean() > self.question_raw[b:i, lab - 1].mean())

    def _move_then_handoff(self, i: int) -> bool:
        """A transition at segment i that the floor is handed over soon after ("Bon. Je prends la main en
        attendant que Nadia retrouve son micro… on peut passer à la question suivante… Élodie, à toi."): the
        moderator's move, even where no pause tells her turn from the speaker's before."""
        c = self.cues[i]
        if not c.transition or c.forward is not None:
            return False
        return any(self.cues[k].handoff and self.starts[k] - self.starts[i] <= MOVE_HANDOFF_S
                   for k in range(i, min(self.n, i + 4)))

    def _with_its_turn(self, i: int, after: int) -> int:
        """Where what is said at segment i opens a chapter: its turn's start (thanks included) when the turn
        started after segment `after` and at most RANK_IN_TURN_S before it, else segment i itself."""
        j = int(self.turns.first[i])
        return j if j > after and self.starts[i] - self.starts[j] <= RANK_IN_TURN_S else i

    def _open_with_media(self, runs):
        """The moderator plays a recording for a question, then puts the question when she comes back from it
        ("Le premier témoignage, c'est celui de Yanis. On va regarder un petit témoignage de deux minutes…" …
        "Voilà, merci à Yanis pour ce témoignage. Je voudrais qu'on commence par la première…"): the recording
        is the question's, and its chapter opens where she introduced it."""
        out = list(runs)
        times = np.append(self.starts, self.duration)
        least = self.t.defer_min * (self._typical_length(runs) or 0.0)
        first = self.turns.first
        for k in range(1, len(out)):
            lab, b = out[k]
            if not 1 <= lab <= self.nq or lab in self.pins:
                continue
            # the question read or put where its chapter was found, a recording played shortly before, and no
            # move to another question in between
            if (lab, b) not in self.notes:
                continue
            a = out[k - 1][1]
            m = next((s for s in range(b - 1, a, -1) if times[b] - times[s] <= MEDIA_S and self.cues[s].plays), None)
            if m is None or any(self._strong_transition(s) for s in range(m + 1, b)):
                continue
            # where she introduced it: the sentences before that name it, or the start of her turn just before
            j = m
            while j - 1 > a and first[j - 1] == first[m] and self.cues[j - 1].media \
                    and times[m] - times[j - 1] <= RANK_IN_TURN_S:
                j -= 1
            if not any(self.cues[s].media for s in range(j, m + 1)):
                continue
            j = min(j, self._with_its_turn(m, a))
            # before the first question, only a recording that starts the discussion ("Allez, on démarre. Le
            # premier témoignage…"), not a film presenting the organisers
            if self.opening_ends is not None and j < self.opening_ends \
                    and not any(self.cues[s].start or self.cues[s].transition for s in range(max(a, j - 1), m + 1)):
                continue
            if 1 <= out[k - 1][0] <= self.nq and times[j] - times[a] < least:  # the question before keeps its time
                continue
            said = self.notes.get((lab, b))
            self.notes[(lab, j)] = (f"recording played from {format_clock(self.starts[m])} ('{self.cues[m].plays}'), "
                                    f"the question put after it" + (f": {said}" if said else ""))
            out[k] = (lab, j)
        return out

    def _open_with_new_guests(self, runs):
        """Between two questions the moderator welcomes new guests, who introduce themselves, then she puts the
        question ("Merci… pour cette première partie. J'accueille maintenant les invités de notre deuxième table
        ronde…" … "Alors, première question de cette deuxième table ronde : …"): the welcome opens the chapter.
        Only after a question's chapter: the welcome before the first question is the opening's."""
        out = list(runs)
        first = self.turns.first
        for k in range(2, len(out)):
            (prev, a), (lab, b) = out[k - 1], out[k]
            if not (1 <= lab <= self.nq and 1 <= prev <= self.nq) or lab in self.pins:
                continue
            w = next((s for s in range(b - 1, a, -1)
                      if self.starts[b] - self.starts[s] <= GUESTS_S and self.cues[s].welcome), None)
            if w is None or not any(introduces_self(self.texts[s]) for s in range(w + 1, b) if first[s] == s):
                continue
            j = self._with_its_turn(w, a)
            out[k] = (lab, j)
            said = self.notes.get((lab, b))
            self.notes[(lab, j)] = (f"new guests welcomed at {format_clock(self.starts[w])} "
                                    f"('{self.cues[w].welcome}'), before the question is put"
                                    + (f": {said}" if said else ""))
        return out

    def _open_with_move_before_recap(self, runs):
        """The moderator moves on first and sums up after ("Merci, et c'est une transition parfaite. Si je
        résume ce qu'on vient de dire sur l'observation : … Nadia, je vous redonne la parole"): the move opens
        the chapter, recap included, when the chapter was found later in that turn."""
        out = list(runs)
        first = self.turns.first
        for k in range(1, len(out)):
            (_, a), (lab, b) = out[k - 1], out[k]
            j = int(first[b])
            if not 1 <= lab <= self.nq or lab in self.pins or not a < j < b:
                continue
            c = self.cues[j]
            if c.thanks and c.transition and c.recap and c.forward is None:
                out[k] = (lab, j)
                self.notes[(lab, j)] = (f"transition cue '{c.transition}' at {format_clock(self.starts[j])}, "
                                        f"before a recap")
        return out

    def _open_at_move_put_off(self, runs):
        """The moderator puts a question, a speaker answers on the next one, and she follows ("vous avez enchaîné
        directement sur notre deuxième question, allons-y, et on reviendra à la première à la fin"): her move
        still ended the chapter before, and the chapter found after it opens there."""
        out = list(runs)
        for k in range(1, len(out)):
            (_, a), (lab, b) = out[k - 1], out[k]
            if not 1 <= lab <= self.nq or lab in self.pins:
                continue
            m = next((m for m in self.moves_put_off if a < m < b and self.starts[b] - self.starts[m] <= PUT_OFF_S),
                     None)
            if m is not None:
                out[k] = (lab, m)
                self.notes[(lab, m)] = (f"a move at {format_clock(self.starts[m])} to a question then put off: "
                                        + self.notes.get((lab, b), f"chapter found at {format_clock(self.starts[b])}"))
        return out

    def _open_with_story(self, runs):
        """The moderator thanks the last speaker and tells a story before she puts the next question ("Merci à
        vous trois. Alors, troisième question, mais d'abord une histoire… Et ça m'amène à notre troisième
        question : …"): the story is the question's, and its chapter opens with her turn. Not a recap ("si je
        résume…"), and not when her words before the question are more the previous question's than this one's:
        a summing-up closes the chapter before. Only between questions: before the first, the moderator's turn
        may go on with the opening's business."""
        out = list(runs)
        first = self.turns.first
        rel = self.question_rel
        for k in range(1, len(out)):
            (prev, a), (lab, b) = out[k - 1], out[k]
            j = int(first[b])
            if prev == 0 and 1 <= lab <= self.nq and lab not in self.pins and (lab, b) in self.notes and a < j < b \
                    and self.starts[b] - self.starts[j] <= STORY_S:
                # ...but the first question's chapter opens where she starts the discussion in that turn ("Merci à
                # tous les quatre. Alors, on démarre. Quelques chiffres clés d'abord… Première question :"), when
                # she goes on to the question's topic for a while (just before it, "Sans plus attendre, on
                # commence. Alors, première question…", the rank opens the chapter as usual).
                go = next((s for s in range(j, b) if self.cues[s].start), None)
                if go is not None and self.starts[b] - self.starts[go] > RANK_IN_TURN_S:
                    out[k] = (lab, go)
                    self.notes[(lab, go)] = (f"discussion starts at {format_clock(self.starts[go])} "
                                             f"('{self.cues[go].start}'): " + self.notes[(lab, b)])
                continue
            if not (1 <= lab <= self.nq and 1 <= prev <= self.nq) or lab in self.pins or (lab, b) not in self.notes \
                    or not a < j < b:
                continue
            c = self.cues[j]
            # (a turn taken for an answer to a follow-up question is a speaker's, unless the question is put in it,
            # read with its rank)
            if not (c.thanks or c.reacts) or c.continuation or self.turns.follow[j] and b not in self.put.get(lab, ()) \
                    or self.starts[b] - self.starts[j] > STORY_S:
                continue
            # (a move in her own turn is hers: "Merci Martine. Alors pour vous répondre… Mais ça me fait une
            # transition. Quelques chiffres clés… Deuxième question, je la lis")
            if c.recap or any(self.cues[s].recap or self.cues[s].skip or self._strong_transition(s) and first[s] != j
                              for s in range(j + 1, b)):
                continue
            if rel[j:b, prev - 1].mean() > rel[j:b, lab - 1].mean():
                continue
            out[k] = (lab, j)
            self.notes[(lab, j)] = (f"a story told from {format_clock(self.starts[j])} before the question is put: "
                                    + self.notes[(lab, b)])
        return out

    def _open_with_speakers_move(self, runs):
        """A speaker moves on to the next topic herself ("Et ça m'amène à la question des cantines, si je peux me
        permettre"), or a question from the chat is read that is the next one ("il y a une question qui vient
        d'arriver…"), and the moderator follows later ("vous êtes en plein dedans, et c'était de toute façon notre
        quatrième question, donc on enchaîne", "ça tombe très bien, c'est exactement notre dernière question"): the
        chapter opens at that move, when the words after it are more this question's than the previous one's."""
        out = list(runs)
        first = self.turns.first
        rel = self.question_rel
        times = np.append(self.starts, self.duration)
        for k in range(1, len(out)):
            (prev, a), (lab, b) = out[k - 1], out[k]
            if not (1 <= lab <= self.nq and 1 <= prev <= self.nq) or lab in self.pins:
                continue
            turn = int(first[b])
            said = next((m for m in range(turn, min(self.n, b + 3))
                         if first[m] == turn and (self.cues[m].already or self.cues[m].asked_next)), None)
            if said is None:
                continue
            cue = self.cues[said]
            before = range(turn - 1, a, -1)
            if cue.already:  # a speaker's move: a transition said inside her turn
                s = next((s for s in before if times[turn] - times[s] <= self.t.defer_s
                          and self.cues[s].transition and self.cues[s].forward is None and first[s] < s), None)
            else:  # a question from the audience read out before the moderator's turn (not in it: she read it)
                own = fold(self.texts[said])
                asked = "?" in " ".join(self.texts[m] for m in range(turn, said)) + own[:own.find("tombe")]
                s = None if asked else next((s for s in before if times[turn] - times[s] <= self.t.defer_s
                                             and self.cues[s].audience >= 1.0), None)
            if s is None or rel[s:turn, prev - 1].mean() >= rel[s:turn, lab - 1].mean():
                continue
            out[k] = (lab, s)
            at = format_clock(self.starts[s])
            how = (f"a speaker moves on at {at} ('{self.cues[s].transition}')" if cue.already
                   else f"a question from the audience is read at {at}")
            self.notes[(lab, s)] = (f"{how}, followed at {format_clock(self.starts[said])} "
                                    f"('{cue.already or cue.asked_next}')")
        return out

    def _open_with_handover(self, runs):
        """A short turn just before a question's chapter that thanks the last speaker and moves on without
        saying to what ("Merci Karim. Je laisse ma collègue Sandrine prendre la suite.", then Sandrine puts the
        question; "Merci. Nadia, c'est à toi."), unless the question is put by its rank or read where the chapter
        starts ("Alors on démarre avec la question numéro un"): the move opens the chapter."""
        out = list(runs)
        first = self.turns.first
        for k in range(1, len(out)):
            (_, a), (lab, b) = out[k - 1], out[k]
            if not 1 <= lab <= self.nq or lab in self.pins or first[b] != b or self.cues[b].ordinal \
                    or b in self.put.get(lab, ()) or b in self.read_at.get(lab, ()):
                continue
            j = int(first[b - 1])
            turn = range(j, b)
            if not (a < j and self.cues[j].thanks and self.starts[b] - self.starts[j] <= HANDOVER_S) \
                    or any(self.cues[s].continuation for s in turn):
                continue
            said = next((self.cues[s].transition or self.cues[s].handoff for s in turn
                         if self.cues[s].transition or self.cues[s].handoff), None)
            if said is None:
                continue
            out[k] = (lab, j)
            self.notes[(lab, j)] = f"hand-over '{said}' at {format_clock(self.starts[j])}, before the question is put"
        return out

    def _open_with_skips(self, runs):
        """The moderator drops a question on the way to the next one ("la quatrième, on ne pourra pas la
        traiter… Et on passe directement à la dernière"): the next chapter opens with the drop, said in the same
        turn just before it."""
        out = list(runs)
        for k in range(1, len(out)):
            lab, b = out[k]
            if not 1 <= lab <= self.nq or lab in self.pins:
                continue
            j = b
            while j - 1 > out[k - 1][1] and self.turns.first[j - 1] == self.turns.first[b] and self.cues[j - 1].skip:
                j -= 1
            if j < b:
                said = self.notes.get((lab, b))
                self.notes[(lab, j)] = (f"another question dropped at {format_clock(self.starts[j])} "
                                        f"('{self.cues[j].skip}') on the way" + (f", then {said}" if said else ""))
                out[k] = (lab, j)
        return out
