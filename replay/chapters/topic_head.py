"""The head of a guiding question: its words with the interrogative form stripped, at most 60 characters.

Not a title (`titles.short_title` writes those): the words a question opens on name its topic, and the chapter
finder counts them twice in the question's profile.
"""

from __future__ import annotations

import re

# Interrogative openers, longest first; matched on the question's start (case-insensitive).
_OPENERS = [
    r"quels? (?:sont|est) (?:les?|la|l')\s*", r"quelles? (?:sont|est) (?:les?|la|l')\s*",
    r"quel r[ôo]le (?:les?|la|l')\s*", r"quel r[ôo]le\s+",
    r"qu'est-ce que\s+", r"qu'est-ce qui\s+", r"en quoi\s+", r"comment\s+", r"pourquoi\s+", r"dans quelle mesure\s+",
    r"quels?\s+", r"quelles?\s+", r"faut-il\s+", r"peut-on\s+", r"doit-on\s+", r"est-ce que\s+",
]
_OPENER = re.compile(r"^(?:" + "|".join(_OPENERS) + ")", re.IGNORECASE)
# Verb phrases that carry the question's form, not its topic ("… peuvent-ils jouer pour favoriser …").
_VERB_FORMS = re.compile(
    r"\s+(?:peuvent|peut|doivent|doit|jouent|joue|sont|est|ont|a)-(?:ils|elles|il|elle|on|t-il|t-elle|t-on)"
    r"(?:\s+(?:jouer|avoir|être|devenir|mettre en place|mobiliser|prendre|faire))?\b", re.IGNORECASE)
_INVERTED = re.compile(r"\s+\w+(?:-t)?-(?:ils|elles|il|elle|on)\b", re.IGNORECASE)
_LINK = re.compile(r"\s+(?:et|ou|de|des|du|d'|la|le|les|l'|à|au|aux|en|pour|par|sur|dans|avec|entre|qui|que|leur|leurs|ces|ce|cette|son|sa|ses|un|une)$",
                   re.IGNORECASE)


def topic_head(question: str, max_len: int = 60) -> str:
    """The question without its interrogative opener and verb forms, cut to max_len characters."""
    text = re.sub(r"\s+", " ", question.replace("’", "'")).strip()
    text = re.sub(r"[\s?!.…:;,]+$", "", text)
    text = text.replace("« ", "").replace(" »", "").replace("«", "").replace("»", "")
    core = _OPENER.sub("", text, count=1)
    core = _VERB_FORMS.sub("", core)
    core = _INVERTED.sub("", core)
    core = re.sub(r"\s+(?:permettant|afin|qui permettent|qui permettraient)\s+(?:de|d')\s*", " pour ", core, flags=re.IGNORECASE)
    core = re.sub(r"\s+", " ", core).strip(" ,;:")
    if len(core) > max_len:
        core = _cut(core, max_len)
    core = core.strip(" ,;:-")
    if not core:
        core = _cut(text, max_len)
    return core[:1].upper() + core[1:]


def _cut(text: str, max_len: int) -> str:
    """Cut at a clause boundary when one is near, else at the last whole word; never end on a link word."""
    head = text[: max_len + 1]
    for sep in (",", " ?", " : ", " ; "):
        k = head.rfind(sep)
        if k >= max_len * 0.5:
            head = head[:k]
            break
    else:
        head = head[: head.rfind(" ")] if " " in head[:max_len] and len(text) > max_len else head[:max_len]
    head = head.strip(" ,;:")
    while True:
        new = _LINK.sub("", head)
        if new == head:
            break
        head = new
    return head.strip(" ,;:")
