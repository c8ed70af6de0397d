"""Captions to French subtitling standards, built from word timestamps and written as WebVTT and SRT.

`build_cues` works in three steps:

1. **Tokens.** Whisper words (`" aujourd"`, `"'hui"`, `" ?"`) become display tokens: elisions and
   continuations are joined, punctuation is glued to its word with French spacing (narrow no-break
   space before ? ! ;, no-break space before : and inside « »), dotted acronyms lose their dots. A line
   never breaks inside a token, so never at a no-break space. Segments without word timings get word
   times interpolated by characters; a word stretched over a silence is clamped to a plausible length.
2. **Cues.** A dynamic programme over token boundaries picks the cues: each must fit in
   `max_lines` lines of `max_chars_per_line` (one line when it fits, else the best-balanced break that
   does not split an article, preposition, pronoun, title or first/last name from what follows), and
   is scored on reading speed, duration, where it ends (sentence end > clause > before a conjunction >
   anywhere; never after an article...), pauses and speaker changes inside it.
3. **Timing** (integer milliseconds, `_schedule`): a cue shows from its first word until it has been
   read: at least `min_duration` and `len(text) / max_cps`, never more than `max_hang` after its last
   word nor `max_duration` in all. To find that time in fast speech it may appear up to `max_lead_in`
   before its first word, or `max_delay` after it when the cue before needs the time; a fast passage
   keeps its excess in as few cues as possible, and `hard_max_cps` is exceeded only where the speech
   itself is faster than that even with the silence around it (last resort: appear up to `max_hang`
   early). Then a cue lingers `target_hang` after its last word when there is room, and when the next
   cue would follow within `chain_within` it is chained: it ends exactly `min_gap` (2 frames) before the
   next one. Consecutive cues are therefore always at least `min_gap` apart, never overlapping.

Reading speed counts every character shown, spaces, punctuation and no-break spaces included, and a
line break as one character. Text is escaped for WebVTT (`&amp;`, `&lt;`, `&gt;`, so never `-->`);
webvtt-py writes it as given and only refuses `-->` and blank lines, so nothing is escaped twice.
"""

from __future__ import annotations

import html
import io
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import webvtt

from .. import french
from ..models import Chapter, Segment, Transcript
from ..timefmt import format_timestamp, to_millis

if TYPE_CHECKING:
    from . import ExportContext

log = logging.getLogger("replay")


@dataclass(frozen=True)
class CaptionOptions:
    max_chars_per_line: int = 42
    max_lines: int = 2  # the builder makes 1 or 2 lines; the checker flags more than this
    min_duration: float = 1.0
    max_duration: float = 7.0
    max_cps: float = 17.0
    hard_max_cps: float = 20.0
    min_gap: float = 0.08  # 2 frames at 25 fps
    max_hang: float = 1.5  # never longer on screen after the last word (BBC)
    target_hang: float = 0.5  # linger this long after the last word when there is room (Netflix)
    max_lead_in: float = 0.5  # may appear this much before its first word, only to reach a readable speed
    max_delay: float = 0.5  # ...or this much after it, when the cue before needs the time
    chain_within: float = 0.5  # a gap shorter than this is closed down to min_gap
    hard_min_duration: float = 0.5  # shorter cues cannot be read at all (checker: hard)
    fps: float = 25.0


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class _Tok:
    text: str
    start: float
    end: float
    speaker: str | None = None
    last_in_segment: bool = False


# whitespace that separates words; no-break spaces belong to the word they sit in
_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")
_NB_RUN = re.compile(r"([\u00a0\u202f\u2007])[\u00a0\u202f\u2007]+")
_LEFT = set(",.;:!?…»)]}%‰”")
_RIGHT = set("«([{“¿¡")
_CUE_COST = 2.0
_CUE_BREAK_WEIGHT = 1.5
_FORBIDDEN_LINE_WEIGHT = 4  # a forbidden break inside a cue weighs this many times its score


def build_cues(transcript: Transcript, options: CaptionOptions = CaptionOptions()) -> list[Cue]:
    """Caption cues for a transcript, from its word timings (interpolated where a segment has none)."""
    tokens = _tokens(transcript, options)
    if not tokens:
        return []
    cuts = _choose_cues(tokens, options)
    return _timed_cues(tokens, cuts, options)


