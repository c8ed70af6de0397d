"""Short chapter titles derived from long guiding questions.

A guiding question becomes a title a viewer can scan, in correct French: the interrogative form turns into a
noun phrase, an infinitive or an indirect question; examples in brackets or after a colon go; a title still
too long is cut where a complement starts, never inside a clause before its verb.

    Quels sont les ressorts de l'action publique…      -> Ressorts de l'action publique…
    Quels dispositifs mobiliser pour redresser…        -> Dispositifs à mobiliser pour redresser…
    Quel rôle les entreprises peuvent-elles jouer…      -> Rôle des entreprises…
    Quelles solutions accompagnent les personnes…      -> Solutions qui accompagnent les personnes…
    Comment les employeurs peuvent-ils contribuer à…   -> Employeurs : contribuer à…
    Comment les bailleurs organisent-ils le relogement -> Comment les bailleurs organisent le relogement
    Qui participe aux budgets participatifs et aux FPH -> Qui participe aux budgets participatifs ?
"""

from __future__ import annotations

import re

_PREPOSITIONS = {"à", "a", "au", "aux", "de", "des", "du", "d'", "dans", "pour", "par", "sur", "avec", "entre",
                 "auprès", "autour", "vers", "chez", "en", "sans", "selon", "contre", "après", "avant", "pendant"}
_DETERMINERS = {"le", "la", "les", "l'", "un", "une", "ces", "ce", "cet", "cette", "leurs", "leur", "son", "sa",
                "ses", "nos", "vos", "notre", "votre"}
_MODALS = {"peut", "peuvent", "doit", "doivent", "pourrait", "pourraient", "devrait", "devraient", "sait",
           "savent", "va", "vont"}
# Finite verbs a question puts right after its noun ("quels visages prend la précarité").
_FINITE = {"est", "sont", "a", "ont", "fait", "font", "prend", "prennent", "permet", "permettent", "joue",
           "jouent", "reste", "restent", "pose", "posent", "offre", "offrent", "apporte", "apportent", "donne",
           "donnent", "devient", "deviennent", "encadre", "encadrent", "produit", "ouvre", "ouvrent", "recouvre",
           "implique", "impliquent", "suppose", "existe", "existent", "manque", "manquent", "change", "changent"}
_NOT_VERBS_ENT = {"différent", "récent", "permanent", "urgent", "pertinent", "présent", "efficient", "cohérent",
                  "fréquent", "compétent", "dent", "parent", "agent", "argent", "accent", "talent", "client",
                  "patient", "adolescent", "résident", "président", "incident", "accident", "événement", "souvent"}
_IRREGULAR_INFINITIVES = {"faire", "construire", "mettre", "prendre", "rendre", "produire", "réduire", "conduire",
                          "permettre", "promouvoir", "suivre", "vivre", "comprendre", "connaître", "reconnaître",
                          "inscrire", "décrire", "écrire", "lire", "dire", "transmettre", "combattre", "être",
                          "croire", "défendre", "attendre", "étendre", "entendre", "répondre", "apprendre",
                          "introduire", "traduire", "instruire", "détruire", "voir", "prévoir", "pouvoir",
                          "savoir", "devoir", "recevoir", "concevoir", "valoir", "vouloir", "entreprendre",
                          "maintenir", "soutenir", "obtenir", "tenir", "venir", "prévenir", "intervenir", "rompre",
                          "résoudre", "admettre", "soumettre", "accueillir", "recueillir", "ouvrir", "offrir"}
# Adjectives and nouns ending like an infinitive (-er, -ir).
_NOT_INFINITIVES = {"premier", "dernier", "entier", "particulier", "régulier", "singulier", "familier", "financier",
                    "foncier", "immobilier", "hospitalier", "policier", "routier", "ouvrier", "saisonnier",
                    "pionnier", "quartier", "métier", "dossier", "foyer", "loyer", "avenir", "loisir", "plaisir",
                    "désir", "chantier", "atelier", "papier", "fichier", "sentier", "collier", "millier", "cahier",
                    "janvier", "février", "levier", "hiver", "cancer"}
