"""The chapter benchmark: accuracy on every case (dev and held-out) and the speed command's output.

Speed itself is a benchmark figure (`python -m replay.bench chapters-speed`), not a timed test."""

from __future__ import annotations

import ast
import functools
import io
import json
import shutil
from pathlib import Path

from replay import bench

CASES = Path(__file__).resolve().parent.parent / "benchmarks" / "chapters" / "cases"


def test_dev_cases_meet_the_target(tmp_path):
    for case in CASES.glob("dev-*"):
        shutil.copytree(case, tmp_path / case.name)
    out = io.StringIO()
    ok = bench.run_chapters(tmp_path, out=out)
    report = out.getvalue()
    assert "ALL 6 cases" in report
    assert ok, report


def test_dev_and_heldout_cases_meet_the_target():
    # A regression guard for what is reached. Not every blind-* case (written without reading the finder)
    # is there yet: `python -m replay.bench chapters benchmarks/chapters/cases` reports them.
    out = io.StringIO()
    assert bench.run_chapters(CASES, out=out, prefixes=("dev-", "heldout-")), out.getvalue()
    assert "ALL 12 cases" in out.getvalue()


# Known misses, written down so that a new one (or a fix) shows. From the blind13 batch: a forgotten question
# whose shared words (clauses, BTP) pull another question's answer to it. From blind22: themes discussed in
# other words than the questions' ("le bruit" for "les nuisances sonores"), two of them swapped, with questions
# sent in advance that straddle two themes.
KNOWN_MISSES: set[tuple[str, str, str]] = {
    ("blind13-commande-publique-insertion-noisy", "fabricated", "[3]"),
    ("blind22-themes-et-questions-en-amont-sante-environnement-noisy", "missing", "[4]"),
}


@functools.lru_cache(maxsize=1)
def _report_on_every_case() -> str:
    out = io.StringIO()
    bench.run_chapters(CASES, out=out)
    return out.getvalue()


def test_no_case_misses_a_discussed_question_or_invents_a_skipped_one():
    lines = _report_on_every_case().splitlines()
    misses = set()
    for line in lines[:-1]:
        name = line.split()[0]
        for kind in ("missing", "fabricated"):
            listed = line.split(kind)[1].split("]")[0].strip() + "]"
            if listed != "[]":
                misses.add((name, kind, listed))
    assert misses == KNOWN_MISSES, _report_on_every_case()


