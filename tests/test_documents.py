"""Transcript documents: paragraph grouping, plain text, Markdown, Word."""

from __future__ import annotations

import io
import zipfile

import docx

from replay.export import ExportContext, write_exports
from replay.export.documents import md_escape, paragraphs, render_docx, render_md, render_txt, sections
from replay.models import Chapter, Segment, Transcript

CTX = ExportContext(title="Logement : mixité & quartiers", date="2025-03-14", source="https://example.org/webinaire")


def seg(i: int, start: float, end: float, text: str, speaker: str | None = None) -> Segment:
    return Segment(id=i, start=start, end=end, text=text, speaker=speaker)


SEGMENTS = (
    seg(0, 0.0, 3.0, " Bonjour à tous."),
    seg(1, 3.2, 6.0, " Merci d'être là."),
    seg(2, 9.5, 12.0, " Première question : la mixité."),  # after a 3.5 s pause
    seg(3, 12.1, 15.0, " Les *quartiers* <prioritaires> [QPV] & # c'est_ça."),
    seg(4, 15.1, 18.0, " Deuxième question."),
    seg(5, 18.2, 21.0, " Merci à tous."),
)
CHAPTERS = [Chapter(0, 9.0, "Ouverture"),
            Chapter(9.0, 15.05, "Mixité", question=1, question_text="Comment favoriser la mixité ?"),
            Chapter(15.05, 21.0, "Conclusion")]
TRANSCRIPT = Transcript(language="fr", duration=21.0, segments=SEGMENTS)


def test_paragraphs_break_at_pauses_speakers_and_length():
    paras = paragraphs(SEGMENTS)
    assert [(p.start, p.end) for p in paras] == [(0.0, 6.0), (9.5, 21.0)]
    assert paras[0].text == "Bonjour à tous. Merci d'être là."
    # speaker change
    paras = paragraphs([seg(0, 0, 2, "Oui.", "A"), seg(1, 2.1, 4, "Non.", "B"), seg(2, 4.1, 5, "Si.", "B")])
    assert [(p.text, p.speaker) for p in paras] == [("Oui.", "A"), ("Non. Si.", "B")]
    # five sentences make a paragraph
    many = [seg(i, i * 2.0, i * 2.0 + 1.9, f"Phrase {i}.") for i in range(12)]
    assert [p.text.count(".") for p in paragraphs(many)] == [5, 5, 2]
    # a long speech without sentence ends is still cut, at about 60 s (soft) or 90 s (hard)
    run_on = [seg(i, i * 5.0, i * 5.0 + 4.9, f"mot {i},") for i in range(40)]
    assert all(p.end - p.start <= 95 for p in paragraphs(run_on))
    ended = [seg(i, i * 5.0, i * 5.0 + 4.9, f"mot {i}" + ("." if i % 13 == 12 else ",")) for i in range(40)]
    assert paragraphs(ended)[0].end == 64.9  # the first sentence end after 60 s
    # empty segments are skipped
    assert paragraphs([seg(0, 0, 1, "  "), seg(1, 1, 2, " Oui.")])[0].start == 1


def test_sections_follow_chapters():
    secs = sections(TRANSCRIPT, CHAPTERS)
    assert [s.title for s in secs] == ["Ouverture", "Mixité", "Conclusion"]
    assert [[p.start for p in s.paragraphs] for s in secs] == [[0.0], [9.5], [15.1]]
    assert secs[1].question_text == "Comment favoriser la mixité ?"
    only = sections(TRANSCRIPT, [])
    assert len(only) == 1 and only[0].title is None


def test_txt_golden():
    assert render_txt(TRANSCRIPT, CHAPTERS, CTX)["transcript.txt"] == (
        "Logement : mixité & quartiers\n"
        "=============================\n"
        "Date : 2025-03-14\n"
        "Source : https://example.org/webinaire\n"
        "\n\n"
        "00:00:00 — Ouverture\n"
        "--------------------\n"
        "\n"
        "[00:00:00] Bonjour à tous. Merci d'être là.\n"
        "\n\n"
        "00:00:09 — Mixité\n"
        "-----------------\n"
        "Question : Comment favoriser la mixité ?\n"
        "\n"
        "[00:00:09] Première question : la mixité. Les *quartiers* <prioritaires> [QPV] & # c'est_ça.\n"
        "\n\n"
        "00:00:15 — Conclusion\n"
        "---------------------\n"
        "\n"
        "[00:00:15] Deuxième question. Merci à tous.\n"
    )


