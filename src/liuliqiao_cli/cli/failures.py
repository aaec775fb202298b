"""The one line said for an error that no domain code raised (the CLI's boundary,
:meth:`LedgerGroup.main`): a locked or read-only ledger, a damaged file, output a terminal cannot
encode, and otherwise the error's kind, never its text (which may hold a resident's contacts).
Imported only when such an error happens."""

import sqlite3

from liuliqiao_cli.cli import _as_bytes_shown, undecodable
from liuliqiao_cli.i18n import t


def unexpected(exc: Exception) -> str:
    """The message for an error that no domain code raised."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return t("error.busy")
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary result code
    if isinstance(exc, sqlite3.DatabaseError) and code == sqlite3.SQLITE_READONLY:
        return t("error.read_only")
    if isinstance(exc, sqlite3.DatabaseError) and code in (
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_NOTADB,
    ):
        return t("error.damaged")
    if isinstance(exc, sqlite3.DatabaseError):
        return t("error.sqlite", message=type(exc).__name__)
    if isinstance(exc, UnicodeEncodeError):
        # Only the characters at fault: the text around them may be a resident's.
        bad = exc.object[exc.start : exc.end]
        if undecodable(bad):  # bytes from the environment or a file name
            return t("input.undecodable", value=_as_bytes_shown(bad))
        return t("output.encoding", encoding=exc.encoding)
    return t("error.internal", kind=type(exc).__name__)
