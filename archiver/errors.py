"""The project's error vocabulary: one base class, a few subclasses, each raised in one place."""

from __future__ import annotations


class ArchiverError(Exception):
    """Base class: the CLI turns any of these into one line on stderr and a non-zero exit."""

    exit_code = 1


class ExtractionError(ArchiverError):
    """archiver.page.extract: a page that cannot give an article (truncated, no title, no body).

    `reason` is a short slug used in stats (`archive/dropped/<reason>`) and the failures table.
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason


class StorageError(ArchiverError):
    """archiver.storage: the archive cannot be opened, migrated or written."""


class LockedError(ArchiverError):
    """archiver.fetch.lock: another crawl holds the archive."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class UsageError(ArchiverError):
    """Bad arguments given to a library function (the CLI reports them like click usage errors)."""

    exit_code = 2


class SnapshotError(ArchiverError):
    """archiver.export: a snapshot cannot be written or does not match its manifest."""


class RefusedError(ArchiverError):
    """archiver.fetch.probe: the site refuses this machine (HTTP 403 or 429 on page 1 of every
    section asked for, or a failed TLS handshake). A crawl says the same line in its run report."""
