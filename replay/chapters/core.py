"""find_chapters: from a transcript and the announced guiding questions to contiguous chapters.

Method, in short:
1. Segments and questions become bags of light French stems (`text`), TF-IDF weighted over the recording.
2. Each question gets a topic profile: its own words, expanded with the recording's vocabulary where it
   matches best (pseudo relevance feedback); segments are scored against every profile, smoothed in time.
3. Spoken evidence lowers the cost of a chapter starting at a segment: pauses, "merci" hand-offs,
   transition and ordinal cues, a question read aloud (fuzzy, across segments), closing formulas.
   Speaker turns are found without labels (`turns`): a short moderator turn that asks or hands over (a
   lead-in) is where a chapter starts, the answer to it and a turn that adds to what was said are not.
   Questions read or ranked in a row, in announced order, are the agenda, not chapter starts.
4. What the moderator says about the programme shapes the search: questions keep their announced order
   unless a change is announced ("on va bousculer l'ordre"); a question said not to be taken ("pas le temps
   d'aborder le dernier point") gets no chapter; once the exchanges with participants open, their topic
   words weigh little, since questions from the audience revisit every theme.
5. A dynamic programme picks the best labelling (opening, questions, closing; order free or announced,
   skips allowed, pins enforced); profiles are then re-estimated from the chapters found and it runs again,
   now over whole chapters: they start only where something is said or a turn starts, and a question's
   chapter pays for a length far from the typical one (organisers give the questions comparable time), so a
   follow-up hand-off inside a chapter is not taken for the next question when their words are alike.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..hallucinations import only_hallucinations
from ..models import Chapter, Transcript
from ..timefmt import format_clock
from .asides import OPENING_SHARE, PLAN_UNITS, Asides
from .cues import REVERSED, Cues, ReadAloud, rank_unit, ranked_question, segment_cues
from .features import TermMatrix, contrastive, segment_stems, smooth
from .openings import PUT_OFF_S, RANK_IN_TURN_S, Openings
from .solve import MAX_FREE_ORDER, segment, segment_spans
from .text import QUESTION_WORDS, content_stems, fold, is_content, words
from .titles import short_title
from .topic_head import topic_head
from .turns import find_turns

log = logging.getLogger("replay")

OPENING_TITLE = "Ouverture"
# What webinar openings and closings talk about, whatever the topic: welcome, housekeeping, thanks.
HOUSE_STEMS = content_stems(
    "bienvenue consignes micros caméras chat enregistrement enregistré replay vidéo diaporama supports site "
    "intervenants intervenante présenter présentation remercie remerciements organisé co-organise visio "
    "visioconférence webinaire connectés participants échanges synthèse retiens conclure clore terminer "
    "prochain rendez-vous bientôt journée matinée partenariat programme inscription collègues écran lien")
QA_TITLE = "Échanges avec les participants"
CONCLUSION_TITLE = "Conclusion"
# The whole-chapter search tracks every set of questions taken at every candidate start: beyond this many
# questions a 3-hour recording would take seconds, and the per-segment search (no length prior) is used.
MAX_SPAN_QUESTIONS = 5
FIRST_QUESTION_SHARE = 0.4  # "première question" announced this early ends the opening
RECAP_LEAD_IN_S = 45.0  # ...and the moderator turning to a speaker this soon after it moves on
RECAP_OPENS_S = 30.0  # a recap said this soon after its turn starts is the moderator's (a speaker's comes later)
NEXT_QUESTION_SHARE = 0.5  # "Question suivante.": this share of a rank's bonus for every question there
# ...not the words that name whom it addresses ("Et la mission locale, vous, vous voyez ces signaux ?")
_ADDRESS = re.compile(r"\b(?:et\s+)?(?:la|le|les|l')\s*[\w'-]+(?:\s+[\w'-]+){0,2}\s*,\s*(?:vous|toi)\b")
_BRIDGE = re.compile(r"\W*(?:(?:et|alors|mais)\W+)?justement\b")  # "Et justement, …": on to what comes next
TOGETHER_SEGMENTS = 4  # two questions put together are read in the segment that says so and the few after it
NAMED_SHARE = 0.25  # a thanked hand-off in a question's own words: this share of a rank's bonus
MOVE_SAID = 1.33  # a rank said in a move phrase ("passons à la deuxième question") is worth this many ranks
SCALE_FLOOR = 0.5  # a question's typical level is at least this share of the median question's
AGENDA_BARRIER = 1e3  # emission cost of a question's chapter running over the opening's agenda
ENDED_S = 60.0  # a chapter said to end ("voilà pour ce premier temps") covers at least the speech this long before
RESCUE_BONUS = 1e4  # solving again with a missing question required
RESCUE_MIN_SHARE = 0.3  # ...which, and the chapter before it, then keep at least this share of a typical chapter
RESCUED_SHARE = 0.5  # ...and the solution must give it this share: a discussed question gets time like the others
RENUMBER_S = 240.0  # the words said this long after a move by a numbered part tell which question it is
RENUMBER_MARGIN = 0.3  # ...another than the rank's when they score this much above the numbered question's
RENUMBER_CLEAR = 0.2  # ...and clearly one question when this much above the runner-up
CANDIDATE_TURN = 0.5  # a pause this clear (0..1, relative to the recording's pauses) may start a chapter


@dataclass(frozen=True)
class Tuning:
    """The method's constants, in one place."""

    smooth_s: float = 90.0  # half-width of the time smoothing of topic scores
    tau: float = 0.45  # a segment belongs to a question when its relative score exceeds this
    switch_cost: float = 45.0  # cost of a new chapter, in emission-seconds
    pause_bonus: float = 15.0
    thanks_bonus: float = 10.0
    cue_bonus: float = 15.0
    read_bonus: float = 90.0
    ordinal_bonus: float = 60.0
    closing_bonus: float = 45.0
    read_threshold: float = 0.6
    agenda_gap_s: float = 60.0  # questions read in announced order this close together: an agenda
    pin_snap_s: float = 5.0
    coverage_share: float = 0.1  # reward for each question given a chapter, as a share of a chapter's length
    refine_passes: int = 2
    house_weight: float = 1.0  # weight of the housekeeping vocabulary (welcome, chat, thanks) for opening/closing
    exchanges_damping: float = 0.3  # once the exchanges with participants open, topic words weigh this much
    audience_weight: float = 0.5  # exchanges with participants: questions from the chat and the room
    position_weight: float = 0.4  # openings sit near the start, closings near the end
    opening_discount: float = 0.5  # share of the base switch cost waived when the opening ends
    order_cost: float = 30.0  # taking a question before an earlier-announced one, when a change is announced
    silent_order_share: float = 0.2  # the same when nobody says the order changes, as a share of a chapter's length
    lead_in_bonus: float = 15.0  # a short moderator turn that asks or hands over
    follow_cost: float = 30.0  # a turn that opens by adding to what was just said
    forward_weight: float = 0.5  # topic words said while putting a topic off for later ("on y viendra")
    length_weight: float = 0.4  # questions get comparable time: cost of a chapter far from the typical length
    ended_bonus: float = 1.0  # a chapter said to end: emission for its question just before, per second
    defer_s: float = 240.0  # a chapter started at a bare hand-off moves to a transition announced this soon after
    defer_min: float = 0.2  # ...if what is left of it is at least this share of a typical chapter
    count_cost: float = 120.0  # a question put by its rank ("notre deuxième question") before the first is taken


