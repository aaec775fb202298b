"""Completion of every value, through Typer's completion protocol (the environment variables the
bash, zsh and fish scripts set), on the sample estate: commands, options, complaints by number or
by text in the statuses the step accepts, buildings, units and rooms that exist, items,
companies, statuses, sources, places, tags, meetings, decisions, overrides; in Chinese, English
and pinyin initials."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liuliqiao_cli.cli import completion, completion_values
from liuliqiao_cli.complaints import numbers, status
from liuliqiao_cli.estate import pinyin


def _protocol(shell: str, line: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What Typer's completion class for ``shell`` answers for ``line`` (the text before the
    cursor), as the shell's script would ask it: values only."""
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete
    from typer.main import get_command

    from liuliqiao_cli.cli import app

    words = line.split(" ")
    if shell == "bash":
        monkeypatch.setenv("COMP_WORDS", line)
        monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
        cls: type = BashComplete
    else:
        monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
        monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", "get-args")
        cls = ZshComplete if shell == "zsh" else FishComplete
    out = cls(get_command(app), {}, "liuliqiao", "_LIULIQIAO_COMPLETE").complete()
    if shell == "zsh":
        if out == "_files":
            return []
        body = out.removeprefix("_arguments '*: :((").removesuffix("))'")
        return [entry.split('":"')[0].strip('"') for entry in body.split("\n")]
    return [entry.split("\t")[0] for entry in out.split("\n") if entry]


CASES = [
    # commands and options
    ("liuliqiao res", ["respond", "resolve"]),
    ("liuliqiao list --bu", ["--building"]),
    # buildings, units and rooms that exist
    ("liuliqiao list --building ", ["1", "2", "3", "4"]),
    ("liuliqiao list --building 3号", ["3号楼"]),
    ("liuliqiao add 漏水 --building 3 --unit ", ["1", "2", "3", "4", "5"]),
    ("liuliqiao add 漏水 --building 3 --room 6", ["601", "602"]),
    # items, companies, statuses, sources, places: codes, names, English, initials
    ("liuliqiao list --item gar", ["garbage", "garden"]),
    ("liuliqiao list --item 楼道照", ["楼道照明"]),
    ("liuliqiao list --item ljz", ["垃圾桶站"]),  # 垃圾站 recognises the item 垃圾桶站
    ("liuliqiao list --item ldzm", ["楼道照明"]),
    ("liuliqiao list --item Stairwell", ["stair_cleaning", "stair_lighting"]),
    ("liuliqiao list --company sh", ["shouhua"]),
    ("liuliqiao list --company 城", ["城建物业"]),
    ("liuliqiao list --company cj", ["城建物业"]),
    ("liuliqiao list --status ypd", ["已派单"]),
    ("liuliqiao list --status in", ["in_progress"]),
    ("liuliqiao list --status cxbl", ["重新办理"]),
    ("liuliqiao add 漏水 --source xc", ["巡查"]),
    ("liuliqiao add 漏水 --source 123", ["12345热线"]),  # the source's name since issue 19
    ("liuliqiao add 漏水 --place ljz", ["垃圾站"]),
    ("liuliqiao add 漏水 --place 北", ["北门"]),
    ("liuliqiao list --tag wsxb", ["未诉先办"]),
    ("liuliqiao meeting add --kind jm", ["居民议事会"]),
    ("liuliqiao followup 397 --resolved ", ["yes", "partly", "no"]),
    # complaints: by number, in the statuses the step accepts
    (
        "liuliqiao show 41",
        ["419", "418", "417", "416", "415", "414", "413", "412", "411", "410", "41"],
    ),
    ("liuliqiao resolve 41", ["419", "418", "416", "414", "410"]),
    ("liuliqiao reopen 39", ["398", "396", "395", "394", "392", "390", "39"]),
    ("liuliqiao followup 39", ["397", "393"]),
    # meetings, decisions, overrides
    ("liuliqiao meeting show 8", ["89", "86", "85", "84", "83", "82", "81", "80", "88", "87", "8"]),
    ("liuliqiao duty revoke ", ["3", "1", "2"]),
    # the clock's parameters (issue 15)
    ("liuliqiao list --due-within t", ["today", "tomorrow"]),
    ("liuliqiao remind 41", ["419", "418", "417", "416", "415", "414", "413", "412", "410"]),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][10:] for c in CASES])
