"""English output reads as English: no full-width colon, comma or 、 next to English words, and
numbers with the plural they take ("1 day", "2 days")."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE

from liuliqiao_cli import i18n

# Full-width punctuation touching English (a letter, a digit, a bracket or a quote): "Tags：none",
# "cleaning、lighting". Between Chinese characters it belongs to a resident's text or a name.
FULL_WIDTH_IN_ENGLISH = re.compile(r"[A-Za-z0-9)\]'\"][：、，；（）。]|[：、，；（）]\s*[A-Za-z(]")
# A masked phone or ID number (139****5678) in a resident's Chinese text is no English word.
MASKED = re.compile(r"\d+\*{3,}\d*[\dXx]")

# Counted nouns that must follow their number's plural ({n|day|days}), never "{n} days".
COUNTED = (
    "days|weeks|months|years|hours|complaints|events|records|buildings|units|households|rooms|"
    "rows|conflicts|characters|periods|items|meetings|decisions|overrides|tags|files|numbers"
)
BARE_PLURAL = re.compile(r"\{(\w+)\}\+? (" + COUNTED + r")\b")


def _english() -> dict[str, str]:
    return {key: en for key, (_, en) in i18n._load().items()}


def test_no_english_message_has_full_width_punctuation_by_english_words() -> None:
    bad = {key: en for key, en in _english().items() if FULL_WIDTH_IN_ENGLISH.search(en)}
    assert bad == {}


def test_every_counted_noun_after_a_number_has_its_plural() -> None:
    bad = {key: en for key, en in _english().items() if BARE_PLURAL.search(en)}
    assert bad == {}


@pytest.mark.parametrize(
    ("key", "params", "singular", "plural"),
    [
        ("duty.line.next", {"date": "2027-03-01", "change": "X"}, "(in 1 day)", "(in 2 days)"),
        ("estate.summary", {"units": 5, "households": 60}, "1 building, 5 units", "2 buildings"),
        ("backup.done", {"path": "b.db", "size": "9", "events": 3}, "1 complaint,", "2 complaints"),
        ("duty.ics.written", {"path": "d.ics"}, ": 1 event", ": 2 events"),
        ("privacy.bad_phone", {}, "(1 character)", "(2 characters)"),
        (
            "summary.spike",
            {"item": "x", "count": 4, "usual": "1", "numbers": ""},
            "1 period",
            "2 periods",
        ),
    ],
)
def test_numbers_take_their_plural(key: str, params: dict, singular: str, plural: str) -> None:
    # The one counted parameter of each message, 1 then 2.
    counted = {
        "duty.line.next": "days",
        "estate.summary": "buildings",
        "backup.done": "complaints",
        "duty.ics.written": "events",
        "privacy.bad_phone": "length",
        "summary.spike": "periods",
    }[key]
    assert singular in i18n.t(key, "en", **params, **{counted: 1})
    assert plural in i18n.t(key, "en", **params, **{counted: 2})


def test_tag_answer_in_english(cli, sample_db: Path) -> None:
    result = cli("--lang", "en", "tag", "401", "--add", "急", "--add", "漏雨")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "#401  in progress  Chengjian Property  building's company (separate item): building 4 "
        "is served by Chengjian Property  Tags: 急, 漏雨\n"
    )
    chinese = cli("--lang", "zh", "tag", "401", "--remove", "漏雨").stdout
    assert chinese.endswith("  标签：急\n")


def test_duty_says_days_in_english(cli, sample_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("LIULIQIAO_NOW", "2027-02-28 09:00:00")
    assert "Next handover: 2027-03-01 (in 1 day), to " in cli("--lang", "en", "duty").stdout
    monkeypatch.setenv("LIULIQIAO_NOW", "2027-02-27 09:00:00")
    assert "Next handover: 2027-03-01 (in 2 days), to " in cli("--lang", "en", "duty").stdout


COMMANDS = [
    "estate",
    "list --limit 40",
    "list --overdue",
    "show 401",
    "show 36",
    "show 140",
    "search 垃圾",
    "history -n 80",
    "duty",
    "duty calendar",
    "duty overrides",
    "summary",
    "summary --format md",
    "rates --by company",
    "rates --explain",
    "meeting list",
    "meeting show 89",
    "dossier 89",
    "db check",
    "tag 401 --add 急",
    "add 物业费发票开错了",
    "show 9999",
    "list --building 9",
]


def test_english_output_has_no_full_width_punctuation_by_english_words(
    cli, tmp_path: Path, monkeypatch
) -> None:
    ledger = tmp_path / "en.db"
    shutil.copy(SAMPLE, ledger)
    monkeypatch.setenv("LIULIQIAO_DB", str(ledger))
    monkeypatch.setenv("LIULIQIAO_NOW", "2026-11-30 18:00:00")
    found = []
    for command in COMMANDS:
        result = cli("--lang", "en", *command.split())
        for line in (result.stdout + result.stderr).splitlines():
            if FULL_WIDTH_IN_ENGLISH.search(MASKED.sub("", line)):
                found.append(f"{command}: {line}")
    assert found == []
    estate = cli("--lang", "en", "estate").stdout
    assert "北门      北大门, 小区北门, 北门口, north gate" in estate
    dossier = cli("--lang", "en", "dossier", "89").stdout
    assert "Stairwell cleaning, Stairwell lighting, In-building pipes" in dossier