_ADVERBS = {"mieux", "bien", "davantage", "encore", "vraiment", "concrètement", "réellement", "aussi", "plus",
            "enfin", "collectivement", "durablement", "efficacement", "ensemble"}
# Where a title may be cut: before a complement, a coordination or a subordinate clause.
_CUT = re.compile(r", |,? (?=(?:à|au|aux|de|des|du|d'|dans|pour|par|sur|avec|entre|auprès|autour|vers|chez|en|sans|"
                  r"selon|contre|et|ou|lorsqu'|lorsque|quand|qui|afin|tout au long|notamment|y compris|dont|"
                  r"face|via|tant|depuis|pendant)\b)", re.IGNORECASE)
_TRAILING = re.compile(r"(?:\s+|^)(?:et|ou|de|des|du|d'|la|le|les|l'|à|au|aux|en|pour|par|sur|dans|avec|entre|qui|"
                       r"que|qu'|leur|leurs|ces|ce|cette|son|sa|ses|un|une|plus|très|moins|si|tout|toute|tous|"
                       r"toutes|notamment|vers|chez|contre|sans|selon|auprès|autour|après|avant|pendant|depuis|via|en faveur|"
                       r"au sein|à l'échelle|à partir|en matière|en termes|à travers|au-delà|lors)$", re.IGNORECASE)
_INVERSION = re.compile(r"-(?:t-)?(?:ils|elles|il|elle|on)\b", re.IGNORECASE)
_QUESTION_OPENERS = ("qui ", "que ", "qu'", "où ", "d'où ", "quand ", "combien ", "à quoi ", "à qui ", "pourquoi ")
MIN_TITLE = 12


def short_title(question: str, max_len: int = 60) -> str:
    """A concise title (≤ max_len characters, whole words, capitalised) in correct French."""
    text = _clean(question)
    head = text.split(" : ")[0]
    if len(head) >= MIN_TITLE:  # what follows a colon lists examples
        text = head
    title, first = "", None
    for variant, keep, is_question in _variants(text):
        first = first or variant
        title = _fit(variant, max_len - (2 if is_question else 0), keep)
        if title:
            title += " ?" if is_question else ""
            break
    if not title:  # nothing grammatical fits: the last resort is a cut at a word boundary
        title = _word_cut(first or text, max_len)
    return title[:1].upper() + title[1:]


def _clean(question: str) -> str:
    text = question.replace("’", "'").replace("«", "").replace("»", "")
    text = re.sub(r"\s*\([^)]*\)", "", text)  # bracketed examples
    text = re.sub(r"\s+", " ", text).strip().replace(" ,", ",")
    text = re.sub(r"\b(?:permettant|afin|qui permettent) (?:de combattre|de lutter contre|d'agir contre)\b", "contre", text)
    return re.sub(r"[\s?!.…:;,]+$", "", text)


def _variants(text: str):
    """Candidate titles, best first: (text, the length a cut must keep, whether it stays a question)."""
    low = text.lower()
    if m := re.match(r"(?:quel|quelle|quels|quelles) (?:est|sont) (?:donc )?(?:le |la |les |l')?", low):
        yield text[m.end():], 0, False
        return
    if m := re.match(r"(quel|quelle|quels|quelles) ", low):
        yield from _noun_phrase(text[m.end():], plural=m.group(1).endswith("s"))
        return
    for opener in ("comment ", "en quoi ", "pourquoi "):
        if low.startswith(opener):
            yield from _how(text[len(opener):], opener.strip())
            return
    for opener in ("dans quelle mesure ", "est-ce que ", "est-ce qu'"):
        if low.startswith(opener):
            text, low = text[len(opener):], low[len(opener):]
    if m := re.match(r"(?:faut-il|peut-on|doit-on) ", low):
        yield text[m.end():], 0, False
        return
    if low.startswith(_QUESTION_OPENERS):  # a cut keeps at least the opener and the verb
        yield text, len(" ".join(text.split()[:2])), True
        return
    tokens = text.split()
    verb = next((k for k, w in enumerate(tokens) if _INVERSION.search(w)), None)
    if verb:  # a yes/no question: its subject is the title ("Les politiques de mixité…"), or the question itself
        subject = " ".join(tokens[:verb])
        if len(subject) >= 20:
            yield subject, 0, False
        yield text, len(" ".join(tokens[:verb + 1])), True
        return
    yield text, 0, False


