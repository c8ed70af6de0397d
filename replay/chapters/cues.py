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
_UNITS = r"(?:question|temps|point|partie|sujet|axe|chantier|volet|sequence|thematique|theme|table ronde|chapitre|enjeu|situation|scenario|atelier)"
_UNIT = re.compile(r"\b" + _UNITS + r"\b")
_ORDINAL = re.compile(
    # (one short word the recogniser inserted is tolerated: "notre troisième la question")
    r"(?<!une )(?<!un )\b(avant-derniere?|" + "|".join(ORDINALS) + r"|derniere?)\s+(?:(?:la|le|de|et)\s+)?(?:et derniere?\s+)?(?:grande?\s+|grosse?\s+)?"
    + _UNITS + r"\b(?!\s+(?:du chat|du public|de la salle|des participants|d'une?)|\s*,?\s+qui\s+(?:revient|arrive)"
    # "deuxième question, de Fatou": a question from the audience, by its author
    r"|\s*,?\s+de\s+(?!(?:notre|nos|la|le|ce|cet|cette|ces|mon|ma|mes|votre|vos|reflexion|travail|discussion|debat)\b|l')\w"
    r"|\s*,?\s+(?:d'une?|de\s+la\s+part)\b)")  # "deuxième question, d'une représentante de parents"
# A rank whose unit goes without saying, after a verb of moving on: "on termine avec la dernière, qui…",
# "passons à la troisième :".
_BARE_RANK = re.compile(
    r"\b(?:termin|fini|pass|enchain|commen[cç]|continu|poursui|attaqu|arriv|venon|aborde|ouvr|revien|revenon)\w*\s+"
    r"(?:maintenant\s+|donc\s+|tout\s+de\s+suite\s+|enfin\s+|directement\s+)?(?:avec|a|par|sur)\s+(?:la|le|notre)\s+("
    + "|".join(ORDINALS) + r"|derniere?)\s*(?=[,:;]|qui\b|que\s+j'|$|a\s+la\s+fin\b|plus\s+tard\b)"
    # ...or opening the sentence after the moderator's thanks: "Merci. Et vraiment la dernière, cette fois, la cinquième"
    r"|^\W*(?:merci[^.!?]{0,40}[.!?]\s*)?(?:et\s+)?(?:vraiment|enfin)\s+(?:la|le)\s+("
    + "|".join(ORDINALS) + r"|derniere?)\s*(?=[,:;])")
# A rank corrected to one said without its unit: "la troisième question... pardon, la deuxième".
_RANK_FIX = re.compile(r"[\s,.]*(?:enfin|pardon|non|plutot|je\s+veux\s+dire|ou\s+plutot)[\s,.]+(?:a\s+)?(?:la|le|notre)\s+("
                       + "|".join(ORDINALS) + r"|derniere?)\b")
# A rank said as a number after its unit: "question quatre", "point numéro deux" ("numéro" needed for "un",
# except in "la question un de votre programme").
CARDINALS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10}
_CARDINAL = re.compile(
    r"\b" + _UNITS + r"\s+(?:(?:numero|n°)\s*(un|1)|(?<=question\s)(un)(?!\s+(?:peu|petit|jour|moment|instant|autre|tant|brin|bon)\b)\b|(?:(?:numero|n°)\s*)?(" + "|".join(CARDINALS) + r"|[1-9](?![,.]\d)))\b(?!\s*(?:%|pour\s+cent|ans|mois|minutes))")
# A question taken by its bare number: "on prend la trois et on reviendra à la deux".
_BARE_CARDINAL = re.compile(
    r"\b(?:prend|prenons|fait|faisons|passe\s+a|passons\s+a|attaque|attaquons|enchaine\s+(?:sur|avec))\s+"
    r"(?:donc\s+|directement\s+|d'abord\s+|tout\s+de\s+suite\s+)?la\s+(deux|trois|quatre|cinq|six|sept|huit)\b"
    r"(?!\s*(?:%|minutes|heures|ans|fois|premieres|dernieres|questions|personnes|semaines|mois|jours))")
# What follows a rank that numbers a part of another text than the event's programme.
_OF_A_TEXT = re.compile(r"\s*(?:du|de\s+la|de\s+l'|des|de\s+notre|de\s+votre|de\s+leur)\s*(?:contrats?|loi|plan|schema|convention|"
                        r"decret|code|circulaire|appel|rapport|charte|pacte|reglement|budget|projet\s+de\s+loi)\b")
# What may come before a rank that opens a move: "Bien. Première question", "Alors, deuxième temps".
_LEADING = re.compile(r"\W*(?:(?:bien|bon|alors|ok|okay|donc|et|allez|parfait|tres\s+bien|voila|d'accord|merci)\W+)*")
# ...or that names the topic just put: "Monsieur le maire, sur la question du relogement, c'est notre deuxième question"
_IDENTIFIED = re.compile(r",\s*c'est\s+(?:notre|la)\s+$")
_QUESTION_UNIT = re.compile(r"\b(?:question|temps|theme|thematique|sequence)\b")
_QUOTING = re.compile(r"(?:\b(?:votre|vos)|\bcomme\s+(?:le\s+|la\s+)?(?:dit|disait|demande|pose|formule|resume)\s+(?:\w+\s+){0,2}"
                      r"(?:la|le|votre|notre|l'))\s*$")
_ASKED_BY = re.compile(r"\bc'est\s+\w+\s*,\s*(?:d'une?|de\s+la|du|des)\b|\bposee\s+par\b|\bqui\s+(?:nous\s+)?(?:demande|ecrit)\b"
                       r"|\b(?:elle|qui)\s+(?:nous\s+)?vient\s+(?:d'une?|de\s+la|du|de)\b|\bde\s+la\s+part\s+d")
_CUTS_IN = re.compile(r"je\s+(?:vous|te)\s+(?:arrete|interromps|coupe)\b")
_CUT_IN_OPENS = re.compile(r"\W*(?:(?:pardon|excusez-moi|attendez|alors|bon)\W+)*" + _CUTS_IN.pattern)
# Between a rank and the one that corrects it.
_REPAIR = re.compile(r"[\s,.]*(?:enfin|pardon|non|plutot|je\s+veux\s+dire|ou\s+plutot)[\s,.]+(?:\w+\s+){0,3}")
# What follows an ordinal that names a part of the event's programme ("deuxième temps de notre table ronde").
_PROGRAMME = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:de\s+(?:notre|la|cette|ce|l')\s*(?:table\s+ronde|programme|deroule|webinaire|rencontre|seance|"
    r"matinee|journee|apres-midi|visio\w*|conference|ordre\s+du\s+jour)|au\s+programme|prevue?s?|annoncee?s?)\b")
# A rank whose unit the recogniser dropped: "premier [temps] de notre table ronde".
_RANK_OF_PROGRAMME = re.compile(
    r"\b(" + "|".join(ORDINALS) + r"|derniere?)\s+de\s+(?:notre|la|cette)\s+(?:table\s+ronde|matinee|journee|seance|"
    r"rencontre|conference|visio\w*|webinaire)\b"
    # "ce qui était prévu en dernier sur le programme"
    r"|\bprevue?s?\s+en\s+(" + "|".join(ORDINALS) + r"|derniere?)\b")

