"""French typography and line-break knowledge shared by the caption builder and the caption checker.

Everything here works on *tokens*: a word as displayed, with the punctuation glued to it
(`aujourd'hui\u202f!`, `«\u00a0QPV\u00a0»`). A caption line may break between tokens, never inside one,
so a non-breaking space inside a token is never a break point.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # espace insécable (before `:` and inside « »)
NNBSP = "\u202f"  # espace fine insécable (before ; ! ?)
NO_BREAK_SPACES = NBSP + NNBSP + "\u2007"

# Lower score = better place to break (between two lines of a cue, or between two cues).
SENTENCE, CLAUSE, BEFORE_CONJUNCTION, BEFORE_PREPOSITION, PLAIN, AFTER_AUXILIARY, FORBIDDEN = 0, 1, 2, 3, 6, 12, 50

ARTICLES = frozenset(
    "le la les l' un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos "
    "leur leurs quel quelle quels quelles chaque plusieurs quelques certains certaines aucun aucune nul nulle "
    "autre autres divers diverses différents différentes".split()
)
PREPOSITIONS = frozenset(
    "à de d' dans en par pour sur avec sans sous chez vers entre contre depuis pendant selon malgré parmi "
    "auprès jusqu' jusqu'à jusqu'au jusqu'aux dès envers hors via afin grâce près lors face outre durant "
    "concernant suivant hormis".split()
)
PRONOUNS = frozenset(
    "je j' tu il elle on nous vous ils elles ne n' se s' me m' te t' y lui qu' c' ça cela ceci".split()
)
# Pronouns that are just as often objects ("avec vous") or stressed ("elle aussi"): binding only before a verb-ish word.
WEAK_PRONOUNS = frozenset("nous vous elle elles lui ça cela ceci".split())
TITLES = frozenset("M. MM. Mme Mme. Mmes Mlle Mlles Dr Dr. Pr Pr. Me Me. Mgr St Ste".split())
AUXILIARIES = frozenset(
    "ai as a avons avez ont suis es est sommes êtes sont été être avoir va vais vas allons allez vont "
    "peut peux pouvons pouvez peuvent doit dois devons devez doivent faut fait c'est c'était".split()
)
CONJUNCTIONS = frozenset(
    "et mais ou donc or ni car qui que qu' quand lorsque lorsqu' parce puisque puisqu' si comme où dont alors "
    "ensuite puis quoique bien cependant pourtant toutefois néanmoins sinon tandis".split()
)
UNITS = frozenset("% € $ h min s km m ans euros heures minutes".split())

_ELISION = re.compile(r"^(?:[ldjnsmtc]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]$", re.IGNORECASE)
_CLOSERS = "»\"”’)]" + NO_BREAK_SPACES
_SENTENCE_END = re.compile(r"[.!?]$")
_CLAUSE_END = re.compile(r"(?:[,;:]|…|\.\.\.)$")
_ACRONYM = re.compile(r"\b((?:[A-Z]\.){2,})")
# `?` `!` `;` `:` ending a word (maybe before closing quotes/brackets), not already preceded by a space.
_HIGH_PUNCT = re.compile(r"(?<=[^\s\u00a0\u202f\u2007?!;:])([?!;:]+)(?=[»\"”’)\]…\u00a0\u202f]*\.*$)")
_URLISH = re.compile(r"://|^www\.|@|\.(?:fr|com|org|net|eu|gouv)\b", re.IGNORECASE)


def is_elision(token: str) -> bool:
    """`l'`, `d'`, `qu'`, `jusqu'`: a token that binds to the next word with no space."""
    return bool(_ELISION.match(token))


def space_before_punct(punct: str) -> str:
    """The space French puts between a word and the punctuation that follows it ('' for none)."""
    if punct[:1] in "?!;":
        return NNBSP
    if punct[:1] in ":»":
        return NBSP
    return ""


def typeset(token: str) -> str:
    """French spacing inside one token: NBSP inside « », NNBSP before ? ! ;, NBSP before a final `:`.

    URLs, e-mail addresses and times such as 13:30 are left alone (the `:` is not at the end of the token).
    """
    if _URLISH.search(token):
        return token
    token = _HIGH_PUNCT.sub(lambda m: space_before_punct(m.group(1)) + m.group(1), token)
    token = re.sub(r"«[ \u00a0\u202f\u2007]*(?=\S)", "«" + NBSP, token)
    return re.sub(r"(?<=\S)[ \u00a0\u202f\u2007]*»", NBSP + "»", token)


def undot_acronyms(token: str, *, keep_final_dot: bool) -> str:
    """`Q.P.V.` -> `QPV` (acronyms as spoken, no dots); keeps a sentence-final dot when asked."""
    def repl(m: re.Match) -> str:
        letters = m.group(1).replace(".", "")
        at_end = m.end() == len(token)
        return letters + ("." if keep_final_dot and at_end else "")
    return _ACRONYM.sub(repl, token)


def core(token: str) -> str:
    """The word without surrounding quotes and punctuation, lower-cased, for look-ups."""
    word = token.strip("«»\"“”()[]" + NO_BREAK_SPACES)
    word = word.rstrip(",;:!?…" + NO_BREAK_SPACES)
    if word not in TITLES:
        word = word.rstrip(".")
    return word.replace("’", "'").lower()


def ends_sentence(token: str) -> bool:
    bare = token.rstrip(_CLOSERS)
    if bare in TITLES or bare.endswith("...") or bare.lower() == "etc.":
        return False
    return bool(_SENTENCE_END.search(bare))


def ends_clause(token: str) -> bool:
    return bool(_CLAUSE_END.search(token.rstrip(_CLOSERS))) or token.rstrip(NO_BREAK_SPACES).endswith("»")


def _capitalised(token: str) -> bool:
    word = token.lstrip("«\"“(" + NO_BREAK_SPACES)
    return bool(word) and word[0].isupper()


def break_score(prev: str, nxt: str) -> tuple[int, str]:
    """How good a line or cue break between tokens `prev` and `nxt` is, with the reason.

    Lower is better: SENTENCE (0) ... FORBIDDEN (50) for a break after an article, a preposition, a
    subject pronoun or a title, or inside a first-name/last-name pair.
    """
    if ends_sentence(prev):
        return SENTENCE, "sentence end"
    if ends_clause(prev):
        return CLAUSE, "punctuation"
    p, n = core(prev), core(nxt)
    if prev.strip("«\"“(" + NO_BREAK_SPACES) in TITLES:
        return FORBIDDEN, f"after the title '{prev}'"
    if p in ARTICLES:
        return FORBIDDEN, f"after the article '{prev}'"
    if p in PREPOSITIONS:
        return FORBIDDEN, f"after the preposition '{prev}'"
    if p in PRONOUNS or is_elision(p):
        before_clause = n in CONJUNCTIONS or n in PREPOSITIONS or n in ARTICLES
        if not (p in WEAK_PRONOUNS and before_clause):
            return FORBIDDEN, f"after the pronoun '{prev}'"
    if _capitalised(prev) and _capitalised(nxt) and not prev.isupper():
        return FORBIDDEN, f"inside the name '{prev} {nxt}'"
    if p.replace(",", "").replace(".", "").isdigit() and n in UNITS:
        return FORBIDDEN, f"between '{prev}' and its unit"
    if n in CONJUNCTIONS or n.startswith(("qu'", "lorsqu'", "puisqu'")):
        return BEFORE_CONJUNCTION, "before a conjunction"
    if n in PREPOSITIONS or n.startswith(("d'", "jusqu'")):
        return BEFORE_PREPOSITION, "before a preposition"
    if p in AUXILIARIES:
        return AFTER_AUXILIARY, f"after the auxiliary '{prev}'"
    return PLAIN, "between words"


def missing_spaces(text: str) -> list[str]:
    """Typography problems in a caption line: a plain space or no space where French wants a no-break one."""
    problems = []
    for word in text.split(" "):
        if _URLISH.search(word):
            continue
        if word and word == typeset(word):
            continue
        if word:
            problems.append(f"'{word}' lacks a no-break space")
    # a plain space before ? ! : ; » or after « is a break opportunity the reader should not get
    for m in re.finditer(r"(?<=\S) ([?!;:»]+)(?=\s|$)|« ", text):
        problems.append(f"plain space in '{m.group(0).strip() or m.group(0)}'")
    return problems