def _noun_phrase(rest: str, plural: bool):
    """'Quel(s) N …': 'N à <infinitive> …', 'N de <subject>', 'N qui <verb> …', or N and its complements."""
    rest = re.sub(r"\bet (?:quel|quelle|quels|quelles) ", "et ", rest, flags=re.IGNORECASE)
    tokens = rest.split()
    for k in range(1, len(tokens)):
        word, before = tokens[k].lower(), tokens[k - 1].lower()
        if (before in _PREPOSITIONS | _DETERMINERS | {"et", "ou", "tous", "toutes", "tout", "toute"}
                or before.endswith("'") or _is_infinitive(before) or word.startswith("d'")):
            continue
        np_ = " ".join(tokens[:k])
        plural = plural or tokens[0].lower().endswith(("s", "x")) or " et " in np_
        if _is_infinitive(word):
            yield f"{np_} à {' '.join(tokens[k:])}", len(np_) + 3 + len(word), False
            return
        if word in _DETERMINERS or word.startswith("l'"):
            subject = _subject(tokens[k:])
            if subject:
                yield f"{np_} {_genitive(subject)}", 0, False
            yield f"{np_} que {_INVERSION.sub('', ' '.join(tokens[k:]))}", len(np_) + 4, False
            return
        if _INVERSION.search(word) or word in _FINITE or _looks_plural_verb(word):
            verb = _INVERSION.sub("", word)
            if (verb.endswith("ent") or verb in {"sont", "ont", "font", "vont"}) == plural:  # its own verb
                yield f"{np_} qui {_INVERSION.sub('', ' '.join(tokens[k:]))}", len(np_) + 5 + len(verb), False
            else:  # inverted subject: "quels visages prend la précarité" -> "visages de la précarité"
                subject = _subject(tokens[k + 1:], after_verb=True)
                if subject:
                    yield f"{np_} {_genitive(subject)}", 0, False
            return
    yield rest, 0, False


def _how(rest: str, opener: str):
    """'Comment <infinitive>' -> the infinitive; 'Comment S peut-il <inf>' -> 'S : <inf>', or the infinitive;
    'Comment S <verb>-t-il …' -> the indirect question 'Comment S <verb> …'."""
    tokens = rest.split()
    first = tokens[0].lower()
    if _is_infinitive(first) or (first in _ADVERBS | {"se", "s'", "y"} and len(tokens) > 1
                                 and _is_infinitive(tokens[1].lower())) or first.startswith("s'"):
        yield rest, len(tokens[0]), False
        return
    verb = next((k for k, w in enumerate(tokens) if _INVERSION.search(w)), None)
    if verb is None:
        yield f"{opener.capitalize()} {rest}", len(opener) + 1 + len(tokens[0]), False
        return
    subject, after = tokens[:verb], tokens[verb + 1:]
    bare = _INVERSION.sub("", tokens[verb]).lower()
    if bare in _MODALS and after:
        k = 1 if after[0].lower() in _ADVERBS and len(after) > 1 else 0
        if _is_infinitive(after[k].lower()):
            short_subject = _drop_articles(" ".join(subject))
            head = f"{short_subject} : "
            yield head + " ".join(after), len(head) + len(" ".join(after[:k + 2])), False
            yield " ".join(after), len(" ".join(after[:k + 2])), False
            return
    clause = _INVERSION.sub("", " ".join(tokens[verb:]))
    prefix = f"{opener.capitalize()} {' '.join(subject)} "
    yield prefix + clause, len(prefix) + len(bare), False
    joined = " ".join(subject)  # the subject without its complements (or, plural, its second member)
    cut = re.search(r" (?:de|des|du|d'|en|à|au|aux|pour|dans|sur)\b", joined)
    if not cut and joined.lower().startswith("les "):
        cut = re.search(r" (?:et|ou) ", joined)
    if cut:
        prefix = f"{opener.capitalize()} {joined[:cut.start()]} "
        yield prefix + clause, len(prefix) + len(bare), False


