"""replay: turn recorded French conferences into chaptered captions and searchable transcripts."""

__version__ = "0.1.0"
