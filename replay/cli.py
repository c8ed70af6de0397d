"""The `replay` command line: thin commands over the library; ReplayError becomes one line and exit 1."""

from __future__ import annotations

import json
import logging
import traceback
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .errors import ReplayError

log = logging.getLogger("replay")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Maps ReplayError to one line on stderr and exit status 1 (a traceback only with -v)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ReplayError as exc:
            _fail(ctx, str(exc))
        except OSError as exc:  # disk full, permissions: still one clear line
            _fail(ctx, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))


def _fail(ctx: click.Context, message: str) -> None:
    if ctx.obj and ctx.obj.get("verbose"):
        traceback.print_exc()
    click.echo(f"Error: {message}", err=True)
    ctx.exit(1)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="replay")
@click.option("-v", "--verbose", is_flag=True, help="Debug logs and tracebacks.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Turn recorded French conferences into chaptered captions and searchable transcripts."""
    ctx.obj = {"verbose": verbose}
    _setup_logging(verbose)


def _setup_logging(verbose: bool) -> None:
    from rich.logging import RichHandler
    from .progress import stderr_console

    handler = RichHandler(console=stderr_console(), show_time=False, show_path=False, markup=False)
    logger = logging.getLogger("replay")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


def transcribe_options(f):
    """The options every transcribing command shares."""
    for decorator in reversed([
        click.option("--model", default="auto", show_default=True, metavar="NAME|PATH",
                     help="Whisper model: a name (large-v3, large-v3-turbo, medium, …), a hub id, or a local "
                          "CTranslate2 folder. auto = large-v3 on CUDA, large-v3-turbo on CPU."),
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True),
        click.option("--compute-type", default="default", show_default=True,
                     help="CTranslate2 compute type (int8, int8_float16, float16, float32); default: float16 on CUDA, int8 on CPU."),
        click.option("--beam-size", type=click.IntRange(1, 20), default=5, show_default=True),
        click.option("--batch-size", type=click.IntRange(0, 256), default=0, show_default=True,
                     help="> 0 uses faster-whisper's batched pipeline (faster on GPU, less memory on long files)."),
        click.option("--condition-on-previous-text/--no-condition-on-previous-text", default=False, show_default=True,
                     help="Feed each window the previous text (off avoids Whisper's repetition loops)."),
    ]):
        f = decorator(f)
    return f


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--event", "event_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Event file (TOML) giving id, title, questions for a URL or media SOURCE.")
@click.option("--questions", "questions_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Text file, one guiding question per line.")
@click.option("--id", "event_id", help="Event id (slug) for a URL or media SOURCE; default: from the file name.")
@click.option("--out", "out_root", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
              show_default=True, help="Where outputs/<id>/ folders go.")
@click.option("--media", "media_root", type=click.Path(file_okay=False, path_type=Path), default=Path("media"),
              show_default=True, help="Where downloads and extracted audio go.")
@transcribe_options
@click.option("--formats", default=None, metavar="LIST", help="Export formats (default: all): vtt,srt,chapters,youtube,ffmeta,txt,md,docx,html.")
@click.option("--embed", is_flag=True, help="Also write <id>.mkv and <id>.mp4 with chapters and subtitles embedded.")
@click.option("--force", is_flag=True, help="Redo every stage even when its inputs did not change.")
@click.pass_context
def run(ctx, sources, event_file, questions_file, event_id, out_root, media_root, model, device, compute_type,
        beam_size, batch_size, condition_on_previous_text, formats, embed, force):
    """Transcribe recordings and export captions, chapters and transcripts.

    SOURCE is an event file (pipelines/*.toml), a URL (video page, direct MP4/WebM link, HLS .m3u8) or a
    local audio/video file. Several SOURCEs run one after the other; a failing one does not stop the others.
    """
    from .config import TranscribeOptions
    from .export import parse_formats
    from .pipeline import RunOptions, run_event
    from .progress import RunReporter, stdout_console

    if len(sources) > 1 and (event_id or event_file) and not all(s.endswith(".toml") for s in sources):
        raise ReplayError("--event and --id apply to a single URL or media SOURCE", "run one SOURCE at a time with them")
    options = RunOptions(
        out_root=out_root, media_root=media_root, force=force, embed=embed,
        formats=parse_formats(formats) if formats else None,
        transcribe=TranscribeOptions(model=model, device=device, compute_type=compute_type, beam_size=beam_size,
                                     batch_size=batch_size, condition_on_previous_text=condition_on_previous_text),
    )
    out = stdout_console()
    failures = 0
    for source in sources:
        try:
            event = _event_for(source, event_file, questions_file, event_id)
            with RunReporter(event.id) as reporter:
                result = run_event(event, options, reporter)
        except ReplayError as exc:
            if ctx.obj["verbose"]:
                traceback.print_exc()
            click.echo(f"Error: {source}: {exc}", err=True)
            failures += 1
            continue
        done = ", ".join(result.ran) or "nothing"
        cached = f" (up to date: {', '.join(result.skipped)})" if result.skipped else ""
        out.print(f"[bold green]✓[/] {event.id}: ran {done}{cached}", highlight=False)
        if result.chapters_skipped:
            out.print("  chapters skipped: no guiding questions (give --event or --questions)", highlight=False)
        for warning in result.warnings:
            out.print(f"  [yellow]warning:[/] {warning}", highlight=False, markup=True)
        out.print(f"  {result.out_dir}", highlight=False)
    if failures:
        click.echo(f"Error: {failures} of {len(sources)} recordings failed", err=True)
        ctx.exit(1)