TRANSITIONS = [
    # (not "le temps passé à la saisie", "j'ai passé à la mission locale")
    r"(?<!voit\s)(?<!voir\s)(?<!temps\s)(?<!\sa\s)(?<!ai\s)(?<!ont\s)(?<!\bse\s)\bpass(?:ons|e|er|ez)\s+(?:maintenant\s+|donc\s+|ensuite\s+|directement\s+)?(?:a\s+(?:la|l'|notre|un|une|ce|cette)\b|aux?\s+\w)",
    r"\bon\s+(?:enchaine|poursuit|continue|avance|change\s+de\s+(?:sujet|registre|thematique|theme|sequence|partie|volet))",
    r"\benchain(?:er|e|ons)\s+sur\s+(?:la\s+question|le\s+sujet|le\s+theme)\b",  # "si je peux enchaîner sur la question des familles"
    # "c'est exactement là que je voulais qu'on aille maintenant", "là où je voulais vous emmener" (not a
    # speaker's "c'est là où je voulais en venir")
    r"\b(?:ou|que)\s+je\s+(?:voulais|voudrais|souhaitais)\s+(?:qu'on\s+aille|vous\s+(?:emmener|amener))\b",
    # "Alors voilà, on y arrive : l'argent, les postes" (not "on y arrive pas", "on y arrive très bien")
    r"\b(?:voila|bon|bien|alors|et|donc)\W+on\s+y\s+arrive\s*[:,]",
    r"\b(?:diapo(?:sitive)?|slide|sequence|partie)\s+suivante\b|\bsauter\s+une\s+(?:diapo|slide)\b",
    # (not a speaker's "c'est là où je veux en venir")
    r"\b(?:j'en|on\s+en|(?<!veux\s)(?<!voulais\s)(?<!voudrais\s)(?<!voulait\s)en)\s+(?:viens|vient|venir)\b",
    # "Bon, on pourrait y passer l'heure, mais je vais vous couper là."
    r"\bje\s+vais\s+(?:devoir\s+)?(?:vous|te)\s+(?:couper|arreter|interrompre)\s+(?:la|ici)\b"
    r"|\bon\s+pourrait\s+y\s+passer\s+(?:l'heure|la\s+journee|la\s+soiree|des\s+heures)\b",
    r"\bvenons[- ]en\b",
    r"\babordons\b|\bon\s+aborde\b|\baborder\s+maintenant\b",
    r"\bje\s+(?:vous\s+)?la\s+(?:re)?lis\b|\bje\s+relis\b",
    r"\bpour\s+(?:demarrer|commencer|ouvrir|lancer)\s+(?:ce|cette|la|le|notre)|^\W*(?:(?:alors|donc|et)\s+)?pour\s+(?:demarrer|commencer)\s*,",
    # "Pour finir, la question de…", "pour terminer la dernière question" (not "Sandrine, pour finir la question": hers)
    r"\b(?:et\s+)?pour\s+(?:finir|terminer)(?:\s*[,:;.]\s*|\s+(?=(?:la|une|notre|le|un)\s+dernier))(?:(?:la|une|notre)\s+(?:derniere\s+)?question|"
    r"(?:le|un|notre)\s+dernier|(?:le|ce|un)\s+(?:sujet|theme))\b",
    r"\bon\s+(?:va\s+)?(?:commence|demarre|ouvre)\s+(?:par|avec)\b",
    r"\b(?:alors|allez|bon|bien)\W+on\s+(?:y\s+va|demarre|commence|attaque|se\s+lance)\b(?!\s+(?:a|d'|de)\b)|\b(?:le|au)\s+vif\s+du\s+sujet\b",
    r"\b(?:alors|allez|bon|donc)\W+allons-y\b",
    r"\b(?:on\s+)?(?:termine|finit)\s+(?:donc\s+|maintenant\s+|enfin\s+)?(?:avec|par)\s+(?:la\s+|notre\s+|un\s+|le\s+)?"
    r"(?:question|sujet|theme|derniere?)\b",  # "on termine avec un sujet plus technique"
    r"(?:^|[.?!]\s+)\W*(?:et\s+)?on\s+(?:termine|finit)\s+(?:avec|par)\b",  # "Très bien. Et on termine avec un public…"
    r"\bquestion\s+qu'on\s+(?:avait\s+)?(?:gardee|laissee|mise\s+de\s+cote|reservee|sautee)\b",
    r"\b(?:qu'on|que\s+nous)\s+(?:a|avons|avait|avions)\s+(?:un\s+peu\s+|beaucoup\s+|totalement\s+)?(?:laisse|mis)\w*\s+de\s+cote"
    r"\s+jusqu",  # "le parc privé, qu'on a un peu laissé de côté jusqu'ici"
    r"\bchang(?:er|eons|e)\s+(?:un\s+peu\s+|legerement\s+|completement\s+|totalement\s+)?(?:d'(?:echelle|angle|sujet|horizon)|"
    r"de\s+(?:focale|perspective|braquet|cap|point\s+de\s+vue|registre))\b",
    r"\b(?:j'aimerais|je\s+voudrais|je\s+souhaiterais|je\s+(?:vous\s+)?propose|j'ai\s+envie)\s+(?:bien\s+|maintenant\s+|donc\s+)?qu'on\s+(?:creuse|parle|aborde|evoque|regarde|"
    r"se\s+penche|s'interesse|descende|zoome|passe|s'arrete|parte\s+d|commence\s+par"
    r"|(?:garde|prenne|consacre)\s+(?:\w+\s+){0,3}temps\s+(?:pour|a)\b)",  # "…qu'on garde du temps pour un sujet plus éthique"
    r"(?:^|[.?!]\s+)(?:(?:bon|alors|et)\W+)?maintenant\s*,?\s+(?:la\s+question|je\s+voudrais|j'aimerais|on\s+va|passons|parlons)\b",
    # "Et enfin, la question qui fâche : …"
    r"(?:^|[.?!]\s+)\W*et\s+enfin\s*,?\s+(?:la|le|une|un|notre)\s+(?:derniere?\s+)?(?:question|sujet|theme|point)\b",
    # "Bon, on a bien parlé des poubelles. Maintenant, les espaces verts…"
    r"\bon\s+a\s+(?:bien|beaucoup|assez|longuement)\s+parle\s+(?:des?|du|de\s+la|de\s+l')\b[^.?!]{0,80}[.!]\s*(?:et\s+)?(?:maintenant|passons)\b",
    # "Parlons argent.", "Alors parlons maintenant de la gouvernance" (not "parlons franchement")
    r"(?:^\W*|[.?!]\s+)(?:(?:bon|alors|et)\W+)?parlons\s+(?:maintenant\s+|un\s+peu\s+|donc\s+)?(?:(?:de|du|des|d')\s*)?"
    r"(?!(?:franchement|clairement|concretement|vrai|clair|peu|bien|net|serieusement)\b)\w{3,}",
    r"\bnous\s+amene\s+(?:(?:assez\s+|tout\s+|tres\s+)?naturellement\s+|directement\s+|donc\s+)?a\b|\bce\s+qui\s+nous\s+(?:amene|conduit)\b"
    # a speaker moving on to a topic, not to a point of their answer ("ça m'amène à un truc qui me tient à cœur")
    r"|\b(?:ca|cela|ce\s+qui)\s+m'(?:amene|conduit)\s+a\s+(?:la\s+question|parler|aborder|evoquer|traiter|(?:ma|la|notre)\s+(?:\w+\s+)?(?:partie|question))\b",
    r"\bmaintenant\s+(?:la\s+question|le\s+sujet|le\s+theme)\b",
    r"\bon\s+va\s+(?:parler|passer|s'interesser)\s+maintenant\s+(?:du|de\s+la|des|de\s+l'|a\s+la|au|aux)\b",  # "on va parler maintenant du bruit"
    r"(?:^|[.?!]\s+)\W*(?:et\s+|alors\s+)?pour\s+la\s+suite\s*,",
    # "Merci. Et la D pour finir, on l'a déjà effleurée : les femmes." (the last topic, named before the move)
    r"(?:^|[.?!]\s+)\W*et\s+(?:la|le|les|l')\s*(?:[\w-]+\s+){1,3}pour\s+(?:finir|terminer)\s*[,:;.]",
    r"\bon\s+(?:voulait|souhaitait|voudrait|souhaiterait)\s+(?:aussi\s+|egalement\s+|enfin\s+)?(?:dire\s+un\s+mot|parler|aborder|evoquer)\b",
    r"\bautre\s+(?:grand\s+|gros\s+)?(?:sujet|volet|enjeu|thematique|chantier|aspect|dossier)\b",
    # "Je vous arrête, on en reste là sur ce point. Les habitants, maintenant."
    r"\bon\s+(?:en\s+)?reste\s+la\s+(?:sur\s+ce|pour\s+ce|la-dessus)|\bon\s+s'arrete\s+la\s+(?:sur|pour)\s+(?:ce|cette)\b",
    r"(?:^|[.?!:]\s+)\W*(?:(?:et|alors|bon)\W+)?(?:les|le|la|l')\s*[\w-]+(?:\s+[\w-]+)?\s*,\s*maintenant\s*[.!:]",
    r"\b(?:zoom|focus)\s+maintenant\s+sur\b|\bzoomons\s+(?:maintenant\s+)?sur\b",  # "et zoom maintenant sur les copropriétés"
    r"\bce\s+(?:qu'on|que\s+nous)\s+n'(?:a|avons)\s+pas\s+encore\s+(?:\w+\s+)?(?:aborde|evoque|traite)\b",  # "ça m'amène à ce qu'on…"
    r"\bfai\w*\s+(?:la|une)\s+(?:transition|(?:belle\s+)?(?:passerelle|transition))\b|\btransition\s+(?:toute\s+trouvee|ideale|parfaite)\b",
    r"\b(?:bonne|belle|parfaite|excellente|jolie|petite)\s+(?:transition|passerelle)\b",
    r"\bil\s+est\s+(?:grand\s+)?temps\s+(?:d'y|d'en|de\s+passer|d'aborder|de\s+parler)\b",  # "il est temps d'y venir"
    r"\bje\s+vais\s+maintenant\s+(?:vous\s+)?(?:passer|donner|laisser|ceder)\s+la\s+parole\b",  # the next speaker's turn
    # back from a break: "Re-bonjour à tous, on reprend."
    r"\bre-?bonjour\b|(?:^|[.?!,]\s+)\W*(?:(?:alors|bon|donc|allez)\W+)?on\s+reprend\s*(?:[.,!]|$)",
    # one moderator hands the programme over to the other: "je laisse ma collègue Sandrine prendre la suite"
    r"\bprendre\s+la\s+suite\b|\bje\s+(?:te|vous)\s+(?:passe|laisse|rends|cede)\s+la\s+main\b|\bje\s+prends\s+la\s+main\b",
]
# A turn that adds to what was just said, or a follow-up on it: the chapter goes on.
CONTINUATIONS = [
    r"\bje\s+(?:voudrais|veux|vais|peux|souhaite)\s+(?:juste\s+|simplement\s+)?(?:r?ajouter|completer|rebondir|preciser)\b",
    r"\b(?:pour|si\s+je\s+peux\s+(?:me\s+permettre\s+de\s+)?)(?:r?ajouter|completer|rebondir)\b",
    r"\bje\s+(?:confirme|rejoins)\s+(?:tout\s+)?(?:ce|ca)\b",
    r"\bsans\s+(?:\w+\s+)?(?:empieter|anticiper)\s+(?:\w+\s+)?sur\b",  # one inserted word tolerated
    r"\bjuste\s+un\s+(?:mot|point)\s+(?:de|sur|pour)\b",
    r"\bsi\s+je\s+peux\s+me\s+permettre\s*,\s*juste\s+un\b",  # "Si je peux me permettre, juste un mot, Sophie."
    # the moderator turns to another speaker on what was just said
    r"\bvien\w*\s+d'(?:etre\s+)?(?:dit|dire|evoqu\w*|decri\w*|present\w*|expliqu\w*)\b",
    r"\b(?:voulez|souhaitez|voudriez|pouvez)\s+(?:peut-etre\s+)?reagir\b|\ben\s+reaction\s+a\b",
    r"\b(?:je\s+)?(?:vous|te)\s+vois\s+(?:reagir|hocher|acquiescer|sourire|lever\s+la\s+main)\b",
    r"\bune\s+(?:toute\s+)?(?:petite\s+)?question\s+(?:rapide|courte|de\s+precision|complementaire)\b|\bune\s+(?:toute\s+)?petite\s+question\b",
    r"\bvous\s+(?:avez\s+)?aussi\b",
    # "Nadia, ça vous parle, ce que décrit Sandrine ?"
    r"\bca\s+vous\s+parle\b|\bce\s+que\s+(?:dit|decrit|raconte|explique|evoque|souligne)\s+\w+\s*(?:[,?]|ou\b)",
    # "Fatima, c'est ce que vous voyez aussi ?"
    r"\bvous\s+(?:le\s+|la\s+|les\s+|l')?(?:voyez|constatez|observez|retrouvez|vivez|partagez|confirmez)\s+(?:\w+\s+)?aussi\b",
    r"\bdans\s+le\s+meme\s+(?:sens|esprit|registre|ordre\s+d'idees)\b|\bsur\s+(?:le|ce)\s+meme\s+(?:sujet|theme|point)\b",
    # the moderator cuts in on the speaker, or lets them go on
    r"\bje\s+(?:vous|te)\s+(?:arrete|interromps|coupe)\b|\b(?:allez-y,?\s+)?continuez\b|\bje\s+vous\s+laisse\s+(?:continuer|poursuivre|terminer|finir)\b",
]
# The moderator starts the discussion proper ("Allez, on commence", "on entre dans le vif du sujet"), not a
# round of introductions or the welcome speeches.
_START = re.compile(
    r"\b(?:alors|allez|bon|bien|donc)\W+(?:la\W+)?(?:on\s+)?(?:y\s+va|demarre|commence|attaque|se\s+lance|va\s+(?:pouvoir\s+)?(?:y\s+aller|demarrer|commencer))\b(?!\s+(?:a|d'|de)\b)(?!\s+(?:par|avec)\s+"
    r"(?:un\s+(?:petit\s+|rapide\s+)?tour|les\s+presentations|quelques|une\s+presentation|un\s+mot|les\s+consignes|l'accueil|les\s+mots))"
    # "Alors pour démarrer, je voudrais qu'on parte du quotidien" (not "pour commencer, un petit tour de table")
    r"|(?:^|[.?!]\s+)\W*(?:(?:alors|donc|et)\W+)?pour\s+(?:demarrer|commencer)\s*,(?!(?:\s+\w+){0,4}\s+(?:tour|presentations?|presenter|consignes|accueil)\b)"
    r"|\b(?:alors|allez|bon|ben|donc)\W+on\s+part\s+ca\b"  # Québec: "Bon ben, on part ça."
    # "je vous propose de commencer par regarder dans le rétroviseur" (not "…par un petit tour de table")
    r"|\bje\s+(?:vous\s+)?propose\s+(?:de\s+(?:commencer|demarrer)|qu'on\s+(?:commence|demarre))\s+par\b"
    r"(?!\s+(?:un\s+(?:petit\s+|rapide\s+)?tour|les\s+presentations|quelques|une\s+presentation|un\s+mot|les\s+consignes|l'accueil|les\s+mots))"
    r"|\b(?:alors|allez|bon|donc)\W+allons-y\b|\b(?:le|au)\s+vif\s+du\s+sujet\b|\bsans\s+plus\s+(?:attendre|tarder)\b|\b(?:r?entr|plong)\w*\s+(?:\w+\s+){0,3}dans\s+le\s+(?:dur|vif)\b"
    # a speaker setting out from the first topic: "Alors, si on part des freins."
    r"|(?:^|[.?!]\s+)\W*(?:(?:alors|bon|donc|et)\W+)?(?:si\s+on\s+part|partons)\s+(?:des|du|de\s+la|de\s+l')\s*(?!principe|constat|idee|fait)\w")
