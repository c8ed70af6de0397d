"""Spoken cues that a chapter starts: transitions, ordinals, hand-offs, closing formulas, questions read aloud.

Patterns run on folded text (lowercase, no accents, see `text.fold`), so they survive a recogniser that
drops accents or casing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import content_stems, fold, stem, trigrams, words

ORDINALS = {
    "premier": 1, "premiere": 1, "deuxieme": 2, "second": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4,
    "cinquieme": 5, "sixieme": 6, "septieme": 7, "huitieme": 8, "neuvieme": 9, "dixieme": 10,
}
_UNITS = r"(?:question|temps|point|partie|sujet|axe|volet|sequence|thematique|theme|table ronde|sequence|chapitre|enjeu)"
_ORDINAL = re.compile(
    r"(?<!une )(?<!un )\b(" + "|".join(ORDINALS) + r"|derniere?)\s+(?:et derniere?\s+)?(?:grande?\s+|grosse?\s+)?"
    + _UNITS + r"\b(?!\s+(?:du chat|du public|de la salle|des participants|d'une?|qui (?:revient|arrive)))")

TRANSITIONS = [
    r"\bpass(?:ons|e|er|er|ez)\s+(?:maintenant\s+|donc\s+|ensuite\s+)?(?:a|au|aux)\s+(?:la|le|l'|notre|un|une)",
    r"\bon\s+(?:enchaine|poursuit|continue|avance|change\s+de\s+(?:sujet|registre|thematique))",
    r"\b(?:j'en|on\s+en|en)\s+(?:viens|vient|venir)\b",
    r"\bvenons[- ]en\b",
    r"\babordons\b|\bon\s+aborde\b|\baborder\s+maintenant\b",
    r"\bje\s+(?:vous\s+)?la\s+relis\b|\bje\s+relis\b",
    r"\bpour\s+(?:demarrer|commencer|ouvrir|lancer)\s+(?:ce|cette|la|le|notre)",
    r"\bon\s+(?:va\s+)?(?:commence|demarre|ouvre)\s+(?:par|avec)\b",
    r"\bchang(?:er|eons|e)\s+d'(?:echelle|angle|sujet)\b",
    r"\bnous\s+amene\s+a\b|\bce\s+qui\s+nous\s+(?:amene|conduit)\b",
    r"\bmaintenant\s+(?:la\s+question|le\s+sujet|le\s+theme)\b",
    r"\bautre\s+(?:grand\s+)?(?:sujet|volet|enjeu|thematique)\b",
    r"\bfai\w*\s+(?:la|une)\s+(?:transition|(?:belle\s+)?(?:passerelle|transition))\b|\btransition\s+(?:toute\s+trouvee|ideale|parfaite)\b",
]
# A turn that adds to what was just said, or a follow-up on it: the chapter goes on.
CONTINUATIONS = [
    r"\bje\s+(?:voudrais|veux|vais|peux|souhaite)\s+(?:juste\s+|simplement\s+)?(?:r?ajouter|completer|rebondir|preciser)\b",
    r"\b(?:pour|si\s+je\s+peux\s+(?:me\s+permettre\s+de\s+)?)(?:r?ajouter|completer|rebondir)\b",
    r"\bje\s+(?:confirme|rejoins)\s+(?:tout\s+)?(?:ce|ca)\b",
    r"\bsans\s+(?:\w+\s+)?(?:empieter|anticiper)\s+(?:\w+\s+)?sur\b",  # one inserted word tolerated
    r"\bjuste\s+un\s+(?:mot|point)\s+(?:de|sur|pour)\b",
]
HANDOFFS = [
    r"\bje\s+(?:vous\s+|lui\s+|te\s+)?(?:passe|donne|laisse|cede|repasse|redonne)\s+(?:tout\s+de\s+suite\s+)?la\s+parole\b",
    r"\bje\s+(?:me\s+tourne|me\s+retourne)\s+vers\b",
    r"(?:^|[.!?]\s)\W*(?:(?:alors|donc)\s+)?(?:c'est\s+)?a\s+vous\s*(?:[.!]|$)",
    r"\bje\s+vais\s+(?:vous\s+)?demander\s+a\b|\bje\s+vous\s+propose\s+de\s+nous\b",
    r"\ba\s+vous\s+la\s+parole\b|\bvous\s+avez\s+la\s+parole\b",
]
CLOSINGS = [
    r"\b(?:ouvr\w*|place|passons|temps|moment|partie)\s+(?:aux?|des?|d')\s*(?:les\s+)?echanges\b",
    r"\bquestions?\s+(?:du\s+public|des\s+participants|de\s+la\s+salle)\b",
    r"\b(?:on\s+)?ouvr\w*\s+(?:le\s+)?(?:debat|micro\s+aux|les\s+questions)",
    r"\bpour\s+conclure\b|\ben\s+conclusion\b|\bmot\s+de\s+(?:la\s+)?(?:fin|conclusion)\b",
    r"\b(?:vais|va|dois|devoir|allons)\s+(?:devoir\s+)?(?:clore|conclure|clo?turer)\b",
    r"\bon\s+arrive\s+(?:a\s+la\s+fin|au\s+terme)\b|\barrivons\s+(?:a\s+la\s+fin|au\s+terme)\b",
    r"\bil\s+nous\s+reste\s+\w+\s+minutes\b|\bminutes\s+pour\s+(?:les\s+)?(?:echanges|questions)\b",
    r"\bsynthese\b|\bje\s+retiens\b",
]
_TRANSITION = [re.compile(p) for p in TRANSITIONS]
_HANDOFF = [re.compile(p) for p in HANDOFFS]
_CLOSING = [re.compile(p) for p in CLOSINGS]
_CONTINUATION = [re.compile(p) for p in CONTINUATIONS]
_THANKS = re.compile(r"^\W*(?:(?:et\s+)?(?:alors|bon|bien|tres\s+bien|parfait|super)\W+)?(?:un\s+grand\s+)?merci\b")


@dataclass(frozen=True)
class Cues:
    """What one segment says about a chapter starting there (phrases are the folded matched text)."""

    transition: str | None = None
    handoff: str | None = None
    closing: str | None = None
    ordinal: tuple[int | str, str] | None = None  # (question number or "last", phrase)
    thanks: bool = False
    continuation: str | None = None


def _first(patterns: list[re.Pattern[str]], text: str) -> str | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m.group(0).strip()
    return None


def segment_cues(text: str) -> Cues:
    t = fold(text)
    ordinal = None
    m = _ORDINAL.search(t)
    if m:
        word = m.group(1)
        ordinal = ("last" if word.startswith("dernier") else ORDINALS[word], m.group(0).strip())
    return Cues(transition=_first(_TRANSITION, t), handoff=_first(_HANDOFF, t), closing=_first(_CLOSING, t),
                ordinal=ordinal, thanks=bool(_THANKS.match(t)), continuation=_first(_CONTINUATION, t))


class ReadAloud:
    """Finds a guiding question read (or closely paraphrased) aloud, tolerant to recogniser errors.

    The question's content words are looked for in a stretch of speech about as long as the question itself
    (so a long answer that happens to use the same words does not count): exact stem, or a word whose
    character trigrams mostly agree (a dropped letter, a split word). The similarity is the matched share of
    the question's content words, weighted by their rarity in the recording.
    """

    def __init__(self, questions: list[str], idf: dict[str, float]):
        self.items = []
        self.span = []
        for q in questions:
            keep = set(content_stems(q, question=True))
            ws = [w for w in dict.fromkeys(words(q)) if stem(w) in keep]
            self.items.append([(stem(w), trigrams(w), idf.get(stem(w), 1.0), len(w) >= 6) for w in ws])
            self.span.append(int(len(words(q)) * 1.6) + 4)

    def similarity(self, q: int, tokens: list[str], first: int | None = None) -> float:
        """Best weighted share of question q's content words found within one question-long stretch
        (one starting among the first `first` tokens, when given: the stretch belongs to that segment)."""
        items = self.items[q]
        if not items or not tokens:
            return 0.0
        total = sum(wt for _, _, wt, _ in items)
        stems = [stem(t) for t in tokens]
        hits: list[list[tuple[int, float]]] = []  # per question word: (token position, credit)
        for st, tg, wt, fuzzy in items:
            found = [(k, wt) for k, s in enumerate(stems) if s == st]
            if not found and fuzzy:
                found = [(k, 0.8 * wt) for k, t in enumerate(tokens)
                         if len(t) >= 5 and len(tg & trigrams(t)) / len(tg | trigrams(t)) >= 0.55]
            hits.append(found)
        span = self.span[q]
        best = 0.0
        for start in sorted({k for found in hits for k, _ in found}):
            if first is not None and start >= first:
                break
            got = sum(max((c for k, c in found if start <= k < start + span), default=0.0) for found in hits)
            best = max(best, got)
        return best / total
