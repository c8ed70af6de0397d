"""Errors a user can act on. Each carries a message naming the problem and, when known, the fix."""


class ReplayError(Exception):
    """Base class: the CLI prints `str(error)` on one line and exits with status 1."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} ({self.fix})" if self.fix else self.message


class EventError(ReplayError):
    """An event file or questions file is missing or invalid."""


class FetchError(ReplayError):
    """A recording could not be downloaded or found."""


class MediaError(ReplayError):
    """A file is not usable media (no audio track, empty, unreadable)."""


class ModelError(ReplayError):
    """A Whisper model could not be found or loaded."""


class TranscriptionError(ReplayError):
    """Decoding failed while transcribing."""


class TranscriptError(ReplayError):
    """A transcript JSON file is not in a Whisper-style shape."""


class ExportError(ReplayError):
    """An export could not be produced."""