TUNING = Tuning()


@dataclass(frozen=True)
class ChapterResult:
    chapters: tuple[Chapter, ...]
    warnings: tuple[str, ...]


def find_chapters(transcript: Transcript, questions: Sequence[str], *, titles: Sequence[str] = (),
                  pins: Mapping[int, float] | None = None, order: str = "auto") -> ChapterResult:
    """Chapters covering [0, duration]: an opening, one per discussed question, a closing when there is one."""
    if order not in ("auto", "announced"):
        raise ValueError(f"order must be 'auto' or 'announced', not {order!r}")
    questions = [q.strip() for q in questions]
    if titles and len(titles) != len(questions):
        raise ValueError(f"{len(titles)} titles for {len(questions)} questions")
    pins = dict(pins or {})
    for q in pins:
        if not 1 <= q <= len(questions):
            raise ValueError(f"pin for question {q}, but there are {len(questions)} questions")
    # What Whisper invents over silence (a waiting room's music, a break) is silence here, whatever the
    # transcription stage kept.
    segs = [s for s in transcript.segments if s.text.strip() and not only_hallucinations(s.text)]
    duration = max([transcript.duration] + [s.end for s in segs])
    labels = [titles[i] if titles else short_title(q) for i, q in enumerate(questions)]
    if not segs or not questions:
        why = "the transcript has no speech" if not segs else "no guiding questions were given"
        return ChapterResult((Chapter(0.0, duration, OPENING_TITLE, confidence=0.0),), (f"no chapters: {why}",))
    # A question's head (or the title given for it) names its topic: its words count twice in its profile.
    heads = list(titles) if titles else [topic_head(q) for q in questions]
    return _Finder(segs, duration, questions, labels, heads, pins, order, TUNING).run()


