"""The one place where float seconds become text, and back."""

from __future__ import annotations

import re


def to_millis(seconds: float) -> int:
    """Round once to integer milliseconds (so 59.9996 s never prints as `00:00:60.000`)."""
    return max(0, int(round(seconds * 1000)))


def format_timestamp(seconds: float, *, decimal: str = ".", always_hours: bool = True) -> str:
    """`hh:mm:ss.mmm` (WebVTT) or `hh:mm:ss,mmm` (SRT, with decimal=",")."""
    ms = to_millis(seconds)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    head = f"{h:02d}:" if always_hours or h else ""
    return f"{head}{m:02d}:{s:02d}{decimal}{ms:03d}"


def format_clock(seconds: float, *, always_hours: bool = True) -> str:
    """`hh:mm:ss` (or `m:ss` when always_hours is False and under an hour), truncated to the second."""
    total = to_millis(seconds) // 1000
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if always_hours:
        return f"{h:02d}:{m:02d}:{s:02d}"
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")


def parse_timestamp(text: str) -> float:
    """Parse `hh:mm:ss[.mmm]`, `mm:ss` or plain seconds (`1674.5`) into float seconds."""
    text = str(text).strip()
    try:
        return float(text)
    except ValueError:
        pass
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(f"not a timestamp: {text!r} (expected hh:mm:ss, mm:ss or seconds)")
    h, m, s = match.groups()
    return int(h or 0) * 3600 + int(m) * 60 + float(s.replace(",", "."))
