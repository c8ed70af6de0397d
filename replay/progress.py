"""Terminal output for the CLI (rich): the library never prints, it reports through these."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from .timefmt import format_clock


@lru_cache(maxsize=1)
def stderr_console() -> Console:
    return Console(stderr=True)


@lru_cache(maxsize=1)
def stdout_console() -> Console:
    return Console()


class RunReporter:
    """Shows the stage being run, the download in bytes and the transcription as audio time done / total."""

    def __init__(self, event_id: str):
        self.event_id = event_id
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[detail]}"),
                                 TimeRemainingColumn(), console=stderr_console(), transient=True)
        self._download = None
        self._audio = None

    def __enter__(self) -> "RunReporter":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def stage(self, name: str, skipped: bool) -> None:
        state = "up to date" if skipped else "running"
        self.progress.console.log(f"{self.event_id}: {name} {state}", highlight=False)

    def download(self, done: int, total: int | None) -> None:
        if self._download is None:
            self._download = self.progress.add_task("download", total=total, detail="")
        self.progress.update(self._download, completed=done, total=total,
                             detail=f"{done / 1e6:.1f} MB" + (f" / {total / 1e6:.1f} MB" if total else ""))

    def audio(self, done: float, total: float) -> None:
        if self._audio is None:
            self._audio = self.progress.add_task("transcribe", total=total, detail="")
        self.progress.update(self._audio, completed=done, total=total,
                             detail=f"{format_clock(done)} / {format_clock(total)}")


__all__ = ["RunReporter", "stderr_console", "stdout_console", "DownloadColumn"]