# The moderator presents the programme ("on a construit la matinée autour de six questions").
_PROGRAMME_SAID = re.compile(
    r"\bautour\s+de\s+(?:\w+\s+){0,2}(?:questions|temps|sequences|thematiques|axes)\b|\bau\s+programme\b"
    r"|\b(?:le|notre)\s+(?:deroule|programme)\b"
    # "les questions qui vont guider l'échange", "nos questions directrices"
    r"|\bquestions\s+(?:qui\s+(?:vont\s+)?|pour\s+)?(?:guid|structur|rythm)\w*|\bquestions\s+directrices\b"
    # "je vais suivre les quatre questions qu'on m'a envoyées" (not "deux questions du chat")
    r"|\b(?:trois|quatre|cinq|six|sept|huit)\s+(?:grandes\s+)?questions\s+(?:qui\s+ont\s+ete\s+)?(?:annoncees|prevues|au\s+programme)\b"
    # "avec le conseil citoyen on a préparé quatre questions"
    r"|\b(?:(?:prepare|retenu|choisi|construit|ecrit|redige)\w*\s+(?:\w+\s+){0,2}|(?:les|nos|ces)\s+)"
    r"(?:trois|quatre|cinq|six|sept|huit)\s+(?:grandes\s+)?(?:questions|temps|sequences|thematiques|axes)\b"
    r"(?!\s+(?:du\s+chat|de\s+la\s+salle|des\s+participants|du\s+public))")
