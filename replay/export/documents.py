"""Transcript documents: plain text, Markdown and Word (.docx), grouped by chapter into readable paragraphs.

`sections()` does the grouping once; the three renderers (and the HTML page) only lay it out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Sequence

from ..models import Chapter, Segment, Transcript
from ..timefmt import format_clock
from . import ExportContext
from .chapter_formats import chapter_spans, one_line, recording_duration

PAUSE_BREAK = 2.0  # seconds of silence that start a new paragraph
SOFT_MAX_SECONDS = 60.0  # after this, break at the next sentence end
HARD_MAX_SECONDS = 90.0  # after this, break even mid-sentence
MAX_SENTENCES = 5

_SENTENCE_END = re.compile(r"[.!?…]+[»\"')\]]*(?=\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?…][»\"')\]]*$")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Paragraph:
    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Section:
    """A chapter (or the whole recording when there are no chapters) and its paragraphs."""

    start: float
    end: float
    title: str | None  # None when there are no chapters
    question_text: str | None
    paragraphs: tuple[Paragraph, ...]


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text))


def paragraphs(segments: Sequence[Segment]) -> list[Paragraph]:
    """Group consecutive segments into paragraphs: a new one at a speaker change, after a pause longer
    than PAUSE_BREAK, at a sentence end once the paragraph holds MAX_SENTENCES sentences or lasts
    SOFT_MAX_SECONDS, and in any case after HARD_MAX_SECONDS."""
    out: list[Paragraph] = []
    texts: list[str] = []
    first: Segment | None = None
    last: Segment | None = None

    def flush() -> None:
        if first is not None and last is not None and texts:
            out.append(Paragraph(first.start, last.end, " ".join(texts), first.speaker))

    for seg in segments:
        text = one_line(seg.text)
        if not text:
            continue
        if first is not None and last is not None:
            joined = " ".join(texts)
            ends_sentence = bool(_ENDS_SENTENCE.search(joined))
            long_enough = _sentences(joined) >= MAX_SENTENCES or last.end - first.start >= SOFT_MAX_SECONDS
            if (seg.speaker != first.speaker
                    or seg.start - last.end > PAUSE_BREAK
                    or (long_enough and ends_sentence)
                    or last.end - first.start >= HARD_MAX_SECONDS):
                flush()
                texts, first = [], None
        if first is None:
            first = seg
        texts.append(text)
        last = seg
    flush()
    return out


def sections(transcript: Transcript, chapters: Sequence[Chapter]) -> list[Section]:
    """The transcript's paragraphs grouped under their chapters (a segment belongs to the chapter its start
    falls in). Without chapters, one untitled section holds everything."""
    duration = recording_duration(transcript, chapters)
    spans = chapter_spans(chapters, duration)
    if not spans:
        return [Section(0.0, duration, None, None, tuple(paragraphs(transcript.segments)))]
    buckets: list[list[Segment]] = [[] for _ in spans]
    index = 0
    for seg in sorted(transcript.segments, key=lambda s: (s.start, s.end)):
        while index + 1 < len(spans) and seg.start >= spans[index + 1].start:
            index += 1
        buckets[index].append(seg)
    out = []
    for span, segs in zip(spans, buckets):
        question = span.chapter.question_text if span.chapter else None
        question = one_line(question) if question and one_line(question) != span.title else None
        out.append(Section(span.start, span.end, span.title, question, tuple(paragraphs(segs))))
    return out


def _header(transcript: Transcript, ctx: ExportContext) -> tuple[str, list[tuple[str, str]]]:
    title = one_line(ctx.title) or one_line(transcript.meta.get("title", "")) or "Transcription"
    meta = []
    if ctx.date:
        meta.append(("Date", one_line(ctx.date)))
    if ctx.source:
        meta.append(("Source", one_line(ctx.source)))
    return title, meta


# --- plain text ------------------------------------------------------------------------------

def render_txt(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, str]:
    """`transcript.txt`: header, then per chapter a heading line and paragraphs marked `[hh:mm:ss]`."""
    title, meta = _header(transcript, ctx)
    lines = [title, "=" * len(title)]
    lines += [f"{key} : {value}" for key, value in meta]
    for section in sections(transcript, chapters):
        if section.title is not None:
            heading = f"{format_clock(section.start)} — {section.title}"
            lines += ["", "", heading, "-" * len(heading)]
            if section.question_text:
                lines.append(f"Question : {section.question_text}")
        for para in section.paragraphs:
            lines += ["", f"[{format_clock(para.start)}] {para.text}"]
    return {"transcript.txt": "\n".join(lines).rstrip("\n") + "\n"}


# --- Markdown --------------------------------------------------------------------------------

_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>#|~])|&(?=#?\w+;)")


def md_escape(text: str) -> str:
    """Backslash-escape the characters Markdown (CommonMark/GFM) would act on inside a line."""
    return _MD_ACTIVE.sub(lambda m: "\\" + m.group(0), text)


def render_md(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, str]:
    """`transcript.md`: `# Title`, metadata, `## Chapter (hh:mm:ss)` headings, `**[hh:mm:ss]**` paragraphs."""
    title, meta = _header(transcript, ctx)
    lines = [f"# {md_escape(title)}"]
    if meta:
        lines.append("")
    for key, value in meta:
        autolink = key == "Source" and _is_http(value) and not re.search(r"[\s<>]", value)
        shown = f"<{value}>" if autolink else md_escape(value)
        lines.append(f"- {key} : {shown}")
    for section in sections(transcript, chapters):
        if section.title is not None:
            lines += ["", f"## {md_escape(section.title)} ({format_clock(section.start)})"]
            if section.question_text:
                lines += ["", f"> {md_escape(section.question_text)}"]
        for para in section.paragraphs:
            lines += ["", f"**[{format_clock(para.start)}]** {md_escape(para.text)}"]
    return {"transcript.md": "\n".join(lines).rstrip("\n") + "\n"}


def _is_http(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


# --- Word ------------------------------------------------------------------------------------

_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_lang(rpr, lang: str = "fr-FR") -> None:
    """Set `<w:lang w:val=lang>` in a run-properties element, keeping the schema's element order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        later = next((rpr.find(qn(tag)) for tag in _RPR_AFTER_LANG if rpr.find(qn(tag)) is not None), None)
        if later is not None:
            later.addprevious(lang_el)
        else:
            rpr.append(lang_el)
    lang_el.set(qn("w:val"), lang)


