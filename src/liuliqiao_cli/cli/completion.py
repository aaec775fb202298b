"""Shell-completion callbacks (Typer ``autocompletion=``) for values stored in the ledger.

Completion runs on every <TAB>: it must never raise (a traceback would land in the user's shell),
never create a ledger file (it opens the file read-only, and only when it exists) and never
migrate one. Every failure completes nothing. The values come from small domain queries
(:mod:`liuliqiao_cli.estate.spellings`, :func:`liuliqiao_cli.complaints.search.numbers_starting`).

Each callback returns ``(value, help)`` pairs; shells that show help (zsh, fish) print the name.
"""

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from liuliqiao_cli.complaints import search, status
from liuliqiao_cli.estate import spellings
from liuliqiao_cli.i18n import t
from liuliqiao_cli.store import ledger

_MAX = 50


def _ledger_path(ctx: Any) -> Path | None:
    option = None
    try:
        option = ctx.find_root().params.get("db") if ctx is not None else None
    except Exception:
        option = None
    path = ledger.resolve_path(option)
    return path if path.is_file() else None


def _read(ctx: Any, query: Callable[[sqlite3.Connection], list[Any]]) -> list[Any]:
    """What ``query`` reads from the ledger opened read-only, or [] on any problem."""
    try:
        path = _ledger_path(ctx)
        if path is None:
            return []
        conn = ledger.open_read_only(path)
        try:
            return query(conn)
        finally:
            conn.close()
    except Exception:
        return []


def _starts(incomplete: Any, *spellings: Any) -> bool:
    text = str(incomplete or "").strip().lower()
    return any(str(s).lower().startswith(text) for s in spellings if s)


def _pick(rows: list[tuple[Any, ...]], incomplete: Any) -> list[tuple[str, str]]:
    """(code, name, other spellings...) rows -> the code, or the spelling that was being typed."""
    out: list[tuple[str, str]] = []
    text = str(incomplete or "").strip()
    for code, name, *others in rows:
        if _starts(text, code):
            out.append((str(code), str(name)))
        else:
            for spelling in (name, *others):
                if spelling and _starts(text, spelling):
                    out.append((str(spelling), str(code)))
                    break
    return out


def complete_company(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Company codes (shouhua), or names (首华物业) when the user started typing one."""
    try:
        return _pick(_read(ctx, spellings.companies), incomplete)
    except Exception:
        return []


def complete_item(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Service-item codes (garbage), or names (垃圾桶站)."""
    try:
        return _pick(_read(ctx, spellings.items), incomplete)
    except Exception:
        return []


def _labelled(codes: tuple[str, ...], prefix: str, incomplete: Any) -> list[tuple[str, str]]:
    try:
        pairs = [(code, t(f"{prefix}.{code}", "zh")) for code in codes]
        return _pick(pairs, incomplete)  # type: ignore[arg-type]
    except Exception:
        return [(code, "") for code in codes if _starts(incomplete, code)]


def complete_source(incomplete: str) -> list[tuple[str, str]]:
    """Sources (patrol, hotline ... or 巡查, 12345 ...)."""
    return _labelled(status.SOURCES, "source", incomplete)


def complete_status(incomplete: str) -> list[tuple[str, str]]:
    """Statuses (dispatched ... or 已派单 ...)."""
    return _labelled(status.STATUSES, "status", incomplete)


_TYPED = re.compile(r"[A-Z]{0,3}[0-9]*")


def _complaints(ctx: Any, incomplete: Any, open_only: bool) -> list[tuple[str, str]]:
    try:
        text = str(incomplete or "").strip().lstrip("#").upper()
        if text and not _TYPED.fullmatch(text):  # a number or a name begun (B, B1, 42)
            return []
        rows = _read(
            ctx,
            lambda conn: search.numbers_starting(conn, text, open_only=open_only, limit=_MAX),
        )
        return [(str(r[0]), " ".join(str(r[1]).split())[:30]) for r in rows]
    except Exception:
        return []


def complete_open_complaint(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Numbers of open complaints (newest first), with the start of their text."""
    return _complaints(ctx, incomplete, open_only=True)


def complete_complaint(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Numbers of any complaint (newest first), with the start of their text."""
    return _complaints(ctx, incomplete, open_only=False)
