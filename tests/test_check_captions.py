"""The caption checker on files from elsewhere, and on replay's own captions for the benchmark transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from replay.errors import ExportError
from replay.export.captions import build_cues, to_srt, to_vtt
from replay.export.check import Violation, check_captions, format_report
from replay.models import load_transcript

CASES = sorted(Path(__file__).resolve().parent.parent.glob("benchmarks/chapters/cases/*/transcript.json"))

BAD_VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
une ligne
deux lignes
trois lignes

00:00:05.000 --> 00:00:09.000
Cette ligne est beaucoup trop longue pour un sous-titre.

00:00:08.500 --> 00:00:10.000
Chevauchement.

00:00:12.000 --> 00:00:13.000
Beaucoup trop de texte pour si peu de temps, vraiment.

00:00:14.000 --> 00:00:22.500
Trop long.

00:00:23.000 --> 00:00:23.300
Bref.

00:00:23.340 --> 00:00:25.000
Presque collé.

00:00:26.000 --> 00:00:29.000
On parle des
jeunes.

00:00:30.000 --> 00:00:33.000
Et vous, qu'en pensez-vous?

00:00:34.000 --> 00:00:36.000
Un texte un peu rapide pour le lire.

00:00:40.000 --> 00:00:40.000
Vide de durée.
"""

GOOD_VTT = """WEBVTT

00:00:01.000 --> 00:00:03.000
Bonjour à toutes et à tous.

00:00:03.080 --> 00:00:06.800
Bienvenue à cette visio-conférence
sur l'emploi des jeunes.

00:00:07.200 --> 00:00:09.500
Pourquoi ce sujet maintenant\u202f?
"""


def rules(report) -> dict[str, list[bool]]:
    out: dict[str, list[bool]] = {}
    for v in report.violations:
        out.setdefault(v.rule, []).append(v.hard)
    return out


def test_bad_file_from_elsewhere(tmp_path):
    path = tmp_path / "elsewhere.vtt"
    path.write_text(BAD_VTT, encoding="utf-8")
    report = check_captions(path)
    found = rules(report)
    assert not report.ok
    for rule in ("lines", "line-length", "overlap", "max-duration", "timing"):
        assert True in found[rule], rule
    assert True in found["max-cps"] and False in found["max-cps"]  # 54 chars in 1 s; 36 chars in 2 s
    assert True in found["min-duration"]  # 0.3 s
    assert found["gap"] == [False]  # 40 ms
    assert found["balance"] == [False]  # "On parle des / jeunes." fits on one line
    assert found["break"] == [False]  # ... and breaks after "des"
    assert found["typography"] == [False]  # "pensez-vous?"
    starts = {v.rule: v.start for v in report.violations}
    assert starts["overlap"] == 8.5 and starts["gap"] == 23.34


def test_violation_prints_on_one_line():
    v = Violation(62.345, "max-cps", "21.3 chars/s > 20", True)
    assert str(v) == "00:01:02.345  max-cps  21.3 chars/s > 20 (hard)"


def test_good_file_has_no_violation(tmp_path):
    path = tmp_path / "good.vtt"
    path.write_text(GOOD_VTT, encoding="utf-8")
    report = check_captions(path)
    assert report.violations == [] and report.ok
    assert report.stats["cues"] == 3 and report.stats["cps"]["share_within"] == 1.0
    assert report.stats["lines_per_cue"] == {"1": 2, "2": 1}


def test_srt_from_elsewhere(tmp_path):
    path = tmp_path / "elsewhere.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i>Beaucoup trop de texte en une seconde.</i>\n\n"
                    "2\n00:00:03,000 --> 00:00:05,000\nR&amp;D\n", encoding="utf-8")
    report = check_captions(path)
    assert rules(report)["max-cps"] == [True]
    assert "line-length" not in rules(report)  # tags are not shown, so not counted


def test_report_lists_violations_then_statistics(tmp_path):
    path = tmp_path / "elsewhere.vtt"
    path.write_text(BAD_VTT, encoding="utf-8")
    text = format_report(check_captions(path))
    lines = text.splitlines()
    assert lines[0].startswith("00:00:00.000  cps-share") or lines[0].startswith("00:00:01.000  lines")
    assert "reading speed: median" in text and "line length: median" in text and "duration: min" in text