# The moderator says the programme's order changes: questions may then come out of the announced order.
_RANKS = r"(?:" + "|".join(ORDINALS) + r"|derniere?)"
REORDERS = [
    r"\b(?:bouscul|invers|modifi|chang|boulevers|intervert)\w*\s+(?:un\s+peu\s+|legerement\s+)?(?:l'ordre|le\s+(?:programme|deroule))",
    r"\b(?:alors|bon|donc|d'accord)\W+on\s+inverse\b",  # "D'accord, alors on inverse, on prend la trois"
    r"\bchangements?\s+(?:dans|de)\s+(?:notre\s+|le\s+|l')?(?:programme|ordre|deroule)",
    r"\bentorse\s+(?:au|a\s+notre|a\s+l')\s*(?:programme|ordre|deroule)",  # "une petite entorse au programme"
    # "on va prendre les questions dans l'ordre inverse", "dans un autre ordre", "le programme à l'envers"
    r"\bdans\s+un\s+(?:autre\s+ordre|ordre\s+different)\b|\bl'ordre\s+inverse\b"
    r"|\b(?:questions|programme|deroule)\s+(?:\w+\s+)?(?:a\s+l'envers|en\s+sens\s+inverse)\b",
    # a return to the question set aside: "on termine avec la question qu'on avait gardée pour la fin"
    r"\bquestion\s+qu'on\s+(?:avait\s+)?(?:gardee|laissee|mise\s+de\s+cote|reservee|sautee)\b",
    # "je vous propose d'inverser les deux dernières questions"
    r"\b(?:invers|intervert|permut)\w*\s+(?:\w+\s+){0,2}(?:questions|points|temps|sequences|parties|dernieres|derniers|premieres|premiers)\b",
    r"\bchangements?\s+par\s+rapport\s+(?:a|au)\s+(?:ce\s+qui\s+(?:etait|a\s+ete)\s+(?:annonce|prevu)|programme)",
    r"\bdans\s+le\s+desordre\b|\bpas\s+dans\s+l'ordre\b|\bl'ordre\s+(?:prevu|annonce|initial|du\s+programme)\b",
    r"\b(?:revien\w*|revenons|retour\w*)\s+(?:donc\s+)?(?:en\s+arriere|a\s+(?:la\s+question|ce\s+point|ce\s+sujet|ce\s+theme)\s+(?:que|qu'on|laisse))",
    r"\b(?:revien\w*|revenons|retour\w*)\s+(?:maintenant\s+|donc\s+)?a\s+(?:notre|la)\s+" + _RANKS + r"\s+(?:question|partie|sequence|point|que\s+j')",
    # (not "le parc privé, qu'on a un peu laissé de côté jusqu'ici": a topic not yet discussed, taken now)
    r"\b(?:laiss|mis)\w*\s+de\s+cote\b(?!\s+jusqu)|\bsaut\w*\s+une\s+(?:case|etape|question)\b",
    r"\b" + _RANKS + r"\s+(?:question|temps|point|sujet|partie|sequence)\s+(?:avant|plutot\s+que)\s+(?:la|le)\s+" + _RANKS,
    r"\b(?:sauter|sautons|saute|passer\s+directement)\s+(?:a|au)\s+(?:la\s+)?" + _RANKS,
]
# The moderator reacts to what the last speaker said before moving on ("Moi ce qui me frappe dans ce que vous
# dites, Claire…", "Oui, et c'est intéressant ce que vous pointez"): like thanks, it opens her turn.
REACTION = re.compile(r"^\W*(?:(?:oui|alors|et|bon|ah|eh\s+bien|euh)\W+){0,3}(?:moi\W+)?(?:ce\s+qui\s+me\s+(?:frappe|marque|touche|interpelle)"
                      r"|c'est\s+(?:tres\s+|vraiment\s+)?(?:interessant|frappant|passionnant)\s+(?:ce\s+que|ce\s+qui|ca)\b)")
# ...and that they are taken from the last to the first.
REVERSED = re.compile(r"\bordre\s+inverse\b|\ba\s+l'envers\b|\ben\s+sens\s+inverse\b"
                      r"|\ben\s+(?:partant|commencant)\s+par\s+la\s+(?:derniere|fin)\b")
# The moderator says a question will not be (or was not) taken: time ran out, or it was covered along the way.
SKIPS = [
    r"\b(?:pas|plus)\s+(?:\w{1,2}\s+)?(?:eu\s+)?(?:le\s+temps|le|temps|pu|pouvoir)\s+(?:de\s+|d')?(?:\w+\s+){0,2}(?:aborder|traiter|evoquer|parler|prendre)",
    r"\b(?:ne\s+|on\s+|nous\s+)(?:pourr\w+|va|vais|allons|sera|serons)\s+pas\s+(?:\w+\s+){0,2}(?:aborder|traiter|evoquer)"
    r"(?!\s+(?:\w+\s+)?(?:tout\s+de\s+suite|maintenant|pour\s+l'instant|pour\s+le\s+moment|tout\s+a\s+l'heure))",
    r"\bfaute\s+de\s+temps\b",
    r"\b(?:a\s+ete|ont\s+ete)\s+(?:retire|supprime|annule)e?s?\b|\b(?:retire|supprime)e?s?\s+du\s+programme\b",  # withdrawn
    r"\bpas\s+(?:reussi|arrive|parvenu)s?\s+a\s+(?:\w+\s+){0,2}(?:aborder|traiter|evoquer|parler)\b",
    # (not "ça m'amène à ce qu'on n'a pas encore abordé": not yet, so now)
    r"\bn'(?:a|avons|ont|aura|aurons)\s+pas\s+(?!encore\b)(?:\w+\s+){0,2}(?:aborde|traite|evoque|parle)r?\b",
    r"\b(?:traiter\w*|aborder\w*|consacrer\w*)\s+(?:\w+\s+){0,2}(?:lors\s+d'une|a\s+une|dans\s+une|une)\s+prochaine\b",
    r"\bl'a\s+(?:deja\s+)?(?:en\s+partie\s+|largement\s+|un\s+peu\s+)?(?:effleure|survole|couvert|traite)\b",
    r"\b(?:reprendr|report|gard)\w*\s+(?:\w+\s+){0,4}(?:une?|la|le|notre)\s+prochaine?\b",
    # "la quatrième, on la laisse de côté": set aside for good, unless it is for later
    r"\b(?:la|le|les)\s+(?:laiss|met|mett)\w*\s+de\s+cote\b(?!\s*(?:pour\s+(?:l'instant|le\s+moment|plus\s+tard|la\s+fin|apres)|,?\s*on\s+y\s+reviendra))",
]
# In a skip, a rank names the question even after "un" ("on avait un dernier point au programme").
# So does a rank whose unit goes without saying ("la cinquième, celle sur les associations, on la garde…").
_SKIP_RANK = re.compile(r"\b(" + "|".join(ORDINALS) + r"|derniere?)\s+" + _UNITS + r"\b"
                        r"|\b(?:la|le)\s+(" + "|".join(ORDINALS) + r"|derniere?)\s*,")