def _event_for(source: str, event_file: Path | None, questions_file: Path | None, event_id: str | None):
    from .config import SLUG, Event, load_event, load_questions, slugify
    from .fetch import is_url

    if source.endswith(".toml") and not is_url(source):
        event = load_event(source)
        if questions_file:
            event = replace(event, questions=load_questions(questions_file), titles=())
        if not event.source:
            raise ReplayError(f"{source}: field 'source' is missing", "add source = \"URL or path\" to the event file")
        return event
    if event_file:
        event = replace(load_event(event_file), source=source)
    else:
        stem = source.rstrip("/").rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0]
        event = Event(id=slugify(stem), title="", source=source)
    if questions_file:
        event = replace(event, questions=load_questions(questions_file), titles=())
    if event_id:
        if not SLUG.match(event_id):
            raise ReplayError(f"--id '{event_id}' is not a slug", "use a-z, 0-9 and '-', e.g. --id logement-2020")
        event = replace(event, id=event_id)
    return event


def _questions_from(event_file: Path | None, questions_file: Path | None):
    from .config import Event, load_event, load_questions

    if bool(event_file) == bool(questions_file):
        raise click.UsageError("give exactly one of --event FILE or --questions FILE")
    if event_file:
        return load_event(event_file)
    return Event(id="questions", questions=load_questions(questions_file))


@cli.command(context_settings=CONTEXT)
@click.argument("transcript", type=click.Path(path_type=Path))
@click.option("--event", "event_file", type=click.Path(path_type=Path), help="Event file with the questions (and titles, pins).")
@click.option("--questions", "questions_file", type=click.Path(path_type=Path), help="Text file, one question per line.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write chapters JSON here (default: stdout).")
@click.option("--explain", is_flag=True, help="Print each chapter's evidence readably (to stderr when JSON goes to stdout).")
def chapters(transcript, event_file, questions_file, output, explain):
    """Find where each guiding question is discussed in TRANSCRIPT (any Whisper-style JSON)."""
    from .chapters import explain as explain_text
    from .chapters import find_chapters
    from .fileio import write_json
    from .models import chapters_to_dict, load_transcript

    event = _questions_from(event_file, questions_file)
    try:
        result = find_chapters(load_transcript(transcript), event.questions, titles=event.titles,
                               pins=event.pins, order=event.order)
    except ValueError as exc:
        raise ReplayError(f"cannot find chapters: {exc}", "check the event file's questions, titles and pins") from None
    data = chapters_to_dict(list(result.chapters), list(result.warnings))
    if output:
        write_json(output, data)
    else:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    for warning in result.warnings:
        log.warning("%s", warning)
    if explain:
        click.echo(explain_text(result), err=not output)


@cli.command(context_settings=CONTEXT)
@click.argument("transcript", type=click.Path(path_type=Path))
@click.option("--chapters", "chapters_file", type=click.Path(path_type=Path), help="chapters.json to use.")
@click.option("--formats", default=None, metavar="LIST",
              help="Comma-separated export formats: vtt,srt,chapters,youtube,ffmeta,txt,md,docx,html "
                   "(default: all; the chapter formats only with --chapters).")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the files.")
@click.option("--media", "media_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The recording, for the HTML page's player.")
@click.option("--title", default=None, help="Title for the documents (default: from the transcript's meta).")
def export(transcript, chapters_file, formats, out_dir, media_path, title):
    """Write captions, chapters and transcripts from TRANSCRIPT (replay's, openai-whisper's, faster-whisper's, WhisperX's)."""
    from .export import ALL_FORMATS, CHAPTER_FORMATS, ExportContext, parse_formats, write_exports
    from .hallucinations import drop_hallucinations
    from .models import load_chapters, load_transcript

    names = parse_formats(formats) if formats else ALL_FORMATS
    if not chapters_file:
        asked = [n for n in names if n in CHAPTER_FORMATS]
        if formats and asked:
            raise ReplayError(f"format '{asked[0]}' needs chapters", "add --chapters chapters.json")
        names = tuple(n for n in names if n not in CHAPTER_FORMATS)
    data, _ = drop_hallucinations(load_transcript(transcript))
    chapter_list = load_chapters(chapters_file) if chapters_file else []
    meta = data.meta
    context = ExportContext(title=title or meta.get("title") or Path(transcript).stem, date=meta.get("date"),
                            source=meta.get("source"), event_id=meta.get("event_id"),
                            media_path=str(media_path.resolve()) if media_path else None, out_dir=str(out_dir))
    for path in write_exports(data, chapter_list, out_dir, names, context):
        click.echo(str(path))


@cli.command("check-captions", context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.pass_context
def check_captions(ctx, path):
    """Check a .vtt or .srt file against French subtitling rules; exit 1 when a hard rule is broken."""
    from .export.check import check_captions as check, format_report

    report = check(path)
    click.echo(format_report(report))
    if not report.ok:
        ctx.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("event_id")
@click.option("--out", "out_root", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True)
@click.option("--media", "media_root", type=click.Path(file_okay=False, path_type=Path), default=Path("media"), show_default=True)
@click.option("--format", "containers", default="mkv,mp4", show_default=True, help="Containers to write: mkv, mp4 or both.")
def embed(event_id, out_root, media_root, containers):
    """Write a copy of EVENT_ID's recording with chapters and French subtitles embedded (no re-encoding)."""
    from .pipeline import embed_event

    names = tuple(c.strip() for c in containers.split(",") if c.strip())
    bad = [c for c in names if c not in ("mkv", "mp4")]
    if bad or not names:
        raise ReplayError(f"unknown container {bad[0] if bad else containers!r}", "use --format mkv, mp4 or mkv,mp4")
    for path in embed_event(event_id, out_root, media_root, names):
        click.echo(str(path))


def main() -> None:
    cli(prog_name="replay")


if __name__ == "__main__":  # pragma: no cover
    main()
