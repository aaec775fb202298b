"""The meetings catalogue: both languages with the same fields; every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from liuliqiao_cli import meetings, status
from liuliqiao_cli.i18n import has
from liuliqiao_cli.i18n.meetings import MESSAGES

SRC = Path(__file__).resolve().parent.parent / "src" / "liuliqiao_cli"
MODULES = ["meetings.py", "dossier.py", "cli/meetings.py", "render/dossier_common.py", "render/dossier_md.py",
           "render/dossier_html.py", "render/dossier_docx.py", "render/dossier_xlsx.py"]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_same_fields_in_both_languages(key):
    zh, en = MESSAGES[key]
    assert zh and en and _fields(zh) == _fields(en)


def test_every_literal_key_exists():
    used = set()
    for name in MODULES:
        text = (SRC / name).read_text(encoding="utf-8")
        used |= set(re.findall(r'\b(?:t|LedgerError|UsageError|NotFound|LedgerFileError)\(\s*"([a-z_]+\.[a-z_.0-9]+)"', text))
    missing = sorted(k for k in used if not has(k))
    assert used and missing == []


def test_every_computed_key_exists():
    keys = [f"meeting.kind.{k}" for k in meetings.KINDS]
    keys += [f"decision.state.{s}" for s in ("done", "overdue", "pending")]
    keys += [f"dossier.status.{s}" for s in status.STATUSES]
    keys += [f"dossier.source.{s}" for s in status.SOURCES]
    keys += [f"dossier.reason.{r}" for r in (meetings.R_NEW, meetings.R_OVERDUE, meetings.R_DISPUTED,
                                             meetings.R_FOLLOWUP, meetings.R_MANUAL)]
    keys += [f"dossier.rate.{r}" for r in ("response", "resolution", "satisfaction")]
    keys += [f"dossier.h{n}" for n in range(2, 8)]
    keys += [f"meeting.section.{s}" for s in ("meeting", "attendance", "agenda", "decision")]
    from liuliqiao_cli.dossier import _BRIEF_KINDS
    from liuliqiao_cli.render.dossier_xlsx import COLUMNS, _HEADER_KEYS

    keys += [f"dossier.event.{k}" for k in _BRIEF_KINDS]
    keys += [_HEADER_KEYS.get(k, f"dossier.x.{k}") for k in COLUMNS]
    assert [k for k in keys if not has(k)] == []