# Questions from the audience left unanswered are not a guiding question skipped.
_AUDIENCE_QUESTIONS = re.compile(r"\b(?:les|vos|des|ces|leurs|aux)\s+questions\b|\bchat\b")
HANDOFFS = [
    r"\bje\s+(?:vous\s+|lui\s+|te\s+)?(?:passe|donne|laisse|cede|repasse|redonne)\s+(?:tout\s+de\s+suite\s+)?la\s+parole\b",
    r"\bje\s+vais\s+(?:maintenant\s+|tout\s+de\s+suite\s+|donc\s+)?(?:vous\s+|lui\s+|te\s+)?(?:passer|donner|laisser|ceder|redonner)\s+la\s+parole\b",
    r"\bje\s+(?:me\s+tourne|me\s+retourne)\s+vers\b",
    r"\bje\s+(?:vous|te|lui)\s+laisse\s+(?:demarrer|commencer)\b",
    r"(?:^|[.!?,]\s)\W*(?:(?:alors|donc)\s+)?(?:c'est\s+)?a\s+(?:vous|toi)\s*(?:[.!]|$)|\bc'est\s+a\s+toi\b",
    r"\bje\s+vais\s+(?:vous\s+)?demander\s+a\b|\bje\s+vous\s+propose\s+de\s+nous\b",
    r"\ba\s+vous\s+la\s+parole\b|\bvous\s+avez\s+la\s+parole\b",
    r",\s*c'est\s+pour\s+(?:vous|toi)\s*(?:[.!]|$)",  # "Maître Durand, la question des sanctions, c'est pour vous."
    # "Yanis, à toi de poser la question suivante" (not "c'est ton tour": two moderators may say it to each other)
    r"\ba\s+(?:toi|vous)\s+de\s+(?:nous\s+)?(?:poser|lire)\b",
]
# The moderator opens the exchanges with participants.
EXCHANGES = [
    r"\b(?:place|passons|temps|moment|partie)\s+(?:aux?|des?|d')\s*(?:les\s+)?echanges\b",
    r"(?<!avant\sd')(?<!avant\squ'on\s)(?<!avant\sque\sj'|avant\squ'il\s)\bouvr\w*\s+(?:maintenant\s+|donc\s+|tout\s+de\s+suite\s+)?(?:(?:aux?|des?|d')\s*)?(?:les\s+)?echanges\b",
    r"\bquestions?\s+(?:du\s+public|des\s+participants|de\s+la\s+salle)\b",
    # "On ouvre maintenant aux questions" (not "avant d'ouvrir aux questions")
    # (nor "la Q4, la dernière, et après on ouvre aux questions du chat")
    r"(?<!avant\sd')(?<!apres\s)(?<!apres\son\s)\b(?:on\s+)?ouvr\w*\s+(?:maintenant\s+|donc\s+)?(?:le\s+)?(?:debat|micro\s+aux|(?:les|aux)\s+questions)",
    r"\bminutes\s+pour\s+(?:les\s+|vos\s+)?(?:echanges|questions)\b",
    # "On a fait le tour de nos questions, et il nous reste une quinzaine de minutes pour vous."
    r"\bfait\s+le\s+tour\s+de\s+(?:nos|des|toutes\s+(?:nos|les))\s+questions\b|\bminutes\s+pour\s+vous\b",
    r"\b(?:minutes|temps)\b[^.?!]{0,30}\bquestions\s+(?:du\s+chat|de\s+la\s+salle|du\s+public)\b",
    # (not "on arrive au troisième et dernier temps, avant de passer à vos questions")
    r"(?<!avant\squ'on\s)(?<!avant\sde\s)\b(?:pass\w*|place|arriv\w*|venons|venir|temps|minutes|heure)(?:[\s,]+(?!avant\b)\w+){0,3}[\s,]+(?:a|aux|pour)\s+(?:vos\s+|les\s+|des\s+)?questions\b",
    r"\b(?:je\s+)?(?:commence|prends?|lis)\s+(?:par\s+)?(?:une|la)\s+(?:premiere\s+)?question\s+(?:de|d'|du|dans)\b",
    # ...not those on the question under way ("plusieurs questions dans le chat sur ce point")
    r"\b(?:beaucoup|plein|plusieurs|pas\s+mal|quelques)\s+(?:de\s+)?questions\s+(?:dans|sur|via)\s+le\s+chat\b"
    r"(?!\s*,?\s+(?:sur\s+(?:ce|cette|le\s+meme|la\s+meme)\s|a\s+ce\s+sujet|la-dessus))",
    # (not "prendre les questions quatre et cinq ensemble": the programme's, by their numbers)
    r"\b(?:re)?(?:prendre|prenons|prend)\s+(?:quelques|des|vos|les|deux\s+ou\s+trois|une\s+ou\s+deux|deux|trois|plusieurs)\s+questions\b"
    r"(?!\s+(?:\d|un|deux|trois|quatre|cinq|six|sept|huit)\b)(?!\s+(?:\w{1,3}\s+)?(?:dans\s+(?:l'|un\s+(?:autre\s+)?)ordre|dans\s+le\s+desordre|a\s+l'envers|en\s+sens))",
    # "on a une dizaine de minutes pour revenir vers le chat"
    r"\b(?:minutes|temps)\s+pour\s+(?:(?:revenir|repasser|passer|aller|retourner)\s+(?:vers|sur|dans|a)\s+)?(?:le\s+chat|la\s+salle)\b",
]
# The moderator concludes.
CONCLUSIONS = [
    r"\bpour\s+conclure\b|\ben\s+conclusion\b|\bmot\s+de\s+(?:la\s+)?(?:fin|conclusion)\b",
    r"\b(?:vais|va|dois|devoir|allons)\s+(?:devoir\s+)?(?:clore|conclure|clo?turer)\b",
    r"\bon\s+arrive\s+(?:a\s+la\s+fin|au\s+terme)\b|\barrivons\s+(?:a\s+la\s+fin|au\s+terme)\b",
    r"\bil\s+nous\s+reste\s+(?:\w+\s+){1,4}(?:minutes|quart\s+d'heure)\b",
    r"\bsynthese\b|\bje\s+retiens\b",
]
# The moderator sums up what was just said: the recap closes the chapter it sums up.
RECAPS = [
    r"\b(?:si\s+(?:je\s+|j'|on\s+)?|pour\s+)(?:resum|recapitul|synthetis)\w*",
    r"\ben\s+resume\b|\bce\s+que\s+je\s+retiens\b|\bje\s+(?:resume|recapitule)\b",  # "si" may be lost
    r"\b(?:si\s+)?(?:je\s+retiens|je\s+devais\s+retenir|on\s+retient)\b|\bce\s+qu'on\s+retient\b|\bretenons\b|\bpour\s+retenir\b",
]
# Said just before a rank, these name the chapter that ends ("voilà pour ce premier temps").
_ENDS = re.compile("|".join(RECAPS) + r"|\bvoila\s+pour\b|\bpour\s+(?:conclure|clore|clo?turer|terminer|finir)\b|\bfin\s+d[eu]\b")
# A speaker puts a topic off for later ("on y viendra", "je garde ça pour la fin"): the words said then belong
# to a chapter still to come, not to the one under way.
FORWARDS = [
    r"\by\s+(?:viendra|reviendra|arrivera|viendrai|reviendrai)\b",  # "on y viendra", even with "on" lost
    r"\b(?:va|vais|allons|allez)\s+y\s+(?:venir|revenir|arriver)\b",
    r"\ben\s+(?:reparlera|parlera|rediscutera|dira)\b|\bj'en\s+(?:reparlerai|parlerai)\b",
    r"\bdont\s+(?:on|nous)\s+(?:re)?(?:parlera|parlerons|discutera|discuterons)\b",  # "dont on parlera cet après-midi"
    # "on vous garde au chaud pour la dernière question" (not "qu'on a gardée pour la fin": a return to it)
    r"\b(?:garde|reserve|laisse)(?:z|s|ons|ra|rons|r)?(?:-\w+)?\s+(?:\w+\s+){0,3}pour\s+(?:la\s+(?:fin|suite)|tout\s+a\s+l'heure|plus\s+tard|apres|"
    r"(?:la|le|notre)\s+(?:" + "|".join(ORDINALS) + r"|derniere?)\b)",
    r"\b(?:pour|dans)\s+la\s+(?:partie|sequence|question)\s+(?:suivante|d'apres)\b",
    r"\b(?:je\s+deborde|j'anticipe)\s+(?:un\s+peu\s+|deja\s+)?sur\b",  # "je déborde un peu sur la suite"
    r"\bvous\s+anticipez\b",  # the moderator reining a speaker in
    # "on y revient juste après" (not "la deuxième, on y revient": back to it now)
    r"\by\s+revien(?:t|s|drons?)\s+(?:juste\s+|un\s+peu\s+)?(?:apres|ensuite|tout\s+a\s+l'heure|plus\s+tard)\b",
    # "on reviendra à la première à la fin"
    r"\breviendr\w*\s+(?:a|sur)\s+(?:la|le|l')\s*[\w-]+(?:\s+question)?\s+(?:a\s+la\s+fin|plus\s+tard|tout\s+a\s+l'heure|ensuite)\b",
]
# "ce qu'on disait sur la première question": said just before a rank, a reference to what was said then
_SAID_ABOUT = re.compile(r"\bce\s+qu(?:e\s+|')(?:on|vous|tu|nous|j'ai|je|il|elle)\s+(?:\w+\s+){0,2}"
                         r"(?:dit|disait|disiez|disions|evoqu\w*|abord\w*|expliqu\w*|racont\w*|entendu)\s+"
                         r"(?:sur|dans|pendant|lors\s+de|a\s+propos\s+de|a|avec)\s+(?:la|le|l'|notre|cette|ce)?\s*$")
