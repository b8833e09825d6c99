"""The outcome of one sync: files copied, skipped as unchanged, and failed."""

from __future__ import annotations

from dataclasses import dataclass, field

from resume_ner.infrastructure.storage.errors import SyncError

_SHOWN_FAILURES = 3


@dataclass
class SyncReport:
    """What a backup, restore or fetch did, file by file (paths relative to the source).

    Attributes:
        source: The source location as given.
        dest: The destination location as given.
        copied: Files written to the destination.
        skipped: Files already identical at the destination (same sha256).
        failed: ``(path, error)`` for every file that could not be copied.
        bytes_copied: Bytes written to the destination.
    """

    source: str
    dest: str
    copied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    bytes_copied: int = 0

    @property
    def ok(self) -> bool:
        """Whether every file reached the destination."""
        return not self.failed

    def summary(self) -> str:
        """One line: counts, bytes and the first failures."""
        line = (
            f"{self.source} -> {self.dest}: {len(self.copied)} copied "
            f"({_human_bytes(self.bytes_copied)}), {len(self.skipped)} unchanged, "
            f"{len(self.failed)} failed"
        )
        if self.failed:
            shown = "; ".join(f"{path}: {error}" for path, error in self.failed[:_SHOWN_FAILURES])
            more = len(self.failed) - _SHOWN_FAILURES
            line += f" ({shown}{f'; and {more} more' if more > 0 else ''})"
        return line

    def raise_for_failures(self) -> None:
        """Raise :class:`SyncError` with the summary when any file failed.

        Raises:
            SyncError: At least one file could not be copied.
        """
        if self.failed:
            raise SyncError(f"sync incomplete: {self.summary()}")


def _human_bytes(size: int) -> str:
    """Format a byte count with a binary unit (``1.5 MiB``)."""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