def test_txt_without_chapters_is_paragraphs_only():
    text = render_txt(TRANSCRIPT, [], ExportContext())["transcript.txt"]
    assert text.splitlines()[:2] == ["Transcription", "============="]
    assert [line for line in text.splitlines() if line.startswith("[")] == [
        "[00:00:00] Bonjour à tous. Merci d'être là.",
        "[00:00:09] Première question : la mixité. Les *quartiers* <prioritaires> [QPV] & # c'est_ça. "
        "Deuxième question. Merci à tous.",
    ]
    assert "—" not in text


def test_md_golden_and_escaping():
    md = render_md(TRANSCRIPT, CHAPTERS, CTX)["transcript.md"]
    assert md.startswith(
        "# Logement : mixité & quartiers\n\n"
        "- Date : 2025-03-14\n"
        "- Source : <https://example.org/webinaire>\n\n"
        "## Ouverture (00:00:00)\n\n"
        "**[00:00:00]** Bonjour à tous. Merci d'être là.\n\n"
        "## Mixité (00:00:09)\n\n"
        "> Comment favoriser la mixité ?\n\n")
    assert ("**[00:00:09]** Première question : la mixité. "
            "Les \\*quartiers\\* \\<prioritaires\\> \\[QPV\\] & \\# c'est\\_ça.") in md
    assert md.endswith("## Conclusion (00:00:15)\n\n**[00:00:15]** Deuxième question. Merci à tous.\n")
    assert md_escape("a &amp; b & c `x` | ~y~ \\") == "a \\&amp; b & c \\`x\\` \\| \\~y\\~ \\\\"
    not_a_link = render_md(TRANSCRIPT, [], ExportContext(source="javascript:alert(1)"))["transcript.md"]
    assert "- Source : javascript:alert(1)" in not_a_link and "<javascript" not in not_a_link


def test_docx_opens_with_headings_timestamps_and_french(tmp_path):
    data = render_docx(TRANSCRIPT, CHAPTERS, CTX)["transcript.docx"]
    assert isinstance(data, bytes) and zipfile.is_zipfile(io.BytesIO(data))
    path = tmp_path / "transcript.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    paras = [(p.style.name, p.text) for p in document.paragraphs]
    assert paras[0] == ("Title", "Logement : mixité & quartiers")
    assert ("Normal", "Date : 2025-03-14") in paras
    assert ("Normal", "Source : https://example.org/webinaire") in paras
    assert [t for s, t in paras if s == "Heading 1"] == [
        "Ouverture (00:00:00)", "Mixité (00:00:09)", "Conclusion (00:00:15)"]
    assert ("Quote", "Comment favoriser la mixité ?") in paras
    assert ("Normal", "[00:00:15] Deuxième question. Merci à tous.") in paras
    timestamp_run = next(p for p in document.paragraphs if p.text.startswith("[00:00:00]")).runs[0]
    assert timestamp_run.bold and timestamp_run.text == "[00:00:00] "
    props = document.core_properties
    assert props.title == "Logement : mixité & quartiers" and props.created is not None
    assert props.language == "fr-FR"
    styles_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:lang w:val="fr-FR"' in styles_xml and 'w:val="en-US"' not in styles_xml
    assert styles_xml.count('w:val="fr-FR"') > 10  # docDefaults and every paragraph/character style


def test_docx_survives_control_characters():
    nasty = Transcript(language="fr", duration=2, segments=(seg(0, 0, 1, "bip\x07 \x00ok"),))
    document = docx.Document(io.BytesIO(render_docx(nasty, [], ExportContext())["transcript.docx"]))
    assert any(p.text == "[00:00:00] bip ok" for p in document.paragraphs)


def test_write_exports_writes_the_three_documents(tmp_path):
    written = write_exports(TRANSCRIPT, CHAPTERS, tmp_path, ["txt", "md", "docx"], CTX)
    assert sorted(p.name for p in written) == ["transcript.docx", "transcript.md", "transcript.txt"]
    assert (tmp_path / "transcript.txt").read_text(encoding="utf-8").startswith("Logement")