# The moderator follows a speaker who moved on herself ("vous êtes en plein dedans, et c'était de toute façon
# notre quatrième question, donc on enchaîne"; "vous avez déjà commencé à répondre à la question suivante").
_ALREADY = re.compile(r"\bde\s+toute\s+facon\s+(?:notre|la|le)\s+(?:\w+\s+)?(?:question|point|theme|sujet)\b"
                      r"|\bvous\s+(?:avez|aviez)\s+(?:deja\s+)?(?:commence|entame)\s+a\s+(?:y\s+)?repondre\b"
                      r"|\bvous\s+avez\s+(?:deja\s+)?anticipe\s+(?:sur\s+)?(?:notre|la|ma)\b")
# ...and a question from the audience that is the next one: "ça tombe très bien, c'est exactement notre dernière
# question"
_ASKED_NEXT = re.compile(r"\bca\s+tombe\s+(?:tres\s+|plutot\s+|vraiment\s+)?bien\s*[,!.]?\s*(?:\w+\s*,\s*)?c'(?:est|etait)\s+"
                         r"(?:exactement|justement|pile)\s+(?:notre|la)\s+(?:\w+\s+)?(?:question|point|theme|sujet)\b")
# "sur ce premier temps": said just before a rank, the part under way
_ABOUT_THIS = re.compile(r"\bsur\s+(?:ce|cette)\s+\w?$")
# "c'est l'objet de notre dernière question": a topic referred to the question that will take it
_SUBJECT_OF = re.compile(r"\bobjet\s+(?:de\s+(?:la|notre|votre)|du)\s*$")
# The audience speaks or is read out: questions from the chat or the room. Dense in exchanges with
# participants, rare elsewhere (a chat question read during a chapter is one segment).
_AUDIENCE = re.compile(r"\bquestions?\b|\bchat\b|\bparticipant|\bvous\s+m'entendez\b")


# A speaker introducing themselves ("Nadia Benali, je suis conseillère parentalité à la CAF", "moi c'est
# Sylvie"): said in the folded text's first words; a name followed by "je suis" is found in the original case.
_SELF_INTRO = re.compile(
    r"\b(?:je\s+m'appelle|je\s+suis\s+(?:la\s+|le\s+|l')?(?:charge|direct|coordo|coordi|responsable|"
    r"conseill|adjoint|educat|mediat|delegue|chef|elu|vice|maire|president|animat|referent|sous-pref|psycho|infirm|"
    r"medecin|principal|professeur|fondat|co-?fondat|secretaire|gestionnaire|assistant|benevole|habitant|membre))")
_NAME_THEN_ROLE = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+[A-ZÀ-Ý][A-Za-zà-ÿ'-]+\s*,\s*je\s+suis\b"
                             r"|\b[Mm]oi\s*,?\s+c'est\s+[A-ZÀ-Ý]")
SELF_INTRO_CHARS = 100


def introduces_self(text: str) -> bool:
    """The segment opens with its speaker saying who they are (in its first hundred characters)."""
    head = text[:SELF_INTRO_CHARS]
    return bool(_SELF_INTRO.search(fold(head)) or _NAME_THEN_ROLE.search(head))


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (split at `|` outside groups and character classes)."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


def _any(patterns: list[str]) -> re.Pattern[str]:
    """One pattern for a list of them: a single search per segment and category. The alternatives that start at
    a word boundary share it, so that the boundary is tested once per position (most positions are inside a
    word) rather than once per alternative: the same matches, found about twice as fast."""
    branches = [b for p in patterns for b in _branches(p)]
    worded = [b[2:] for b in branches if b.startswith("\\b")]
    others = [b for b in branches if not b.startswith("\\b")]
    parts = ([r"\b(?:" + "|".join(f"(?:{b})" for b in worded) + ")"] if worded else []) + [f"(?:{b})" for b in others]
    return re.compile("|".join(parts))


_TRANSITION, _HANDOFF, _EXCHANGES, _CONCLUSIONS, _CONTINUATION, _REORDER, _SKIP, _RECAP, _FORWARD = (
    _any(x) for x in (TRANSITIONS, HANDOFFS, EXCHANGES, CONCLUSIONS, CONTINUATIONS, REORDERS, SKIPS, RECAPS, FORWARDS))
# The moderator plays a recording: a testimony, a video, a report ("On va regarder un petit témoignage de deux
# minutes", "je lance la vidéo"). What is said next is the recording's.
_MEDIA = r"(?:temoignage|video|film|reportage|extrait|clip|interview)"
_PLAYS = re.compile(
    r"\b(?:on\s+(?:va\s+)?(?:d'abord\s+|maintenant\s+)?(?:re)?(?:regard|ecout|voi|visionn)\w*|je\s+(?:vous\s+)?(?:lance|mets|passe|diffuse)|"
    r"(?:re)?(?:regarder|ecouter|visionner|lancer|diffuser|passer|projeter)|place\s+a)\s+(?:tout\s+de\s+suite\s+|maintenant\s+|d'abord\s+)?"
    r"(?:la|le|un|une|ce|cette|notre|l')\s*(?:\w+\s+){0,2}" + _MEDIA + r"s?\b"
    r"|\b(?:je|on)\s+(?:la\s+|le\s+|vous\s+la\s+|vous\s+le\s+)?lance\s*(?:[.!]|$)")  # "Je lance." (after naming the recording)
# ...and mentions it, introducing it ("Le premier témoignage, c'est celui de Yanis") or back from it ("merci à
# Yanis pour ce témoignage").
# ...or an answer recorded in advance ("elle a enregistré une réponse, on la lance")
_MEDIA_SAID = re.compile(r"\b" + _MEDIA + r"s?\b|\b(?:a\s+)?enregistre\s+(?:une?|sa|son)\s+(?:reponse|intervention|message|contribution)\b")
# The moderator welcomes guests joining for what follows ("j'accueille maintenant les invités de notre deuxième
# table ronde", "nous accueillons Karim Benali").
# (not a speaker's "on accueille quatre-vingts pour cent de femmes", "nous accueillons des familles")
_WELCOME = re.compile(r"\b(?:j'accueille|nous\s+accueillons|on\s+accueille|je\s+souhaite\s+la\s+bienvenue)\b"
                      r"(?!\s+(?:aussi\s+|surtout\s+|beaucoup\s+|environ\s+|chaque\s+annee\s+)?(?:des|du|de|d'|\d|un|une|deux|trois|quatre|cinq|"
                      r"six|sept|huit|neuf|dix|vingt|trente|quarante|cinquante|soixante|cent|mille|plus|moins|tous|toutes|"
                      r"chaque|les\s+(?:jeunes|familles|enfants|habitants|femmes|hommes|personnes|publics|gens|usagers|"
                      r"beneficiaires|salaries|eleves)|quatre-vingts?)\b)")