def _is_infinitive(word: str) -> bool:
    word = word.lower().strip(",")
    base = (word[2:] if word.startswith("s'") else word).split("-")[-1]
    if base in _IRREGULAR_INFINITIVES or base.endswith(("indre", "uire", "aître", "oudre", "prendre", "mettre",
                                                         "faire", "dire", "crire", "vivre", "suivre", "battre")):
        return True
    return len(base) > 4 and base.endswith(("er", "ir")) and base not in _NOT_INFINITIVES


def _looks_plural_verb(word: str) -> bool:
    return (len(word) > 5 and word.endswith("ent") and not word.endswith("ment") and word not in _NOT_VERBS_ENT)


def _subject(tokens: list[str], after_verb: bool = False) -> str | None:
    """The noun phrase a clause opens with (after its verb and adverbs for an inverted subject), up to its verb
    or a comma."""
    k = 0
    if after_verb:
        while k < len(tokens) and tokens[k].lower() not in _DETERMINERS and not tokens[k].lower().startswith("l'"):
            k += 1
    out = []
    for word in tokens[k:]:
        if _INVERSION.search(word) or (out and (word.lower() in _FINITE or word.lower() in _MODALS)):
            break
        out.append(word.rstrip(","))
        if word.endswith(","):
            break
    return " ".join(out) if out else None


def _genitive(subject: str) -> str:
    """'les jeunes des quartiers' -> 'des jeunes des quartiers'; each coordinated member gets its own 'de'."""
    def one(phrase: str) -> str:
        low = phrase.lower()
        for det, de in (("les ", "des "), ("le ", "du "), ("la ", "de la "), ("l'", "de l'")):
            if low.startswith(det):
                return de + phrase[len(det):]
        return "de " + phrase if not low.startswith(("a", "e", "i", "o", "u", "é", "h")) else "d'" + phrase
    parts = re.split(r"\s+et\s+(?=(?:les|le|la|l')\b)", subject)
    return " et ".join(one(p) for p in parts)


def _drop_articles(subject: str) -> str:
    subject = re.sub(r"^(?:les|le|la)\s+|^l'", "", subject, flags=re.IGNORECASE)
    return re.sub(r"\s+et\s+(?:les|le|la)\s+", " et ", subject)


def _fit(text: str, max_len: int, keep: int) -> str:
    """The text if it fits; else its longest prefix ending before a complement (and after `keep`
    characters) that fits; '' when there is none."""
    if len(text) <= max_len:
        return _strip_trailing(text)
    best = ""
    for m in _CUT.finditer(text):
        head = _strip_trailing(text[:m.start()])
        if max(keep, MIN_TITLE) <= len(head) <= max_len and len(head) > len(best):
            best = head
    return best


def _strip_trailing(text: str) -> str:
    text = text.strip(" ,;:-")
    while (new := _TRAILING.sub("", text).strip(" ,;:-")) != text:
        text = new
    return text


def _word_cut(text: str, max_len: int) -> str:
    head = text[:max_len + 1]
    head = head[:head.rfind(" ")] if " " in head and len(text) > max_len else head[:max_len]
    return _strip_trailing(head)