# -- tokens ------------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    # control characters, surrogates and BOMs have no place on screen (and break UTF-8 or the formats)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs") and c != "\ufeff")


def _segment_atoms(seg: Segment) -> list[tuple[str, float, float, bool]]:
    """(text, start, end, glued to the previous atom) for each whitespace-separated piece of a segment."""
    atoms: list[tuple[str, float, float, bool]] = []
    words = [w for w in seg.words if w.word.strip()]
    timed = words and all(math.isfinite(w.start) and math.isfinite(w.end) for w in words)
    if timed:
        # Whisper words carry their leading space; WhisperX words have none and are all separate words
        spaced = any(_SPACES.match(w.word) for w in words[1:])
        for w in words:
            pieces = _SPACES.split(_clean(w.word))
            glue = spaced and bool(pieces) and pieces[0] != ""
            atoms.extend(_spread(pieces, max(w.start, 0.0), max(w.end, w.start, 0.0), glue))
    else:
        atoms.extend(_spread(_SPACES.split(_clean(seg.text)), seg.start, seg.end, False))
    return atoms


def _spread(pieces: list[str], start: float, end: float, glue_first: bool):
    """Share [start, end] between the pieces in proportion to their length (plus one for the space)."""
    pieces = [_NB_RUN.sub(r"\1", p).strip(french.NO_BREAK_SPACES) for p in pieces]
    kept = [(i, p) for i, p in enumerate(pieces) if p]
    total = sum(len(p) + 1 for _, p in kept) or 1
    t, out = start, []
    for n, (i, p) in enumerate(kept):
        d = (end - start) * (len(p) + 1) / total
        out.append((p, t, t + d, glue_first and n == 0 and i == 0))
        t += d
    return out


def _tokens(transcript: Transcript, opts: CaptionOptions) -> list[_Tok]:
    toks: list[_Tok] = []
    prefix = ""  # « or ( waiting for its word
    for seg in transcript.segments:
        if not (math.isfinite(seg.start) and math.isfinite(seg.end)):
            log.warning("captions: segment %s has no usable times, left out", seg.id)
            continue
        first = len(toks)
        for text, start, end, glue in _segment_atoms(seg):
            prev = toks[-1] if toks else None
            # "d'«" said as one word opens a quote: the next word binds to it (d'« équilibre).
            opened = prev is not None and len(prev.text) > 1 and prev.text[-1] in _RIGHT
            joins = ((glue and len(toks) > first) or set(text) <= _LEFT or (prev and french.is_elision(prev.text))
                     or opened)
            if prev is not None and not prefix and joins:
                sep = "" if glue or french.is_elision(prev.text) else french.space_before_punct(text)
                if opened and not glue:
                    sep = french.NBSP if prev.text.endswith("«") else ""
                prev.text += sep + text
                prev.end = max(prev.end, end)
            elif set(text) <= _RIGHT and not prefix:
                prefix = text + (french.NBSP if "«" in text else "")
            else:
                toks.append(_Tok(prefix + text, start, end, seg.speaker))
                prefix = ""
        if len(toks) > first:
            toks[-1].last_in_segment = True
    if prefix:  # an opening quote with nothing after it
        toks.append(_Tok(prefix.strip(french.NO_BREAK_SPACES), transcript.duration, transcript.duration))
    out: list[_Tok] = []
    for t in toks:
        t.text = french.typeset(french.undot_acronyms(t.text, keep_final_dot=t.last_in_segment))
        out.extend(_split_long(t, opts.max_chars_per_line))
    return _sane_times(out)


def _split_long(tok: _Tok, width: int) -> list[_Tok]:
    """A token wider than a line (a URL, a run of symbols) is cut into line-wide pieces."""
    if len(tok.text) <= width:
        return [tok]
    chunks = [tok.text[i:i + width] for i in range(0, len(tok.text), width)]
    step = (tok.end - tok.start) / len(chunks)
    return [_Tok(c, tok.start + k * step, tok.start + (k + 1) * step, tok.speaker, tok.last_in_segment)
            for k, c in enumerate(chunks)]