# A terse move to the next question, at the start of a sentence, not the chat's next one ("question suivante, de
# Marc", "question suivante dans le chat").
_NEXT_QUESTION = re.compile(r"(?:^|[.?!]\s+)\W*(?:(?:alors|bon|donc|et|allez)\W+)?(?:la\s+)?question\s+suivante\b"
                            r"(?!\s*,?\s+(?:de|d'|du|dans|sur\s+le\s+chat)\b)")
# The moderator takes two questions together ("les questions deux et trois se recoupent beaucoup, je vous propose
# de les traiter ensemble"): the second gets no chapter of its own.
_NUMBER = r"(" + "|".join(CARDINALS) + r"|[1-9])"
_ORD_WORD = r"(" + "|".join(ORDINALS) + r")"
_MERGED = re.compile(r"\bquestions\s+(?:numeros?\s+)?" + _NUMBER + r"\s+(?:et\s+)?" + _NUMBER + r"\b"
                     r"|\b" + _ORD_WORD + r"\s+et\s+(?:la\s+|le\s+)?" + _ORD_WORD + r"\s+(?:questions?|points?|temps)\b")
_TWO_TOGETHER = re.compile(r"\b(?:les|ces)\s+deux\s+(?:questions|points|sujets)\s+(?:suivant(?:e)?s\s+)?(?:\w+\s+){0,2}"
                           r"(?:d'un\s+(?:coup|seul\s+tenant)|ensemble|en\s+meme\s+temps)\b")
_TOGETHER = re.compile(r"\bensemble\b|\ben\s+meme\s+temps\b|\bregroup\w*|\bfusionn\w*|\bd'un\s+seul\s+tenant\b|\bse\s+recoup\w*")
_KEPT_FOR = re.compile(r"\b(?:garder|garde|gardons|laisser|reserver|preserver)\b[^.?!]{0,25}$")
_KEPT_FOR_LATER = re.compile(r"\bpour\s+(?:qu'on\s+|que\s+(?:l'on|nous)\s+)?(?:garder|garde|gardions|laisser|laisse|reserver|reserve)\b"
                             r"[^.?!]{0,25}$")
_INTERRUPTS = re.compile(r"\bje\s+(?:vous|te)\s+(?:coupe|interromps)\b|\bvien\w*\s+de\s+nous\s+rejoindre\b")
_RESUMES = re.compile(r"\b(?:on\s+reprend|reprenons|je\s+reprends|on\s+revient\s+a)\s+(?:\w+\s+){0,2}(?:la\s+)?ou\s+(?:on|nous|j')\s*"
                      r"(?:en\s+)?(?:etait|etions|etais|s'etait\s+arrete|avait\s+laisse)\b|\brevenons\s+a\s+nos\s+moutons\b"
                      r"|\b(?:vous\s+en\s+etiez|tu\s+en\s+etais)\b")  # "Docteure, vous en étiez à la PMI"
_THANKS = re.compile(r"^\W*(?:[^.?!…]{1,50}[.!…]+\s+)?(?:(?:et\s+)?(?:alors|bon|bien|tres\s+bien|parfait|super|tout\s+a\s+fait|d'accord|exactement|entendu)\W+)?"
                     r"(?:un\s+grand\s+)?merci\b")


@dataclass(frozen=True)
class Cues:
    """What one segment says about a chapter starting there (phrases are the folded matched text)."""

    transition: str | None = None
    handoff: str | None = None
    closing: str | None = None  # the exchanges open or the moderator concludes
    exchanges: str | None = None  # the exchanges with participants open
    ordinal: tuple[int | str, str] | None = None  # (question number, "last" or "penultimate", phrase)
    programme: bool = False  # the ordinal names a part of the programme ("deuxième temps de notre table ronde")
    thanks: bool = False
    continuation: str | None = None
    reorder: str | None = None
    skip: str | None = None
    recap: str | None = None  # the moderator sums up the chapter that ends
    ended: tuple[int | str, str] | None = None  # (rank, phrase) of the chapter said to end ("voilà pour ce premier temps")
    forward: str | None = None  # a topic put off for later
    rank_put_off: bool = False  # the rank is the one put off ("on y viendra, c'est l'objet du troisième temps")
    rank_under_way: bool = False  # the rank names the part under way ("Monique, à vous, sur ce premier temps")
    start: str | None = None  # the discussion proper starts ("allez, on commence")
    programme_said: bool = False  # the programme is presented ("autour de quatre questions")
    plays: str | None = None  # the moderator plays a recording ("je lance la vidéo")
    merged: tuple[int, int, str] | None = None  # two questions taken together: (first, second, phrase)
    together: str | None = None  # ...said without their ranks: "je vous pose les deux questions suivantes d'un coup"
    next_question: str | None = None  # a move to the next question that does not name it ("Question suivante.")
    interrupts: str | None = None  # the moderator cuts in for someone ("je vous coupe… madame la préfète")
    resumes: str | None = None  # ...and comes back to what was under way ("on reprend là où on en était")
    welcome: str | None = None  # the moderator welcomes new guests ("j'accueille maintenant les invités de…")
    media: bool = False  # a recording (testimony, video) is mentioned
    already: str | None = None  # the move follows a speaker already on its topic ("c'était de toute façon notre…")
    asked_next: str | None = None  # ...or a question from the audience that is the next one ("ça tombe très bien…")
    cuts_in: bool = False  # someone cuts the speaker off: "Je vous arrête, …" (a new turn)
    reacts: bool = False  # ...or reacts to what was said: "Moi ce qui me frappe dans ce que vous dites…" (a new turn)
    quotes: bool = False  # a speaker quotes a question of the programme ("votre troisième question, je la lis : …")
    audience: float = 0.0  # 1 for a question from the audience mentioned, 0.5 for a question asked


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(0).strip() if m else None


# Hesitations the recogniser keeps ("on commence, euh, par la première question") split cue phrases.
# So do tics set off by a comma ("ça nous amène, en fait, à…", "Alors, du coup, …").
_FILLERS = re.compile(r",?\s*\b(?:euh+|heu+|hum+|bah|ben)\b\s*,?|,\s*(?:en\s+fait|du\s+coup|hein|voyez)\b\s*,?")


# Ranks the recogniser writes in digits ("la 3e question", "2ème", "1re") are spelled out before the cues are read.
_DIGIT_RANK = re.compile(r"\b(10|[1-9])(?:er|re|ere|e|eme|ieme)\b")
_SPELLED = {n: w for w, n in ORDINALS.items() if w not in ("premier", "second", "seconde")}


# So are questions numbered as on the slides: "on passe à la Q2", "la q deux" (said "question deux").
_Q_NUMBER = re.compile(r"\bq\s*(10|[1-9])\b|\bq\s+(un|" + "|".join(CARDINALS) + r")\b")
_SPELLED_CARDINAL = {1: "un"} | {n: w for w, n in CARDINALS.items()}


def _spell_ranks(t: str) -> str:
    t = _Q_NUMBER.sub(lambda m: "question " + (m.group(2) or _SPELLED_CARDINAL[int(m.group(1))]), t)
    return _DIGIT_RANK.sub(lambda m: "premier" if m.group(0).endswith("er") else _SPELLED[int(m.group(1))], t)


