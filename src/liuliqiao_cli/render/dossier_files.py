"""Writing a dossier in the chosen format: to stdout (text formats) or to a file, atomically.

Each format's renderer is imported only when that format is asked for: python-docx and openpyxl
cost more start-up than the whole rest of the program.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from liuliqiao_cli.meetings.dossier_model import Dossier, as_dict
from liuliqiao_cli.store import files


def write_text(d: Dossier, fmt: str, out: TextIO) -> None:
    if fmt == "md":
        from liuliqiao_cli.render import dossier_md

        dossier_md.write(d, out)
    elif fmt == "html":
        from liuliqiao_cli.render import dossier_html

        dossier_html.write(d, out)
    elif fmt == "json":
        json.dump(as_dict(d), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:  # docx / xlsx are binary: the CLI asks for -o before getting here
        raise ValueError(fmt)


def write_file(d: Dossier, fmt: str, path: Path) -> None:
    """Render into a temporary file next to ``path``, then rename it into place (0600 when the
    dossier shows residents' contacts)."""
    with files.replacing(path, private=d.with_contacts) as tmp:
        if fmt == "docx":
            from liuliqiao_cli.render import dossier_docx

            dossier_docx.write(d, tmp)
        elif fmt == "xlsx":
            from liuliqiao_cli.render import dossier_xlsx

            dossier_xlsx.write(d, tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="\n") as out:
                write_text(d, fmt, out)