@pytest.mark.parametrize("content, name", [("not captions at all", "x.vtt"), ("", "x.srt"), ("WEBVTT\n\nbad --> cue\n", "y.txt")])
def test_unreadable_file_is_a_clear_error(tmp_path, content, name):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExportError) as err:
        check_captions(path)
    assert name in str(err.value) and "\n" not in str(err.value)


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(ExportError, match="nope.vtt"):
        check_captions(tmp_path / "nope.vtt")


def test_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "binary.srt"
    path.write_bytes(b"\xff\xfe\x00\x81garbage\x00")
    with pytest.raises(ExportError, match="binary.srt"):
        check_captions(path)


# Soft violations the caption builder still makes, written down so a new one (or a fix) shows. A line ending on
# an article or a preposition costs the builder four times its break score, so it takes a slightly faster cue or
# one more cue rather than that. Five are left: "le principal outil de financement de la médiation sociale dans
# les quartiers." has no split within 42 characters a line that avoids a break after "de", nor "…communautaire
# sorte de / l'expérimentation pis change d'échelle ?" (46 otherwise) or "Ensuite, on oriente vers les /
# conseillers numériques, qui sont nombreux" (45 otherwise); the recogniser-garbled "son compteur, la
# préfecture regarde son compteur, les communes leur compteur. euh" is cut after "son" rather than exceed the
# reading speed more; and "sur le square. Deux, dans les / réhabilitations lourdes, on la demande", in fast
# speech (19 characters a second), keeps "les" at the end of the line rather than make the cue faster still.
KNOWN_SOFT = {"blind6-mediation-sociale": [("break", "line break after the preposition 'de'")],
              "blind7-attribution-logements-noisy": [("break", "line break after the article 'son'")],
              "blind26-animation-quebecoise-habitation-communautaire-noisy": [
                  ("break", "line break after the preposition 'de'")],
              "blind26-reponses-hors-sujet-transition-numerique-associations": [
                  ("break", "line break after the article 'les'")],
              "blind36-libelles-modifies-sous-questions-habitat-seniors-noisy": [
                  ("break", "line break after the article 'les'")],
              # "…d'années / sur plusieurs quartiers de l'agglomération." would make a 43-character line
              "blind47-ordre-inverse-annonce-transition-ecologique": [
                  ("break", "line break after the preposition 'sur'")]}


@pytest.mark.parametrize("case", CASES, ids=[c.parent.name for c in CASES])
def test_benchmark_captions_pass_the_checker(tmp_path, case):
    cues = build_cues(load_transcript(case))
    for fmt, write in (("vtt", to_vtt), ("srt", to_srt)):
        path = tmp_path / f"captions.{fmt}"
        path.write_text(write(cues), encoding="utf-8")
        report = check_captions(path)
        assert report.ok, format_report(report)
        assert report.stats["cues"] == len(cues)
        assert report.stats["cps"]["share_within"] >= 0.9
        assert report.stats["line_length"]["max"] <= 42 and report.stats["duration"]["max"] <= 7.0
        found = [v for v in report.violations if v.rule in ("break", "typography", "gap")]
        assert [(v.rule, v.detail) for v in found] == KNOWN_SOFT.get(case.parent.name, []), format_report(report)


def test_there_are_benchmark_cases():
    assert len(CASES) >= 6


def test_durations_are_whole_milliseconds_in_the_statistics(tmp_path):
    # 00:16:57.131 -> 00:17:04.131 is 7 s exactly, though 1024.131 - 1017.131 is 7.000000000000114 in floats
    path = tmp_path / "seven.vtt"
    path.write_text("WEBVTT\n\n00:16:57.131 --> 00:17:04.131\nUne phrase qui reste sept secondes à l'écran.\n",
                    encoding="utf-8")
    report = check_captions(path)
    assert report.stats["duration"]["max"] == 7.0
    assert not [v for v in report.violations if v.rule == "max-duration"]