class _Finder(Asides, Openings):
    def __init__(self, segs, duration, questions, labels, heads, pins, order, tuning: Tuning):
        self.segs, self.duration, self.questions, self.labels, self.heads = segs, duration, questions, labels, heads
        self.order, self.t = order, tuning
        self.n, self.nq = len(segs), len(questions)
        self.starts = np.array([s.start for s in segs])
        self.texts = [s.text for s in segs]
        nxt = np.append(self.starts[1:], duration)
        self.weight = np.clip(nxt - self.starts, 1.0, 30.0)
        self.gaps = np.array([0.0] + [max(0.0, b.start - a.end) for a, b in zip(segs, segs[1:])])
        self.warnings: list[str] = []
        self.pin_index = {q: self._snap(t) for q, t in pins.items()}
        self.pins = pins
        # Time scales follow the expected chapter length, so a short recording is not blurred away.
        chapter_s = duration / (self.nq + 2)
        self.smooth_s = min(tuning.smooth_s, chapter_s / 3)
        self.agenda_gap_s = min(tuning.agenda_gap_s, chapter_s / 4)

    # -- evidence -------------------------------------------------------------------------------------
    def _snap(self, t: float) -> int:
        return int(np.argmin(np.abs(self.starts - t)))

    def _evidence(self):
        t, n, nq = self.t, self.n, self.nq
        self.cues: list[Cues] = self._drop_presenters_slides([segment_cues(x) for x in self.texts])
        self.forward = np.array([c.forward is not None for c in self.cues], dtype=bool)
        self.turns = find_turns(self.starts, self.gaps, self.texts, self.cues, [s.speaker for s in self.segs])
        turn = self.turn = self.turns.strength
        switch = np.full(n, float(t.switch_cost))
        enter = np.zeros((nq + 2, n))
        self.notes: dict[tuple[int, int], str] = {}  # (label, segment) -> evidence text
        thanks = np.array([c.thanks for c in self.cues], dtype=float)
        # A moderator who sums up ("si je résume…") and then moves on, in the same turn: the recap closes the
        # chapter it sums up, and the cue said after it starts the next one, as a pause would.
        first = self.turns.first
        recap = np.array([c.recap is not None for c in self.cues])
        said = np.concatenate([[0], np.cumsum(recap)])  # recaps said before each segment
        self.recapped = said[np.arange(n)] - said[first] > 0  # ...since its turn started
        # Not in a conclusion or when the exchanges open, whose recap sums up the whole event ("je ne pourrai pas
        # aborder le dernier point. Je vais essayer de résumer. D'abord, …"): then the closing starts with the turn.
        winds_up = np.array([bool(c.skip or c.closing and c.closing not in (c.recap or "")) for c in self.cues])
        moves = np.array([self.recapped[i] and bool(c.transition or c.handoff or c.ordinal or c.reorder)
                          for i, c in enumerate(self.cues)])
        # Without a cue, what the moderator says right after the recap, in the same turn, may be the move on
        # ("Merci Hélène. Donc si je résume, … Bon, je vais nous faire changer un peu de focale").
        self.after_recap = np.array([(moves[i] or 0 < i - first[i] and recap[i - 1] and not recap[i])
                                     and not winds_up[first[i]:i + 1].any() for i in range(n)]).astype(float)
        switch -= t.pause_bonus * np.maximum(turn, self.after_recap) + t.thanks_bonus * thanks
        # ...and the recap itself, with the thanks that open it, is no chapter start.
        recap_closes = np.zeros(n)
        for i in np.flatnonzero(self.after_recap):
            recap_closes[first[i]:i] = recap[first[i]:i] | (np.arange(first[i], i) == first[i])
        cue_near = np.zeros(n)
        for i, c in enumerate(self.cues):
            if c.transition or c.handoff or c.reorder:
                for j in range(max(0, i - 2), i + 1):
                    if self.starts[i] - self.starts[j] <= 25:
                        cue_near[j] = max(cue_near[j], 1.0 if j == i else 0.8)
        # A transition that opens its sentence ("Pour commencer, j'aimerais qu'on parle…") is the moderator's,
        # even with no pause before it (the opening's monologue running into the first question).
        self.leading = np.array([bool(c.transition) and 0 <= fold(x).find(c.transition) <= 12
                                 for c, x in zip(self.cues, self.texts)], dtype=float)
        switch -= t.cue_bonus * cue_near * np.maximum.reduce([turn, thanks, self.leading, self.after_recap]).clip(0.3, 1.0)
        self.cue_near = cue_near
        # A moderator's lead-in turn is where a chapter starts; a turn adding to what was said continues it.
        switch -= t.lead_in_bonus * self.turns.lead_in
        switch += t.follow_cost * self.turns.follow
        # The move after a recap takes over what its turn's start had for it (pause, thanks, lead-in).
        for i in np.flatnonzero(self.after_recap):
            switch[i] = min(switch[i], switch[first[i]])
        switch += t.follow_cost * recap_closes

        # Questions read aloud, possibly across segments: look in a window of up to three segments.
        seg_tokens = [[w for w in words(x) if len(w) > 2] for x in self.texts]
        seg_stems = [set(s) for s in self.seg_stems]
        reader = ReadAloud(self.questions, {w: float(self.tm.idf[j]) for w, j in self.tm.vocab.items()})
        q_sets = [set(s) for s in self.q_stems]
        reads = []
        for i in range(n):
            if self.cues[i].quotes:  # a speaker quoting the programme, not the moderator putting the question
                continue
            near = seg_stems[i].union(*seg_stems[i + 1:i + 3])
            window = None
            for q in range(nq):
                if len(q_sets[q] & seg_stems[i]) < 2 or len(q_sets[q] & near) < 0.5 * len(q_sets[q]):
                    continue
                if window is None:
                    window = [w for j in range(i, min(n, i + 3)) for w in seg_tokens[j]]
                sim = reader.similarity(q, window, first=len(seg_tokens[i]))
                if sim >= t.read_threshold:
                    reads.append((i, q + 1, sim))
        # Exchanges with participants revisit every theme: once the moderator opens them (in the second half),
        # the topic vocabulary says little about which question is discussed, and "dernière question, de
        # Julien" is a question from the audience, not the last guiding question.
        opens = [i for i, c in enumerate(self.cues) if c.exchanges and self.starts[i] >= 0.5 * self.duration]
        self.exchanges_from = self._turn_start_before(opens[0]) if opens else None
        ordinals = []
        named = {"last": nq, "penultimate": nq - 1}  # ranks known once the questions are: "la dernière"
        for i, c in enumerate(self.cues):
            if self.exchanges_from is not None and i >= self.exchanges_from:
                break
            # "Pas le temps d'aborder le dernier point" is no transition, nor "on va y revenir, c'est l'objet de
            # notre troisième temps", nor "Monique, à vous, sur ce premier temps".
            if c.ordinal and not c.skip and not c.rank_put_off and not c.rank_under_way:
                k = named.get(c.ordinal[0], c.ordinal[0])
                if 1 <= k <= nq:
                    ordinals.append((i, k, c.ordinal[1]))
        # A question read or ranked, then put off soon after ("Première question donc : … [an answer on the next
        # one] … allons-y, et on reviendra à la première à la fin"): it was not taken there.
        self.moves_put_off: list[int] = []
        put_off = [(i, named.get(c.ordinal[0], c.ordinal[0]))
                   for i, c in enumerate(self.cues) if c.rank_put_off and c.ordinal]
        if put_off:
            def taken(i: int, q: int) -> bool:
                return not any(k == q and 0 < self.starts[p] - self.starts[i] <= PUT_OFF_S for p, k in put_off)
            # (where the moderator put it, read with its rank, her move still ends the chapter before: see
            # Openings._open_at_move_put_off)
            voided = {(i, q) for i, q, _ in ordinals if not taken(i, q)}
            self.moves_put_off = sorted({self._turn_back(i) for i, q, _ in reads if (i, q) in voided})
            reads = [(i, q, sim) for i, q, sim in reads if taken(i, q)]
            ordinals = [(i, q, phrase) for i, q, phrase in ordinals if taken(i, q)]
        # The questions' own words, segment by segment (the search learns each question's vocabulary from them),
        # smoothed in time and as said (unsmoothed).
        self.question_rel = self._scores(self.q_vecs)
        self.question_raw = self.tm.project(self.q_vecs)
        ordinals, renumbered = self._renumber_units(ordinals)
        renumbered_at = {i for i, _ in renumbered}
        agenda = self._agenda_segments(reads, ordinals) | self._introduction_round()
        self.agenda = sorted(agenda)
        self.interludes = self._interludes()
        # "ce dernier temps" is the one under way, whichever was announced last: only a number counts.
        self.ended = [(i, c.ended[0]) for i, c in enumerate(self.cues[:self.exchanges_from])
                      if c.ended is not None and isinstance(c.ended[0], int) and i not in agenda
                      and 1 <= c.ended[0] <= nq]
        reads = self._drop_agenda(reads, agenda, "question read")
        best_read: dict[tuple[int, int], float] = {}
        for i, q, sim in reads:
            j = self._turn_back(i)
            if best_read.get((q, j), 0) < sim:
                best_read[(q, j)] = sim
                # A close reading counts far more than a few of the question's words in a sentence, and one
                # said where a turn starts (the moderator's) more than one inside a speaker's answer.
                closeness = (sim - 0.5) / 0.5
                where = max(self.turn[j], float(self.cues[j].thanks), float(self.recapped[j]), 0.5 if sim >= 0.7 else 0.0)
                enter[q, j] = max(enter[q, j], t.read_bonus * closeness * where)
                self.notes[(q, j)] = f"question read at {format_clock(self.starts[i])} (similarity {sim:.2f})"

        # A question read aloud and announced by its rank ("dernière question, je la relis") are two pieces
        # of evidence: they add up.
        ranked = np.zeros_like(enter)
        # When the words name one question and the rank another ("quatrième point, passons au budget", the
        # moderator counting in the order taken), the words win.
        read_at = {(self._turn_back(i), q) for i, q, _ in reads}
        read_here = {(i, q) for i, q, _ in reads}
        named = {j for j, _ in read_at}
        ordinals = [(i, q, p) for i, q, p in ordinals
                    if self._turn_back(i) not in named or (self._turn_back(i), q) in read_at]
        # Where "première question" is announced, the opening ends: no question's chapter starts before it (a
        # long opening's speeches may use every question's words), unless a change of order is said before it
        # or with it ("on revient à notre première question").
        opening_ends = None
        reordered_from = min([i for i, c in enumerate(self.cues) if c.reorder] + [i for i, _ in renumbered] or [n])
        counts = []  # (question, segment): announced by a rank above one, so after the first question
        thanked_rank = []  # (question, segment): a rank said in the sentence that thanks and moves on
        ordinals = self._drop_enumerations(ordinals)
        for i, q, phrase in self._drop_agenda(ordinals, agenda, "ordinal cue"):
            j = self._turn_back(i)
            # An ordinal said in the middle of someone's answer ("notre deuxième temps") is a reference,
            # not a transition: it counts fully only where a turn starts.
            # One that names the programme ("premier temps de notre table ronde") is a transition wherever it is
            # said; the chapter then starts with its sentence unless its turn started just before.
            # So does a rank said with the question read ("Première question : comment fonctionne…").
            if self.cues[i].programme or self.cues[i].transition or self._just_after_transition(i) \
                    or (i, q) in read_here:
                # ...unless the sentence starts the discussion itself ("Alors, on démarre avec la première
                # question") after the turn went on with something else than thanks (the speakers' presentation).
                late_start = self.cues[i].start and i > j and not self.cues[j].thanks
                j = j if self.starts[i] - self.starts[j] <= RANK_IN_TURN_S and not late_start else i
                strength = 1.0
                # "ça m'amène à notre deuxième question", "passons à la troisième question": a move said in so
                # many words, worth more than a rank alone
                c = self.cues[i]
                if c.transition and phrase in c.transition and "question" in phrase:
                    strength = MOVE_SAID
                if q == 1 and self.cues[i].ordinal[0] == 1 and opening_ends is None and self._first_taken_first(i, ordinals, reordered_from) \
                        and self.starts[j] <= FIRST_QUESTION_SHARE * self.duration:
                    opening_ends = j
            else:
                strength = max(self.turn[j], float(self.cues[j].thanks), float(self.recapped[j]), 0.25)
            ranked[q, j] = max(ranked[q, j], t.ordinal_bonus * strength)
            if strength >= 1.0 and i < reordered_from and q >= 2:
                counts.append((q, j))
            # "Merci Sarah. Alors, la question deux, que vous voyez à l'écran": the rank opens the moderator's turn
            if i == j and self.cues[j].thanks and i < reordered_from:
                thanked_rank.append((q, j))
            self.notes.setdefault((q, j), f"transition cue '{phrase}' at {format_clock(self.starts[i])}"
                                          + (", a part numbered otherwise: the question by its words"
                                             if i in renumbered_at else ""))
        # Without "première question", the moderator starting the discussion after presenting the programme or
        # the speakers ("On a construit la matinée autour de six questions… Allez, on commence.") ends it too.
        if opening_ends is None:
            early = [i for i in range(min(n, reordered_from)) if self.starts[i] <= FIRST_QUESTION_SHARE * self.duration]
            said = next((i for i in early if self.cues[i].programme_said or i in agenda), None)
            go = next((i for i in early if said is not None and i > said and self.cues[i].start), None)
            if go is not None:
                j = self._turn_back(go)
                opening_ends = j if self.starts[go] - self.starts[j] <= 20 else go
                # ...and, the order unchanged, the discussion starts with the first question: "Allez, on commence"
                # counts as a weak "première question".
                ranked[1, opening_ends] = max(ranked[1, opening_ends], 0.5 * t.ordinal_bonus)
                self.notes.setdefault((1, opening_ends), f"discussion starts at {format_clock(self.starts[go])} "
                                                         f"('{self.cues[go].start}')")
        enter += ranked
        # The moderator's count: "on passe à notre deuxième question" says the first was taken before it, unless
        # a change of order was said before. A chapter started there before the first question's pays for it
        # (only the first: a question in between may have been dropped without a word). As a set of questions
        # per label and segment, a bitmask for the solver.
        self.counted = np.zeros_like(enter, dtype=np.int64)
        for q, j in counts:
            self.counted[q, j] = 1
        # Both at the same place ("Alors, deuxième question : comment la tarification…") is the moderator putting
        # the question: the clearest start there is, which outweighs a chapter length unlike the others'.
        self.put: dict[int, set[int]] = {}  # question -> where the moderator puts it (read with its rank)
        self.read_at: dict[int, set[int]] = {}  # question -> where it is read, at a turn start (the moderator's)
        for q, j in best_read:
            # not a speaker adding to what was said ("je voudrais ajouter un mot sur la reconnaissance…")
            if (max(self.turn[j], float(self.cues[j].thanks)) >= 0.5 or self.recapped[j]) and not self.cues[j].continuation:
                self.read_at.setdefault(q, set()).add(j)
        for q, j in best_read:
            if ranked[q, j] > 0:
                enter[q, j] += t.ordinal_bonus
                self.put.setdefault(q, set()).add(j)
        for q, j in thanked_rank:
            self.put.setdefault(q, set()).add(j)
        # A thanked hand-off naming a question's own words ("Merci. Fatou, les femmes relais, justement… à vous")
        # moves to it, a little: the words said there, not smoothed with the answer before.
        for j in np.flatnonzero(self.turns.lead_in >= 0.8):
            c = self.cues[j]
            # (not a question from the chat passed on: "Merci. J'ai une réaction dans le chat… Karim, vous confirmez ?")
            if not c.thanks or c.continuation or c.audience >= 1.0 \
                    or (self.exchanges_from is not None and j >= self.exchanges_from):
                continue
            said = " ".join(self.texts[k] for k in range(j, min(self.n, j + 2)) if self.turns.first[k] == j)
            q = self._named_question(_ADDRESS.sub(" ", fold(said)))
            if q is not None and enter[q, j] < NAMED_SHARE * t.ordinal_bonus:
                enter[q, j] = NAMED_SHARE * t.ordinal_bonus
                self.notes.setdefault((q, j), f"hand-off in the question's words at {format_clock(self.starts[j])}")
        # "Question suivante." moves to a question without naming it: some question's chapter starts there (which
        # one, the order and the words tell).
        for i, c in enumerate(self.cues[:self.exchanges_from]):
            if c.next_question and not c.ordinal:
                j = self._turn_back(i)
                enter[1:nq + 1, j] = np.maximum(enter[1:nq + 1, j], NEXT_QUESTION_SHARE * t.ordinal_bonus)
                for q in range(1, nq + 1):
                    self.notes.setdefault((q, j), f"transition cue '{c.next_question}' at "
                                                  f"{format_clock(self.starts[i])}")
        for i, c in enumerate(self.cues):
            if c.closing:
                j = self._turn_back(i, question=False)
                enter[nq + 1, j] = max(enter[nq + 1, j], t.closing_bonus)
                self.notes.setdefault((nq + 1, j), f"closing cue '{c.closing}' at {format_clock(self.starts[i])}")
        # Questions from the audience, smoothed and relative to the recording's own level (0 = typical).
        audience = smooth(np.array([c.audience for c in self.cues])[:, None], self.starts, self.smooth_s)[:, 0]
        self.audience = np.clip(audience / max(float(np.mean(audience)), 0.05) - 1.0, -1.0, 2.0)
        # Where a question's vocabulary is learnt (pseudo relevance feedback): not the agenda (every question at
        # once) nor the opening it closes (the speakers' introductions use the event's theme), nor the exchanges
        # with participants (every theme revisited).
        self.topical = np.ones(n, dtype=bool)
        self.topical[self.agenda] = False
        self.topical[self.interludes] = False
        # (An agenda said after the moderator started the discussion, a speaker's slide listing the event's
        # questions, is inside a chapter: it bars nothing.)
        in_opening = [i for i in self.agenda if self.starts[i] <= OPENING_SHARE * self.duration
                      and (opening_ends is None or i < opening_ends)]
        self.agenda_end = in_opening[-1] if in_opening else None
        self.opening_ends = opening_ends
        if self.agenda_end is not None:
            self.topical[:self.agenda_end + 1] = False
        if self.exchanges_from is not None:
            self.topical[self.exchanges_from:] = False
        if not self.topical.any():
            self.topical[:] = True
        # A question said not to be taken is skipped, unless it is read or announced by rank elsewhere: not in
        # the skip itself ("on ne pourra pas traiter la quatrième, celle sur la formation des professionnels"),
        # unless the skip moves on too ("la quatre a été retirée, donc on passe directement à la cinquième").
        self.skipped = {}
        for q, (why, i) in self._announced_skips().items():
            elsewhere = np.ones(self.n, dtype=bool)
            if not self.cues[i].transition:
                elsewhere[i:i + 2] = False
            if self.cues[i].together:  # both read in the turn that puts them together
                elsewhere[self.turns.first[i]:i + TOGETHER_SEGMENTS] = False
            if enter[q, elsewhere].max(initial=0.0) < t.ordinal_bonus:
                self.skipped[q] = why
        chapter_s = self.duration / (nq + 2)
        # Moderators say when they change the programme's order; without such a cue, order is a strong prior.
        self.reorder = next(((i, c.reorder) for i, c in enumerate(self.cues) if c.reorder), None) \
            or (renumbered[0] if renumbered else None)
        self.order_cost = t.order_cost if self.reorder else max(t.order_cost, t.silent_order_share * chapter_s)
        # "on va prendre les questions dans l'ordre inverse": from the last to the first
        # (an order announced, which is as strong a prior as the programme's)
        self.reverse = bool(self.reorder) and any(REVERSED.search(fold(self.texts[i]))
                                                  for i, c in enumerate(self.cues) if c.reorder)
        if self.reverse:
            self.order_cost = max(t.order_cost, t.silent_order_share * chapter_s)
        self.switch = np.maximum(switch, 0.15 * t.switch_cost)
        # Announced questions are expected to be discussed (a skip is usually said): a small reward for each
        # question given a chapter, which tips the balance only where the topic evidence is weak.
        self.spoken = (enter[1:nq + 1] > 0).any(axis=0)  # a question read or ranked there
        enter[1:nq + 1] += t.coverage_share * chapter_s
        self.enter = enter
        self.cands, self.allowed = self._candidates()
        # A question the moderator puts (reads with its rank) after the opening starts there and nowhere else,
        # whatever its words say elsewhere (before "première question", a speech may go through the programme).
        for q, where in self.put.items():
            where = [j for j in where if self.opening_ends is None or j >= self.opening_ends]
            if where and q not in self.pin_index:
                self.allowed[q] = np.isin(self.cands, where)

    def _announced_skips(self) -> dict[int, tuple[str, int]]:
        """Questions the moderator says are not taken ("pas le temps d'aborder le dernier point"), with why and
        the segment saying so: the question is named by its rank or its words, in the sentence or the one
        next to it."""
        skipped: dict[int, tuple[str, int]] = {}
        for i, c in enumerate(self.cues):
            if not c.skip:
                continue
            q = ranked_question(self.texts[i], self.nq) or self._named_question(self.texts[i])
            if q is None:  # the neighbouring sentences, which may already start the next topic
                near = " ".join(self.texts[max(0, i - 1):i + 2])
                q = ranked_question(near, self.nq) or self._named_question(near)
            if q is not None and q not in self.pins:
                log.debug("question %d announced as not taken at %s", q, format_clock(self.starts[i]))
                skipped.setdefault(q, (f"announced as not taken at {format_clock(self.starts[i])} ('{c.skip}')", i))
        for i, c in enumerate(self.cues):
            if c.merged and 1 <= c.merged[0] < c.merged[1] <= self.nq and c.merged[1] not in self.pins:
                first, second, said = c.merged
                skipped.setdefault(second, (f"taken together with question {first} at "
                                            f"{format_clock(self.starts[i])} ('{said}')", i))
            # "Je vous pose les deux questions suivantes d'un coup : … Et : …": two questions read in that turn
            if c.together:
                j = self.turns.first[i]
                read = sorted(q for q, where in self.read_at.items() if j in where)
                for first, second in zip(read, read[1:]):
                    if second == first + 1 and second not in self.pins:
                        skipped.setdefault(second, (f"taken together with question {first} at "
                                                    f"{format_clock(self.starts[i])} ('{c.together}')", i))
        return skipped

    def _renumber_units(self, ordinals):
        """Parts numbered otherwise than the questions ("Alors on commence avec l'atelier numéro un… qui a
        planché sur la coordination", the third question; "On passe à l'atelier trois, le logement"): when most
        of the moves made by one unit's rank are followed by another question's words than their number's, the
        unit counts something else (workshops, round tables). Each of its moves then names the question its
        words say, or none when they are unclear, its other mentions (the programme read out, a speaker's own
        plan) none, and the order of discussion is free. Returns the ordinals, and the (segment, phrase) of
        the renumbered ones."""
        rel = self.question_rel[:, :self.nq]
        window = min(RENUMBER_S, self.duration / (self.nq + 2))
        said: dict[str, list[tuple[int, int | None, bool]]] = {}  # unit -> (segment, its words' question, other)
        plan = {i for i, _, _ in ordinals} - {i for i, _, _ in self._drop_enumerations(ordinals)}
        for i, q, phrase in ordinals:
            unit = rank_unit(phrase)
            c = self.cues[i]
            if unit is None or PLAN_UNITS.search(unit):  # a speaker's points are no programme
                continue
            is_move = c.transition or c.start or c.programme or self._just_after_transition(i) or self._near_turn_start(i)
            if i in plan or not is_move:
                said.setdefault(unit, []).append((i, None, False))  # a mention, not a move
                continue
            inside = (self.starts >= self.starts[i]) & (self.starts < self.starts[i] + window)
            mean = (rel[inside] * self.weight[inside, None]).sum(axis=0) / self.weight[inside].sum()
            first, second = np.argsort(mean)[::-1][:2] if self.nq > 1 else (0, 0)
            clear = self.nq == 1 or mean[first] - mean[second] >= RENUMBER_CLEAR
            other = first + 1 != q and mean[first] - mean[q - 1] >= RENUMBER_MARGIN
            said.setdefault(unit, []).append((i, int(first) + 1 if clear else None, other))
        recount: dict[int, int | None] = {}
        for unit, moves in said.items():
            # moves in different parts of the recording, not a speaker's points one after the other
            kept, last = [], -np.inf
            for i, q, other in moves:
                if (q is not None or other) and self.starts[i] - last >= 0.5 * window:
                    kept.append(other)
                    last = self.starts[i]
            if sum(kept) >= 2 and 2 * sum(kept) > len(kept):
                recount.update((i, q) for i, q, _ in moves)
        out, renumbered = [], []
        for i, q, phrase in ordinals:
            if i not in recount:
                out.append((i, q, phrase))
            elif recount[i] is not None:
                out.append((i, recount[i], phrase))
                renumbered.append((i, phrase))
                log.debug("'%s' at %s numbers another programme: question %d by its words", phrase,
                          format_clock(self.starts[i]), recount[i])
        return out, renumbered

    def _named_question(self, text: str) -> int | None:
        """The one question whose own words (not shared with another question) a sentence uses most; words
        match on their first five letters, so "coordination" names "coordonner" (and short ones whole: "vélo")."""
        def keys(t):
            return {w[:5] for w in words(t) if len(w) >= 4 and is_content(w) and w not in QUESTION_WORDS}
        own = [keys(q) for q in self.questions]
        said = keys(text)
        counts = [len((k - set().union(*(o for j, o in enumerate(own) if j != q))) & said) for q, k in enumerate(own)]
        best = max(counts)
        if best == 0 or counts.count(best) > 1:
            return None
        return counts.index(best) + 1

    def _turn_back(self, i: int, question: bool = True) -> int:
        """Where a chapter evidenced at segment i starts: the start of the turn holding it (the best turn
        start among the few segments before it), or of the lead-in turn that this turn answers. A question's
        chapter starts after a recap of the previous one said earlier in the same turn ("si je résume…")."""
        if question and self.recapped[i]:
            return i
        return self.turns.lead_in_start(self._turn_start_before(i))

    def _turn_start_before(self, i: int) -> int:
        if self.cues[i].thanks:  # "Très bien, merci Nadia. Atelier 4, Mamadou.": the thanks open the turn
            return i
        best, best_j = self.turn[i], i
        for j in range(i - 1, max(-1, i - 4), -1):
            if self.starts[i] - self.starts[j] > 30:
                break
            score = self.turn[j] + 0.3 * self.cues[j].thanks - 0.05 * (i - j)
            if score > best + 0.2:
                best, best_j = score, j
            if self.cues[j].thanks:  # "merci" opens the moderator's turn: what comes before is someone else's
                break
        return best_j

    def _scores(self, profiles: np.ndarray) -> np.ndarray:
        """Smoothed similarity of every segment to every profile, relative to that profile's typical level
        where it is discussed (a high percentile, robust to one spike of rare words)."""
        raw = self.tm.project(profiles)
        # A topic put off for later ("le parc privé, on y viendra") says nothing about the chapter under way.
        raw[self.forward, :self.nq] *= self.t.forward_weight
        sm = smooth(raw, self.starts, self.smooth_s)
        share = 100.0 - 50.0 / max(1, self.nq)
        scale = np.maximum(np.percentile(sm, share, axis=0), 1e-3)
        # A question whose words are hardly said (not discussed?) must not have its noise blown up to a topic.
        scale[:self.nq] = np.maximum(scale[:self.nq], SCALE_FLOOR * np.median(scale[:self.nq]))
        return np.clip(sm / scale, 0.0, 2.0)

    def _emissions(self, rel: np.ndarray) -> np.ndarray:
        t = self.t
        emit = np.zeros((self.nq + 2, self.n))
        emit[1:self.nq + 1] = ((rel[:, :self.nq] - t.tau) * self.weight[:, None]).T
        if self.exchanges_from is not None:
            topical = emit[1:self.nq + 1, self.exchanges_from:]
            emit[1:self.nq + 1, self.exchanges_from:] = np.where(topical > 0, t.exchanges_damping * topical, topical)
        # The agenda names every question: it is part of the opening, not of a question's chapter; an agenda
        # read in the opening closes nothing, so no question starts before it ends.
        agenda = self.agenda + self.interludes  # ...and so may a guest's speech that cuts in (see _interludes)
        emit[1:self.nq + 1, agenda] = np.minimum(emit[1:self.nq + 1, agenda], -t.tau * self.weight[agenda])
        if self.agenda_end is not None:
            emit[1:self.nq + 1, :self.agenda_end + 1] = -AGENDA_BARRIER
        if self.opening_ends:
            emit[1:self.nq + 1, :self.opening_ends] = -AGENDA_BARRIER
        # "Si je résume ce premier temps": the speech just before is question 1's, and so is the turn saying it.
        for i, q in self.ended:
            near = (self.starts >= self.starts[i] - ENDED_S) & (np.arange(self.n) <= i)
            emit[q, near] += t.ended_bonus * self.weight[near]
            others = [lab for lab in range(self.nq + 2) if lab != q]
            emit[np.ix_(others, range(self.turns.first[i], self._recap_end(i) + 1))] -= AGENDA_BARRIER
        for q in self.skipped:  # said not to be taken: no chapter, whatever its words score
            emit[q] = -1e6
        house = t.house_weight * (rel[:, self.nq] - t.tau) * self.weight
        pos = self.starts / max(self.duration, 1.0)
        emit[0] = house - t.position_weight * self.weight * np.clip((pos - 0.2) / 0.2, 0.0, 1.0)
        emit[self.nq + 1] = (house + t.audience_weight * self.audience * self.weight
                             - t.position_weight * self.weight * np.clip((0.6 - pos) / 0.2, 0.0, 1.0))
        return emit

    def _recap_end(self, i: int) -> int:
        """The last segment of a recap that names the chapter it ends ("Ce que je retiens de cette troisième
        séquence…"): the rest of its turn, up to a move, a question asked or a bridge to what comes next ("Et
        justement, cette confiance, quand l'enfant grandit…"); a closing formula ("voilà pour ce premier temps")
        ends where it is said."""
        end = i
        if self.cues[i].recap:
            while end + 1 < self.n and self.turns.first[end + 1] == self.turns.first[i]:
                c = self.cues[end + 1]
                if c.transition or c.ordinal or c.handoff or c.next_question or "?" in self.texts[end + 1] \
                        or _BRIDGE.match(fold(self.texts[end + 1])):
                    break
                end += 1
        return end

    def _solve(self, rel: np.ndarray, previous=None, *, enter=None, free_order=None) -> list[tuple[int, int]]:
        emit = self._emissions(rel)
        enter = self.enter if enter is None else enter
        common = dict(order_cost=self.order_cost, reverse=self.reverse,
                      free_order=self.order == "auto" if free_order is None else free_order,
                      pins={q: i for q, i in self.pin_index.items()},
                      opening_discount=self.t.opening_discount * self.t.switch_cost,
                      counted=self.counted if self.counted.any() else None, count_cost=self.t.count_cost)
        typical = self._typical_length(previous) if previous else None
        if typical and self.t.length_weight > 0 and self.nq <= MAX_SPAN_QUESTIONS:
            cands, allowed = self.cands, self.allowed
            times = np.append(self.starts[cands], self.duration)
            weight = self.t.length_weight * typical

            def length_cost(seconds):
                return weight * np.log(np.maximum(seconds, 1.0) / typical) ** 2

            runs = segment_spans(emit, self.switch, enter, cands=cands, times=times,
                                 length_cost=length_cost, allowed=allowed, **common)
            if runs is not None:
                return runs
        # Without the length prior (many questions), the search still steps only where a chapter may start.
        if self.nq > MAX_SPAN_QUESTIONS:
            return segment(emit, self.switch, enter, cands=self.cands, allowed=self.allowed, **common)
        return segment(emit, self.switch, enter, **common)

    def _candidates(self) -> tuple[np.ndarray, np.ndarray]:
        """Segments where a chapter may start, and which labels may start at each: a turn start (pause,
        thanks), a transition cue near one, a question read or ranked, a recap's end, a pin; a closing formula
        only for the closing chapter."""
        thanks = np.array([c.thanks for c in self.cues], dtype=bool)
        turn = (self.turn >= CANDIDATE_TURN) | thanks
        # A transition cue counts near a turn start (the moderator's), not deep in a speaker's answer ("l'autre
        # sujet, c'est…"); so does the turn start just before it.
        cue = np.array([bool(c.transition or c.handoff or c.reorder) and self._near_turn_start(i)
                        for i, c in enumerate(self.cues)], dtype=bool)
        cue |= (self.cue_near > 0) & (self.turn >= 0.3)
        # ...or where it opens the sentence ("Pour commencer, j'aimerais qu'on parle…" in the moderator's opening).
        cue |= self.leading > 0
        question = turn | cue | (self.turns.lead_in > 0) | self.spoken | (self.after_recap > 0)
        question[self.plan_points] = True
        if self.opening_ends is not None:  # where the moderator says the discussion starts
            question[self.opening_ends] = True
        closing = question | (self.enter[self.nq + 1] > 0)
        for ok in (question, closing):
            ok[0] = True
            ok[list(self.pin_index.values())] = True
        cands = np.flatnonzero(closing)
        allowed = np.repeat(question[cands][None, :], self.nq + 2, axis=0)
        allowed[self.nq + 1] = True
        return cands, allowed

    def _typical_length(self, runs) -> float | None:
        """The mean length of the question chapters of a first solution."""
        bounds = [float(self.starts[i]) for _, i in runs] + [self.duration]
        spans = [b - a for (lab, _), a, b in zip(runs, bounds, bounds[1:]) if 1 <= lab <= self.nq]
        return float(np.mean(spans)) if spans else None

    def run(self) -> ChapterResult:
        t = self.t
        self.seg_stems = segment_stems(self.texts)
        self.q_stems = [content_stems(q, question=True) + content_stems(h) for q, h in zip(self.questions, self.heads)]
        self.tm = TermMatrix.build(self.seg_stems, self.q_stems + [HOUSE_STEMS])
        # A word shared by several questions (often the event's theme) tells them apart poorly.
        shared = Counter(t for stems in self.q_stems for t in set(stems))
        q_vecs = self.q_vecs = np.array([self.tm.query(s, {t: 1.0 / shared[t] ** 2 for t in s}) for s in self.q_stems]
                                        + [self.tm.query(HOUSE_STEMS)])
        self._evidence()
        overall = self.tm.centroid(np.ones(self.n))

        rel = self.question_rel
        # Pseudo relevance feedback: the recording's own words where each question matches best (and
        # better than every other question, so two questions' expansions do not merge).
        anchors = q_vecs.copy()
        top = np.argmax(rel, axis=1)
        for q in range(self.nq + 1):
            w = np.clip(rel[:, q] - 0.5, 0.0, None) * (top == q) * self.weight * (self.topical if q < self.nq else 1.0)
            if w.sum() > 0:
                anchors[q] = _unit(q_vecs[q] + contrastive(self.tm.centroid(w), overall))
        anchor_rel = self._scores(anchors)
        rel = anchor_rel
        runs = self._solve(rel)
        profiles = anchors.copy()
        for _ in range(t.refine_passes):
            # Re-estimate each profile from the chapter found, but keep the question's own words as an
            # anchor so that a wrong first guess cannot drift into another question's vocabulary.
            assign = self._assignment(runs)
            for q in range(self.nq):  # the housekeeping profile stays generic: it must not learn a topic
                inside = (assign == q + 1) * self.weight
                if inside.sum() > 0:
                    profiles[q] = _unit(0.5 * q_vecs[q] + contrastive(self.tm.centroid(inside), overall))
            rel = 0.5 * anchor_rel + 0.5 * self._scores(profiles)
            previous, runs = runs, self._solve(rel, runs)
            if runs == previous:  # the next pass would see the same chapters and find them again
                break
        self.rel = rel
        runs = self._rescue_missing(rel, runs)
        runs = self._defer_to_transitions(runs)
        runs = self._open_with_media(runs)
        runs = self._open_with_handover(runs)
        runs = self._open_with_new_guests(runs)
        runs = self._open_with_move_before_recap(runs)
        runs = self._open_with_story(runs)
        runs = self._open_with_speakers_move(runs)
        runs = self._open_with_skips(runs)
        runs = self._open_at_move_put_off(runs)
        return self._result(runs)

    def _rescue_missing(self, rel, runs):
        """An announced question left without a chapter, though nobody said it would not be taken: its words
        may simply not be said (a paraphrase in other words). Solve again with its chapter required (in the
        announced order when the others were found in it), then start that chapter at the moderator's nearest
        move; keep the first solution when there is no such move."""
        found = {lab for lab, _ in runs}
        missing = [q for q in range(1, self.nq + 1) if q not in found and q not in self.skipped]
        # Many questions missing is no paraphrase: the recording does not discuss them (or another event's).
        if not missing or len(missing) > max(1, self.nq // 4):
            return runs
        enter = self.enter.copy()
        enter[missing] += RESCUE_BONUS
        # Found in the announced order, with no change of order announced: the missing question goes between its
        # neighbours.
        taken = [lab for lab, _ in runs if 1 <= lab <= self.nq]
        new = self._solve(rel, runs, enter=enter,
                          free_order=self.order == "auto" and (taken != sorted(taken) or bool(self.reorder)))
        if not found <= {lab for lab, _ in new}:
            return runs
        # Its chapter starts where the moderator visibly moves on (a transition, else a lead-in) nearest to where
        # the solution put it, between the start of the chapter before and its own end, leaving both a fair length.
        typical = self._typical_length(runs) or 0.0
        least = RESCUE_MIN_SHARE * typical
        times = np.append(self.starts, self.duration)
        for k, (lab, b) in enumerate(new):
            if lab not in missing or k == 0:
                continue
            a, e = new[k - 1][1], new[k + 1][1] if k + 1 < len(new) else self.n
            # A forgotten question, solved for all the same, gets a sliver, or a place in the exchanges with
            # participants (which revisit every theme): no rescue then.
            if times[e] - times[b] < RESCUED_SHARE * typical or (self.exchanges_from is not None and b >= self.exchanges_from):
                return runs
            moves = [s for s in range(a + 1, e) if times[s] - times[a] >= least and times[e] - times[s] >= least
                     and (self.turns.lead_in[s] > 0 or self.cue_near[s] > 0 or self.after_recap[s] > 0)]
            if not moves:
                return runs
            # A transition said is a clearer move than a hand-off (which also passes the floor within a question).
            s = min(moves, key=lambda s: (not (self.cue_near[s] > 0 or self.after_recap[s] > 0), abs(times[s] - times[b])))
            new[k] = (lab, s)
            self.notes[(lab, s)] = (f"not recognisable by its words: placed at the moderator's move at "
                                    f"{format_clock(self.starts[s])}, between the questions around it")
        log.debug("questions %s given a chapter at the moderator's moves", missing)
        return new

    def _near_turn_start(self, i: int) -> bool:
        """Segment i is said where someone (the moderator) takes the floor: a turn starts there or a few
        seconds before."""
        return any((self.turn[j] >= CANDIDATE_TURN or self.cues[j].thanks) and self.starts[i] - self.starts[j] <= 25
                   for j in range(max(0, i - 2), i + 1))

    def _just_after_transition(self, i: int) -> bool:
        """The sentence before segment i, in the same turn and just before, moves on ("Allez, on y va." then
        "Atelier 1, c'est Thomas."): a rank said there is the move's."""
        return i > 0 and self.turns.first[i - 1] == self.turns.first[i] and self.starts[i] - self.starts[i - 1] <= 10 \
            and bool(self.cues[i - 1].transition or self.cues[i - 1].start)

    def _strong_transition(self, i: int) -> bool:
        """A transition phrase said where the moderator takes the floor ("Merci Sophie. Et ça fait une
        transition toute trouvée…"), not one said in passing inside an answer."""
        return bool(self.cues[i].transition) and self.cues[i].forward is None and self._near_turn_start(i)

    def _strong_move(self, i: int) -> bool:
        """A strong transition, or the moderator moving on right after summing up, with a hand-off or in a turn
        that thanks the speaker ("Merci Sonia, je retiens cette idée que… Je passe la parole à Karim")."""
        after_recap = bool(self.after_recap[i])
        return self._strong_transition(i) or after_recap and bool(self.cues[i].handoff or self.cues[self.turns.first[i]].thanks)

    def _moderator_recapped(self, i: int) -> bool:
        """Said right after a recap that opens a turn ("Merci. Donc si je résume ce premier tour : …"): the
        moderator's, not a speaker's summing up deep in an answer ("ce que je retiens de vos témoignages").
        Thanks do not tell them apart: speakers open with thanks too."""
        return bool(self.after_recap[i]) and self._early_in_turn(i)

    def _early_in_turn(self, i: int) -> bool:
        """Segment i is said within RECAP_OPENS_S of its turn's start: a recap there is the moderator's."""
        return self.starts[i] - self.starts[self.turns.first[i]] <= RECAP_OPENS_S

    def _first_taken_first(self, i: int, ordinals, reordered_from: int) -> bool:
        """"Première question" said at segment i is the first question taken: no change of order was said
        before it, or one was ("je vous propose d'inverser les deux dernières") but no other question was
        announced by its rank since, and this is no return to it ("revenons à la première question")."""
        if i < reordered_from:
            return True
        return not self.cues[i].reorder and not any(reordered_from <= k < i and q != 1 for k, q, _ in ordinals)

    def _lead_in_after_recap(self, i: int, since: int) -> bool:
        """The moderator turning to a speaker ("Karima, vous, côté ville, quand vous avez des rideaux
        baissés… ?") soon after summing up in a turn of their own ("Merci. Donc je résume : …"), said after
        `since`: a move on, even with a few words of banter in between."""
        if not self.turns.lead_in[i] or self.turns.first[i] != i:
            return False
        return any(self.cues[r].recap and self._early_in_turn(r)
                   for r in range(i - 1, since, -1) if self.starts[i] - self.starts[r] <= RECAP_LEAD_IN_S)

    def _assignment(self, runs) -> np.ndarray:
        assign = np.zeros(self.n, dtype=int)
        for (lab, i), nxt in zip(runs, runs[1:] + [(None, self.n)]):
            assign[i:nxt[1]] = lab
        return assign

    # -- output ------------------------------------------------------------------------------------

    def _result(self, runs) -> ChapterResult:
        nq = self.nq
        chapters = []
        found = set()
        bounds = runs + [(None, self.n)]
        for (lab, i), (_, j) in zip(bounds, bounds[1:]):
            start = 0.0 if not chapters else float(self.starts[i])
            if 1 <= lab <= nq and lab in self.pins and abs(self.starts[i] - self.pins[lab]) > self.t.pin_snap_s:
                start = float(self.pins[lab])
            chapters.append((lab, i, j, start))
            if 1 <= lab <= nq:
                found.add(lab)
        out = []
        for k, (lab, i, j, start) in enumerate(chapters):
            end = chapters[k + 1][3] if k + 1 < len(chapters) else self.duration
            out.append(self._chapter(lab, i, j, start, end, chapters))
        warnings = list(self.warnings)
        for q in range(1, nq + 1):
            if q in self.skipped:
                warnings.append(f"question {q} ({self.labels[q - 1]}) {self.skipped[q]}: no chapter")
            elif q not in found:
                warnings.append(f"question {q} ({self.labels[q - 1]}) does not seem to be discussed: no chapter")
        if self.order == "auto" and nq > MAX_FREE_ORDER:
            warnings.append(f"{nq} questions: kept the announced order (out-of-order search is limited to {MAX_FREE_ORDER})")
        order = [lab for lab, *_ in chapters if 1 <= lab <= nq]
        if order != sorted(order):
            warnings.append("questions discussed out of the announced order: " + ", ".join(map(str, order)))
        return ChapterResult(tuple(out), tuple(warnings))

    def _chapter(self, lab, i, j, start, end, chapters) -> Chapter:
        nq = self.nq
        evidence = []
        note = self.notes.get((lab, i))
        if 1 <= lab <= nq and lab in self.pins:
            evidence.append("pinned in the event file")
        if note:
            evidence.append(note)
        if i > 0 and self.turn[i] >= 0.5 and not note:
            evidence.append(f"topic shift after a pause or speaker hand-off at {format_clock(self.starts[i])}")
        c = self.cues[i]
        if i > 0 and (c.transition or c.handoff) and not note:
            evidence.append(f"transition cue '{c.transition or c.handoff}' at {format_clock(self.starts[i])}")
        if 1 <= lab <= nq:
            for e, q in self.ended:
                if q == lab and i <= e < j:
                    evidence.append(f"said to end at {format_clock(self.starts[e])} ('{self.cues[e].ended[1]}')")
            inside = self.rel[i:j, lab - 1]
            others = np.delete(self.rel[i:j], lab - 1, axis=1)
            margin = float(np.mean(inside - (others.max(axis=1) if others.size else 0.0)))
            evidence.append(f"vocabulary of the question dominates {format_clock(start)}–{format_clock(end)} "
                            f"(mean score {float(np.mean(inside)):.2f}, margin {margin:+.2f})")
            conf = 0.35 + 0.5 * float(np.clip(margin, 0.0, 1.0)) + (0.15 if note else 0.0)
            if lab in self.pins:
                conf = 1.0
            earlier = [c[0] for c in chapters if c[1] < i and 1 <= c[0] <= nq]
            if any(p > lab for p in earlier):
                evidence.append("discussed out of the announced order")
                if self.reorder:
                    i0, phrase = self.reorder
                    evidence.append(f"change of order announced at {format_clock(self.starts[i0])} ('{phrase}')")
            return Chapter(start, end, self.labels[lab - 1], question=lab, confidence=round(min(conf, 1.0), 3),
                           evidence=tuple(evidence), question_text=self.questions[lab - 1])
        if lab == 0:
            return Chapter(start, end, OPENING_TITLE, confidence=0.9, evidence=tuple(evidence) or ("before the first question",))
        qa = any(x.exchanges for x in self.cues[i:j])
        title = QA_TITLE if qa else CONCLUSION_TITLE
        conf = 0.8 if note else 0.55
        return Chapter(start, end, title, confidence=conf, evidence=tuple(evidence) or ("after the last question",))


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v
