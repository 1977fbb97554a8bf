"""Errors of backups, restores and drills: one line an operator can act on."""

from __future__ import annotations

__all__ = ["BackupError", "RestoreRefused"]


class BackupError(RuntimeError):
    """A backup, restore or drill could not be done; the message says why in one line
    (never a password, never a row of data)."""


class RestoreRefused(BackupError):
    """A restore that would overwrite something that exists (a database, the live data
    without ``--over-live --yes-really``): nothing was changed."""
