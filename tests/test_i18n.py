"""The zh/en catalogue, checked once for the whole tool: every key has both languages with the
same {fields}; every key the code names exists (literal keys found in every module of src/, and
the keys built from codes); a missing key or a field mismatch raises under test."""

from __future__ import annotations

import ast
import importlib
import re
import string

import pytest
from conftest import ROOT

from liuliqiao_cli import i18n
from liuliqiao_cli.complaints import status
from liuliqiao_cli.i18n import has
from liuliqiao_cli.meetings import model
from liuliqiao_cli.reports import rates

SRC = ROOT / "src" / "liuliqiao_cli"
_KEY = re.compile(r"^[a-z][a-z_0-9]*(?:\.[a-z_0-9]+)+$")
_FILES = (
    "py",
    "toml",
    "db",
    "md",
    "html",
    "docx",
    "xlsx",
    "json",
    "jsonl",
    "csv",
    "ics",
    "txt",
    "sql",
)
# Literals shaped like keys that are not messages: settings of the rates and of the estate.
NOT_MESSAGES = {
    "rates.satisfied_counts_basic",
    "rates.resolved_counts_partly",
    "rates.include_proactive",
    "rates.small_sample",
    "estate.name",
    "estate.community",
    "estate.subdistrict",
    "estate.district",
    "estate.city",
}


def _fields(text: str) -> set[str]:
    """The {fields} of a message; an English plural {n|one|many} names the field n."""
    text = i18n._PLURAL.sub(lambda m: "{" + m.group(1) + "}", text)
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def _catalogue() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for name in i18n._CATALOGUES:
        merged.update(importlib.import_module(f"liuliqiao_cli.i18n.{name}").MESSAGES)
    return merged


# The English title names the estate by its English name.
OWN_FIELDS = {
    "estate.title": ({"name", "community", "subdistrict"}, {"name_en", "community", "subdistrict"})
}


@pytest.mark.parametrize("key", sorted(_catalogue()))
def test_both_languages_with_the_same_fields(key: str) -> None:
    zh, en = _catalogue()[key]
    assert zh and en
    assert (_fields(zh), _fields(en)) == OWN_FIELDS.get(key, (_fields(en), _fields(en)))


def test_a_key_lives_in_one_catalogue() -> None:
    """Catalogues are loaded one by one until a key is found (i18n._entry): a key defined twice
    would read differently depending on which catalogues a command had loaded."""
    seen: dict[str, str] = {}
    for name in i18n._CATALOGUES:
        for key in importlib.import_module(f"liuliqiao_cli.i18n.{name}").MESSAGES:
            assert key not in seen, f"{key} is in both {seen[key]} and {name}"
            seen[key] = name


def test_every_literal_key_in_the_code_exists() -> None:
    keys = set(_catalogue())
    prefixes = {k.split(".", 1)[0] for k in keys}
    used: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if path.parent.name == "i18n":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _KEY.match(node.value)
            ):
                value = node.value
                if value.split(".", 1)[0] in prefixes and value.rsplit(".", 1)[1] not in _FILES:
                    used.setdefault(value, f"{path.relative_to(SRC)}:{node.lineno}")
    # a prefix names a family: label("find.field", column), f"dossier.h{n}"
    missing = {
        k: where
        for k, where in used.items()
        if k not in keys and k not in NOT_MESSAGES and not any(key.startswith(k) for key in keys)
    }
    assert len(used) > 300
    assert missing == {}


def test_every_computed_key_exists() -> None:
    from liuliqiao_cli.render.dossier_xlsx import _HEADER_KEYS, COLUMNS

    # One vocabulary: the summary and the dossier name statuses, sources and urgencies with the
    # same keys as every other command.
    keys = [f"source.{s}" for s in status.SOURCES]
    keys += [f"status.{s}" for s in status.STATUSES]
    keys += [f"urgency.{u}" for u in ("normal", "urgent")]
    keys += [f"summary.moved.{k}" for k in status.MOVED_KINDS]
    keys += [f"summary.rate.{k}" for k in rates.RATE_KINDS]
    keys += [f"summary.title.{k}" for k in ("week", "month", "range")]
    keys += [f"rates.col.{k}" for k in (*rates.BY_CHOICES, "all")]
    keys += [f"meeting.kind.{k}" for k in model.KINDS]
    keys += [f"decision.state.{s}" for s in ("done", "overdue", "pending")]
    keys += [
        f"dossier.reason.{r}"
        for r in (model.R_NEW, model.R_OVERDUE, model.R_DISPUTED, model.R_FOLLOWUP, model.R_MANUAL)
    ]
    keys += [f"dossier.rate.{r}" for r in ("response", "resolution", "satisfaction")]
    keys += [f"dossier.h{n}" for n in range(2, 8)]
    keys += [f"meeting.section.{s}" for s in ("meeting", "attendance", "agenda", "decision")]
    keys += [f"dossier.event.{k}" for k in status.LIFE_KINDS]
    keys += [_HEADER_KEYS.get(k, f"dossier.x.{k}") for k in COLUMNS]
    assert [k for k in keys if not has(k)] == []
