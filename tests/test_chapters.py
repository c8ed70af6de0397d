"""find_chapters on small hand-written transcripts (real code, no mocks)."""

from __future__ import annotations

import pytest

from replay.chapters import ChapterResult, explain, find_chapters, short_title
from replay.chapters.text import content_stems, fold, stem, words
from replay.models import Segment, Transcript

QUESTIONS = [
    "Comment développer les pistes cyclables et la pratique du vélo dans les quartiers prioritaires ?",
    "Quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation saine des enfants ?",
    "Comment lutter contre le bruit et la pollution de l'air près des grands axes routiers ?",
]

OPENING = [
    "Bonjour à toutes et à tous, bienvenue à ce webinaire, vos micros sont coupés, le chat est ouvert.",
    "La séance est enregistrée et le replay sera sur notre site avec les supports des intervenants.",
    "Je remercie nos intervenants d'être présents ce matin pour cette visio.",
]
VELO = [
    "Les pistes cyclables sécurisées changent tout pour les habitants qui n'ont pas de voiture.",
    "Nous avons créé un atelier de réparation de vélos en pied d'immeuble avec une association.",
    "Le vélo électrique en location longue durée coûte dix euros par mois pour les ménages modestes.",
    "Les enfants apprennent à faire du vélo à l'école, et les mamans aussi dans les vélo-écoles.",
    "La piste cyclable relie maintenant le quartier à la gare et à la zone d'activité.",
    "Le stationnement des vélos dans les halls reste un problème, il faut des locaux sécurisés.",
]
CANTINE = [
    "À la cantine, les repas sont maintenant bio à cinquante pour cent et les menus végétariens progressent.",
    "La tarification sociale de la cantine permet aux familles modestes d'inscrire leurs enfants.",
    "Les cuisiniers de la restauration scolaire travaillent avec les producteurs locaux de légumes.",
    "Un repas équilibré à la cantine, pour certains enfants, c'est le seul vrai repas de la journée.",
    "Nous faisons des ateliers sur le gaspillage alimentaire avec les élèves et les cuisiniers.",
    "Le prix du repas à la cantine descend à un euro pour les familles au quotient le plus bas.",
]
BRUIT = [
    "Le long de la rocade, les capteurs mesurent des niveaux de dioxyde d'azote très élevés.",
    "Le bruit des camions la nuit empêche les habitants de dormir, fenêtres fermées ou non.",
    "Des murs antibruit et des écrans végétalisés ont été installés le long de l'autoroute.",
    "La pollution de l'air provoque de l'asthme chez les enfants qui vivent près des grands axes.",
    "Nous avons réduit la vitesse sur la voie rapide pour diminuer le bruit et les émissions.",
    "Les capteurs citoyens de pollution sont installés sur les balcons par les habitants.",
]
# Each topic is discussed for about two minutes, as a short webinar chapter would be.
VELO, CANTINE, BRUIT = VELO + VELO[::-1], CANTINE + CANTINE[::-1], BRUIT + BRUIT[::-1]

CLOSING = [
    "Merci beaucoup, on ouvre maintenant le temps d'échanges avec les participants, plusieurs questions dans le chat.",
    "Une participante demande comment financer les vélos, une autre parle de la cantine et du bruit.",
    "Pour conclure, je retiens que ces sujets se croisent. Merci à tous et bonne journée.",
]


def build(blocks: list[list[str]], *, gap_between_blocks: float = 2.0) -> tuple[Transcript, list[float]]:
    """Segments of 8 s separated by 0.3 s, and a longer pause between blocks (a speaker change)."""
    segs, starts, t = [], [], 1.0
    for block in blocks:
        t += gap_between_blocks
        starts.append(t)
        for text in block:
            segs.append(Segment(id=len(segs), start=t, end=t + 8.0, text=" " + text))
            t += 8.3
    return Transcript(language="fr", duration=t + 1.0, segments=tuple(segs)), starts


def lead(text: str) -> list[str]:
    return ["Merci. " + text]


def question_starts(result: ChapterResult) -> dict[int, float]:
    return {c.question: c.start for c in result.chapters if c.question is not None}


def check_invariants(result: ChapterResult, transcript: Transcript) -> None:
    chapters = result.chapters
    assert chapters[0].start == 0.0
    assert chapters[-1].end == pytest.approx(transcript.duration)
    for a, b in zip(chapters, chapters[1:]):
        assert a.end == b.start
        assert a.start < a.end
    seg_starts = {s.start for s in transcript.segments}
    for c in chapters[1:]:
        assert c.start in seg_starts
    for c in chapters:
        assert 0.0 <= c.confidence <= 1.0
        assert len(c.title) <= 60
    questions = [c.question for c in chapters if c.question is not None]
    assert len(questions) == len(set(questions))