def _sane_times(toks: list[_Tok]) -> list[_Tok]:
    """Clamp words stretched over silence, then make starts non-decreasing and ends >= starts."""
    for t in toks:
        t.start = max(t.start, 0.0)
        t.end = max(t.end, t.start)
        # Whisper often starts the first word after a pause inside the pause; a word is rarely longer
        longest = 1.0 + 0.08 * len(t.text)
        if t.end - t.start > longest:
            t.start = t.end - longest
    for a, b in zip(toks, toks[1:]):
        b.start = max(b.start, a.start)
        b.end = max(b.end, b.start)
    return toks


# -- choosing cues ---------------------------------------------------------------------------------

def _choose_cues(toks: list[_Tok], o: CaptionOptions) -> list[tuple[int, int, int | None]]:
    """Best split of the tokens into cues: [(first, past_last, line_break_index or None)]."""
    n = len(toks)
    lens = [len(t.text) for t in toks]
    offs = [0]
    for ln in lens:
        offs.append(offs[-1] + ln + 1)
    score = [0] + [french.break_score(toks[k - 1].text, toks[k].text)[0] for k in range(1, n)]
    sent = [french.ends_sentence(t.text) for t in toks]
    width = o.max_chars_per_line
    max_total = 2 * width + 1 if o.max_lines >= 2 else width
    gap = o.min_gap
    cmax = []
    for t in toks:
        cmax.append(max(t.end, cmax[-1]) if cmax else t.end)

    best = [math.inf] * (n + 1)
    back: list[tuple[int, int | None]] = [(0, None)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] == math.inf:
            continue
        s0 = toks[i].start
        lead = 0.0
        if i:
            lead = min(o.max_lead_in, max(0.0, (s0 - cmax[i - 1] - gap) / 2))
        emax, inner, inside_sentence_end, speakers = -math.inf, 0.0, False, 0
        for j in range(i + 1, n + 1):
            k = j - 1
            if k > i:
                inside_sentence_end |= sent[k - 1]
                pause = toks[k].start - emax
                if pause > 1.0:
                    inner += 4 * (pause - 1.0)
                if toks[k].speaker != toks[k - 1].speaker:
                    speakers += 1
            emax = max(emax, toks[k].end)
            chars = offs[j] - offs[i] - 1
            if j > i + 1 and (chars > max_total or emax - s0 > o.max_duration):
                break
            layout, split = _layout(offs, score, i, j, width, o.max_lines)
            if layout == math.inf:
                continue
            cost = _CUE_COST + layout + inner + 40 * speakers
            if j < n:
                b = score[j]
                if toks[j].speaker != toks[k].speaker:
                    b = 0
                elif toks[j].start - emax >= 0.4 and b < french.FORBIDDEN:
                    b = min(b, french.CLAUSE)
                cost += _CUE_BREAK_WEIGHT * b
                if inside_sentence_end and not sent[k]:
                    cost += 6
            nxt = toks[j].start if j < n else math.inf
            cap = min(nxt - gap, emax + o.max_hang, s0 - lead + o.max_duration)
            cost += _timing_cost(chars, cap - (s0 - lead), o)
            if best[i] + cost < best[j]:
                best[j] = best[i] + cost
                back[j] = (i, split)
    cuts = []
    j = n
    while j > 0:
        i, split = back[j]
        cuts.append((i, j, split))
        j = i
    return cuts[::-1]


def _layout(offs: list[int], score: list[int], i: int, j: int, width: int, max_lines: int):
    """(cost, index of the first token of line 2 or None) of the best layout of tokens i..j-1."""
    chars = offs[j] - offs[i] - 1
    if chars <= width:
        return 0.0, None
    if max_lines < 2:
        return math.inf, None
    best, where = math.inf, None
    for m in range(i + 1, j):
        top, bottom = offs[m] - offs[i] - 1, offs[j] - offs[m] - 1
        if top > width:
            break
        if bottom > width:
            continue
        # balanced, or a bottom-heavy pyramid; a top-heavy pair costs twice as much. A line ending on an article
        # or a preposition is a typesetting fault the viewer sees: worth a faster or an extra cue to avoid.
        weight = _FORBIDDEN_LINE_WEIGHT if score[m] >= french.FORBIDDEN else 1
        cost = weight * score[m] + (0.25 * (top - bottom) if top > bottom else 0.12 * (bottom - top))
        if cost < best:
            best, where = cost, m
    return best, where


