"""Every output format, one line each, one table per family (as httpie registers its formatters
in one list). A format is its writer, named as ``"module:function"`` and imported only when that
format is asked for, so this module imports nothing: the CLI builds its ``--format`` choices
from these tables at start-up.

To add a format: write its module, add its line here. The choices, the help text and the
extension -> format map follow.
"""

from collections.abc import Callable
from importlib import import_module
from typing import Any, NamedTuple

# Listings (list, estate, search, history, rates, db check ...):
# write(columns, rows, *, out, title, row_style, con) -> rows written.
LISTING_FORMATS: dict[str, str] = {
    "table": "liuliqiao_cli.render.output:write_table",
    "json": "liuliqiao_cli.render.output:write_json",
    "csv": "liuliqiao_cli.render.output:write_csv",
}

# `export`: write(conn, out, *, now, actor, since, until, with_contacts, lang) -> records written.
EXPORT_FORMATS: dict[str, str] = {
    "jsonl": "liuliqiao_cli.exchange.jsonl:write",
    "open311": "liuliqiao_cli.exchange.open311:write_requests",
    "csv": "liuliqiao_cli.exchange.complaints_csv:write",
}


class DossierFormat(NamedTuple):
    writer: str  # text formats: write(dossier, out); binary ones: write(dossier, path)
    extensions: tuple[str, ...]  # `dossier -o FILE` picks the format by these, first is canonical
    binary: bool = False  # written to a file only, never to stdout


DOSSIER_FORMATS: dict[str, DossierFormat] = {
    "md": DossierFormat("liuliqiao_cli.render.dossier_md:write", (".md", ".markdown")),
    "html": DossierFormat("liuliqiao_cli.render.dossier_html:write", (".html", ".htm")),
    "docx": DossierFormat("liuliqiao_cli.render.dossier_docx:write", (".docx",), binary=True),
    "xlsx": DossierFormat("liuliqiao_cli.render.dossier_xlsx:write", (".xlsx",), binary=True),
    "json": DossierFormat("liuliqiao_cli.render.dossier_json:write", (".json",)),
}


def load(spec: str) -> Callable[..., Any]:
    """The writer named by ``"module:function"``."""
    module, _, function = spec.partition(":")
    writer: Callable[..., Any] = getattr(import_module(module), function)
    return writer