def test_verbatim_reading_and_closing_chapter():
    transcript, starts = build([
        OPENING,
        lead("Première question, je la relis : comment développer les pistes cyclables et la pratique du vélo "
             "dans les quartiers prioritaires ? Je vous passe la parole.") + VELO,
        lead("Deuxième question : quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation "
             "saine des enfants ?") + CANTINE,
        lead("Troisième question : comment lutter contre le bruit et la pollution de l'air près des grands "
             "axes routiers ?") + BRUIT,
        CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert result.chapters[0].question is None and result.chapters[0].title == "Ouverture"
    assert result.chapters[-1].question is None and result.chapters[-1].start == starts[4]
    assert any("question read" in e for e in result.chapters[1].evidence)
    assert result.chapters[1].question_text == QUESTIONS[0]
    assert not result.warnings


def test_paraphrase_and_unstated_question():
    transcript, starts = build([
        OPENING,
        lead("Pour démarrer, parlons de la petite reine : comment on donne envie de pédaler ?") + VELO,
        CANTINE,  # nobody states the question: the next speaker simply starts on the topic
        lead("On change de sujet, avec ce qu'on respire et ce qu'on entend au bord des routes.") + BRUIT,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    found = question_starts(result)
    assert set(found) == {1, 2, 3}
    for q, start in found.items():
        assert abs(start - starts[q]) <= 10


def test_out_of_order_detected_or_forbidden():
    transcript, starts = build([OPENING, lead("On commence par les vélos.") + VELO,
                                lead("On passe au bruit.") + BRUIT, lead("Et la cantine.") + CANTINE])
    auto = find_chapters(transcript, QUESTIONS)
    check_invariants(auto, transcript)
    assert [c.question for c in auto.chapters if c.question] == [1, 3, 2]
    assert question_starts(auto)[3] == starts[2]
    assert any("out of the announced order" in w for w in auto.warnings)
    announced = find_chapters(transcript, QUESTIONS, order="announced")
    check_invariants(announced, transcript)
    order = [c.question for c in announced.chapters if c.question]
    assert order == sorted(order)


def test_skipped_question_gets_no_chapter_and_a_warning():
    transcript, starts = build([OPENING, lead("Parlons vélo.") + VELO, lead("Et le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert set(question_starts(result)) == {1, 3}
    assert any("question 2" in w for w in result.warnings)


def test_pins_fix_a_start_and_the_rest_is_resolved():
    transcript, starts = build([OPENING, VELO, CANTINE, BRUIT, CLOSING])
    pin = starts[3] + 5 * 8.3 + 1.0  # 1 s after a segment start, well inside the real chapter
    result = find_chapters(transcript, QUESTIONS, pins={3: pin})
    check_invariants(result, transcript)
    found = question_starts(result)
    assert found[3] == pytest.approx(pin - 1.0)  # snapped to the nearest segment start
    assert abs(found[1] - starts[1]) <= 10 and abs(found[2] - starts[2]) <= 10
    chapter3 = next(c for c in result.chapters if c.question == 3)
    assert "pinned in the event file" in chapter3.evidence
    # a pinned question is always kept, even where nothing is said about it
    kept = find_chapters(transcript, QUESTIONS, pins={2: starts[4]})
    assert question_starts(kept)[2] == starts[4]


def test_noisy_text_without_accents_or_case():
    def degrade(text: str) -> str:
        return fold(text).replace("'", " ")

    blocks = [[degrade(x) for x in b] for b in (OPENING, VELO, CANTINE, BRUIT, CLOSING)]
    transcript, starts = build(blocks)
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    for q, start in question_starts(result).items():
        assert abs(start - starts[q]) <= 10


def test_titles_given_are_used():
    transcript, _ = build([OPENING, VELO, CANTINE, BRUIT])
    result = find_chapters(transcript, QUESTIONS, titles=("Vélo", "Cantines", "Bruit et pollution"))
    assert [c.title for c in result.chapters if c.question] == ["Vélo", "Cantines", "Bruit et pollution"]


def test_empty_inputs():
    empty = Transcript(language="fr", duration=12.0, segments=())
    result = find_chapters(empty, QUESTIONS)
    assert len(result.chapters) == 1 and result.chapters[0].end == 12.0 and result.warnings
    transcript, _ = build([VELO])
    assert find_chapters(transcript, []).warnings
    with pytest.raises(ValueError):
        find_chapters(transcript, QUESTIONS, order="random")


@pytest.mark.parametrize("question", [
    "Quels sont les ressorts de l'action publique en faveur du logement permettant de combattre les "
    "discriminations systémiques ?",
    "Quel rôle les entreprises et les employeurs du territoire, bailleurs sociaux compris, peuvent-ils jouer "
    "pour favoriser l'embauche de ces jeunes ?",
    "Comment associer les habitants concernés tout au long du processus de relogement ?",
    "Quels financements européens et nationaux les collectivités peuvent-elles mobiliser pour la transition ?",
    "Pourquoi ?",
])
def test_short_titles(question):
    title = short_title(question)
    assert 0 < len(title) <= 60
    assert title[0].isupper()
    assert not title.endswith(("?", ",", ".", ":", " "))
    assert not title.lower().startswith(("quels sont", "quel rôle", "quelles sont"))
    words_in_q = set(question.replace("'", " ").replace(",", " ").split())
    added = {"à", "de", "des", "du", "d", "qui", "que", "qu", ":", "?"}  # the rewriting adds only these
    assert all(w in words_in_q or w.capitalize() in words_in_q or w.lower() in question.lower() or w in added
               for w in title.replace("'", " ").split())  # never cut mid-word


@pytest.mark.parametrize("question, title", [
    ("Quels dispositifs d'intervention mobiliser pour redresser les copropriétés en difficulté ?",
     "Dispositifs d'intervention à mobiliser"),
    ("Quel rôle les entreprises et les employeurs du territoire, bailleurs sociaux compris, peuvent-ils jouer "
     "pour favoriser l'embauche de ces jeunes ?", "Rôle des entreprises et des employeurs du territoire"),
    ("Quels visages prend aujourd'hui la précarité alimentaire et qui sont les publics qui en sont touchés ?",
     "Visages de la précarité alimentaire"),
    ("Quel cadre juridique et quelles obligations encadrent le relogement des ménages dans les projets de "
     "renouvellement urbain ?", "Cadre juridique et obligations qui encadrent le relogement"),
    ("Comment les bailleurs sociaux et leurs partenaires organisent-ils le relogement à l'échelle "
     "intercommunale ?", "Comment les bailleurs sociaux organisent le relogement"),
    ("Comment mesurer et qualifier la vacance commerciale à l'échelle d'un quartier ou d'un centre ancien ?",
     "Mesurer et qualifier la vacance commerciale"),
    ("Quels modèles d'accompagnement privilégier : médiation individuelle, ateliers collectifs, Aidants "
     "Connect ?", "Modèles d'accompagnement à privilégier"),
    ("Qui participe réellement aux budgets participatifs et aux FPH : jeunes, étrangers, publics éloignés ?",
     "Qui participe réellement aux budgets participatifs ?"),
    ("Comment la tarification sociale peut-elle garantir l'accès à la cantine des enfants des familles "
     "modestes ?", "Tarification sociale : garantir l'accès à la cantine"),
    ("Comment mieux coordonner les institutions (CAF, CPAM, France Travail, CCAS) autour des parcours des "
     "habitants ?", "Mieux coordonner les institutions autour des parcours"),
])
def test_short_titles_are_correct_french(question, title):
    # The interrogative form becomes a noun phrase, an infinitive or an indirect question; examples in
    # brackets or after a colon go; a cut falls before a complement, never before the clause's verb.
    assert short_title(question) == title


def test_short_title_example():
    title = short_title("Quels sont les ressorts de l'action publique en faveur du logement permettant de "
                        "combattre les discriminations systémiques ?")
    assert title.startswith("Ressorts de l'action publique")


def test_explain_lists_chapters_evidence_and_warnings():
    transcript, _ = build([OPENING, lead("Parlons vélo.") + VELO, lead("Et le bruit.") + BRUIT])
    result = find_chapters(transcript, QUESTIONS)
    text = explain(result)
    assert "Ouverture" in text and "00:00:00" in text
    assert "confidence" in text and "question 1" in text
    assert "Warnings:" in text and "question 2" in text


def test_french_text_handling():
    assert words("L'accès à l'emploi qu'on DÉCROCHE") == ["acces", "a", "emploi", "on", "decroche"]
    assert stem("discriminations") == stem("discrimination")
    assert stem(fold("relogés")) == stem("relogement") == stem("reloger")
    assert content_stems("les quartiers prioritaires") == content_stems("quartier prioritaire")


def test_chapter_starts_at_the_moderators_lead_in_not_at_the_answer():
    # The moderator thanks, puts the next question in their own words and hands over; the answer that
    # follows also opens with "merci" and is where the topic's vocabulary starts.
    lead_in = ["Merci beaucoup. Changeons de registre avec ce qu'on mange à midi à l'école.",
               "Qu'est-ce qui se passe dans vos assiettes ? Je vous passe la parole."]
    transcript, starts = build([OPENING, lead("Parlons vélo.") + VELO, lead_in,
                                ["Merci. " + CANTINE[0]] + CANTINE[1:], lead("Et le bruit.") + BRUIT])
    found = question_starts(find_chapters(transcript, QUESTIONS))
    assert found[2] == starts[2]


def test_turns_without_speaker_labels():
    from replay.chapters.cues import segment_cues
    from replay.chapters.turns import find_turns
    import numpy as np

    texts = ["Le vélo change tout.", "Les pistes sont sûres.", "Les enfants en font.", "Merci. Et la cantine, alors ?",
             "Je vous passe la parole.", "Merci. La cantine est bio.", "Les menus changent.", "Le prix baisse.",
             "Je voudrais juste compléter sur le prix."]
    starts = np.arange(len(texts)) * 8.0
    gaps = np.array([0.0, 0.3, 0.2, 2.0, 0.3, 2.0, 0.4, 0.2, 2.0])  # pauses between speakers
    turns = find_turns(starts, gaps, texts, [segment_cues(t) for t in texts], [None] * len(texts))
    assert list(turns.first) == [0, 0, 0, 3, 3, 5, 5, 5, 8]
    assert turns.lead_in[3] == 1.0 and turns.answer[5] == 1.0 and turns.lead_in[0] == 0.0
    assert turns.lead_in_start(5) == 3
    assert turns.follow[8] == 1.0 and turns.follow[5] == 0.0
    # A speaker asking to add a word is a follow-up; the moderator's turn after it that thanks and moves on
    # ("Merci Nadia. On va parler maintenant de la cantine.") does not go on with it.
    texts = ["Le vélo change tout.", "Les pistes sont sûres.", "Les enfants en font.",
             "Est-ce que je peux ajouter un petit mot ?", "Le prix du vélo compte aussi.",
             "Merci Nadia. On va parler maintenant de la cantine.", "La cantine est bio.", "Les menus changent."]
    gaps = np.array([0.0, 0.3, 0.2, 2.0, 0.3, 2.0, 2.0, 0.3])
    turns = find_turns(starts[:8], gaps, texts, [segment_cues(t) for t in texts], [None] * len(texts))
    assert list(turns.first) == [0, 0, 0, 3, 3, 5, 6, 6]
    assert turns.follow[3] == 1.0 and turns.lead_in[3] > 0 and turns.follow[5] == 0.0


def test_agenda_read_in_the_opening_is_not_a_chapter_start():
    agenda = ["Voici notre programme. Premier temps : comment développer les pistes cyclables et la pratique du "
              "vélo dans les quartiers prioritaires ?",
              "Deuxième temps : quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation saine "
              "des enfants ?",
              "Troisième temps : comment lutter contre le bruit et la pollution de l'air près des grands axes "
              "routiers ?"]
    transcript, starts = build([
        OPENING + agenda + OPENING,
        lead("On y va. Je reprends la première question : comment développer les pistes cyclables et la "
             "pratique du vélo dans les quartiers prioritaires ?") + VELO,
        lead("Passons à la cantine.") + CANTINE, lead("Et maintenant le bruit.") + BRUIT, CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    found = question_starts(result)
    assert found == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert any("question read" in e for e in result.chapters[1].evidence)


def test_announced_change_of_order_is_followed_and_explained():
    transcript, starts = build([
        OPENING,
        lead("On commence par les vélos.") + VELO,
        lead("Je vais bousculer un peu l'ordre prévu, notre spécialiste du bruit doit partir tôt.") + BRUIT,
        lead("On revient donc en arrière, à la cantine.") + CANTINE,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert [c.question for c in result.chapters if c.question] == [1, 3, 2]
    assert question_starts(result) == {1: starts[1], 3: starts[2], 2: starts[3]}
    chapter2 = next(c for c in result.chapters if c.question == 2)
    assert any("change of order announced" in e and "bousculer" in e for e in chapter2.evidence)


def test_question_announced_as_not_taken_gets_no_chapter_even_if_its_words_come_back():
    transcript, starts = build([
        OPENING,
        lead("Première question, sur le vélo.") + VELO,
        lead("Deuxième question, la cantine.") + CANTINE,
        ["Merci. Faute de temps, on ne pourra pas aborder le dernier point, on le reprendra une prochaine fois."],
        # the exchanges come back to the skipped topic: still no chapter for it
        ["Merci, on passe maintenant à vos questions, il y en a beaucoup dans le chat.",
         "Une question de Paul : les capteurs de pollution près des grands axes, ça sert à quoi ?"] + BRUIT[:6],
        ["Pour conclure, merci à tous, le replay sera en ligne."],
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert set(question_starts(result)) == {1, 2}
    assert any("question 3" in w and "announced as not taken" in w for w in result.warnings)
    assert result.chapters[-1].question is None and result.chapters[-1].start <= starts[4]


def test_exchanges_that_revisit_a_theme_stay_in_the_closing_chapter():
    transcript, starts = build([
        OPENING,
        lead("Parlons vélo.") + VELO,
        lead("Passons à la cantine.") + CANTINE,
        lead("Et le bruit.") + BRUIT,
        ["Merci à tous les trois, il nous reste vingt minutes pour vos questions, je commence par une question "
         "de Karim dans le chat.",
         "Karim demande comment on finance les ateliers de réparation de vélos ?"] + VELO[:8],
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    found = question_starts(result)
    assert set(found) == {1, 2, 3} and all(abs(found[q] - starts[q]) <= 30 for q in found)
    closing = result.chapters[-1]
    assert closing.question is None and closing.start == starts[4]
    assert closing.title == "Échanges avec les participants"


def test_unanswered_audience_questions_do_not_skip_a_guiding_question():
    transcript, starts = build([
        OPENING,
        lead("Parlons vélo.") + VELO,
        lead("Passons à la cantine.") + CANTINE,
        lead("Et le bruit.") + BRUIT,
        ["Je suis désolée pour toutes les questions qu'on n'a pas pu traiter, on y répondra par écrit.",
         "Merci à tous et bonne journée."],
    ])
    result = find_chapters(transcript, QUESTIONS)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert not any("not taken" in w for w in result.warnings)


def test_cues_for_order_skips_exchanges_and_the_programme():
    from replay.chapters.cues import ranked_question, segment_cues

    assert segment_cues("On va bousculer un peu l'ordre prévu.").reorder
    assert segment_cues("On revient donc à la question que nous avions laissée de côté.").reorder
    assert not segment_cues("On va parler de l'ordre public.").reorder
    assert segment_cues("Alors, petit changement par rapport à ce qui était annoncé : on commence par l'espace public.").reorder
    assert segment_cues("On n'aura pas le temps d'aborder le dernier point.").skip
    assert ranked_question("On n'aura pas le temps d'aborder le dernier point.", 5) == 5
    assert ranked_question("la troisième question", 2) is None
    assert segment_cues("Je vous propose de passer directement à vos questions.").exchanges
    assert segment_cues("On ouvre le temps d'échanges.").exchanges
    assert not segment_cues("Passons à la question suivante.").exchanges
    premier = segment_cues("Premier temps de notre table ronde : on part du terrain.")
    assert premier.ordinal[0] == 1 and premier.programme
    assert not segment_cues("Deuxième point, les chiffres.").programme
    dropped = segment_cues("Premier de notre table ronde, donc : on part du terrain.")  # "temps" lost
    assert dropped.ordinal[0] == 1 and dropped.programme
    assert not segment_cues("C'est le premier de la liste.").ordinal
    assert segment_cues("Merci. Sophie, à vous.").handoff


def test_recap_closes_the_chapter_it_sums_up():
    # The moderator sums up the cycling chapter, then moves on in the same turn: the next chapter starts
    # with the transition sentence, not with the recap.
    recap_then_move_on = [
        "Merci. Si je résume : des pistes cyclables sécurisées, des ateliers de réparation de vélos en pied d'immeuble.",
        "Et le vélo électrique en location pour les ménages modestes, avec les vélo-écoles pour les mamans.",
        "Deuxième temps de notre table ronde : ce qu'on mange à midi à l'école. Je vous passe la parole.",
    ]
    transcript, starts = build([OPENING, lead("Parlons vélo.") + VELO, recap_then_move_on, CANTINE,
                                lead("Et maintenant le bruit.") + BRUIT])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    found = question_starts(result)
    assert found[2] == pytest.approx(starts[2] + 2 * 8.3)
    assert found[1] == starts[1] and found[3] == starts[4]


def test_answer_to_a_follow_up_question_continues_the_chapter():
    from replay.chapters.cues import segment_cues
    from replay.chapters.turns import find_turns
    import numpy as np

    assert segment_cues("Karim, vous voulez réagir ?").continuation
    assert segment_cues("Sophie, vous êtes concernée par ce qui vient d'être dit.").continuation
    assert segment_cues("Et vous aussi, au CCAS, vous avez mis en place des choses ?").continuation
    assert not segment_cues("Passons à la deuxième question.").continuation
    texts = ["Le vélo change tout.", "Les pistes sont sûres.", "Les enfants en font.",
             "Merci. Karim, vous voulez réagir ?",
             "Oui, les pistes cyclables, on les a aussi.", "Chez nous, le vélo marche bien.", "Et la location aussi.",
             "Merci. Et la cantine, alors ?", "La cantine est bio.", "Les menus changent.", "Le prix baisse."]
    starts = np.arange(len(texts)) * 8.0
    gaps = np.array([0.0, 0.3, 0.2, 2.0, 2.0, 0.3, 0.4, 2.0, 2.0, 0.3, 0.2])  # pauses between speakers
    turns = find_turns(starts, gaps, texts, [segment_cues(t) for t in texts], [None] * len(texts))
    assert list(turns.first) == [0, 0, 0, 3, 4, 4, 4, 7, 8, 8, 8]
    assert turns.follow[3] == 1.0 and turns.follow[4] >= 0.8  # the follow-up question and its answer
    assert turns.follow[7] == 0.0 and turns.follow[8] == 0.0  # a new question and its answer


def test_topic_put_off_for_later_is_marked():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Et d'ailleurs le parc privé joue un rôle, on y viendra.").forward
    assert segment_cues("Sur le numérique, je garde ça pour tout à l'heure.").forward
    assert segment_cues("Mais ça, c'est plutôt pour la partie suivante, je crois.").forward
    assert segment_cues("Merci. Si résume sur euh la coordination : le CLSM réunit élus").recap  # "je" lost
    assert not segment_cues("On y va, la parole est à Karim.").forward


def test_skip_said_at_the_end_and_ranked_audience_questions():
    # The last question is never discussed; the moderator says so only at the very end. In the exchanges,
    # "dernière question, de Julien" is a question from the audience, not the last guiding question.
    transcript, starts = build([
        OPENING,
        lead("Première question, sur le vélo.") + VELO,
        lead("Deuxième question, la cantine.") + CANTINE,
        ["Merci. On a beaucoup de questions dans le chat, on y passe. Première question, de Sophie : les vélos "
         "électriques, c'est assuré ?"] + VELO[:4],
        ["Merci. Dernière question, très pratique, de Julien : les repas bio à la cantine coûtent-ils plus cher ?"]
        + CANTINE[:4],
        ["Pour conclure, on n'a pas eu le temps de parler du bruit et de la pollution, ce sera pour une autre fois."],
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert set(question_starts(result)) == {1, 2}
    assert any("question 3" in w and "announced as not taken" in w for w in result.warnings)
    assert result.chapters[-1].question is None and result.chapters[-1].start == starts[3]


def test_the_words_of_a_question_beat_a_rank_counted_in_the_order_taken():
    # Taken in the order 1, 3, 2; the moderator counts in the order taken ("deuxième point" for question 3)
    # but reads each question: the words name the question.
    transcript, starts = build([
        OPENING,
        lead("Premier point : comment développer les pistes cyclables et la pratique du vélo dans les quartiers "
             "prioritaires ?") + VELO,
        lead("Deuxième point : comment lutter contre le bruit et la pollution de l'air près des grands axes "
             "routiers ?") + BRUIT,
        lead("Troisième point : quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation saine "
             "des enfants ?") + CANTINE,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert [c.question for c in result.chapters if c.question] == [1, 3, 2]
    assert question_starts(result) == {1: starts[1], 3: starts[2], 2: starts[3]}
    for chapter in result.chapters[1:]:  # each start cites the reading, not a rank taken for an agenda
        assert any("question read" in e for e in chapter.evidence), chapter.evidence


def test_more_ways_to_open_the_exchanges():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Il nous reste une petite dizaine de minutes, je vous propose de prendre quelques "
                        "questions du chat.").exchanges
    assert segment_cues("On a beaucoup de questions dans le chat, Nadia me fait signe.").exchanges
    assert segment_cues("Il nous reste une petite dizaine de minutes.").closing
    assert not segment_cues("J'ai une question dans le chat, de Karim.").exchanges


def test_a_recap_naming_the_first_question_then_the_second_read_is_no_agenda():
    # Past the opening, "pour la première question, je retiens…" then "deuxième question : <read>" is a recap
    # and a transition: the reading starts the second chapter.
    recap_then_read = [
        "Merci. Pour la première question, je retiens les pistes cyclables et les ateliers de réparation.",
        "Deuxième question : quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation saine "
        "des enfants ? Je vous passe la parole.",
    ]
    transcript, starts = build([OPENING, lead("Parlons vélo.") + VELO, recap_then_read, CANTINE,
                                lead("Et maintenant le bruit.") + BRUIT])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    chapter2 = next(c for c in result.chapters if c.question == 2)
    assert any("question read" in e for e in chapter2.evidence), chapter2.evidence


def test_agenda_read_in_two_runs_and_the_first_question_started_mid_turn():
    # The programme is read quickly (three questions in one segment), the speakers are introduced with the
    # event's theme words, then the moderator starts question 1 without pausing, hesitating on the way.
    agenda = ["On a prévu trois temps. Comment développer les pistes cyclables et la pratique du vélo dans les "
              "quartiers prioritaires.",
              "Les cantines scolaires pour une alimentation saine des enfants. Et enfin "
              "comment lutter contre le bruit et la pollution de l'air près des grands axes routiers."]
    speakers = ["Avec nous, une responsable vélo et pistes cyclables de la métropole, une cuisinière de cantine "
                "scolaire et un ingénieur qui mesure la pollution de l'air et le bruit des axes routiers.",
                "Voilà.", "Alors on commence, euh, par la première question, celle des déplacements."]
    transcript, _ = build([
        OPENING + agenda + speakers,
        VELO, lead("Passons à la cantine.") + CANTINE, lead("Et maintenant le bruit.") + BRUIT, CLOSING,
    ])
    started = next(s.start for s in transcript.segments if "on commence" in s.text)
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result)[1] == started
    assert any("premiere question" in e for e in result.chapters[1].evidence)


def test_the_moderator_cutting_in_or_letting_the_speaker_go_on_continues_the_chapter():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Je vous arrête une seconde, Sophie, parce que Nadia parlait de la VAE.").continuation
    assert segment_cues("Oui, et je vois que ça réagit dans le chat, pardon, continuez.").continuation
    assert segment_cues("Nadia en parlera mieux que moi.").forward
    assert segment_cues("Alors on commence, euh, par la première question.").transition
    assert not segment_cues("Sophie, je vous laisse la parole.").continuation


def test_ranks_said_as_numbers_readings_announced_and_ranks_that_close_a_chapter():
    from replay.chapters.cues import ranked_question, segment_cues

    four = segment_cues("Alors on y va. Question quatre, donc, je vous la lis telle qu'elle figure au programme.")
    assert four.ordinal[0] == 4 and four.transition
    assert segment_cues("On passe au point numéro deux.").ordinal[0] == 2
    assert segment_cues("La question numéro un, c'est le financement.").ordinal[0] == 1
    assert not segment_cues("C'est une question un peu délicate.").ordinal
    assert not segment_cues("Sur ce point 25 % des ménages sont concernés.").ordinal
    assert ranked_question("On n'a pas pu traiter la question cinq.", 5) == 5
    assert segment_cues("Vous l'aurez remarqué, on n'a pas réussi à traiter la question sur la pair-aidance.").skip
    assert segment_cues("pas réussi à traiter la question sur la pair-aidance").skip  # "on n'a" lost
    # A rank after a recap or "voilà pour" names the chapter that ends, not the next one.
    recap = segment_cues("Merci. Donc si je résume ce premier temps : une aide à la décision.")
    assert recap.ordinal is None and recap.ended == (1, "si je resume ce premier temps") and recap.recap
    assert segment_cues("Voilà pour la deuxième question.").ended[0] == 2
    assert segment_cues("Deuxième question, de Fatou, qui est parent : est-ce que…").ordinal is None
    assert segment_cues("La deuxième question de notre table ronde porte sur la cantine.").ordinal[0] == 2
    assert segment_cues("Alors on démarre.").transition and not segment_cues("On démarre à peine.").transition
    assert segment_cues("Maintenant, je voudrais qu'on regarde l'autre grand chantier.").transition
    assert segment_cues("Ça nous amène à notre deuxième question, enfin, à notre troisième question.").ordinal[0] == 3
    assert segment_cues("La deuxième question et la troisième question se rejoignent.").ordinal[0] == 2
    assert segment_cues("Et puis on voulait aussi dire un mot de la parole des femmes.").transition


def test_a_speaker_introduced_in_a_questions_words_after_the_agenda_is_no_second_agenda():
    # The agenda lists the three questions and announces that the third comes first; the speakers are then
    # introduced in question 1's words, and question 3 is read: the reading starts its chapter.
    agenda = ["Nos trois questions. Comment développer les pistes cyclables et la pratique du vélo dans les "
              "quartiers prioritaires.",
              "Les cantines scolaires pour une alimentation saine des enfants. Et enfin "
              "comment lutter contre le bruit et la pollution de l'air près des grands axes routiers.",
              "Petit changement, on va bousculer l'ordre et commencer par la troisième."]
    intro = ["Avec nous, la responsable du plan pour développer les pistes cyclables et la pratique du vélo dans les "
             "quartiers prioritaires."]
    read3 = ["Alors on y va. Question trois, je vous la lis : comment lutter contre le bruit et la pollution de "
             "l'air près des grands axes routiers ?"]
    transcript, starts = build([OPENING + agenda + intro + read3, BRUIT, lead("Parlons vélo.") + VELO,
                                lead("Passons à la cantine.") + CANTINE, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    read_at = next(s.start for s in transcript.segments if "Question trois" in s.text)
    assert question_starts(result)[3] == read_at
    assert [c.question for c in result.chapters if c.question] == [3, 1, 2]


def test_a_rank_in_a_recap_keeps_the_chapter_it_closes_going():
    # The second speaker on cycling talks like the canteen chapter to come; the moderator then sums up "ce
    # premier temps": the cycling chapter runs to the recap, and the canteen one starts after it.
    drifting = ["À la cantine aussi les enfants viennent à vélo, et les repas bio de la cantine scolaire comptent.",
                "La tarification sociale de la cantine et les menus végétariens, on y pense pour les cyclistes."]
    recap = ["Merci. Donc si je résume ce premier temps : des pistes cyclables sécurisées et des ateliers.",
             "Maintenant, je voudrais qu'on regarde l'autre grand chantier, ce qu'on mange à midi."]
    transcript, starts = build([OPENING, lead("Parlons vélo.") + VELO, drifting, recap, CANTINE,
                                lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    found = question_starts(result)
    assert found[1] == starts[1]
    assert starts[3] < found[2] <= starts[4]
    chapter1 = next(c for c in result.chapters if c.question == 1)
    assert any(e.startswith("said to end at") and "premier temps" in e for e in chapter1.evidence), chapter1.evidence


def test_a_speaker_drifting_into_the_next_topic_stays_in_the_chapter_until_the_moderator_moves_on():
    # A second speaker on cycling drifts into the canteen's words for a minute and a half; the moderator then
    # thanks them and announces the move ("ça fait une transition toute trouvée"): the canteen chapter starts
    # there, not where the drift began, and says why.
    drift = CANTINE[:6] + ["Voilà, c'est tout ce que je voulais dire sur notre quartier et sur les déplacements."]
    move_on = ["Merci beaucoup Karim. Et ça fait une transition toute trouvée vers ce qu'on mange à midi à l'école."]
    transcript, starts = build([OPENING, lead("Parlons vélo.") + VELO, ["Merci. Karim, de votre côté ?"], drift,
                                move_on + CANTINE, lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    found = question_starts(result)
    assert found[1] == starts[1] and found[3] == starts[5]
    assert found[2] == starts[4]
    chapter2 = next(c for c in result.chapters if c.question == 2)
    assert "transition" in chapter2.evidence[0] and "after talk in its words" in chapter2.evidence[0]


def test_a_question_put_again_to_the_speaker_who_has_the_floor_is_a_follow_up():
    from replay.chapters.cues import segment_cues
    from replay.chapters.names import addressed_names, lowercase_words
    from replay.chapters.turns import find_turns
    import numpy as np

    common = {"alors", "vous", "et"}
    assert addressed_names("Je passe la parole à Karim, de la mission locale de Val-de-Brie.", common) == ["Karim"]
    assert addressed_names("Et l'allocation, Karim ? C'est un levier ?", common) == ["Karim"]
    assert addressed_names("Merci Karim. Et du coup, Nathalie, vous êtes du côté des entreprises.", common) == ["Nathalie"]
    assert addressed_names("Alors, on y va.", common) == []  # a capitalised word the recording also writes lower case
    assert addressed_names("Ah, et avant de commencer, un sondage.", set()) == []
    assert "alors" in lowercase_words(["Alors, on y va, alors."])

    def follow(lead_in_text):
        texts = ["Merci. Je passe la parole à Karim, de la mission locale.", "Le contrat marche bien.",
                 "Les jeunes viennent.", "Ils restent.", "Ils trouvent.", lead_in_text,
                 "Alors, c'est les deux, honnêtement.", "Ça aide un peu.", "Pas toujours."]
        starts = np.arange(len(texts)) * 8.0
        gaps = np.array([0.0, 2.0, 0.3, 0.2, 0.3, 2.0, 2.0, 0.3, 0.2])  # pauses between speakers
        turns = find_turns(starts, gaps, texts, [segment_cues(t) for t in texts], [None] * len(texts))
        assert list(turns.first) == [0, 1, 1, 1, 1, 5, 6, 6, 6]
        return turns.follow[5], turns.follow[6]

    assert follow("Et l'allocation, Karim ? Est-ce que c'est un levier ?") == (1.0, pytest.approx(0.8))
    assert follow("Et du coup, Nathalie, qu'est-ce qui fait qu'un patron embauche ?") == (0.0, 0.0)  # someone new
    assert follow("Merci. Karim, et les employeurs, alors ?") == (0.0, 0.0)  # thanked first: done with the topic
    assert follow("Alors on change de registre. Karim, et les employeurs ?") == (0.0, 0.0)  # the moderator moves on


def test_follow_ups_and_moves_said_in_other_words():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Hélène, je vous vois réagir, enfin je vous vois hocher la tête.").continuation
    assert segment_cues("Merci Marion. Une question rapide : votre outil, vous le mettez à jour tous les combien ?").continuation
    assert segment_cues("Parfait. Et pour finir, la question de l'ailleurs, si je puis dire.").transition
    assert not segment_cues("Et pour finir, je dirais que c'est un travail de longue haleine.").transition
    assert not segment_cues("Une question sur les bailleurs, parce qu'on en voit passer à l'ADIL.").transition
    assert segment_cues("Passons à la deuxième question.").transition
    assert segment_cues("Pour commencer, j'aimerais qu'on parle des enfants.").transition
    assert not segment_cues("Et c'est pour commencer, disons, à travailler ensemble.").transition


def test_the_opening_monologue_running_into_the_first_question_starts_it_at_its_transition():
    # No pause between the welcome and the first question: the moderator goes straight on with "Pour
    # commencer, j'aimerais qu'on parle…", and the cycling chapter starts with that sentence.
    opening = OPENING + ["Avec nous des élus, des associations et des habitants de trois villes de la région.",
                         "Pour commencer, j'aimerais qu'on parle des trajets des habitants, des déplacements au quotidien.",
                         "Madame l'adjointe, vous nous racontez ?"]
    transcript, starts = build([opening + VELO, lead("Passons à la cantine.") + CANTINE,
                                lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    said_at = next(s.start for s in transcript.segments if "Pour commencer" in s.text)
    assert question_starts(result)[1] == said_at
    assert result.chapters[0].question is None


def test_a_round_of_self_introductions_in_the_opening_stays_in_it():
    # The speakers introduce themselves in the first question's words ("je suis chargée des pistes cyclables");
    # the cycling chapter starts where the moderator announces it, not at the first introduction.
    intros = [["Je vais d'abord demander à chacun de se présenter en deux mots. Nadia ?"],
              ["Bonjour. Nadia Benali, je suis chargée de développer les pistes cyclables et la pratique du vélo "
               "dans les quartiers prioritaires."],
              ["Merci. Sylvie ?"],
              ["Bonjour à tous. Sylvie Marchand, je suis responsable des vélo-écoles et de la location de vélos."],
              ["Et enfin Karim."],
              ["Bonjour. Moi c'est Karim, je suis animateur, je fais du vélo avec les jeunes du quartier."]]
    transcript, starts = build([OPENING, *intros, ["Merci à tous les trois. Alors, premier temps, les déplacements."]
                                + VELO, lead("Passons à la cantine.") + CANTINE, lead("Et maintenant le bruit.") + BRUIT,
                                CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[7], 2: starts[8], 3: starts[9]}


def test_the_move_after_a_recap_that_closes_the_first_question_starts_the_second():
    # "Si je retiens une chose de ce premier temps, …" then, in the same turn and with no cue, the moderator
    # goes on: the canteen chapter starts with that sentence, not where its words start to dominate.
    recap = ["Merci. Si je retiens une chose de ce premier temps, c'est que les pistes cyclables changent tout.",
             "Et justement, à midi, on se retrouve tous autour d'une table. Sophie, chez vous ?"]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO, recap + CANTINE,
                                lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    moved_at = next(s.start for s in transcript.segments if s.text.startswith(" Et justement"))
    assert question_starts(result) == {1: starts[1], 2: moved_at, 3: starts[3]}


def test_a_question_discussed_without_its_words_still_gets_its_chapter_at_the_moderators_move():
    # The canteen question is never put in its words, nor answered in them; the moderator moves on to it
    # ("je voudrais qu'on descende sur le terrain, à midi"). Found in the announced order between the other two,
    # it starts at that move, and the evidence says how it was placed.
    midday = ["À midi, les plateaux arrivent, la file d'attente s'allonge et le self se remplit en dix minutes.",
              "Les petits de maternelle passent en premier, les grands du CM2 passent en dernier.",
              "Le personnel du périscolaire surveille, les animateurs font des jeux après le repas.",
              "Le mercredi, c'est le centre de loisirs qui prend le relais avec ses propres animateurs.",
              "Le menu est affiché à l'entrée, les familles le reçoivent sur l'application de la ville.",
              "Le service se termine à treize heures trente, on range, on nettoie, on prépare le goûter."]
    move = ["Merci Karim. Alors maintenant, je voudrais qu'on descende sur le terrain, à midi. Sophie ?"]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO, move + midday + midday[::-1],
                                lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    chapter2 = next(c for c in result.chapters if c.question == 2)
    assert chapter2.evidence[0].startswith("not recognisable by its words: placed at the moderator's move")
    assert not result.warnings


def test_first_question_announced_after_long_speeches_in_every_questions_words_ends_the_opening():
    # Two institutional speeches open the event and go through the themes (cycling at length); then "Première
    # question, je la lis". The cycling chapter starts there, not in the speeches.
    speeches = [["Merci. Bonjour à tous, quelques mots pour ouvrir cette rencontre au nom de l'intercommunalité."]
                + VELO + ["Et la cantine, et le bruit, tout cela compte aussi pour nos quartiers."],
                ["Merci monsieur le vice-président. Monsieur le délégué du préfet, pour l'État ?"],
                VELO + VELO[:6] + ["Voilà ce que je voulais dire au nom de l'État, merci de votre attention."]]
    first = ["Merci. Alors, première question, je la lis : comment développer les pistes cyclables et la pratique "
             "du vélo dans les quartiers prioritaires ? Nadia ?"]
    # The moderator speaks right after the last speech, with no pause.
    transcript, starts = build([OPENING, *speeches[:2], speeches[2] + first + VELO * 2,
                                lead("Passons à la cantine.") + CANTINE * 2, lead("Et maintenant le bruit.") + BRUIT * 2,
                                CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    announced = next(s.start for s in transcript.segments if "première question" in s.text)
    assert question_starts(result) == {1: announced, 2: starts[4], 3: starts[5]}


def test_more_cues_moves_ranks_and_put_offs():
    from replay.chapters.cues import introduces_self, segment_cues

    for move in ["Allez, on change de séquence. Nadia, c'est à nouveau à vous.",
                 "Je vous propose de passer à la diapo suivante. Julien ?",
                 "Et justement, sur l'offre, on va passer aux structures d'exercice coordonné.",
                 "Bon, je vais nous faire changer un peu de focale, parce qu'on a beaucoup parlé de l'école.",
                 "Alors maintenant, je voudrais qu'on descende un peu sur le terrain.",
                 "Maintenant, la question qui fâche un peu : qui met quoi dans ces quartiers ?"]:
        assert segment_cues(move).transition, move
    swap = segment_cues("On saute une case. Je passe directement à ce qui était prévu en dernier sur le programme.")
    assert swap.ordinal[0] == "last" and swap.reorder
    put_off = segment_cues("Oui, et on va y revenir, Karim, c'est vraiment l'objet de notre troisième temps.")
    assert put_off.forward and put_off.ordinal[0] == 3  # a rank said while putting the topic off: no transition
    assert segment_cues("On a cinq minutes, à peu près, pour les questions du chat, qui sont nombreuses.").exchanges
    assert segment_cues("On n'a pas la eu le temps de traiter la coordination entre institutions.").skip
    recap = segment_cues("Merci. Si je retiens une chose de ce premier temps, c'est que ces lieux tiennent.")
    assert recap.recap and recap.ended[0] == 1
    assert introduces_self("Oui, bonjour à tous. Nadia Benali, je suis conseillère parentalité à la CAF.")
    assert introduces_self("Bonjour. Alors moi c'est Sylvie Marchand, éducatrice de jeunes enfants.")
    assert not introduces_self("Pour moi, c'est une question de moyens, je suis convaincue que ça marche.")


def test_a_move_announced_with_thanks_before_an_answer_that_starts_in_the_previous_words():
    # "Merci Karim. Alors je voudrais qu'on parle un peu du voisinage maintenant": the moderator moves on in the
    # turn that thanks the speaker; the first answer stays in the canteen's words, the next speaker turns to the
    # noise. The noise chapter starts at the move, not at the second answer, and the evidence names the move.
    move = ["Merci Karim. Alors je voudrais qu'on parle un peu du voisinage maintenant, c'est là que tout se joue.",
            "Nadia, chez vous, qu'est-ce que ça donne, concrètement ?"]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO, lead("Passons à la cantine.") + CANTINE,
                                move, CANTINE[:8], [x for x in BRUIT if "grands axes" not in x], CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    chapter3 = next(c for c in result.chapters if c.question == 3)
    assert chapter3.evidence[0].startswith("transition cue 'je voudrais qu'on parle' at ")
    assert "before talk in its words" in chapter3.evidence[0]


def test_skips_ranks_and_exchanges_said_in_other_ways():
    from replay.chapters.cues import ranked_question, segment_cues

    skip = "La cinquième, celle sur les associations de quartier, on la garde pour un prochain webinaire."
    assert segment_cues(skip).skip and ranked_question(skip, 6) == 5
    assert segment_cues("Notre troisième la question, je la pose quand même.").ordinal[0] == 3  # a word inserted
    assert segment_cues("On a un chat très actif, donc je propose qu'on ouvre maintenant les échanges.").exchanges
    assert segment_cues("Il nous reste un petit quart d'heure, je vais reprendre quelques questions du chat.").exchanges
    # ...but not questions from the chat on the question under way, nor exchanges said to come later
    assert not segment_cues("Merci. Alors il y a plusieurs questions dans le chat sur ce point.").exchanges
    assert not segment_cues("Une question du chat, avant qu'on ouvre les échanges : la charte d'insertion.").exchanges
    assert segment_cues("Merci à tous les quatre. Retenons : le contrat engage l'association.").recap
    assert segment_cues("Et pour la suite, un autre petit scénario. Imaginons un samedi matin.").transition
    assert not segment_cues("C'est important pour la suite, du parcours du jeune.").transition
    assert segment_cues("Je vous propose qu'on regarde maintenant ce qui se passe une fois à table.").transition
    assert not segment_cues("Dernier temps avant qu'on passe à vos questions : qui paye ?").exchanges


def test_a_hand_off_after_the_moderators_recap_starts_the_next_chapter_despite_an_earlier_drift():
    # The cycling speaker, asked a follow-up, drifts into the canteen's words; then the moderator thanks her,
    # sums up ("je retiens cette idée que…") and hands over in the same turn. The canteen chapter starts at the
    # hand-off: the drift and the recap stay in the cycling chapter.
    from replay.chapters.cues import segment_cues

    assert segment_cues("Merci Sonia, et je retiens cette idée que le vélo, ça s'apprend.").recap
    follow_up = ["Et justement, vous qui êtes aussi à la caisse des écoles, comment ça se passe ?"]
    drift = CANTINE[:8]
    recap = ["Merci Sonia, et je retiens cette idée que le vélo, ça s'apprend dès l'école.",
             "Je passe la parole à Karim, de la restauration scolaire de la ville."]
    transcript, _ = build([OPENING, lead("Premier temps, le vélo.") + VELO, follow_up, drift, recap, CANTINE,
                           lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    handoff = next(s.start for s in transcript.segments if s.text.startswith(" Je passe la parole"))
    starts = question_starts(result)
    assert starts[2] == handoff


def test_a_question_forgotten_without_a_word_gets_no_chapter():
    # The canteen question is announced but never discussed, and nobody says it is dropped: no chapter is made up
    # for it between the other two (even a short one at a hand-off), and a warning says so.
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO + VELO,
                                lead("Sophie, à vous.") + VELO[:6], lead("Et maintenant le bruit.") + BRUIT + BRUIT,
                                CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert set(question_starts(result)) == {1, 3}
    assert any(w.startswith("question 2 ") and "does not seem to be discussed" in w for w in result.warnings)


def test_a_question_read_with_its_rank_starts_its_chapter_even_when_short():
    # The moderator's follow-up lets the cycling speaker drift into the canteen's words; then "deuxième question"
    # is read. The canteen chapter is short, the noise one long: the reading with its rank still starts it.
    drift = [["Et sur la cantine, justement, vous avez vu des familles réagir ?"], CANTINE[:8]]
    read = ["Merci. Alors, deuxième question : quel rôle les cantines scolaires peuvent-elles jouer pour une "
            "alimentation saine des enfants ?"]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO + VELO, *drift, read + CANTINE[:6],
                                lead("Et maintenant le bruit.") + BRUIT * 3, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[4], 3: starts[5]}


def test_a_second_question_put_by_its_rank_comes_after_a_first_discussed_in_other_words():
    # The agenda reads the three questions in the opening; the first is then handed over bare ("je vous laisse
    # démarrer") and discussed without its words, while the canteen chapter mentions bikes. "Notre deuxième
    # question" says one question was taken before it: the cycling chapter is the first, at the hand-off, not a
    # later one where its words come back.
    agenda = ["Nous avons trois questions, je vous les lis pour que tout le monde ait le programme en tête.",
              "Premièrement : comment développer les pistes cyclables et la pratique du vélo dans les quartiers "
              "prioritaires ?",
              "Deuxièmement : quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation saine des "
              "enfants ?",
              "Troisièmement : comment lutter contre le bruit et la pollution de l'air près des grands axes routiers ?",
              "Merci à vous trois."]
    handoff = ["Voilà. Sophie, je vous laisse démarrer sur le diagnostic, vous aviez quelques chiffres."]
    walking = ["Les habitants se déplacent surtout à pied et en bus, les trajets vers l'emploi sont longs.",
               "Un ménage sur deux n'a pas de voiture, et le bus passe toutes les vingt minutes en soirée.",
               "Les jeunes renoncent à des stages parce que la zone d'activité est à une heure de trajet.",
               "Les femmes seules avec enfants cumulent les correspondances, la crèche, l'école, le travail.",
               "Le tarif solidaire des transports en commun existe, mais beaucoup ne le demandent pas.",
               "Les trottoirs sont étroits, encombrés, et les passages piétons mal éclairés le soir."]
    bikes = ["Beaucoup d'enfants viennent à la cantine à vélo, par la piste cyclable, avec le vélo-bus du matin.",
             "Le vélo et la cantine, c'est le même combat pour la santé des enfants des quartiers prioritaires."]
    read = ["Merci Sophie. Alors on passe à notre deuxième question, je la relis : quel rôle les cantines "
            "scolaires peuvent-elles jouer pour une alimentation saine des enfants ?"]
    transcript, starts = build([OPENING + agenda, handoff, walking + walking[::-1], read + CANTINE[:8], bikes * 2,
                                CANTINE[8:], lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert [c.question for c in result.chapters if c.question] == [1, 2, 3]
    assert question_starts(result) == {1: starts[1], 2: starts[3], 3: starts[6]}


def test_hand_offs_bare_ranks_and_questions_set_aside_for_good():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Voilà. Sophie, je vous laisse démarrer sur le diagnostic.").handoff
    assert not segment_cues("Julien, je vous laisse continuer.").handoff
    last = segment_cues("Et on termine avec la dernière, qui me tient à cœur : comment associer les habitants ?")
    assert last.ordinal[0] == "last" and last.transition
    assert segment_cues("Passons à la troisième : comment lutter contre le bruit ?").ordinal[0] == 3
    aside = segment_cues("La quatrième question, sur les outils, de temps, on la laisse de côté, vous aurez les "
                         "ressources.")
    assert aside.skip and not aside.reorder  # set aside for good ("faute" lost by the recogniser)
    later = segment_cues("La troisième, on la laisse de côté pour l'instant, on y reviendra.")
    assert later.reorder and not later.skip
    assert segment_cues("Et, euh, petit changement de programme, je vous préviens tout de suite.").reorder


def test_a_question_anticipated_at_length_starts_where_the_moderator_puts_it_in_other_words():
    # Asked a follow-up, the cycling speaker anticipates the canteen question at length; after thanking him the
    # moderator names it in a few of its words ("On en a déjà un peu parlé, donc on va aller vite") for a short
    # chapter. It starts there, not at the follow-up where its words began.
    follow_up = ["Et vous, Karim, chez vous, ça donne quoi ?"]
    anticipated = ["Alors j'anticipe un peu sur la suite."] + CANTINE[:12]
    named = ["Merci Karim.", "Alors, les cantines scolaires et l'alimentation saine des enfants. On en a déjà un peu "
             "parlé, donc on va aller vite. Nadia ?"]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO, follow_up, anticipated,
                                named + CANTINE[2:8], lead("Et maintenant le bruit.") + BRUIT * 3, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[4], 3: starts[5]}


def test_the_discussion_started_after_the_programme_ends_the_opening():
    # No "première question": the moderator presents the programme, an elected official speaks at length about
    # cycling, then the moderator thanks him and says "Allez, on commence" in the same turn. The cycling
    # chapter starts there, not in the speech.
    programme = ["On a construit la matinée autour de trois questions, vous les avez vues sur la page d'inscription.",
                 "Mais d'abord, quelques mots d'accueil de monsieur le vice-président."]
    speech = ["Merci. Bonjour à tous, quelques mots au nom de l'agglomération.", *VELO,
              "Voilà ce que je voulais dire, bonne matinée à tous."]
    started = ["Merci monsieur le vice-président. Allez, on commence.",
               "Sophie, bonjour, vous coordonnez le plan vélo de la ville, comment ça se passe ?"]
    transcript, starts = build([OPENING + programme, speech, started + VELO, lead("Passons à la cantine.") + CANTINE,
                                lead("Et maintenant le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[2], 2: starts[3], 3: starts[4]}



def test_speeches_on_every_theme_then_lets_start_and_a_last_part_before_the_audience():
    # The questions are "on the event page" (not read), two officials speak, the second at length on cycling,
    # then the moderator introduces the speakers and says "Bon, on va démarrer". The last move says the
    # exchanges come after it: "on arrive au troisième et dernier temps, avant de passer à vos questions".
    from replay.chapters.cues import segment_cues

    assert segment_cues("Les questions qui vont guider l'échange sont sur la page de l'événement.").programme_said
    assert segment_cues("Bon, on va démarrer. Sophie, je commence par vous.").start
    last = segment_cues("Merci. Alors on arrive au troisième et dernier temps, avant de passer à vos questions.")
    assert last.ordinal[0] == 3 and last.exchanges is None
    programme = ["Les questions qui vont guider l'échange sont sur la page de l'événement, je ne les relis pas.",
                 "Mais d'abord, quelques mots d'accueil de nos élus."]
    speeches = [["Merci. Bonjour à tous, quelques mots au nom de l'agglomération.", *BRUIT[:3],
                 "Voilà ce que je voulais dire, bonne matinée à tous."],
                ["Merci. Bonjour, au nom de la région.", *VELO, "Bon webinaire à tous."]]
    speakers = ["Merci madame la vice-présidente. Nos intervenants sont là depuis le début, bienvenue à eux.",
                "Sophie Martin, vous êtes chargée de mission à la ville, merci d'être là.",
                "Karim Haddad, vous dirigez une association de quartier, bienvenue.",
                "Et Élodie, vous êtes à l'agglomération, bienvenue aussi."]
    started = ["Bon, on va démarrer. Sophie, comment ça se passe chez vous ?"]
    closing = ["Merci à tous les trois. Une participante demande comment financer les vélos.",
               "Une autre parle de la cantine et du bruit.", "Merci à tous et bonne journée."]
    transcript, starts = build([OPENING + programme, *speeches, speakers + started + VELO * 2,
                                lead("Passons à la cantine.") + CANTINE * 2,
                                lead("Alors on arrive au troisième et dernier temps, avant de passer à vos "
                                     "questions. Le bruit.") + BRUIT * 2, closing])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == pytest.approx({1: starts[3] + 4 * 8.3, 2: starts[4], 3: starts[5]})


def test_key_figures_before_each_question_open_with_the_moderators_turn():
    # Each move is one turn of the moderator: thanks (and "on démarre" for the first), a minute of key figures
    # on the coming topic, then the question read with its rank. The chapter opens with her turn.
    figures = {
        "velo": ["Quelques chiffres clés d'abord sur le vélo dans les quartiers.", *VELO[:4]],
        "cantine": ["Quelques chiffres clés, là encore, sur la cantine.", *CANTINE[:4]],
        "bruit": ["Quelques chiffres clés avant, sur le bruit des grands axes.", *BRUIT[:4]],
    }
    transcript, starts = build([
        OPENING,
        ["Merci à tous les trois d'être là. Alors, on démarre.", *figures["velo"],
         "Voilà le décor. Première question, je la lis : " + QUESTIONS[0]] + VELO,
        ["Merci Sophie. Pour vous répondre, non, on n'a pas ce chiffre.", "Mais ça me fait une transition.",
         *figures["cantine"], "Deuxième question, je la lis : " + QUESTIONS[1]] + CANTINE,
        ["Merci Karim.", *figures["bruit"], "Troisième question, je la lis : " + QUESTIONS[2]] + BRUIT,
        CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}


def test_a_speaker_asks_to_take_the_third_question_first():
    # The moderator reads question 2; the speaker asks to talk about question 3's topic first ("sinon ce que je
    # vais dire n'aura pas de sens"); "D'accord, alors on inverse, on prend la trois". The reading of question 2
    # and the reading of question 3 a minute later are no agenda: the speaker talked in between.
    from replay.chapters.cues import segment_cues

    swap = segment_cues("D'accord, alors on inverse, on prend la trois et on reviendra à la deux juste après.")
    assert swap.ordinal[0] == 3 and swap.reorder and swap.transition
    back = segment_cues("Alors on revient à notre deuxième que j'avais euh lue tout à l'heure.")  # "question" lost
    assert back.ordinal[0] == 2 and back.reorder
    assert segment_cues("Il faut partir de leurs sujets plutôt que de l'axe trois du contrat de ville.").ordinal is None
    assert segment_cues("Le premier point de la loi, c'est la mixité.").ordinal is None
    assert segment_cues("Merci. Passons au deuxième point de notre programme.").ordinal[0] == 2
    transcript, starts = build([
        OPENING,
        lead("Première question : " + QUESTIONS[0]) + VELO * 3,
        lead("On passe à la deuxième question : " + QUESTIONS[1] + " Sophie, je me tourne vers vous."),
        ["Oui, mais si vous permettez, je vais d'abord parler du bruit, sinon ce que je dirai n'aura pas de sens.",
         "Parce que tout part de là chez nous, vraiment, avant même de parler de ce qu'on sert aux enfants.",
         "Et je crois que les participants attendent aussi ce sujet-là, on le voit dans le chat."],
        ["D'accord, alors on inverse, on prend la trois et on reviendra à la deux juste après.",
         "Donc : " + QUESTIONS[2] + " Allez-y, Sophie."] + BRUIT * 3,
        lead("Alors on revient à notre deuxième question, que j'avais lue tout à l'heure : le rôle des cantines "
             "scolaires pour une alimentation saine des enfants.") + CANTINE * 3,
        CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 3: starts[4], 2: starts[5]}


def test_a_debate_the_moderator_cuts_short():
    # Dry moves: "Bien. Première question, le vélo." opens the first chapter; the moderator cuts a speaker off to
    # move on, with hardly a pause ("Je vous arrête, on en reste là sur ce point. Le bruit, maintenant.").
    import dataclasses

    from replay.chapters.cues import segment_cues

    assert segment_cues("Bien. Première question, le vélo. Madame, combien de pistes ?").transition
    assert segment_cues("Premier point, les moyens.").transition is None  # a speaker counting her points
    cut = segment_cues("Je vous arrête, on en reste là sur ce point. Le bruit, maintenant.")
    assert cut.transition and cut.cuts_in and cut.continuation is None
    assert segment_cues("Je vous arrête tout de suite, Karim, vous parlez de quelle ville ?").continuation
    speakers = ["Bonsoir, je suis adjoint à la mobilité, merci pour l'invitation.",
                "Bonsoir, sociologue, je travaille sur les politiques locales depuis quinze ans."]
    cut_in = ["Je vous arrête, on en reste là sur ce point. Le bruit, maintenant.", "Madame, qu'en pensez-vous ?"]
    transcript, starts = build([OPENING + speakers, ["Bien. Première question, le vélo."] + VELO * 2,
                                lead("Autre sujet : la cantine.") + CANTINE * 2,
                                ["Madame, justement, la cantine le soir, qui s'en occupe ?"],
                                CANTINE[:4] + cut_in + BRUIT * 2, CLOSING])
    # no clear pause before the cut: 0.37 s after the answer, where the segments of a turn are 0.3 s apart
    at = next(k for k, seg in enumerate(transcript.segments) if seg.text.startswith(" Je vous arrête"))
    shift = 8.3 + 0.07 - (transcript.segments[at].start - transcript.segments[at - 1].start)
    segments = tuple(seg if k < at else dataclasses.replace(seg, start=seg.start + shift, end=seg.end + shift)
                     for k, seg in enumerate(transcript.segments))
    transcript = dataclasses.replace(transcript, segments=segments, duration=transcript.duration + shift)
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == pytest.approx({1: starts[1], 2: starts[2], 3: segments[at].start})
    # The cut opens a turn as surely as a clear pause; the same short pause before another sentence does not.
    import numpy as np

    from replay.chapters.turns import find_turns

    texts = [seg.text for seg in segments]
    texts_plain = texts[:at] + ["Et puis il y a les horaires du soir."] + texts[at + 1:]
    gaps = np.array([0.0] + [b.start - a.end for a, b in zip(segments, segments[1:])])
    starts_s = np.array([seg.start for seg in segments])
    for lines, opens in ((texts, True), (texts_plain, False)):
        turns = find_turns(starts_s, gaps, lines, [segment_cues(x) for x in lines], [None] * len(lines))
        assert bool(turns.first[at] == at) is opens and bool(turns.strength[at] == 1.0) is opens


def test_a_speaker_quoting_another_question_of_the_programme():
    # In the middle of her answer on cycling, a speaker reads question 3 out from the programme ("votre troisième
    # question, je la lis"): a quote, not the moderator moving on, who comes to it later in her own words.
    from replay.chapters.cues import segment_cues

    quote = segment_cues("Et d'ailleurs votre troisième question, je la lis, « " + QUESTIONS[2] + " »")
    assert quote.quotes and quote.ordinal is None
    said = segment_cues("Parce que, comme le dit très bien la dernière question du programme, « comment mesurer »")
    assert said.quotes and said.ordinal is None
    # nor is a question from the chat by its rank a move, nor her own points
    chat = segment_cues("Merci. Deuxième question, pour Julien, c'est Stéphane, d'un CCAS : comment vous financez ?")
    assert chat.ordinal is None and chat.audience == 1.0
    assert segment_cues("Merci. Deuxième question, pour vous Karim : comment financer ?").ordinal[0] == 2
    # a question given to a speaker, a speaker adding a word, a moderator starting from the facts
    assert segment_cues("Merci. Maître Durand, la question des sanctions, c'est pour vous.").handoff
    # the moderator naming the topic she puts ("…sur la question du relogement, c'est notre deuxième question")
    assert segment_cues("Monsieur le maire, sur la question du relogement, c'est notre deuxième question.").transition
    assert segment_cues("Si je peux me permettre, juste un mot, Sophie.").continuation
    assert segment_cues("Merci à tous, alors je voudrais qu'on parte du constat.").transition
    assert segment_cues("Merci Martine. Alors, je vous propose de commencer par regarder dans le rétroviseur.").start
    assert segment_cues("Je vous propose de commencer par un petit tour de table.").start is None
    answer = CANTINE[:6] + ["Et d'ailleurs votre troisième question, je la lis, « " + QUESTIONS[2] + " »",
                            "C'est exactement ça le sujet, mais je reviens à la cantine."] + CANTINE[6:] + CANTINE
    transcript, starts = build([OPENING, lead("Première question : " + QUESTIONS[0]) + VELO * 2,
                                lead("Deuxième question : " + QUESTIONS[1]), answer,
                                lead("Et maintenant, ce qu'on respire et ce qu'on entend au bord des routes.") + BRUIT * 2,
                                CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[4]}


def test_a_question_put_then_kept_for_the_end():
    # The moderator puts question 1, the speaker answers on the canteen (question 2), and the moderator follows:
    # "vous avez enchaîné sur notre deuxième question, allons-y, et on reviendra à la première à la fin". Question 1
    # is discussed last; its first reading opens question 2's chapter, where the talk went.
    from replay.chapters.cues import segment_cues

    later = segment_cues("Donc allons-y, et on reviendra à la première à la fin, Élodie a des chiffres.")
    assert later.ordinal[0] == 1 and later.rank_put_off and later.forward
    transcript, starts = build([
        OPENING,
        lead("Alors sans plus attendre, première question : " + QUESTIONS[0] + " Karim ?"),
        CANTINE[:4],
        ["Karim, vous avez enchaîné directement sur notre deuxième question, la cantine.",
         "Donc allons-y, et on reviendra à la première à la fin."],
        CANTINE[4:] + CANTINE,
        lead("Troisième question : " + QUESTIONS[2]) + BRUIT * 2,
        lead("Alors, comme promis, on revient à la première question, qu'on avait sautée : " + QUESTIONS[0])
        + VELO * 2,
        CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {2: starts[1], 3: starts[5], 1: starts[6]}

def test_situations_quarter_hours_and_skips_said_without_ne():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Alors, deuxième situation, et je reste avec vous, Yacine.").ordinal[0] == 2
    assert segment_cues("On a maintenant un quart d'heure pour vos questions, il y en a beaucoup.").exchanges
    assert segment_cues("La troisième question, on pourra pas la traiter aujourd'hui, elle est souffrante.").skip
    assert not segment_cues("On va pas aborder ça tout de suite, Karim, on y reviendra.").skip
    assert segment_cues("Alors je vous propose de rentrer tout de suite dans le dur avec Inès.").start
    assert segment_cues("Allez, commence. Inès, bonjour.").start  # "on" lost by the recogniser
    assert not segment_cues("Donc on commence à utiliser les habitants relais.").start
    assert not segment_cues("Alors on commence par un petit tour de table.").start


def test_a_question_dropped_on_the_way_to_the_next_opens_its_chapter():
    # After thanking the cycling speaker at length (over half a minute), the moderator drops the canteen question
    # and moves straight to the last one, in the same turn: the noise chapter opens with the drop, and question 2
    # gets a warning.
    moved = ["Merci Sophie, c'est très clair, et merci pour tous ces exemples très concrets.",
             "Je vois que plusieurs d'entre vous réagissent dans le chat, c'est très bien.",
             "On gardera ces réactions pour la fin, il y aura un temps prévu pour cela, ne vous inquiétez pas.",
             "Bon, je regarde l'heure : la deuxième, sur les cantines, on ne pourra pas la traiter, on vous renverra "
             "vers la fiche.",
             "Et on passe directement à la dernière, qui est peut-être la plus concrète : le bruit et la pollution."]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO * 2, moved + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    dropped = next(s.start for s in transcript.segments if s.text.startswith(" Bon, je regarde l'heure"))
    assert question_starts(result) == {1: starts[1], 3: dropped}
    assert any("dropped" in e for e in next(c for c in result.chapters if c.question == 3).evidence)
    assert any(w.startswith("question 2 ") and "not taken" in w for w in result.warnings)


def test_a_speaker_adding_to_a_question_in_its_words_does_not_move_its_chapter():
    # The canteen chapter starts where its speaker starts on it, in other words; a minute later another speaker
    # "adds a word" on it in the question's own words. That addition is no moderator putting the question: the
    # chapter stays where its talk began.
    canteen_speaker = ["Moi, je vais parler de ce qu'on vit au quotidien, si vous le permettez."] + CANTINE[:6]
    addition = ["Je voudrais ajouter un mot sur le rôle que les cantines scolaires peuvent jouer, pour une "
                "alimentation saine des enfants, justement."] + CANTINE[6:] + CANTINE[:4]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO * 2, canteen_speaker, addition,
                                lead("Et maintenant le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[4]}


def test_moves_said_directly_lets_go_and_a_few_minutes_for_the_chat():
    from replay.chapters.cues import segment_cues

    direct = segment_cues("Et on passe directement à la dernière, qui est peut-être la plus politique.")
    assert direct.transition and direct.ordinal[0] == "last"
    assert segment_cues("Alors allons-y, le versant entreprises.").transition
    assert not segment_cues("Oui, allons-y.").transition
    assert segment_cues("On a quelques minutes pour le chat, il y a beaucoup de messages.").exchanges
    assert segment_cues("Je vais prendre deux questions du chat.").exchanges
    assert segment_cues("Juste pour retenir de ce deuxième temps : du collectif, de la proximité.").recap


def test_the_moderator_turning_to_a_speaker_after_summing_up_starts_the_next_chapter():
    # A follow-up lets the cycling speaker drift into the canteen's words; the moderator sums up ("Donc je
    # résume", the "si" lost), two moderators hand the floor to each other, then one turns to Karim. The canteen
    # chapter starts there: the drift and the recap stay in the cycling chapter.
    follow_up = ["Et pendant ce temps-là, à midi, les enfants qui viennent à vélo, ils déjeunent où ?"]
    recap = ["Merci, c'est très clair. Donc je résume : des pistes sûres, des ateliers, des vélos pas chers."]
    banter = [["Oui, alors, euh, du coup…"], ["Vas-y, vas-y."], ["Non, c'est bon, c'est ton tour."]]
    turn_to = ["Bon, d'accord. Karim, vous, vous êtes de l'autre côté, côté ville, comment ça se passe ?"]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO * 2, follow_up, CANTINE[:8], recap,
                                *banter, turn_to, CANTINE * 2, lead("Et maintenant le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[8], 3: starts[10]}


def test_the_last_two_questions_swapped_in_the_opening_after_a_keynote_on_every_topic():
    # A keynote in the opening touches every question; the moderator then swaps the last two questions. "On
    # commence avec la première question" still ends the opening, the noise comes second ("ce qui était la
    # dernière question") and the canteen last, as "la question qu'on avait gardée pour la fin", in other words:
    # found at the moderator's move although its words are not said. The swap is said in the turn that starts
    # the first question: that turn opens its chapter.
    keynote = ["Merci. Quelques mots d'introduction avant d'entrer dans le détail."] + VELO[:4] + CANTINE + BRUIT[:4]
    # the canteen chapter in words of its own, none of the question's
    lunch = ["À midi, le self du collège sert trois cents couverts, et le menu change chaque semaine.",
             "Les familles paient selon leur quotient, le plus bas est à un euro le plateau.",
             "Le chef travaille avec une ferme du plateau pour les légumes et les fruits de saison.",
             "Les restes partent à une association, on pèse les poubelles chaque vendredi.",
             "Pour beaucoup de gamins, ce plateau de midi est le seul vrai repas de la journée.",
             "On a ajouté un petit-déjeuner le lundi, parce que certains arrivent le ventre vide."]
    swap = ["Merci beaucoup pour ce tour d'horizon. Je vous propose d'inverser les deux dernières questions, pour "
            "finir sur quelque chose de plus concret.",
            "Alors on y va. On commence avec la première question, celle du vélo dans les quartiers."]
    last = ["Merci. On passe donc à ce qui était la dernière question : ce qu'on respire et ce qu'on entend au bord "
            "des routes."]
    kept = ["Merci. Et on termine avec la question qu'on avait gardée pour la fin : ce que mangent les enfants à "
            "midi."]
    transcript, starts = build([OPENING, keynote, swap + VELO, last + BRUIT, kept + lunch + lunch[::-1], CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert [c.question for c in result.chapters if c.question] == [1, 3, 2]
    assert question_starts(result) == {1: starts[2], 3: starts[3], 2: starts[4]}  # the moderator's turn


def test_a_rank_that_opens_the_moderators_thanks_starts_its_chapter_despite_a_drift():
    # The cycling speaker drifts into the canteen's words; then "Merci Sarah. Alors, la question deux, que vous
    # voyez à l'écran" (no verb of moving on, no reading): the canteen chapter starts there.
    drift = [["Et vous, Sarah, au centre social, qu'est-ce que vous voyez ?"], CANTINE[:10]]
    ranked = ["Merci Sarah. Alors, la question deux, que vous voyez à l'écran.", "Karim, à vous."]
    transcript, starts = build([OPENING, lead("Premier temps, le vélo.") + VELO * 2, *drift, ranked + CANTINE,
                                lead("Question numéro trois, le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[4], 3: starts[5]}


def test_questions_withdrawn_swapped_kept_for_later_or_anticipated():
    from replay.chapters.cues import segment_cues

    assert segment_cues("La question quatre, sur la mobilité vers l'hexagone, a été retirée.").skip
    assert segment_cues("Je vous propose d'inverser les deux dernières questions.").reorder
    kept = segment_cues("Et on termine avec la question qu'on avait gardée pour la fin.")
    assert kept.reorder and kept.transition
    ahead = segment_cues("Et là je déborde un peu sur la suite, sur la question trois, mais je le dis maintenant.")
    assert ahead.forward and ahead.ordinal[0] == 3 and not ahead.transition
    assert segment_cues("Merci. Deuxième question, d'une représentante de parents d'élèves.").ordinal is None


def test_workshop_reports_put_by_their_number_and_a_reporter_counting_points():
    # A plenary of workshop reports: "Allez, on y va." then "Atelier 1, c'est Thomas." opens the first chapter.
    # Thomas counts his own points ("Deuxième point… Troisième point…"): no agenda of the questions, so his report
    # stays question 1's. The moderator's quick question to Nadia, Nadia's answer and "Très bien, merci Nadia.
    # Atelier 3, Mamadou." run together without a pause: the thanks open the moderator's turn again (they thank
    # the one the quick question spoke to), and the noise starts there.
    opening = OPENING + ["Chaque atelier a désigné un rapporteur, vous avez sept minutes chacun.",
                         "Voilà. Allez, on y va.",
                         "Atelier 1, c'est Thomas. Tu viens devant ou tu restes à ta place ?",
                         "Comme tu veux. Tu as le micro ? Vas-y."]
    report = ["Oui. Alors, premier constat, les pistes cyclables sont trop rares dans les quartiers."] + VELO[:5] + \
        ["Deuxième point, l'atelier de réparation en pied d'immeuble a beaucoup plu."] + VELO[5:7] + \
        ["Troisième point, la location de vélos électriques pour les ménages modestes."] + VELO[7:]
    # the move said 25 s into the moderator's turn: the turn opens the chapter
    nadia = ["Merci Thomas, pile dans les temps, bravo.",
             "Je vois des réactions dans le chat, on les gardera pour la fin.",
             "Et on essaie de tenir le chrono, parce qu'il y a encore deux ateliers après celui-là.",
             "Donc on passe à l'atelier 2, c'est Nadia qui fait le retour."]
    quick = ["Merci. Nadia, juste une petite question avant qu'on avance : qui fait le suivi des menus ?",
             "Alors chez nous c'est la diététicienne de la ville, avec les cuisiniers de la cantine."]
    quick.append("Très bien, merci Nadia. Atelier 3, Mamadou.")  # no pause before it either
    transcript, starts = build([opening, report, nadia, CANTINE * 2, quick, BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    atelier_1, atelier_3 = (next(s.start for s in transcript.segments if s.text.startswith(f" {said}"))
                            for said in ("Atelier 1", "Très bien, merci Nadia"))
    assert question_starts(result) == {1: atelier_1, 2: starts[2], 3: atelier_3}


def test_a_lone_expert_sets_out_from_the_first_topic_and_moves_on_in_her_own_words():
    # One expert, introduced by the moderator, presents herself and her plan ("je vais suivre les trois questions
    # qu'on m'a envoyées"), then "Alors, si on part du vélo." starts the first chapter inside her turn; "Ça m'amène
    # à la question de la cantine" moves on without a pause.
    intro = ["Merci Julien, bonjour à tous. Juste deux mots sur d'où je parle : j'ai travaillé dix ans dans une "
             "association de quartier, et maintenant j'accompagne des collectivités.",
             "Je vais suivre à peu près les trois questions qu'on m'a envoyées, "
             "vous m'arrêtez si ce n'est pas clair."]
    talk = intro + ["Alors, si on part du vélo, c'est le premier sujet qu'on m'a posé."] + VELO * 2 + \
        ["Bon. Ça m'amène à la question de la cantine, qui est tout autre chose."] + CANTINE * 2
    transcript, starts = build([OPENING + ["Sophie, je vous laisse la parole."], talk,
                                lead("Et maintenant le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    begin = next(s.start for s in transcript.segments if s.text.startswith(" Alors, si on part du vélo"))
    move = next(s.start for s in transcript.segments if s.text.startswith(" Bon. Ça m'amène"))
    assert question_starts(result) == {1: begin, 2: move, 3: starts[2]}


def test_workshops_experts_plans_and_numbers_as_cues():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Donc on passe directement à l'atelier 3, c'est Nadia.").ordinal[0] == 3
    assert segment_cues("La question 1 était la plus large.").ordinal[0] == 1
    assert segment_cues("Le taux est passé au point 1,5 % cette année.").ordinal is None
    assert segment_cues("Bon. Ça m'amène à la question de la voiture.").transition
    assert not segment_cues("Et du coup ça m'amène à un truc qui me tient à cœur.").transition
    assert segment_cues("Alors, si on part des freins.").start
    assert not segment_cues("Si on part du principe que tout le monde a une voiture, on se trompe.").start
    assert segment_cues("Je vais suivre les quatre questions qu'on m'a envoyées.").programme_said
    assert not segment_cues("On a encore les trois questions du chat à lire.").programme_said


def test_after_a_question_a_shorter_pause_is_someone_answering():
    import numpy as np

    from replay.chapters.cues import segment_cues
    from replay.chapters.turns import find_turns

    texts = ["Gérard, les marchés, qu'est-ce que ça change pour une place le mardi matin ?",
             "Bon, moi je vais vous dire les choses comme elles sont, je ne suis pas un technicien.",
             "Un marché, c'est le commerce le plus souple qui existe.",
             "Et pourquoi ça marche, les marchés, à votre avis.",
             "Parce que les gens viennent pour se retrouver."] * 4
    gaps = np.full(len(texts), 0.2)
    gaps[[5, 10, 15]] = 2.0  # clear speaker changes set the recording's scale of pauses
    gaps[1] = gaps[4] = 0.85  # a pause about a third as clear, after a question, and after a statement

    def turns_for(lines):
        cues = [segment_cues(t) for t in lines]
        return find_turns(np.arange(len(lines)) * 9.0, gaps, lines, cues, [None] * len(lines))

    turns = turns_for(texts)
    assert turns.first[1] == 1 and turns.first[4] == 1  # the answer after "?" is a turn of its own
    assert turns.lead_in[0] > 0 and turns.answer[1] > 0
    statement = [t.replace(" ?", ".") for t in texts]
    assert turns_for(statement).first[1] == 0


def test_a_testimony_played_before_its_question_opens_the_chapter():
    # Each question opens with a recorded testimony the moderator introduces and plays; back from it, she reads
    # the question. The testimony is the question's: its chapter opens where she introduced it, whether she
    # names the recording when she plays it ("je lance la vidéo") or just says "Je lance.".
    yanis = ["Moi c'est Yanis, j'habite aux Tilleuls depuis que je suis petit.",
             "Pour aller au lycée, je prenais mon vélo, mais il n'y avait pas de piste, juste la rocade.",
             "Un jour je me suis fait serrer par un camion, ma mère m'a interdit de reprendre le vélo.",
             "Maintenant il y a une piste cyclable jusqu'à la gare, mon petit frère y va tous les jours.",
             "Ce que je voudrais dire, c'est qu'un vélo, pour nous, c'est la liberté, pas un loisir."]
    maeva = ["Bonjour, je m'appelle Maëva, j'ai deux enfants à l'école du quartier.",
             "Le midi, ils mangent à la cantine, et pour nous c'est le vrai repas de la journée.",
             "Avant on payait trop cher, maintenant avec le tarif social c'est un euro le repas.",
             "Ma fille me parle des légumes du jardin de l'école, elle n'en mangeait jamais avant.",
             "Voilà, la cantine, pour des familles comme la mienne, ça change tout."]
    transcript, starts = build([
        OPENING,
        ["Merci. Allez, on démarre. Le premier témoignage, c'est celui de Yanis, qui habite le quartier.",
         "On va regarder un petit témoignage de deux minutes, je lance la vidéo."],
        yanis,
        ["Voilà, merci à Yanis pour ce témoignage. Première question : comment développer les pistes cyclables "
         "et la pratique du vélo dans les quartiers prioritaires ?"] + VELO,
        ["Merci Karim. Deuxième témoignage, celui de Maëva, maman de deux enfants.", "Je lance."],
        maeva,
        ["Voilà, merci à Maëva. Alors, deuxième question : quel rôle les cantines scolaires peuvent-elles jouer "
         "pour une alimentation saine des enfants ?"] + CANTINE,
        lead("Et maintenant le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[4], 3: starts[7]}
    assert any("recording played" in e for e in result.chapters[1].evidence)


def test_a_speaker_kept_for_a_later_question_and_a_question_one():
    from replay.chapters.cues import segment_cues

    kept = segment_cues("Merci Franck, bienvenue, on vous garde au chaud pour la dernière question.")
    assert kept.forward and kept.ordinal[0] == "last"  # a rank put off: no move to it
    assert not segment_cues("Et on arrive à la première question, qu'on a gardée pour la fin.").forward
    moves = segment_cues("Merci Mathieu, on vous garde avec nous pour la suite. On passe à la question deux.")
    assert moves.forward is None and moves.transition and moves.ordinal[0] == 2
    assert segment_cues("Donc on attaque avec la question un de votre programme.").ordinal[0] == 1
    assert segment_cues("C'est une question un peu longue, pardon.").ordinal is None


def test_two_moderators_hand_the_programme_over_and_the_chat_has_its_own_second_question():
    # Two co-moderators take the questions in turn: the one handing over ("je laisse ma collègue prendre la
    # suite", "c'est à toi") opens the next chapter. In the exchanges, "Deuxième question, qui revient plusieurs
    # fois" is the chat's second question, not the programme's: it must not pull question 2's chapter there.
    transcript, starts = build([
        OPENING,
        ["Merci. Alors on y va. Comment donner envie de pédaler dans nos quartiers ?"] + VELO,
        ["Merci Karim, c'est une très bonne remarque. Je laisse ma collègue Sandrine prendre la suite."],
        ["Merci Nadia. Oui, alors moi j'ai envie qu'on parle de ce que mangent les enfants le midi."] + CANTINE,
        ["Tout à fait. Merci à tous les trois. Nadia, c'est à toi."],
        ["Oui, merci Sandrine. Et ce qu'on entend et ce qu'on respire au bord des routes ?"] + BRUIT,
        ["Merci. Bon, on a une dizaine de minutes pour revenir vers le chat, il y a beaucoup de réactions.",
         "Une première question, de Jean-Marc, sur les vélos électriques et leur prix."],
        VELO[:3],
        ["Merci. Deuxième question, qui revient plusieurs fois : le prix de la cantine pour les familles."],
        CANTINE[:3],
        ["Il est midi moins cinq, on va devoir s'arrêter là. Merci à tous, et les réponses aux questions qu'on "
         "n'a pas pu traiter seront envoyées par mail."]])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[4]}
    assert result.chapters[-1].question is None and result.chapters[-1].start == starts[6]
    assert not result.warnings  # the chat's unanswered questions are no guiding question skipped


def test_cues_of_co_moderators_chat_time_and_a_start_from_the_ground():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Je laisse ma collègue Sandrine prendre la suite.").transition
    assert segment_cues("Oui, alors moi j'ai envie qu'on parle de ceux qu'on ne voit pas.").transition
    assert segment_cues("Merci à tous les trois. Nadia, je crois que c'est à toi.").handoff
    assert segment_cues("Tout à fait. Merci à tous les trois.").thanks
    assert segment_cues("Merci. Fatima, c'est ce que vous voyez aussi, dans les tours ?").continuation
    assert segment_cues("Bon, on a dix minutes pour revenir vers le chat.").exchanges
    assert segment_cues("Deuxième question, qui revient souvent : l'apprentissage.").ordinal is None
    assert segment_cues("Deuxième question, on passe au logement.").ordinal[0] == 2
    assert segment_cues("les réponses aux questions qu'on n'a pas pu traiter").skip is None
    assert segment_cues("Alors pour démarrer, je voudrais qu'on parte du quotidien.").start
    assert segment_cues("Pour commencer, un petit tour de table de nos intervenants.").start is None


def test_the_discussion_started_after_the_programme_is_the_first_question_even_in_other_words():
    # The moderator presents the programme, then "Allez, on commence.": unless she says the order changes, that
    # is the first question, even when its first answer drifts into the second question's words.
    transcript, starts = build([
        OPENING + ["On a construit la matinée autour de trois questions, que vous avez dans le programme."],
        ["Allez, on commence. Karim, à vous."],
        VELO[:3] + CANTINE[:9],
        ["Merci. Ça nous amène assez naturellement à l'assiette des enfants."] + CANTINE,
        lead("Il est temps d'y venir : ce qu'on entend et ce qu'on respire au bord des routes.") + BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[3], 3: starts[4]}
    assert any("discussion starts" in e for e in result.chapters[1].evidence)


def test_cues_of_a_rushed_end_and_moves_said_in_passing():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Alors, il est temps d'y venir franchement : ce contrat d'engagement.").transition
    assert segment_cues("il est temps d'y : ce contrat").transition  # the recogniser lost the verb
    assert segment_cues("Ça nous amène assez naturellement à la médiathèque.").transition
    assert segment_cues("On a pris du retard, donc je propose qu'on passe assez vite sur l'argent.").transition
    assert segment_cues("le temps passé à la saisie, c'est du temps en moins").transition is None
    rushed = segment_cues("Je vous propose de prendre les questions quatre et cinq ensemble, rapidement.")
    assert rushed.exchanges is None
    assert segment_cues("On va prendre quelques questions du chat.").exchanges


def test_a_presenters_own_points_new_guests_and_a_break_full_of_hallucinations():
    # A presenter goes through her slides ("Diapo suivante. Deuxième point…"): her own plan, not the programme.
    # After a break, where Whisper invented its usual lines over the waiting music, the moderator resumes and
    # welcomes the guests of a second round table, who introduce themselves before she puts the question:
    # the welcome opens the chapter, and the hallucinations are no speech.
    transcript, starts = build([
        OPENING + ["On a construit la matinée autour de trois questions, avec un invité pour chacune."],
        ["Alors sans plus attendre, je vais donner la parole à Karim, qui anime l'atelier vélo du quartier."],
        ["Merci. Je partage mon écran, vous le voyez ?"],
        ["Oui, on voit bien."],
        ["Super. Diapo suivante. Premier point, les pistes."] + VELO[:1]
        + ["Diapo suivante. Deuxième point, les ateliers."] + VELO[1:2]
        + ["Diapo suivante. Troisième point, la location."] + VELO[2:],
        ["Merci Karim. Je vais maintenant donner la parole à Sophie, qui dirige la restauration scolaire."],
        CANTINE,
        ["Merci Sophie. On fait une petite pause, on reprend dans cinq minutes.",
         "Sous-titres réalisés par la communauté d'Amara.org. Merci d'avoir regardé cette vidéo !",
         "Merci. Merci. Merci. Merci. Merci. Merci.",
         "Re-bonjour à tous, on reprend. J'accueille maintenant les invités de notre deuxième table ronde."],
        ["Bonjour, je suis chargée de mission qualité de l'air à la métropole."],
        ["Bonjour, je m'appelle Paul, je suis médecin au centre de santé du quartier."],
        ["Merci à tous les deux. Première question de cette table ronde : comment lutter contre le bruit et la "
         "pollution de l'air près des grands axes routiers ?"] + BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    resumed = starts[7] + 3 * 8.3  # the moderator's "Re-bonjour", after the lines invented over the break
    assert question_starts(result) == {1: starts[1], 2: starts[5], 3: pytest.approx(resumed)}
    assert any("new guests welcomed" in e for e in result.chapters[3].evidence)


def test_cues_of_ranks_put_off_or_not_and_programme_changes():
    from replay.chapters.cues import segment_cues

    assert segment_cues("On y viendra, c'est l'objet de notre troisième temps.").rank_put_off
    assert segment_cues("On vous garde au chaud pour la dernière question.").rank_put_off
    assert not segment_cues("On y reviendra. Deuxième question : le logement.").rank_put_off
    moved = segment_cues("Le thème 4 rejoint directement ce qu'on vient de dire, on gardera la chaleur pour après.")
    assert moved.ordinal[0] == 4 and moved.forward and not moved.rank_put_off
    assert segment_cues("Alors, petite entorse au programme.").reorder
    assert segment_cues("Merci beaucoup. On va parler maintenant du bruit.").transition
    assert segment_cues("Alors sans plus attendre, je donne la parole à Hélène.").start


def test_slide_changes_close_together_are_a_presenters_not_moves():
    from types import SimpleNamespace

    import numpy as np

    from replay.chapters.core import _Finder
    from replay.chapters.cues import segment_cues

    texts = ["Bon. Diapo suivante. Karim ?", "Les pistes cyclables.", "Diapo suivante, les ateliers.",
             "Diapo suivante, la location.", "Merci. On passe à la diapo suivante, la question des cantines."]
    finder = SimpleNamespace(starts=np.array([0.0, 400.0, 430.0, 470.0, 900.0]))
    cues = _Finder._drop_presenters_slides(finder, [segment_cues(t) for t in texts])
    # the moderator's slide, minutes from any other, moves on; the presenter's two, 40 s apart, do not
    assert [bool(c.transition) for c in cues] == [True, False, False, False, True]



def test_a_guest_cutting_in_belongs_to_the_question_under_way():
    # The moderator cuts in for a guest who just joined; her speech is in the next question's words; then the
    # moderator comes back to the question under way ("on reprend là où on en était"): it all stays in that
    # chapter, and the next question, unstated, starts where its speaker starts.
    transcript, starts = build([
        OPENING,
        lead("Première question, le vélo dans les quartiers. Karim ?") + VELO,
        lead("On en vient aux cantines.") + CANTINE[:8],
        ["Pardon, je vous coupe, je vois que madame la préfète vient de nous rejoindre. Madame la préfète ?"],
        ["Bonjour à tous. Je voulais vous dire que l'État soutient les pistes cyclables et le vélo,"] + BRUIT,
        ["Merci madame la préfète. Alors, on reprend là où on en était, sur la cantine."] + CANTINE[8:],
        BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[6]}


def test_the_discussion_started_late_in_a_turn_and_a_move_before_a_recap():
    # "Alors, on démarre avec la première question", said after the end of the speakers' presentation in the same
    # turn, starts the chapter there. Later the moderator moves on first and sums up after: the move opens the next
    # chapter, recap included.
    transcript, starts = build([
        OPENING,
        ["Et Jean-Marc Perrin, qui dirige une auto-école associative.",
         "Madame la préfète devrait nous rejoindre en cours de route.",
         "Alors, on démarre avec la première question, je la relis : comment développer les pistes "
         "cyclables et la pratique du vélo dans les quartiers prioritaires ?"] + VELO,
        lead("On en vient aux cantines.") + CANTINE,
        ["Merci, et c'est une transition parfaite. Si je résume ce qu'on vient de dire sur la cantine : le prix "
         "du repas et les produits locaux.", "Karim, le bruit et l'air au bord des routes, chez vous ?"] + BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    started = starts[1] + 2 * 8.3  # "Alors, on démarre", after the end of the speakers' presentation
    assert question_starts(result) == {1: pytest.approx(started), 2: starts[2], 3: starts[3]}


def test_ranks_corrected_without_their_unit_and_the_last_but_one():
    from replay.chapters.cues import segment_cues

    fixed = segment_cues("Merci. Alors, la troisième question... pardon, la deuxième, je saute des étapes.")
    assert fixed.ordinal[0] == 2
    assert segment_cues("Toujours sur cette avant-dernière question, je me suis trompée.").ordinal[0] == "penultimate"
    assert segment_cues("Merci. Et vraiment la dernière, cette fois, la cinquième, promis.").ordinal[0] == "last"
    assert segment_cues("La dernière, c'était en 2019, on avait fait un bilan.").ordinal is None


def test_a_moderator_who_miscounts_and_corrects_herself():
    # "la troisième… pardon, la deuxième" is question 2; "dernière question" said too early for question 2 of 3,
    # corrected later ("cette avant-dernière question"), and the real last one announced as such.
    transcript, starts = build([
        OPENING,
        lead("Première question, le vélo dans les quartiers. Karim ?") + VELO,
        ["Merci beaucoup. Alors, la troisième question... pardon, la deuxième, je saute des étapes : la cantine."]
        + CANTINE,
        ["Merci. Et vraiment la dernière, cette fois : le bruit et l'air au bord des routes."] + BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert "deuxieme" in " ".join(result.chapters[2].evidence)


def test_terse_moves_of_a_timed_format():
    # "Question suivante." names no question: some question starts there, and the order says which, even when
    # its answers share few of its words. "Sophie, pour finir la question" asks her to end the one under way.
    transcript, starts = build([
        OPENING,
        lead("Question un, le vélo. Karim, top.") + VELO,
        ["Question suivante. On tourne : Sophie, vous commencez."],
        ["Top.", "Chez nous, le midi, les enfants mangent mieux qu'avant, et les familles paient moins.",
         "Les parents nous disent que ça change la journée, les enseignants aussi le voient l'après-midi.",
         "On a beaucoup travaillé avec les familles, les associations de parents et la mairie.",
         "Ce n'est pas simple, il a fallu convaincre, expliquer, revenir plusieurs fois.",
         "Trente secondes.", "[sonnerie] C'est terminé."],
        ["Sophie, pour finir la question.", "Les familles, encore une fois, c'est la clé : il faut les associer."],
        ["On enchaîne. Karim, vous restez au micro."] + BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[5]}


def test_cues_of_the_end_of_a_question_and_of_the_last_one():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Sandrine, pour finir la question.").transition is None
    assert segment_cues("Et pour finir, la question de l'évaluation.").transition
    assert segment_cues("Merci. Et on termine avec un sujet plus technique, les sols.").transition
    assert segment_cues("Merci Julien. Et la pour finir, un sujet qui est revenu partout.").transition
    assert segment_cues("Question suivante. On tourne.").next_question
    assert segment_cues("Question suivante, de Marc, dans le chat.").next_question is None


def test_cues_of_a_quebec_moderator_and_a_panellist_taking_over():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Bon ben, on part ça. Je voudrais qu'on commence par jaser de vos coops.").start
    assert segment_cues("On a quatre questions qui ont été annoncées.").programme_said
    assert segment_cues("Bon. Je prends la main en attendant que Nadia retrouve son micro.").transition
    assert segment_cues("Très bien. Et on termine avec un public un peu différent.").transition


def test_a_long_opening_turn_that_starts_the_discussion_in_its_middle():
    # The moderator presents the programme, the guests and starts the discussion in one long turn ("Bon ben, on
    # part ça."), then explains the topic at length before the first guest speaks: the chapter starts there.
    transcript, starts = build([
        OPENING + ["On a trois questions qui ont été annoncées, sur le vélo, la cantine et le bruit.",
                   "Karim anime un atelier vélo, Sophie dirige la restauration scolaire.",
                   "Bon ben, on part ça. Je voudrais qu'on commence par jaser des pistes cyclables et du vélo.",
                   "Chez nous, à Montréal, le vélo d'hiver, c'est devenu quelque chose, les pistes sont déneigées.",
                   "Ça fait que la question, c'est comment on donne envie de pédaler dans les quartiers."],
        VELO,
        lead("On s'en va sur la cantine, Sophie.") + CANTINE,
        lead("Pis la prochaine question, c'est le bruit et l'air au bord des routes.") + BRUIT,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    said = starts[0] + (len(OPENING) + 2) * 8.3  # "Bon ben, on part ça."
    assert question_starts(result)[1] == pytest.approx(said)


def test_two_questions_taken_together_give_one_chapter():
    # "les questions deux et trois se recoupent, je vous propose de les traiter ensemble": question 3 gets no
    # chapter of its own, and a warning says why.
    transcript, starts = build([
        OPENING,
        lead("Première question, le vélo dans les quartiers. Karim ?") + VELO,
        ["Merci. Les questions deux et trois se recoupent beaucoup, je vous propose de les traiter ensemble : "
         "la cantine, et le bruit et l'air près des écoles."] + CANTINE + BRUIT[:6],
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2]}
    assert any("question 3" in w and "taken together with question 2" in w for w in result.warnings)


def test_cues_of_merged_questions_time_kept_for_later_and_moves_in_passing():
    from replay.chapters.cues import segment_cues

    assert segment_cues("les questions deux trois se recoupent beaucoup").merged[:2] == (2, 3)
    assert segment_cues("la deuxième et la troisième question, on les regroupe").merged[:2] == (2, 3)
    assert segment_cues("Les questions deux et trois sont importantes.").merged is None
    kept = segment_cues("Je veux garder du temps pour vos questions, donc on attaque notre dernier point.")
    assert kept.exchanges is None and kept.ordinal[0] == "last"
    assert segment_cues("Je préfère garder le temps qui reste pour vos questions. Alors une première question, "
                        "d'un agent de développement local.").exchanges
    assert segment_cues("qu'est-ce qui se passe au bout des douze semaines ?").transition is None
    assert segment_cues("Si je peux me permettre d'enchaîner sur la question des familles.").transition


def test_workshops_numbered_otherwise_than_the_questions():
    # The workshops report in their own order: workshop one worked on the noise (question 3), workshop two on
    # cycling (question 1), workshop three on school canteens (question 2). Each "atelier N" is followed by
    # another question's words than the N-th: the workshops count something else, and each report is the
    # question its words say. The programme read in the opening names the workshops without starting anything.
    opening = OPENING + ["Ce matin vous avez travaillé en trois ateliers, et chaque rapporteur a sept minutes.",
                         "L'atelier deux, c'était le vélo, et l'atelier trois, la restauration scolaire."]
    transcript, starts = build([
        opening,
        ["Alors on commence avec l'atelier un, qui a planché sur les nuisances. Samira, tu viens ?"] + BRUIT * 2,
        lead("Merci Samira. La deuxième restitution, c'est l'atelier deux. Julien ?") + VELO * 2,
        ["Merci Julien. On passe à l'atelier trois. Nadia, c'est à toi."] + CANTINE * 2,
        CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {3: starts[1], 1: starts[2], 2: starts[3]}
    assert "atelier deux" in " ".join(result.chapters[2].evidence)


def test_a_move_inside_a_speakers_turn_with_the_floor_handed_over_soon_after():
    # The moderator has lost her microphone; a panellist answering a chat question drifts into the canteens,
    # then, with no pause, her colleague takes over ("Bon. Je prends la main…") and hands the floor to Élodie:
    # the canteens' chapter opens at the move, not where the answer started.
    drift = ["Oui, alors sur la question du chat, les familles parlent beaucoup de leurs enfants.",
             CANTINE[1], CANTINE[3], CANTINE[5]]
    move = ["Bon. Je prends la main en attendant que Nadia retrouve son micro, elle me fait des signes.",
            "Elle nous écrit qu'on peut passer à la question suivante, celle des repas des enfants.",
            "Élodie, à toi."]
    transcript, starts = build([OPENING, lead("Première question, le vélo. Karim ?") + VELO * 2,
                                drift + move + CANTINE * 2, lead("Et maintenant le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    taken = next(s.start for s in transcript.segments if s.text.startswith(" Bon. Je prends la main"))
    assert question_starts(result) == {1: starts[1], 2: taken, 3: starts[3]}


def test_cues_of_the_last_topic_named_before_the_move_and_time_kept_for_questions():
    from replay.chapters.cues import segment_cues

    assert segment_cues("Merci. Et la D pour finir, on l'a déjà effleurée : les femmes.").transition
    assert segment_cues("Et le logement pour terminer : qui veut commencer ?").transition
    assert segment_cues("Il faut des moyens et la volonté pour finir le chantier.").transition is None
    # time kept for the audience's questions later is no opening of the exchanges; the time left given now is
    assert segment_cues("Soyez brèves, cinq minutes chacune, pour qu'on garde un peu de temps pour vos "
                        "questions.").exchanges is None
    assert segment_cues("Je préfère garder le temps qui reste pour vos questions, le chat a été très actif.").exchanges


def test_a_story_told_before_the_next_question_opens_its_chapter():
    # The moderator thanks the speakers, then tells a story of her own for about forty seconds before she puts
    # the next question: the story is the canteens' chapter, from her thanks on.
    story = ["Merci à vous deux. Je vais vous raconter une petite histoire, comme promis.",
             "La semaine dernière, je déjeunais à la cantine d'une école du quartier, avec les enfants.",
             "Un petit garçon me dit que le repas de midi, c'est son repas préféré, parce qu'il y a du dessert.",
             "Sa maîtresse m'a expliqué que pour lui, c'est souvent le seul vrai repas de la journée.",
             "Et les cuisiniers font des merveilles avec les légumes du maraîcher d'à côté.",
             "Et ça m'amène à notre deuxième question : quel rôle les cantines scolaires peuvent-elles jouer ?"]
    transcript, starts = build([OPENING, lead("Première question, le vélo. Karim ?") + VELO * 2,
                                story + CANTINE * 2, lead("Troisième question, le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert "a story told" in " ".join(result.chapters[2].evidence)


def test_a_question_dropped_in_a_sentence_that_names_it_gets_no_chapter():
    # "on ne pourra pas traiter la troisième : comment lutter contre le bruit…": the question is read where it
    # is dropped, which is no move to it.
    drop = ["Merci à tous les deux. Je regarde l'heure, et je suis désolée, mais on ne pourra pas traiter la "
            "troisième : comment lutter contre le bruit et la pollution de l'air près des grands axes routiers.",
            "Ce sera l'objet d'un prochain webinaire. Je préfère laisser la place à vos questions, le chat est "
            "très actif.",
            "Une participante demande comment financer les vélos, une autre parle de la cantine."]
    transcript, starts = build([OPENING, lead("Première question, le vélo. Karim ?") + VELO * 2,
                                lead("Deuxième question, les cantines.") + CANTINE * 2, drop,
                                ["Pour conclure, merci à tous et bonne journée."]])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2]}
    assert any("question 3" in w and "not taken" in w for w in result.warnings)


def test_cues_of_topics_referred_to_another_question_and_remarks_recalled():
    from replay.chapters.cues import segment_cues

    # a speaker reined in, a topic sent to the question that will take it: the rank is put off, no move
    reined = segment_cues("Alors là vous anticipez, on y revient juste après, c'est notre dernière question.")
    assert reined.forward and reined.rank_put_off
    sent = segment_cues("Merci. Et ça, c'est l'objet de notre dernière question, on y viendra, je vous le promets.")
    assert sent.rank_put_off
    assert segment_cues("La deuxième question, on y revient maintenant.").forward is None
    # a remark recalled from an earlier question is no move to it
    assert segment_cues("Et pour revenir à ce qu'on disait sur la première question, le garant ?").ordinal is None
    assert segment_cues("Pour revenir à la première question, le garant.").ordinal == (1, "premiere question")


def test_a_speaker_moving_on_herself_and_the_moderator_following_later():
    # A panellist goes on to the canteens herself in the middle of her turn; a minute later the moderator
    # follows ("c'était de toute façon notre deuxième question, donc on enchaîne"): the canteens' chapter opens
    # at the panellist's move, not at the moderator's.
    moved = ["Et ça m'amène à la question des cantines, si je peux me permettre."] + CANTINE[:6]
    transcript, starts = build([OPENING, lead("Première question, le vélo. Karim ?") + VELO * 2 + moved,
                                ["Oui, allez-y, c'était de toute façon notre deuxième question, donc on enchaîne. "
                                 "Nadia ?"] + CANTINE * 2,
                                lead("Troisième question, le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    at = next(s.start for s in transcript.segments if s.text.startswith(" Et ça m'amène"))
    assert question_starts(result) == {1: starts[1], 2: at, 3: starts[3]}
    assert "a speaker moves on" in " ".join(result.chapters[2].evidence)


def test_cues_of_thanks_after_a_short_sentence_and_a_topic_left_aside_until_now():
    from replay.chapters.cues import segment_cues

    moved = segment_cues("Oui, et vous m'ôtez les mots de la bouche. Merci. Alors effectivement, le parc privé, qu'on "
                         "a un peu laissé de côté jusqu'ici, alors qu'il loge beaucoup de ménages modestes.")
    assert moved.thanks and moved.transition and moved.reorder is None
    assert segment_cues("On a laissé de côté la question trois, on y revient.").reorder
    # thanks said deep in a speaker's answer do not open a turn
    assert not segment_cues("Je vous donne un exemple très concret de ce que ça donne chez nous. Merci à "
                            "l'Anah.").thanks


def test_cues_of_the_part_under_way_and_arriving_at_a_topic():
    from replay.chapters.cues import segment_cues

    # "sur ce premier temps", "toujours sur cette première question": the part under way, no move
    assert segment_cues("Merci. Monique, à vous, sur ce premier temps.").rank_under_way
    assert segment_cues("Toujours sur cette première question, Karim ?").rank_under_way
    assert not segment_cues("Cette deuxième question porte sur les familles.").rank_under_way
    # arriving at the topic announced is a move; managing something is not
    assert segment_cues("Merci Monique. Alors voilà, on y arrive : l'argent, les postes.").transition
    assert segment_cues("Avec les familles, on y arrive, mais difficilement.").transition is None


def test_a_speakers_slide_listing_every_question_inside_the_first_chapter():
    # The moderator starts the discussion with the first question; the first speaker then reads a slide that
    # lists the event's questions ("nos trois enjeux") before going into the first. That list is no agenda of
    # the opening: the first chapter still starts at the moderator's move.
    sharing = ["Oui, merci, bonjour à tous. Alors je partage, attendez, il faut que je retrouve la bonne fenêtre.",
               "Voilà. Est-ce que vous voyez mon écran ?", "Pas encore, non, on voit toujours votre caméra.",
               "Ah, d'accord. Alors, partager l'écran, et là, c'est bon ?", "Là on voit votre bureau, avec des dossiers.",
               "Ah mince, pardon, je recommence avec la fenêtre du diaporama directement.",
               "Ah, ça y est, on voit la page de titre.", "Super, je passe en mode présentation, vous me dites."]
    slide = ["Avant de rentrer dans les résultats, je vous montre cette diapo, nos trois enjeux.",
             "Premier enjeu : comment développer les pistes cyclables et la pratique du vélo dans les quartiers "
             "prioritaires ?",
             "Deuxième enjeu : quel rôle les cantines scolaires peuvent-elles jouer pour une alimentation saine des "
             "enfants ?",
             "Troisième enjeu : comment lutter contre le bruit et la pollution de l'air près des grands axes "
             "routiers ?",
             "Voilà le fil rouge, et maintenant je me concentre sur le premier, le vélo."]
    moved = lead("Alors, sans plus attendre, on rentre dans le vif du sujet avec notre première question, le vélo. "
                 "Karim, je vous laisse partager votre écran.")
    transcript, starts = build([OPENING, moved, sharing + slide + VELO * 2,
                                lead("On passe à la deuxième question, la cantine.") + CANTINE * 2,
                                lead("Troisième question, le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[3], 3: starts[4]}


def test_a_question_from_the_audience_that_is_the_next_one_opens_its_chapter():
    # The co-moderator reads a question from the chat that is the next question; the moderator then says so
    # ("ça tombe très bien, c'est exactement notre deuxième question"): the chapter opens with the question read.
    relay = ["Sophie, si je peux me permettre, il y a une question qui vient d'arriver dans le chat.",
             "Elle demande : est-ce que les repas servis aux enfants peuvent être plus sains et plus locaux ?"]
    transcript, starts = build([OPENING, lead("Première question, le vélo. Karim ?") + VELO + relay,
                                ["Ah ben ça tombe très bien, c'est exactement notre deuxième question ! Nadia ?"]
                                + CANTINE, lead("Troisième question, le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    at = next(s.start for s in transcript.segments if s.text.startswith(" Sophie, si je peux"))
    assert question_starts(result) == {1: starts[1], 2: at, 3: starts[3]}
    assert "a question from the audience is read" in " ".join(result.chapters[2].evidence)
    # The moderator reading the chat's question herself, in the turn that says so: her turn opens the chapter
    # (not a question mentioned just before, in the answer).
    herself = ["Une question du chat : est-ce que les repas des enfants peuvent être plus sains ? Eh ben, ça tombe "
               "bien, c'est justement notre deuxième question. Nadia ?"]
    asked = ["Et les participants nous posent souvent la question de la cantine, des repas bio à la cantine."]
    transcript, starts = build([OPENING, lead("Première question, le vélo. Karim ?") + VELO + asked, herself + CANTINE,
                                lead("Troisième question, le bruit.") + BRUIT, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}


def test_cues_of_axes_of_reflection_work_streams_and_zooming_in():
    from replay.chapters.cues import segment_cues

    moved = segment_cues("Très bien. Deuxième axe de réflexion, et zoom maintenant sur les copropriétés fragiles.")
    assert moved.ordinal and moved.ordinal[0] == 2 and moved.transition
    assert segment_cues("On ouvre notre premier chantier : les freins.").ordinal[0] == 1
    # a question from the audience, by its author, is no rank of the event's
    assert segment_cues("Deuxième question, de Fatou, qui travaille en mairie.").ordinal is None
    assert segment_cues("Ah ben ça tombe très bien, c'est exactement notre dernière question !").asked_next
    assert segment_cues("Ça tombe bien, je voulais justement en parler.").asked_next is None



def test_cues_of_what_was_not_yet_addressed_tics_turns_given_and_topics_for_later():
    from replay.chapters.cues import segment_cues

    # "ce qu'on n'a pas encore abordé" is a move to it, not a question dropped
    moved = segment_cues("Karim, vous avez parlé des gens qui ne viennent plus le soir, et ça m'amène à ce qu'on "
                         "n'a pas encore vraiment abordé.")
    assert moved.skip is None and moved.transition
    assert segment_cues("On n'a pas vraiment abordé la quatrième question, faute de temps.").skip
    # a tic set off by commas does not split a cue
    assert segment_cues("Bon. Mais ça nous amène, en fait, à ce qui me paraît être le nerf de la guerre.").transition
    # the floor given to ask the question
    assert segment_cues("Yanis, à toi de poser la question suivante.").handoff
    # "dont on parlera cet après-midi" puts the topic off
    assert segment_cues("On touche déjà aux conseils locaux de santé mentale, dont on parlera cet après-midi.").forward


def test_cues_of_starting_right_there_and_opening_to_the_audience():
    from replay.chapters.cues import segment_cues

    # "Alors là, on commence" starts the discussion, even with the recogniser's "là" unaccented
    assert segment_cues("Alors là, on commence tout de suite. Imaginons Mme K.").start
    assert segment_cues("Alors la on commence tout de Imaginons Mme K.").start
    # "On ouvre maintenant aux questions" opens the exchanges
    assert segment_cues("On ouvre maintenant aux questions, il y en a beaucoup dans le chat.").exchanges
    assert segment_cues("Merci. Et si je résume ce dernier temps, avant d'ouvrir aux questions : l'offre.").exchanges is None


def test_ranks_written_in_digits_count_as_said():
    from replay.chapters.cues import ranked_question, segment_cues

    # the recogniser often writes ranks in digits: "la 3e question", "2ème", "1re"
    assert segment_cues("Merci. On passe à la 3e question.").ordinal[0] == 3
    assert segment_cues("Passons à la 2ème question.").ordinal[0] == 2
    assert segment_cues("La 1re question, je la relis.").ordinal[0] == 1
    assert ranked_question("On n'aura pas le temps de traiter la 4e question.", 4) == 4
    transcript, starts = build([OPENING, lead("La 1re question, le vélo.") + VELO * 2,
                                lead("On passe à la 2e question, la cantine.") + CANTINE * 2,
                                lead("Et la 3e question, le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    assert "troisieme question" in " ".join(result.chapters[3].evidence)


def test_cues_of_the_questions_done_and_time_left_for_the_audience():
    from replay.chapters.cues import segment_cues

    done = segment_cues("Merci beaucoup à tous les quatre. On a fait le tour de nos questions, et il nous reste une "
                        "quinzaine de minutes pour vous.")
    assert done.exchanges
    assert segment_cues("On n'a pas fait le tour de la question, loin de là.").exchanges is None


def test_questions_taken_from_the_last_to_the_first_as_announced():
    # The programme read out ends with the third question; the moderator then says they go in reverse order and
    # takes the third question again ("Donc on attaque par la troisième question"): the agenda named it, the
    # move takes it. Then the second, by its rank, and the first, by a paraphrase only.
    from replay.chapters.cues import REVERSED, segment_cues

    reverse = segment_cues("Pour une fois on va prendre les questions dans l'ordre inverse, en partant de la fin.")
    assert reverse.reorder and reverse.exchanges is None and REVERSED.search(fold(reverse.reorder))
    assert segment_cues("On va prendre les questions dans un autre ordre.").reorder
    assert REVERSED.search(fold("On va prendre le programme à l'envers."))
    assert segment_cues("Alors on va prendre vos questions dans le chat.").exchanges  # not a change of order
    programme = ["Nous avons trois questions. Première question : " + QUESTIONS[0],
                 "Deuxième question : " + QUESTIONS[1],
                 "Et troisième question : " + QUESTIONS[2],
                 "Et pour une fois on va prendre les questions dans l'ordre inverse, en partant de la fin.",
                 "C'est une demande de nos intervenants, lors de la réunion de préparation, ils y tenaient.",
                 "Donc on attaque par la troisième question : " + QUESTIONS[2]]
    transcript, starts = build([
        OPENING + programme[:5],
        programme[5:] + BRUIT * 2,
        lead("On remonte à la deuxième question, celle de la cantine.") + CANTINE * 2,
        lead("Et on termine par ce qui était notre point de départ : les deux-roues, les pistes, les ateliers "
             "de réparation.") + VELO * 2,
        CLOSING,
    ])
    start = next(s.start for s in transcript.segments if s.text.startswith(" Donc on attaque"))
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {3: start, 2: starts[2], 1: starts[3]}


def test_a_moderator_reacting_at_length_before_moving_on():
    # The moderator, herself an expert, reacts to what was said before she moves on ("Moi ce qui me frappe dans
    # ce que vous dites, Sophie… ça m'amène à notre deuxième question"), without thanks and after hardly a
    # pause: her whole turn opens the next chapter. "Ça vous parle, ce que décrit Sophie ?" stays on the question.
    import dataclasses

    from replay.chapters.cues import segment_cues

    assert segment_cues("Karim, ça vous parle, ce que décrit Sophie, ou vous voyez les choses autrement ?").continuation
    assert segment_cues("Oui, et c'est exactement là que je voulais qu'on aille maintenant.").transition
    assert segment_cues("Alors je reste avec vous pour entrer le vif du sujet.").start  # "dans" lost
    reflection = ["Moi ce qui me frappe dans ce que vous dites, Sophie, c'est le décalage entre les chiffres et le "
                  "vécu des familles.",
                  "Il y a le temps des tableaux de bord, et il y a le temps de ceux qui attendent, et les deux sont "
                  "vrais.",
                  "Les enquêtes le montrent bien, le sentiment d'abandon se nourrit de ce qu'on voit en bas de chez "
                  "soi.",
                  "Et entre les deux, la personne qui attend ne sait rien de ce qui se passe, des années parfois.",
                  "Voilà. Et justement, ça m'amène à notre deuxième question, celle des repas des enfants."]
    transcript, starts = build([
        OPENING,
        lead("Première question : " + QUESTIONS[0]) + VELO * 2,
        ["Karim, ça vous parle, ce que décrit Sophie ?"],
        VELO[:4],
        reflection + CANTINE * 2,
        lead("Troisième question : " + QUESTIONS[2]) + BRUIT * 2,
        CLOSING,
    ])
    # hardly a pause before her reaction: 0.37 s, where the segments of a turn are 0.3 s apart
    at = next(k for k, seg in enumerate(transcript.segments) if seg.text.startswith(" Moi ce qui"))
    shift = 8.37 - (transcript.segments[at].start - transcript.segments[at - 1].start)
    segments = tuple(seg if k < at else dataclasses.replace(seg, start=seg.start + shift, end=seg.end + shift)
                     for k, seg in enumerate(transcript.segments))
    transcript = dataclasses.replace(transcript, segments=segments, duration=transcript.duration + shift)
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == pytest.approx({1: starts[1], 2: segments[at].start, 3: starts[5] + shift})


def test_a_question_dropped_for_time_is_named_by_a_short_word():
    # The recogniser lost the rank: the question dropped is the one whose own words the sentence says, short
    # ones included ("le vélo"), and its words coming back in the exchanges make no chapter.
    transcript, starts = build([
        OPENING,
        ["Merci. Alors la question, sur le vélo et la, faute de temps on la garde pour un prochain webinaire.",
         "On commence donc par la deuxième question : " + QUESTIONS[1]] + CANTINE * 2,
        lead("Troisième question : " + QUESTIONS[2]) + BRUIT * 2,
        CLOSING + ["Une dernière remarque sur le vélo et les pistes cyclables.", VELO[1], VELO[3]],
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert set(question_starts(result)) == {2, 3}
    assert any("question 1" in w and "not taken" in w for w in result.warnings)


def test_questions_numbered_as_on_the_slides_and_other_moves_in_few_words():
    from replay.chapters.cues import segment_cues

    # "on passe à la Q2", "la q deux": the slides' numbering is the question's rank
    assert segment_cues("Alors on passe à la Q2.").ordinal[0] == 2
    assert segment_cues("Alors on passe à la q deux.").ordinal[0] == 2
    q4 = segment_cues("Super. Bon, la Q4, la dernière, et après on ouvre aux questions du chat.")
    assert q4.ordinal[0] == 4 and q4.exchanges is None  # the exchanges come after it
    assert segment_cues("Le QPV de la Source compte trois mille habitants.").ordinal is None
    # "Parlons argent." moves on in two words; "parlons franchement" does not
    assert segment_cues("Parlons argent. Vous l'avez dit deux fois, ça tient avec de l'argent public.").transition
    assert segment_cues("Mais parlons franchement, ça coûte cher.").transition is None
    assert segment_cues("Je voudrais qu'on garde du temps pour un sujet plus éthique.").transition
    # giving the floor back after a guest cut in resumes the question; "on reprend" there is no move
    back = segment_cues("Alors on reprend. Docteure Benali, vous en étiez à la PMI hors les murs.")
    assert back.resumes and back.transition is None
    transcript, starts = build([OPENING, lead("On commence avec la Q1 : " + QUESTIONS[0]) + VELO * 2,
                                lead("On passe à la Q2, la cantine.") + CANTINE * 2,
                                lead("Et la Q3, la dernière, le bruit.") + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert "'question trois'" in result.chapters[3].evidence[0]


@pytest.mark.parametrize("hand_off, named", [
    ("Merci. Sophie, les cantines, justement, c'est pour vous.", True),
    # whom she addresses, not the topic: "Et la mission locale, vous, …"
    ("Merci. Et les cantines, vous, vous voyez les choses comment, Sophie ?", False),
    # a question from the chat passed on, not a move
    ("Merci. Une question dans le chat sur les cantines : Sophie, vous confirmez ?", False),
])
def test_a_thanked_hand_off_in_the_questions_own_words(hand_off, named):
    # "Merci. Fatou, les femmes relais, justement… à vous": the words the moderator says at the hand-off, not
    # smoothed with the answer before, tell which question she moves to.
    transcript, starts = build([
        OPENING, lead("Première question : " + QUESTIONS[0]) + VELO * 2,
        ["Merci. Karim, vous voulez réagir ?"], VELO[:6] + CANTINE[:6],
        [hand_off], CANTINE * 2,
        lead("Troisième question : " + QUESTIONS[2]) + BRUIT * 2, CLOSING])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    chapter = next(c for c in result.chapters if c.question == 2)
    assert ("hand-off in the question's words" in chapter.evidence[0]) == named
    if named:
        assert chapter.start == starts[4]


def test_cues_of_a_debate_a_residents_evening_and_a_participants_question():
    from replay.chapters.cues import segment_cues

    # a participant's question by its rank says nothing was said of a topic: no question of the programme dropped
    asked = segment_cues("Deuxième question, elle vient d'un adjoint au maire : on n'a pas du tout parlé de "
                         "vidéoprotection, est-ce que c'est de la prévention ?")
    assert asked.ordinal is None and asked.skip is None and asked.audience == 1.0
    assert segment_cues("On n'a pas du tout parlé de la quatrième question, faute de temps.").skip
    # a speaker's "c'est là où je veux en venir" is no move; the moderator's "je vais vous couper là" is
    assert segment_cues("Et c'est là où je veux en venir : la continuité.").transition is None
    assert segment_cues("J'en viens à la deuxième question.").transition
    assert segment_cues("Bon, on pourrait y passer l'heure, mais je vais vous couper là.").transition
    # thanks after a first sentence that trails off
    assert segment_cues("Je ne faisais pas de signes... Merci Monsieur l'adjoint, et vous avez anticipé.").thanks
    # the programme presented in a residents' meeting; a topic closed, then the next one
    assert segment_cues("Avec le conseil citoyen on a préparé quatre questions, elles sont sur le flyer.").programme_said
    assert segment_cues("Merci. Bon, on a bien parlé des poubelles. Maintenant, les espaces verts ?").transition


def test_a_participants_question_saying_a_topic_was_not_discussed_drops_no_question():
    transcript, starts = build([
        OPENING,
        lead("Première question : " + QUESTIONS[0]) + VELO * 2,
        lead("Et les repas des enfants à l'école, Sophie, c'est pour vous.") + CANTINE * 2,
        lead("Troisième question : " + QUESTIONS[2]) + BRUIT * 2,
        ["Merci beaucoup, on ouvre maintenant le temps d'échanges avec les participants.",
         "Deuxième question, elle vient d'un parent d'élève : on n'a pas du tout parlé des goûters, est-ce que "
         "la cantine peut aussi les servir ?"],
        ["Oui, certaines villes le font déjà, avec un tarif social, c'est une bonne idée."],
        CLOSING[1:],
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[3]}
    assert not result.warnings


def test_a_synthesis_that_names_the_part_it_ends_keeps_its_whole_turn():
    # A grand témoin sums up ("Ce que je retiens de cette deuxième séquence…") and goes on for a minute in the
    # next question's words: the whole synthesis closes the second chapter; the moderator's move opens the third.
    # "Et justement, …" after the recap, or a question asked, is already the move.
    from replay.chapters.cues import segment_cues

    recorded = segment_cues("Elle ne pouvait pas être avec nous, elle a enregistré une réponse, on la lance.")
    assert recorded.plays and recorded.media
    assert segment_cues("J'y vais. Et enfin, la question qui fâche : qui paie ?").transition
    synthesis = ["Ce que je retiens de cette deuxième séquence, c'est que la cantine est un lieu de santé.",
                 "Et ça nous amènera sans doute aux sujets d'environnement, parce que tout se tient."] + BRUIT[:6]
    transcript, starts = build([
        OPENING,
        lead("Première question : " + QUESTIONS[0]) + VELO * 2,
        lead("Deuxième question : " + QUESTIONS[1]) + CANTINE * 2,
        synthesis,
        ["J'y vais, merci. Et enfin, la question qui fâche : le bruit, qui s'en occupe ?"] + BRUIT * 2,
        CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2], 3: starts[4]}


def test_two_questions_put_together_without_their_ranks_make_one_chapter():
    # "Je vous pose les deux questions suivantes d'un coup : … Et : …": both are read in one turn and answered
    # together; the second gets no chapter of its own (and a warning), not an invented one.
    from replay.chapters.cues import segment_cues

    assert segment_cues("Je vous pose les deux questions suivantes d'un coup, parce qu'elles sont liées.").together
    # a speaker's "on accueille quatre-vingts pour cent de femmes" welcomes no guests
    assert segment_cues("Et on accueille quatre-vingts pour cent de femmes, à peu près.").welcome is None
    assert segment_cues("J'accueille maintenant les invités de notre deuxième table ronde.").welcome
    mixed = [line for pair in zip(CANTINE, BRUIT) for line in pair]
    transcript, starts = build([
        OPENING,
        lead("Première question : " + QUESTIONS[0]) + VELO * 2,
        ["Merci. Je vous pose les deux questions suivantes d'un coup, parce qu'elles sont liées.",
         "Donc : " + QUESTIONS[1] + " Et : " + QUESTIONS[2]] + mixed * 2,
        CLOSING,
    ])
    result = find_chapters(transcript, QUESTIONS)
    check_invariants(result, transcript)
    assert question_starts(result) == {1: starts[1], 2: starts[2]}
    assert any("question 3" in w and "taken together with question 2" in w for w in result.warnings)
