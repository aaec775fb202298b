"""The shell's history file: one per ledger, in the user's app folder, readable only by her, with
residents' phone numbers and names masked before a line is written.

A history file outlives the session and is copied with the home folder; a line such as
``add 漏水 --reporter 王阿姨 --phone 13800001234`` is kept as
``add 漏水 --reporter 王** --phone 138****1234``. Phone numbers are masked wherever they appear
(mobile numbers, with or without +86 and separators; landlines with their area code), so a
number typed into a complaint's text does not reach the file either; and what the ledger itself
keeps out of its texts (issue 16: resident ID numbers, names after a cue such as 联系人王阿姨) is
masked as the ledger masks it (:func:`~liuliqiao_cli.complaints.privacy.scrub`). Up-arrow in the running
session still gives the line as it was typed (prompt_toolkit keeps it in memory).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

# The patterns are text, compiled by re on the first line stored (and kept), and the ledger's
# masking (complaints/privacy.py, a dozen patterns of its own) is imported then too: the shell's
# first prompt waits for neither.
_MOBILE = r"(?<![\d])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d){8}(?!\d)"
_LANDLINE = r"(?<![\d-])0\d{2,3}-\d{7,8}(?![\d])"
_VALUE = r"""(?P<option>{names})(?P<sep>=|\s+)(?P<value>"[^"]*"|'[^']*'|\S+)"""
_PHONE_OPTION = _VALUE.format(names="--phone")
_NAME_OPTION = _VALUE.format(names="--reporter")


def _masked_value(match: re.Match[str], mask: object) -> str:
    value = match["value"]
    quote = value[0] if value[:1] in ("'", '"') and len(value) > 1 else ""
    inner = value[1:-1] if quote else value
    return f"{match['option']}{match['sep']}{quote}{mask(inner)}{quote}"  # type: ignore[operator]


def _digits_masked(match: re.Match[str]) -> str:
    from liuliqiao_cli.complaints.privacy import mask_phone

    digits = re.sub(r"\D", "", match.group(0))
    return mask_phone(digits[-11:])


def mask_line(line: str) -> str:
    """``line`` with residents' phone numbers, ID numbers and names (``--reporter``, and after a
    cue in a text) masked."""
    from liuliqiao_cli.complaints.privacy import mask_name, mask_phone, scrub

    line = re.sub(_NAME_OPTION, lambda m: _masked_value(m, mask_name), line)
    line = re.sub(_PHONE_OPTION, lambda m: _masked_value(m, _mask_any_phone), line)
    line = re.sub(_LANDLINE, lambda m: mask_phone(m.group(0)), line)
    return scrub(re.sub(_MOBILE, _digits_masked, line)).text


def _mask_any_phone(value: str) -> str:
    """Whatever was given as --phone, masked: a resident's number in any shape."""
    from liuliqiao_cli.complaints.privacy import mask_phone

    if re.fullmatch(_LANDLINE, value.strip()):
        return mask_phone(value.strip())
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 11 and digits[-11] == "1":
        return mask_phone(digits[-11:])
    if len(digits) >= 7:
        return "****" + digits[-4:]
    return "*" * len(value)


def _sha256(data: bytes) -> Any:
    """hashlib.sha256, from CPython's own module where it has one: importing hashlib starts
    OpenSSL's (~0.9 ms of the shell's start), for one short path. The same digest."""
    try:
        from _sha2 import sha256  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:  # pragma: no cover - an interpreter without them
            from hashlib import sha256
    return sha256(data)


def history_path(ledger: Path, app_dir: Path) -> Path:
    """``app_dir/history/<ledger name>-<hash of its full path>``: one history per ledger."""
    resolved = str(ledger.expanduser().resolve())
    digest = _sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return app_dir / "history" / f"{ledger.stem}-{digest}.txt"


def prepare(path: Path) -> Path:
    """Create the history file's folder (0700) and the file (0600) if missing."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    return path
