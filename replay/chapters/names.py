"""Who the moderator gives the floor to, from the names said in a turn ("Je passe la parole à Karim",
"Et l'allocation, Karim ?", "Nathalie, vous êtes du côté des employeurs").

Without speaker labels, the names the moderator says are the best clue to who speaks next: a question put
to the panellist who already has the floor is a follow-up on the chapter under way, not the next question.
Names are capitalised words that the recording never writes in lower case (so "Alors," at the start of a
sentence is no name); the recogniser keeps the case of names it knows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NAME = r"([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)"
_TITLE = r"(?:(?:Madame|Monsieur|Mme|M\.|Docteure?)\s+)?"
# Where a name is the person spoken to or handed the floor.
_ADDRESSED = [
    re.compile(r"(?:parole|relais|micro|main)\s+(?:à|a)\s+" + _TITLE + _NAME),
    re.compile(r"(?:tourne|retourne)\s+vers\s+" + _TITLE + _NAME),
    re.compile(r"(?:demander|proposer?)\s+à\s+" + _TITLE + _NAME),
    re.compile(r"(?:^\s*|[.!?…]\s+|,\s*)(?:(?:Et|Alors|Donc)\s+)?" + _TITLE + _NAME + r"\s*,\s*(?=\w)"),  # "Nathalie, vous…"
    re.compile(r",\s*" + _TITLE + _NAME + r"\s*[?]"),  # "Et l'allocation, Karim ?"
]
# Thanked: the one who just spoke, not the one spoken to next.
_THANKED = re.compile(r"[Mm]erci\s+(?:beaucoup\s+|bien\s+|infiniment\s+|encore\s+)?(?:à\s+)?" + _TITLE + _NAME)
_NOT_NAMES = {"Oui", "Non", "Voilà", "Alors", "Bon", "Merci", "Bonjour", "Madame", "Monsieur", "Et", "Donc", "Bien",
              "Effectivement", "Exactement", "Justement", "Très", "Parfait", "Super", "Ensuite", "Enfin", "Puis",
              "Ah", "Oh", "Euh", "Hein", "Ben", "Bah", "Ok", "Okay", "Allez", "Pardon"}


def lowercase_words(texts: Sequence[str]) -> set[str]:
    """Words the recording writes in lower case somewhere: common words, not names."""
    return {w for t in texts for w in re.findall(r"\b[a-zà-ÿ][a-zà-ÿ-]*\b", t)}


def addressed_names(text: str, common: set[str]) -> list[str]:
    """The people a sentence speaks to or hands the floor to, in the order said (thanked ones left out)."""
    thanked = {m.group(1) for m in _THANKED.finditer(text)}
    found = sorted((m.start(1), m.group(1)) for pattern in _ADDRESSED for m in pattern.finditer(text))
    return [name for _, name in found
            if name not in thanked and name not in _NOT_NAMES and name.lower() not in common]


def thanked_names(text: str, common: set[str]) -> set[str]:
    """The people a sentence thanks ("Très bien, merci Nadia."): the ones who just spoke."""
    names = {m.group(1) for m in _THANKED.finditer(text)}
    return {name for name in names if name not in _NOT_NAMES and name.lower() not in common}