# Chapters that start more than 60 s from the truth, written down for the same reason: each rule the finder has
# was written for a case, and undoing one moves that case's chapter back out of the 60 s. The README lists why
# these are still wrong.
KNOWN_LATE: set[tuple[str, int]] = {
    ("blind10-economie-sociale-solidaire", 2), ("blind10-economie-sociale-solidaire", 3),
    ("blind10-economie-sociale-solidaire-noisy", 1), ("blind10-economie-sociale-solidaire-noisy", 2),
    ("blind13-parentalite-numerique", 1), ("blind13-parentalite-numerique", 2),
    ("blind13-parentalite-numerique-noisy", 1), ("blind13-parentalite-numerique-noisy", 2),
    ("blind20-enregistrement-tronque-lien-social-seniors", 2),
    ("blind22-themes-et-questions-en-amont-sante-environnement", 2),
    ("blind22-themes-et-questions-en-amont-sante-environnement", 4),
    ("blind22-themes-et-questions-en-amont-sante-environnement-noisy", 3),
    ("blind22-themes-et-questions-en-amont-sante-environnement-noisy", 4),
    ("blind28-contribution-ecrite-lue-petite-enfance-noisy", 3),
    ("blind29-ca-tombe-bien-chat-alimentation", 3), ("blind29-ca-tombe-bien-chat-alimentation-noisy", 3),
    ("blind29-sondages-en-direct-mobilites-quartiers-noisy", 3),
    ("blind3-logement-discriminations-noisy", 3),
    ("blind32-transcription-abimee-rangs-deformes-numerique-noisy", 2),
    ("blind35-jeunes-ambassadeurs-posent-les-questions-engagement", 4),
    ("blind35-jeunes-ambassadeurs-posent-les-questions-engagement-noisy", 4),
    ("blind35-transitions-fleuves-animateur-bavard-commerce-proximite", 3),
    ("blind35-transitions-fleuves-animateur-bavard-commerce-proximite-noisy", 1),
    ("blind35-transitions-fleuves-animateur-bavard-commerce-proximite-noisy", 2),
    ("blind35-transitions-fleuves-animateur-bavard-commerce-proximite-noisy", 3),
    ("blind42-intervenant-cite-question-suivante-education", 1),
    ("blind42-intervenant-cite-question-suivante-education", 3),
    ("blind44-paroles-habitants-avant-questions-alimentation", 2),
    # the questions taken from the last to the first; the recogniser's version puts the second in the first
    # speaker's talk of a fair transition, in the second question's words
    ("blind47-ordre-inverse-annonce-transition-ecologique-noisy", 2),
    # the third question put by a bare hand-off; its words, smoothed over 90 s, open it at the turn before
    ("blind48-elue-arrive-en-retard-prevention-sante-noisy", 3),
    # a bare hand-off to the parents' speaker, whose answer to a question on the previous topic a minute before
    # is already in the last question's words
    ("blind50-coanimation-elu-commente-tout-education", 4),
    # "il fallait attendre la troisième question… vous m'ouvrez la de la dernière partie": the rank of the
    # question under way said first, the move's word lost
    ("blind50-debat-contradictoire-securite-prevention-noisy", 4),
    # a bare hand-off ("Merci. Sonia, à vous.") to a speaker heard before; the words of her answer, smoothed over
    # 90 s, open the last question in her previous answer, a question put off ("vous gardez la dématérialisation
    # pour tout à l'heure") notwithstanding
    ("blind52-ordinaire-acces-aux-droits-france-services", 4),
    ("blind52-ordinaire-acces-aux-droits-france-services-noisy", 4),
}


def test_the_chapters_more_than_a_minute_off_are_the_known_ones():
    late = set()
    for line in _report_on_every_case().splitlines()[:-1]:
        errors = ast.literal_eval(line.split("errors ")[1].split("}")[0] + "}")
        late |= {(line.split()[0], q) for q, error in errors.items() if error > 60}
    assert late == KNOWN_LATE, _report_on_every_case()


def test_a_chapter_for_a_skipped_question_is_reported_as_fabricated(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(CASES / "dev-emploi-jeunes", case)
    truth = json.loads((case / "truth.json").read_text())
    truth["chapters"] = [c for c in truth["chapters"] if c["label"] != 3]  # pretend question 3 was skipped
    (case / "truth.json").write_text(json.dumps(truth))
    out = io.StringIO()
    assert not bench.run_chapters(tmp_path, out=out)
    assert "fabricated [3]" in out.getvalue()


def test_an_event_that_discussed_none_of_its_questions_is_scored_on_what_was_invented(tmp_path):
    case = tmp_path / "case"
    shutil.copytree(CASES / "dev-emploi-jeunes", case)
    truth = json.loads((case / "truth.json").read_text())
    truth["chapters"] = [c for c in truth["chapters"] if not isinstance(c["label"], int)]
    (case / "truth.json").write_text(json.dumps(truth))
    out = io.StringIO()
    assert not bench.run_chapters(tmp_path, out=out)
    assert "ALL 1 cases, 0 questions: within30 1.000" in out.getvalue()
    assert "fabricated [1, 2, 3" in out.getvalue()


def test_speed_command_reports_a_three_hour_transcript():
    out = io.StringIO()
    bench.run_speed(CASES / "dev-sante-quartiers-noisy", repeat=1, out=out)
    report = out.getvalue()
    assert "3.2" in report and " h, 4 questions" in report and "s ->" in report
    out = io.StringIO()
    bench.run_speed(CASES / "dev-sante-quartiers-noisy", repeat=1, out=out, n_questions=7)
    assert " h, 7 questions" in out.getvalue()  # topped up with other cases' questions


def test_main_exit_codes(tmp_path, capsys):
    assert bench.main(["chapters", str(tmp_path)]) == 1  # no cases: not on target
    assert "no cases" in capsys.readouterr().out