def _french(document) -> None:
    """Word reads the proofing language from docDefaults, each style and the settings; set all to fr-FR."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr)
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            _set_lang(style.element.get_or_add_rPr())
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "fr-FR")


def _xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot hold (python-docx refuses them)."""
    return _XML_INVALID.sub("", text)


def render_docx(transcript: Transcript, chapters: Sequence[Chapter], ctx: ExportContext) -> dict[str, bytes]:
    """`transcript.docx`: title, date, source, a Heading 1 per chapter, timestamped paragraphs; French."""
    import docx

    import replay

    title, meta = _header(transcript, ctx)
    title, meta = _xml_safe(title), [(k, _xml_safe(v)) for k, v in meta]
    document = docx.Document()
    _french(document)

    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "replay"
    props.language = "fr-FR"
    props.comments = f"replay {replay.__version__}"
    props.revision = 1
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)

    document.add_heading(title, level=0)
    for key, value in meta:
        para = document.add_paragraph()
        para.add_run(f"{key} : ").bold = True
        para.add_run(value)
    for section in sections(transcript, chapters):
        if section.title is not None:
            document.add_heading(f"{_xml_safe(section.title)} ({format_clock(section.start)})", level=1)
            if section.question_text:
                document.add_paragraph(_xml_safe(section.question_text), style="Quote")
        for para in section.paragraphs:
            p = document.add_paragraph()
            p.add_run(f"[{format_clock(para.start)}] ").bold = True
            p.add_run(_xml_safe(para.text))
    buffer = io.BytesIO()
    document.save(buffer)
    return {"transcript.docx": buffer.getvalue()}