def test_bash_completion(sample_db: Path, monkeypatch, line: str, expected: list[str]) -> None:
    assert _protocol("bash", line, monkeypatch) == expected


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_the_same_values(sample_db: Path, monkeypatch, shell: str) -> None:
    for line, expected in CASES:
        assert _protocol(shell, line, monkeypatch) == expected, line


def test_a_complaint_by_its_text(sample_db: Path, monkeypatch) -> None:
    """Words of the text find the number (open ones for resolve); the help shows the start of
    the text and the status."""
    pairs = completion._for_complaint("resolve")(None, "旧家具")
    assert pairs == [
        ("410", "4号楼4单元101楼道有住户堆放旧家具... [已派单]"),
    ]
    assert _protocol("bash", "liuliqiao show 楼道灯", monkeypatch)[:3] == ["415", "395", "345"]
    assert _protocol("bash", "liuliqiao resolve 楼道灯", monkeypatch) == []  # 415 is received


def test_help_in_english(sample_db: Path, monkeypatch) -> None:
    from liuliqiao_cli import i18n

    i18n.set_language("en")
    assert completion_values.complete_item(None, "garb") == [("garbage", "Garbage station")]
    assert completion_values.complete_status("ypd") == [("已派单", "dispatched")]
    assert completion_values.complete_building(None, "3") == [("3", "3号楼 Chengjian Property")]


def test_subprocess_bash_as_the_script_asks(sample_db: Path) -> None:
    env = {
        **os.environ,
        "_LIULIQIAO_COMPLETE": "complete_bash",
        "COMP_WORDS": "liuliqiao list --item ljz",
        "COMP_CWORD": "3",
    }
    entry = str(Path(sys.executable).with_name("liuliqiao"))
    out = subprocess.run([entry], env=env, capture_output=True, text=True, timeout=60)
    assert (out.returncode, out.stdout, out.stderr) == (0, "垃圾桶站\n", "")


# Parameters that take free text, a date, a file, a number or a choice click completes itself.
FREE = {
    "text",
    "terms",
    "reason",
    "note",
    "ref",
    "reporter",
    "phone",
    "received",
    "since",
    "until",
    "limit",
    "fmt",
    "estate_file",
    "urgent",
    "open_",
    "overdue",
    "with_contacts",
    "open_only",
    "yes",
    "start",
    "end",
    "handover",
    "order",
    "output",
    "years",
    "force",
    "on",
    "day",
    "time",
    "host",
    "recorder",
    "title",
    "changes",
    "auto",
    "decision",
    "due",
    "votes",
    "add_to_agenda",
    "people",
    "year",
    "week",
    "this_week",
    "month",
    "fail_on_overdue",
    "by",
    "explain",
    "file",
    "dry_run",
    "strict",
    "mapping",
    "out",
    "target",
    "repair",
    "sort",  # search --sort recent|relevance: a choice click completes itself (issue 21)
    "as_of",  # dossier --as-of: now or a date
    "port",  # serve --port
    "when",
    "history",
    "confirm",  # duty handover --confirm: a flag
    "exports",  # history --exports: a flag
    "value",  # settings set KEY VALUE: what the setting takes (settings lists it)
    "quiet",  # --quiet: a flag (no progress bar)
    "conflicts",  # merge --conflicts: a flag
    "everything",  # merge --conflicts --all: a flag
    "letters",  # db station B: a new station's letters, free
}


