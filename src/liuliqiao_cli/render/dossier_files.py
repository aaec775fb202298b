"""Which dossier format, where it goes, and writing it: to stdout (text formats) or to a file,
atomically.

The formats are the lines of :data:`~liuliqiao_cli.render.formats.DOSSIER_FORMATS`; each
format's renderer is imported only when that format is asked for: python-docx and openpyxl cost
more start-up than the whole rest of the program.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from liuliqiao_cli.errors import LedgerError, UsageError
from liuliqiao_cli.meetings.dossier_model import Dossier
from liuliqiao_cli.render.formats import DOSSIER_FORMATS, load
from liuliqiao_cli.store import files

DEFAULT_FORMAT = "md"
EXTENSIONS = {ext: name for name, f in DOSSIER_FORMATS.items() for ext in f.extensions}


def choose(fmt: str | None, output: Path | None, *, force: bool, ledger: Path | None = None) -> str:
    """The format to write: ``--format``, else the extension of ``-o``, else Markdown; and the
    output file checked before any work is done (a binary format needs one; an existing file
    needs ``force``; the ledger itself is never a target)."""
    if fmt is not None:
        chosen = fmt
    elif output is not None:
        chosen = EXTENSIONS.get(output.suffix.lower(), "")
        if not chosen:
            raise UsageError(
                "dossier.bad_format",
                value=output.suffix or output.name,
                choices=", ".join(EXTENSIONS),
            )
    else:
        chosen = DEFAULT_FORMAT
    if output is None:
        if DOSSIER_FORMATS[chosen].binary:
            raise UsageError("dossier.needs_output", format=chosen)
        return chosen
    files.check_target(output, force=force, ledger=ledger)
    return chosen


def write(d: Dossier, fmt: str, output: Path | None, stdout: TextIO) -> None:
    """Write to ``output`` (a file) or, without one, to ``stdout``."""
    if output is None:
        write_text(d, fmt, stdout)
        return
    try:
        write_file(d, fmt, output)
    except OSError as exc:
        raise LedgerError(
            "dossier.write_failed", path=str(output), reason=exc.strerror or type(exc).__name__
        ) from None


def write_text(d: Dossier, fmt: str, out: TextIO) -> None:
    if DOSSIER_FORMATS[fmt].binary:  # choose() asks for -o before getting here
        raise ValueError(fmt)
    load(DOSSIER_FORMATS[fmt].writer)(d, out)


def write_file(d: Dossier, fmt: str, path: Path) -> None:
    """Render into a temporary file next to ``path``, then rename it into place (0600 when the
    dossier shows residents' contacts)."""
    writer = load(DOSSIER_FORMATS[fmt].writer)
    with files.replacing(path, private=d.with_contacts) as tmp:
        if DOSSIER_FORMATS[fmt].binary:
            writer(d, tmp)
            stamp_zip(tmp, d.as_of)
        else:
            with open(tmp, "w", encoding="utf-8", newline="\n") as out:
                writer(d, out)


def stamp_zip(path: Path, as_of: str) -> None:
    """Every member of the zip file ``path`` (a .docx or .xlsx) dated ``as_of`` (YYYY-MM-DD
    HH:MM) instead of the moment it was written, so that the same dossier gives the same bytes.
    The date is two fields of each member's local header and of its central directory entry,
    outside what the CRC covers: they are rewritten in place."""
    import struct
    import zipfile

    year, month, day = int(as_of[:4]), int(as_of[5:7]), int(as_of[8:10])
    hour, minute = int(as_of[11:13]), int(as_of[14:16])
    dos_date = ((max(year, 1980) - 1980) << 9) | (month << 5) | day
    dos_time = (hour << 11) | (minute << 5)
    stamp = struct.pack("<HH", dos_time, dos_date)
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
        directory = zf.start_dir
    with open(path, "r+b") as f:
        for info in members:
            f.seek(info.header_offset + 10)  # local header: signature, version, flags, method
            f.write(stamp)
        f.seek(directory)
        for _ in members:  # central directory: fixed 46 bytes, then name, extra, comment
            entry = f.read(46)
            name, extra, comment = struct.unpack("<HHH", entry[28:34])
            f.seek(-46 + 12, 1)
            f.write(stamp)
            f.seek(46 - 16 + name + extra + comment, 1)
