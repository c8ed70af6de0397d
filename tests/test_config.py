from pathlib import Path

import pytest

from replay.config import load_event, load_questions, slugify
from replay.errors import EventError

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path, text, name="event.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_event_file_has_the_four_questions_verbatim():
    event = load_event(ROOT / "pipelines" / "logement-discriminations-2020-11-06.toml")
    assert event.id == "logement-discriminations-2020-11-06" and event.date == "2020-11-06"
    assert event.questions == (
        "Quels sont les ressorts de l'action publique en faveur du logement permettant de combattre les discriminations systémiques ?",
        "Les politiques publiques en faveur de la mixité sociale tiennent-elles leurs promesses ?",
        "Quelles sont les stratégies publiques permettant d'associer le parc privé ?",
        "Quels sont les leviers à renforcer pour favoriser à la fois la mixité et la mobilité résidentielle ?",
    )
    assert "QPV" in event.glossary


def test_full_event(tmp_path):
    (tmp_path / "talk.mp4").write_bytes(b"x")
    event = load_event(write(tmp_path, '''
id = "ev-1"
title = "T"
date = 2020-11-06
source = "talk.mp4"
questions = ["Q un ?", "Q deux ?", "Q trois ?"]
titles = ["Un", "Deux", "Trois"]
[chapters]
start = { 3 = "00:27:54", 1 = "95.5" }
order = "announced"
'''))
    assert event.date == "2020-11-06"
    assert event.source == str(tmp_path / "talk.mp4")  # relative to the event file
    assert event.pins == {3: 1674.0, 1: 95.5} and event.order == "announced"


@pytest.mark.parametrize("body,field", [
    ('id = "Bad Id"', "id"),
    ('id = "ok"\nquestions = "one"', "questions"),
    ('id = "ok"\nquestions = ["a", ""]', "questions"),
    ('id = "ok"\ndate = "6 novembre"', "date"),
    ('id = "ok"\nlanguage = "French"', "language"),
    ('id = "ok"\nquestions = ["a"]\ntitles = ["x", "y"]', "titles"),
    ('id = "ok"\nquestion = ["a"]', "question"),
    ('id = "ok"\nquestions = ["a"]\n[chapters]\nstart = { 2 = "00:01:00" }', "chapters.start"),
    ('id = "ok"\nquestions = ["a"]\n[chapters]\nstart = { 1 = "soon" }', "chapters.start"),
    ('id = "ok"\n[chapters]\norder = "random"', "chapters.order"),
])
def test_invalid_event_names_file_and_field(tmp_path, body, field):
    path = write(tmp_path, body)
    with pytest.raises(EventError) as info:
        load_event(path)
    message = str(info.value)
    assert str(path) in message and f"field '{field}'" in message and "\n" not in message


def test_bad_toml_and_missing_file(tmp_path):
    with pytest.raises(EventError, match="not valid TOML"):
        load_event(write(tmp_path, 'id = "x'))
    with pytest.raises(EventError, match="no such event file"):
        load_event(tmp_path / "none.toml")


def test_questions_file(tmp_path):
    path = write(tmp_path, "# agenda\nPremière ?\n\n  Deuxième ?  \n", "q.txt")
    assert load_questions(path) == ("Première ?", "Deuxième ?")
    with pytest.raises(EventError, match="no questions"):
        load_questions(write(tmp_path, "\n# only a comment\n", "empty.txt"))


def test_slugify():
    assert slugify("Réunion Plénière — 2020/11/06.mp4") == "reunion-pleniere-2020-11-06-mp4"
    assert slugify("???") == "recording"
