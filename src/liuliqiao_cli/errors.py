"""Typed errors and named exit codes.

Domain code raises a :class:`LedgerError` subclass with a message key from the catalogue
(:mod:`liuliqiao_cli.i18n`) and its parameters; the CLI's single error boundary turns it into
one line on stderr in the user's language. Parameters must never carry a resident's contact
details: they end up on a terminal.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    OK = 0
    REFUSED = 1  # the domain said no: not found, invalid transition, bad value
    USAGE = 2  # the command line itself is malformed
    OVERDUE = 3  # summary --fail-on-overdue found overdue complaints
    INTERRUPTED = 130


class LedgerError(Exception):
    """Base of every error the user may see. ``key`` names a catalogue message."""

    exit_status: ExitStatus = ExitStatus.REFUSED

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # English fallback for logs and tests outside the CLI
        from liuliqiao_cli.i18n import t

        return t(self.key, lang="en", **self.params)


class UsageError(LedgerError):
    """A value on the command line that cannot be understood (dates, names, formats)."""

    exit_status = ExitStatus.USAGE


class NotFound(LedgerError):
    """A complaint, meeting, override ... that does not exist."""


class InvalidTransition(LedgerError):
    """A lifecycle step that the transition table does not allow."""


class LedgerFileError(LedgerError):
    """The ledger file is missing, not SQLite, not a ledger, or too new."""


class EstateError(LedgerError):
    """An estate definition (TOML) that is malformed or inconsistent."""