def _timing_cost(chars: int, duration: float, o: CaptionOptions) -> float:
    duration = max(duration, 1e-3)
    cps = chars / duration
    cost = 0.0
    if cps > o.max_cps:
        cost += 8 + 3 * (cps - o.max_cps)
    if cps > o.hard_max_cps:
        cost += 200 + 50 * (cps - o.hard_max_cps)
    if duration < o.min_duration:
        cost += 30 * (o.min_duration - duration)
    if duration < o.hard_min_duration:
        cost += 100
    return cost


# -- timing ----------------------------------------------------------------------------------------

def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _timed_cues(toks: list[_Tok], cuts, o: CaptionOptions) -> list[Cue]:
    lines = []
    for i, j, split in cuts:
        texts = [t.text for t in toks[i:j]]
        cut = (split - i) if split is not None else len(texts)
        lines.append(tuple(x for x in (" ".join(texts[:cut]), " ".join(texts[cut:])) if x))
    s0 = [to_millis(toks[i].start) for i, _, _ in cuts]
    e0 = [to_millis(max(t.end for t in toks[i:j])) for i, j, _ in cuts]
    chars = [sum(map(len, ls)) + len(ls) - 1 for ls in lines]
    start, end = _schedule(s0, e0, chars, o)
    return [Cue(a / 1000, b / 1000, ls) for a, b, ls in zip(start, end, lines)]


def _schedule(s0: list[int], e0: list[int], chars: list[int], o: CaptionOptions) -> tuple[list[int], list[int]]:
    """Display times in ms for cues whose speech spans [s0, e0] and that show `chars` characters.

    Cues of one stretch of speech (pauses under 0.4 s) are placed together: each may appear up to
    `max_lead_in` before or `max_delay` after its first word. Going left to right, a cue takes the time
    it needs to be read at `max_cps` when that leaves every later cue of the stretch its time at
    `hard_max_cps`; a cue that cannot reach `max_cps` takes no more than 19 chars/s worth, so the deficit
    of a fast passage stays in as few cues as possible. When even `hard_max_cps` cannot be met, the
    stretch is shared evenly (the largest common share of reading time, by bisection).
    """
    gap, hang, max_hang, max_dur = _ms(o.min_gap), _ms(o.target_hang), _ms(o.max_hang), _ms(o.max_duration)
    lead, delay, n = _ms(o.max_lead_in), _ms(o.max_delay), len(s0)
    need = [math.ceil(1000 * max(o.min_duration, c / o.max_cps)) for c in chars]
    floor = [math.ceil(1000 * max(o.hard_min_duration, c / o.hard_max_cps)) for c in chars]
    fallback = [math.ceil(1000 * max(o.min_duration, c / max(o.max_cps, o.hard_max_cps - 1))) for c in chars]
    start, end = list(s0), list(e0)
    k, prev_end = 0, -gap
    while k < n:
        q = k
        while q + 1 < n and s0[q + 1] - e0[q] < 3000:
            q += 1
        run = range(k, q + 1)
        lo = [max(s0[x] - lead, 0) for x in run]
        lo[0] = max(lo[0], prev_end + gap)
        hi = [s0[x] + delay for x in run]
        top = [min(e0[x] + max_hang, s0[x] + delay + max_dur) for x in run]
        if q + 1 < n:
            top[-1] = min(top[-1], s0[q + 1] - gap)
        least = [floor[x] for x in run]
        if not _fits(lo, _latest_starts(hi, top, least, gap), least, gap):
            # faster than hard_max_cps: as a last resort, appear up to max_hang early, into the silence
            lo = [max(s0[x] - max_hang, 0) for x in run]
            lo[0] = max(lo[0], prev_end + gap)
        if not _fits(lo, _latest_starts(hi, top, least, gap), least, gap):
            # still faster (the speech itself is): lower the floor as little as possible
            share = _best_share(lo, hi, top, [need[x] for x in run], gap)
            least = [math.ceil((share or 0.0) * need[x]) for x in run]
        latest = _latest_starts(hi, top, least, gap)
        for r, x in enumerate(run):
            earliest = lo[r] if r == 0 else max(lo[r], end[x - 1] + gap)
            bound = min(top[r], latest[r + 1] - gap if r + 1 < len(latest) else math.inf)
            if earliest + need[x] <= bound:
                want = need[x]
            else:
                want = max(least[r], min(fallback[x], bound - earliest))
            start[x] = max(earliest, min(s0[x], bound - want))
            end[x] = start[x] + want
        prev_end = end[q]
        k = q + 1
    # linger after the last word when there is room; chain to the next cue when it follows closely
    for k in range(n):
        nxt = start[k + 1] - gap if k + 1 < n else math.inf
        cap = min(nxt, e0[k] + max_hang, start[k] + max_dur)
        target = max(end[k], e0[k] + hang)
        if nxt - target < _ms(o.chain_within):
            target = nxt
        end[k] = max(end[k], min(target, cap))
    # whatever the input, cues never overlap and stay on screen long enough to be seen
    for k in range(n):
        if k:
            start[k] = max(start[k], end[k - 1] + gap)
        end[k] = max(end[k], start[k] + _ms(o.hard_min_duration))
    return start, end


