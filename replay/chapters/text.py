"""French text handling for chapter finding: folding, elisions, stop words and a light stemmer.

Everything here is offline and deterministic. The stemmer is deliberately crude (suffix stripping then a
length cap, in the spirit of Savoy's "light" French stemmer): what matters is that the forms a speaker and
a recogniser produce for one word land on one stem, accents or not.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "«": " ", "»": " "})
_TOKEN = re.compile(r"[a-z0-9]+")
_ELIDED = {"l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"}

STOP_WORDS = frozenset("""
a au aux avec ce ces cet cette ceci cela ca dans de des du elle elles en et eux il ils je la le les leur leurs lui
ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
une vos votre vous y est sont etait etaient ete etre avoir ai as avons avez ont avait avaient aura auront sera seront
fait faire font fais faut peut peuvent pouvez pouvons pourrait pourraient veut veulent voulez vouloir dit dire
dis disait parce comme aussi tres plus moins bien tout tous toute toutes autre autres meme memes deja encore
alors donc voila bon ben bah euh heu hein oui non quoi ici la-bas ainsi apres avant entre chez sans sous vers
depuis pendant selon quand comment quel quelle quels quelles quelque quelques chaque dont ou si car ni or
cest ca celui celle ceux celles leur aujourdhui vraiment juste petit peu beaucoup assez trop fois chose choses
merci bonjour bonsoir voir vu va vais vont allez aller ya y-a effectivement justement enfin ensuite puis
point question questions parler parle parlez parlons dire effet exemple niveau cote part fin moment temps
quelqu quelquun rien personne jamais toujours souvent ensemble peut-etre notamment
""".split())

# Words of the question form itself, which say nothing about the topic.
QUESTION_WORDS = frozenset("""
quel quelle quels quelles comment pourquoi combien en quoi est-ce role jouer jouent peuvent-ils peuvent-elles
peut-il peut-elle doit doivent faut-il observe-t-on sont-ils existe-t-il permettant permettre permet
""".split())

_SUFFIXES = tuple(sorted("""
issement atrice ateur eur ation ement ment ance ence ite isme iste able ible euse eux ive if ion ique ier iere
erion eraient erait erai eron eront erez era ere ee e er ez ent ant ante aient ait ai iez ir ie aux al ale elle el
""".split(), key=len, reverse=True))
_MAX_STEM = 7


def _fold_slow(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("œ", "oe").replace("æ", "ae")


# Latin letters folded once, so that most text folds with one `str.translate` (same result as `_fold_slow`:
# NFKD works character by character, and the combining marks it separates are all dropped).
_LATIN = {c: _fold_slow(chr(c)) for c in range(0xC0, 0x250)}


def fold(text: str) -> str:
    """Lowercase, drop accents, unify apostrophes (`Élève’s` -> `eleve's`)."""
    text = text.translate(_APOSTROPHES).lower().translate(_LATIN)
    return text if text.isascii() else _fold_slow(text)


def words(text: str) -> list[str]:
    """Folded word tokens with elisions removed (`l'emploi` -> `emploi`, `qu'on` -> `on`)."""
    out = []
    for tok in _TOKEN.findall(fold(text).replace("'", " ' ")):
        if tok in _ELIDED:
            continue
        out.append(tok)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light French stem of a folded word."""
    if word.endswith("aux") and len(word) > 5:
        word = word[:-3] + "al"
    elif len(word) > 4 and word[-1] in "sx" and word[-2] != "s":
        word = word[:-1]
    if len(word) <= 4:
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)]
            break
    return word[:_MAX_STEM]


def is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOP_WORDS and not word.isdigit()


def content_stems(text: str, *, question: bool = False) -> list[str]:
    """Stems of the topic-bearing words of a text (question=True also drops the question's own form words)."""
    out = []
    for w in words(text):
        if not is_content(w) or (question and w in QUESTION_WORDS):
            continue
        out.append(stem(w))
    return out


def trigrams(word: str) -> frozenset[str]:
    padded = f"_{word}_"
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))