def segment_cues(text: str) -> Cues:
    t = _spell_ranks(_FILLERS.sub(" ", fold(text)))
    ordinal, programme = None, False
    rank = _ORDINAL.search(t) or _RANK_OF_PROGRAMME.search(t)
    # A speaker correcting themselves: "notre deuxième question, enfin, à notre troisième".
    while rank and rank.re is _ORDINAL and (fix := _ORDINAL.search(t, rank.end())) \
            and _REPAIR.fullmatch(t[rank.end():fix.start()]):
        rank = fix
    if rank and rank.re is _ORDINAL and (fix := _RANK_FIX.match(t, rank.end())):
        ordinal = (_rank_value(fix.group(1)), t[rank.start():fix.end()].strip())
    elif rank:
        ordinal = (_rank_value(rank.group(1) or rank.group(2)), rank.group(0).strip())
        programme = bool(_PROGRAMME.match(t[rank.end():])) or rank.re is _RANK_OF_PROGRAMME
    elif rank := _CARDINAL.search(t):
        ordinal = (_cardinal(rank), rank.group(0).strip())
        programme = bool(_PROGRAMME.match(t[rank.end():]))
    elif rank := _BARE_RANK.search(t):
        ordinal = (_rank_value(rank.group(1) or rank.group(2)), rank.group(0).strip())
    elif rank := _BARE_CARDINAL.search(t):
        ordinal = (CARDINALS[rank.group(1)], rank.group(0).strip())
    # "pour revenir à ce qu'on disait sur la première question": a remark referred to, no move; nor is a part of
    # another text ("plutôt que de l'axe trois du contrat de ville", "le premier volet de la loi"), nor a speaker
    # quoting the programme ("votre troisième question, je la lis", "comme le dit la dernière question du programme")
    quotes = bool(rank and _QUOTING.search(t[:rank.start()]))
    # ...nor a question from the audience by its rank ("deuxième question, pour Julien, c'est Stéphane, d'un CCAS")
    asked_by = bool(rank and _ASKED_BY.search(re.split(r"[.?!]", t[rank.end():], maxsplit=1)[0]))
    if ordinal and (_SAID_ABOUT.search(t[:rank.start()]) or _OF_A_TEXT.match(t, rank.end()) or quotes or asked_by):
        ordinal = None
    # "sur ce premier temps", "toujours sur cette deuxième question": the part under way, no move to it
    under_way = bool(ordinal and _ABOUT_THIS.search(t[:rank.start() + 1]))
    recap = _first(_RECAP, t)
    ended = None
    # "si je résume ce premier temps": the rank names the chapter that ends, no transition
    if ordinal and (end := _ENDS.search(t)) and 0 <= rank.start() - end.start() < 40:
        ended, ordinal = (ordinal[0], t[end.start():rank.end()].strip()), None
    audience = 1.0 if (_AUDIENCE.search(t) or asked_by) and not ordinal else 0.5 if "?" in t else 0.0
    exchanges = _first(_EXCHANGES, t)
    # "je veux garder du temps pour vos questions, donc on attaque notre dernier point", "soyez brèves, pour qu'on
    # garde un peu de temps pour vos questions": time kept for later, not the exchanges opening
    # (but "je préfère garder le temps qui reste pour vos questions" opens them)
    said = t.find(exchanges) if exchanges else -1
    if exchanges and ((ordinal and rank.start() > said and _KEPT_FOR.search(t[:said]))
                      or _KEPT_FOR_LATER.search(t[:said])):
        exchanges = None
    # (nor a participant's "on n'a pas du tout parlé de vidéoprotection": a question, not a question dropped)
    skip = None if _AUDIENCE_QUESTIONS.search(t) or asked_by else _first(_SKIP, t)
    # Put off ("on y viendra"), unless a move on is said after it ("on vous garde avec nous pour la suite. On
    # passe à la question deux").
    ahead = _FORWARD.search(t)
    forward = ahead.group(0).strip() if ahead and not _TRANSITION.search(t, ahead.end()) else None
    # The rank said in the sentence that puts off, at or after it, is the one put off; a rank said before it ("le
    # thème 4 rejoint ce qu'on vient de dire, on gardera la chaleur pour après") or in another sentence moves on.
    # So is one that a topic just raised is said to be the subject of ("ça, c'est l'objet de notre dernière
    # question, on y viendra").
    rank_put_off = bool(forward and rank and (
        rank.start() >= ahead.start() and not re.search(r"[.?!]", t[ahead.end():rank.start()])
        or _SUBJECT_OF.search(t[:rank.start()]) and not re.search(r"[.?!]", t[rank.end():ahead.start()])))
    reorder = _first(_REORDER, t)
    if skip and reorder and "cote" in reorder and not forward:  # set aside for good: a skip, not a change of order
        reorder = None
    bare = rank is not None and rank.re in (_BARE_RANK, _BARE_CARDINAL) and ordinal is not None
    # "Bien. Première question, le bilan.": a question's rank opening the sentence is the move itself
    if ordinal and rank.re is _ORDINAL and not programme and not under_way and _QUESTION_UNIT.search(rank.group(0)):
        before = t[:rank.start()]
        bare = bare or bool(_LEADING.fullmatch(re.split(r"[.!?]", before)[-1]) or _IDENTIFIED.search(before))
    start = _first(_START, t)
    merged = None
    if (pair := _MERGED.search(t)) and _TOGETHER.search(re.split(r"[.?!]", t[pair.start():], maxsplit=1)[0]
                                                     + re.split(r"[.?!]", t[:pair.start()])[-1]):
        a, b = (_number(w) for w in (pair.group(1) or pair.group(3), pair.group(2) or pair.group(4)))
        if b == a + 1:
            merged = (a, b, pair.group(0))
    next_question = _first(_NEXT_QUESTION, t)
    transition = _first(_TRANSITION, t) or (ordinal[1] if bare else None) or start or next_question
    continuation = _first(_CONTINUATION, t)
    # "Je vous arrête, on en reste là sur ce point. Les habitants, maintenant.": cut off to move on
    if continuation and transition and _CUTS_IN.match(continuation):
        continuation = None
    resumes = _first(_RESUMES, t)
    if resumes and transition and "reprend" in transition:  # "Alors on reprend. Docteure, vous en étiez à…"
        transition = None
    return Cues(audience=audience, programme=bool(ordinal) and programme,
                transition=transition,
                next_question=next_question, handoff=_first(_HANDOFF, t),
                closing=exchanges or _first(_CONCLUSIONS, t), exchanges=exchanges,
                ordinal=ordinal, thanks=bool(_THANKS.match(t)), continuation=continuation, reorder=reorder,
                skip=skip, recap=recap, ended=ended, forward=forward, rank_put_off=rank_put_off, start=start,
                rank_under_way=under_way,
                programme_said=bool(_PROGRAMME_SAID.search(t)), plays=_first(_PLAYS, t), welcome=_first(_WELCOME, t),
                interrupts=_first(_INTERRUPTS, t), resumes=resumes, merged=merged, together=_first(_TWO_TOGETHER, t),
                media=bool(_MEDIA_SAID.search(t)), already=_first(_ALREADY, t),
                asked_next=_first(_ASKED_NEXT, t), cuts_in=bool(_CUT_IN_OPENS.match(t)),
                reacts=bool(REACTION.match(t)), quotes=quotes)


def _number(word: str) -> int:
    """A question's number said as a digit, a cardinal or an ordinal ("3", "trois", "troisième")."""
    return int(word) if word.isdigit() else CARDINALS.get(word) or ORDINALS[word]


def _rank_value(word: str) -> int | str:
    """The question a rank word names: its number, or "last" / "penultimate" (known once the questions are)."""
    if word.startswith("avant"):
        return "penultimate"
    return "last" if word.startswith("dernier") else ORDINALS[word]


def _cardinal(m: re.Match[str]) -> int:
    if m.group(1) or m.group(2):
        return 1
    word = m.group(3)
    return int(word) if word.isdigit() else CARDINALS[word]


def ranked_question(text: str, n_questions: int) -> int | None:
    """The question a phrase like "le dernier point", "la cinquième question" or "la question quatre" refers
    to (1-based)."""
    t = _spell_ranks(fold(text))
    if m := _SKIP_RANK.search(t):
        word = m.group(1) or m.group(2)
        k = n_questions if word.startswith("dernier") else ORDINALS[word]
    elif m := _CARDINAL.search(t):
        k = _cardinal(m)
    else:
        return None
    return k if 1 <= k <= n_questions else None


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
            got = [max(((c, k) for k, c in found if start <= k < start + span), default=(0.0, 0)) for found in hits]
            # Most of the reading lies in the segment itself, not in the next ones (their own reading).
            if first is not None and sum(c for c, k in got if k < first) < 0.5 * sum(c for c, _ in got):
                continue
            best = max(best, sum(c for c, _ in got))
        return best / total


def rank_unit(phrase: str) -> str | None:
    """The part a rank counts ("atelier" in "atelier numero un", "question" in "deuxieme question"), None
    for a bare rank ("la derniere")."""
    m = _UNIT.search(phrase)
    return m.group(0) if m else None