def _latest_starts(hi, top, req, gap) -> list[float]:
    """Latest start of each cue such that it and every later cue can still show for `req`."""
    latest = [0.0] * len(req)
    for r in reversed(range(len(req))):
        after = latest[r + 1] - gap - req[r] if r + 1 < len(req) else math.inf
        latest[r] = min(hi[r], top[r] - req[r], after)
    return latest


def _fits(lo, latest, req, gap) -> bool:
    b = None
    for r in range(len(req)):
        a = lo[r] if b is None else max(lo[r], b + gap)
        if a > latest[r]:
            return False
        b = a + req[r]
    return True


def _best_share(lo, hi, top, need, gap) -> float | None:
    """The largest f in [0, 1] such that every cue can show for f * need within its bounds, or None."""
    def fits(f: float) -> bool:
        req = [math.ceil(f * x) for x in need]
        return _fits(lo, _latest_starts(hi, top, req, gap), req, gap)

    if not fits(0.0):
        return None
    low, high = 0.0, 1.0
    for _ in range(14):
        mid = (low + high) / 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return low


# -- writing ---------------------------------------------------------------------------------------

def escape_vtt(text: str) -> str:
    """WebVTT cue text: `&` `<` `>` as character references (so `-->` cannot appear), one line."""
    text = " ".join(_SPACES.split(text)).strip()
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_REFERENCE = re.compile(r"&(?=#\d|#[xX][0-9a-fA-F]|[A-Za-z][A-Za-z0-9]*)")


def escape_srt(text: str) -> str:
    """SRT has no escaping rule; players read it as light HTML, so `<` and `-->` are escaped, and `&`
    only where it would start a character reference (`R&D` stays as is, `&lt;` typed out becomes `&amp;lt;`)."""
    text = " ".join(_SPACES.split(text)).strip()

    def amp(m: re.Match) -> str:
        tail = text[m.start():m.start() + 40]
        return "&amp;" if html.unescape(tail) != "&" + html.unescape(tail[1:]) else "&"

    text = _REFERENCE.sub(amp, text)
    return text.replace("<", "&lt;").replace("-->", "--&gt;")


def _captions(cues: Sequence[Cue], escape) -> list[webvtt.Caption]:
    captions = []
    for cue in cues:
        lines = [escape(line) for line in cue.lines]
        lines = [line for line in lines if line]
        if lines:
            captions.append(webvtt.Caption(format_timestamp(cue.start), format_timestamp(cue.end), lines))
    return captions


def to_vtt(cues: Sequence[Cue]) -> str:
    """WebVTT text of the cues, through webvtt-py (times rounded once, by replay.timefmt)."""
    return webvtt.WebVTT(captions=_captions(cues, escape_vtt)).content


def to_srt(cues: Sequence[Cue]) -> str:
    """SubRip text of the cues, numbered from 1, through webvtt-py's SRT writer."""
    buffer = io.StringIO()
    webvtt.WebVTT(captions=_captions(cues, escape_srt)).write(buffer, format="srt")
    text = buffer.getvalue()
    return text + "\n" if text else ""


def render_vtt(transcript: Transcript, chapters: Sequence[Chapter], ctx: "ExportContext | None") -> dict[str, str]:
    return {"captions.vtt": to_vtt(build_cues(transcript))}


def render_srt(transcript: Transcript, chapters: Sequence[Chapter], ctx: "ExportContext | None") -> dict[str, str]:
    return {"captions.srt": to_srt(build_cues(transcript))}
