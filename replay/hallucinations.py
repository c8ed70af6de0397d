"""Drop the phrases Whisper invents over silence, and repetition loops, where the audio shows no speech.

A segment is dropped only when its text is a known hallucination **and** the audio gives evidence that
nobody spoke there, from any of:

- `no_speech_prob >= 0.6` (Whisper's own no-speech threshold);
- the VAD speech spans in `transcript.meta["speech"]` (`[[start, end], ...]`, seconds), when present:
  the segment overlaps them by less than 0.2 s;
- its word probabilities, when word timings exist: mean probability under 0.25 (what
  `hallucination_silence_threshold` looks at).

Without any of these (no VAD spans, no `no_speech_prob`, no words) nothing can be told apart from a
speaker really saying "Merci d'avoir regardé", so the segment is kept.

Repetition loops (the same 1-4 words repeated at least 5 times in a row, with a compression ratio over
2.4) are dropped whatever the audio, as no one speaks like that; so is a segment of three words or more
that repeats the previous segment word for word (Whisper looping across windows). Both are logged.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zlib
from typing import Sequence

from .models import Segment, Transcript
from .timefmt import format_clock

log = logging.getLogger("replay")

NO_SPEECH_THRESHOLD = 0.6
MIN_SPEECH_OVERLAP = 0.2  # seconds
LOW_WORD_PROBABILITY = 0.25
COMPRESSION_RATIO_THRESHOLD = 2.4

# The whole segment is one of these (after normalisation): common words, only suspicious alone.
_EXACT = (
    "", "merci", "merci beaucoup", "merci a tous", "au revoir", "a bientot", "sous titres", "sous titrage",
    "thank you", "thanks", "you", "bye", "subtitles", "music", "musique", "applaudissements",
)
# Distinctive phrases: the segment is mostly one of them.
_PHRASES = (
    "sous titres realises par la communaute d amara org", "communaute d amara org", "amara org",
    "sous titrage st 501", "sous titrage st501", "sous titrage societe radio canada", "societe radio canada",
    "sous titres par", "sous titrage fr", "sous titres fr", "merci d avoir regarde cette video",
    "merci d avoir regarde", "merci de nous avoir regarde", "abonnez vous", "n oubliez pas de vous abonner",
    "n hesitez pas a vous abonner", "abonnez vous a la chaine", "sous titres realises par",
    "thank you for watching", "thanks for watching", "please subscribe", "subscribe to my channel",
    "like and subscribe", "subtitles by the amara org community", "transcription by", "www mooji org",
)


# One of these is in each phrase above.
_MARKERS = ("merci", "sous", "abonn", "amara", "radio", "thank", "subscri", "transcription", "mooji")
_ANY_PHRASE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True)) + r")\b")


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces: `Merci d'avoir regardé !` -> `merci d avoir regarde`."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def is_known_hallucination(text: str) -> bool:
    norm = normalise(text)
    if norm in _EXACT:
        return True
    return any(p in norm and len(norm) <= len(p) + 30 for p in _PHRASES)


def only_hallucinations(text: str) -> bool:
    """The text says nothing but what Whisper invents over silence: its distinctive phrases, possibly repeated
    ("Merci d'avoir regardé cette vidéo ! Merci d'avoir regardé cette vidéo !"), or a repetition loop ("Merci.
    Merci. Merci. Merci. Merci."). A lone "Merci." is not one: moderators say it."""
    low = text.lower()
    kinds = len(set(re.findall(r"\w+", low)))
    # Far more words than those phrases together, or none of their words and no loop: speech (a quick answer
    # for the thousands of segments of a long recording).
    if kinds > 30 or (kinds > 2 and not any(m in low for m in _MARKERS)):
        return False
    rest, found = _ANY_PHRASE.subn(" ", normalise(text))
    rest = rest.split()
    if found:
        return all(w in {"merci", "beaucoup"} for w in rest)
    return len(rest) >= 5 and len(set(rest)) <= 2 and rest.count(rest[0]) >= 3


def _silence_evidence(seg: Segment, speech: Sequence[Sequence[float]] | None) -> str | None:
    """Why the audio says nobody spoke during `seg`, or None when it does not say so (or cannot tell)."""
    if seg.no_speech_prob is not None and seg.no_speech_prob >= NO_SPEECH_THRESHOLD:
        return f"no speech: no_speech_prob {seg.no_speech_prob:.2f}"
    if speech is not None:
        overlap = sum(max(0.0, min(seg.end, float(e)) - max(seg.start, float(s))) for s, e in speech)
        if overlap < MIN_SPEECH_OVERLAP:
            return f"no speech: outside the VAD speech spans ({overlap:.2f} s overlap)"
    if seg.words:
        mean = sum(w.probability for w in seg.words) / len(seg.words)
        if mean < LOW_WORD_PROBABILITY:
            return f"no speech: word probability {mean:.2f}"
    return None


def _repetition_loop(seg: Segment) -> str | None:
    words = normalise(seg.text).split()
    if len(seg.text) < 40 or len(words) < 5:
        return None
    data = seg.text.encode("utf-8")
    ratio = seg.compression_ratio or len(data) / len(zlib.compress(data))
    if ratio <= COMPRESSION_RATIO_THRESHOLD:
        return None
    for n in range(1, 5):
        for i in range(len(words) - n):
            times, j = 1, i + n
            while words[j:j + n] == words[i:i + n]:
                times, j = times + 1, j + n
            if times >= 5:
                return f"repetition loop: '{' '.join(words[i:i + n])}' x{times}, compression ratio {ratio:.1f}"
    return None


def _repeats(previous: Segment, seg: Segment) -> bool:
    words = normalise(seg.text).split()
    return len(words) >= 3 and words == normalise(previous.text).split()


def _speech_spans(meta: dict) -> list[tuple[float, float]] | None:
    spans = meta.get("speech")
    if not isinstance(spans, (list, tuple)):
        return None
    try:
        return [(float(s), float(e)) for s, e in spans]
    except (TypeError, ValueError):
        log.warning("transcript meta 'speech' is not a list of [start, end] pairs; VAD spans ignored")
        return None


def drop_hallucinations(transcript: Transcript) -> tuple[Transcript, list[str]]:
    """The transcript without known hallucinations over silence and repetition loops, and what was dropped."""
    speech = _speech_spans(transcript.meta)
    kept, dropped = [], []
    for seg in transcript.segments:
        why = _repetition_loop(seg)
        if why is None and kept and _repeats(kept[-1], seg):
            why = f"repeats the segment at {format_clock(kept[-1].start)}"
        if why is None and is_known_hallucination(seg.text):
            why = _silence_evidence(seg, speech)
        if why is None:
            kept.append(seg)
            continue
        text = " ".join(seg.text.split())
        shown = text if len(text) <= 60 else text[:57] + "..."
        message = f"dropped '{shown}' at {format_clock(seg.start)} ({why})"
        log.warning("%s", message)
        dropped.append(message)
    return transcript.with_segments(kept), dropped