def test_settings_set_completes_the_settings_names() -> None:
    from liuliqiao_cli.cli.completion import complete_setting

    assert [key for key, _ in complete_setting("rates.s")] == [
        "rates.satisfied_counts_basic",
        "rates.small_sample",
    ]
    assert complete_setting("nope") == []


def test_every_parameter_is_completed_or_free_text() -> None:
    """A new parameter must be given a completion (cli/completion.py) or be listed here."""
    from typer.main import get_command

    from liuliqiao_cli.cli import COMMANDS, app

    root = get_command(app)
    unknown: list[str] = []
    completed: list[str] = []

    def walk(command, path: str) -> None:
        for name in getattr(command, "commands", {}):
            walk(command.commands[name], f"{path} {name}".strip())
        for param in command.params:
            if param._custom_shell_complete is not None:
                completed.append(f"{path} {param.name}")
            elif param.name not in FREE:
                unknown.append(f"{path} {param.name}")

    for name in COMMANDS:
        walk(root.commands[name], name)
    assert unknown == []
    for expected in (
        "show complaint_id",
        "resolve complaint_id",
        "tag complaint_id",
        "tag company",
        "list item",
        "list status",
        "list building",
        "add unit",
        "add room",
        "meeting show meeting_id",
        "meeting done decision_id",
        "duty revoke override_id",
        "duty override company",
        "history complaint",
    ):
        assert expected in completed


def test_number_prefix_as_id_ranges(conn) -> None:
    import find_seed

    ids = [find_seed.add(conn, f"第{i}条") for i in range(130)]
    assert ids[-1] == 130
    assert [o.id for o in numbers.by_number(conn, "12", status.STATUSES, limit=50)] == [
        129,
        128,
        127,
        126,
        125,
        124,
        123,
        122,
        121,
        120,
        12,
    ]
    assert numbers.by_number(conn, "0", status.STATUSES, limit=5) == []
    assert numbers.by_number(conn, "07", status.STATUSES, limit=5) == []
    assert numbers.by_number(conn, "9" * 30, status.STATUSES, limit=5) == []
    assert numbers.statuses_for("resolve") == ("dispatched", "in_progress", "reopened")


def test_every_chinese_character_of_the_vocabulary_has_an_initial() -> None:
    from liuliqiao_cli.estate import definition
    from liuliqiao_cli.i18n import t
    from liuliqiao_cli.meetings.model import KINDS

    estate = definition.load_definition(definition.default_definition_text())
    words: set[str] = set()
    for item in estate.items:
        words |= {item.name, *item.keywords}
    for place in estate.places:
        words |= {place.name, *place.aliases}
    for company in estate.companies:
        words |= {company.name, company.short_name}
    words |= {t(f"status.{s}", "zh") for s in status.STATUSES}
    words |= {t(f"source.{s}", "zh") for s in status.SOURCES}
    words |= {t(f"meeting.kind.{k}", "zh") for k in KINDS}
    missing = sorted(
        {ch for w in words if "*" not in w for ch in w if not ch.isascii()}
        - {ch for ch in "（）·" if True}
    )
    assert [ch for ch in missing if pinyin.initial(ch) is None] == []


@pytest.mark.parametrize(
    ("word", "spelled"),
    [
        ("垃圾站", "ljz"),
        ("首华物业", "shwy"),
        ("已派单", "ypd"),
        ("重新办理", "cxbl"),  # chóng, not zhòng
        ("重复诉求", "cfsq"),
        ("空调支架", "ktzj"),  # tiáo, not diào
        ("窨井", "yj"),  # outside GB2312 level 1
        ("3号楼", "3hl"),
        ("garbage", None),  # typed as it is
        ("垃圾\U0002a6a5", None),  # a character with no known initial: no initials at all
    ],
)
def test_pinyin_initials(word: str, spelled: str | None) -> None:
    assert pinyin.initials(word) == spelled
