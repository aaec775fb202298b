"""New rows of an import built a column at a time (exchange/merge_columns.py) keep what the
row-by-row loop did: a reference to a record of the same batch holds only when that record comes
first, the first line whose reference names nothing is the one refused (its first such field),
numbers are kept or given as before, and a constraint failure names its own line.

sample.db's file: 420 complaints, then 3,920 events in batches of 2,000 lines."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import dump

NOWHERE = "0b8e2d3c-5a4f-4c1e-9d7a-1234567890ab"


@pytest.fixture(scope="module")
def lines(tmp_path_factory, ledger_template: Path) -> list[str]:
    import shutil

    from typer.testing import CliRunner

    from liuliqiao_cli.cli import app

    folder = tmp_path_factory.mktemp("columns")
    shutil.copy(Path(__file__).resolve().parent.parent / "sample.db", folder / "s.db")
    shutil.copy(
        Path(__file__).resolve().parent.parent / "sample.contacts.db", folder / "s.contacts.db"
    )
    out = folder / "s.jsonl"
    result = CliRunner().invoke(app, ["--db", str(folder / "s.db"), "export", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8").splitlines()


def _events(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith('{"type":"event"')]


def _edit(lines: list[str], index: int, **fields) -> list[str]:
    record = json.loads(lines[index])
    record.update(fields)
    changed = list(lines)
    changed[index] = json.dumps(record, ensure_ascii=False)
    return changed


def _import(cli, tmp_path: Path, lines: list[str]):
    target = tmp_path / "t.db"
    if not target.exists():
        assert cli("--db", str(target), "init").exit_code == 0
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = dump(target)
    result = cli("--db", str(target), "import", str(path))
    if result.exit_code != 0:
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert dump(target) == before
    return result, target


def _uuid(lines: list[str], index: int) -> str:
    return json.loads(lines[index])["uuid"]


def test_an_undo_of_an_earlier_event_of_its_batch_holds(cli, tmp_path, lines) -> None:
    events = _events(lines)
    at, earlier = events[10], events[3]  # both in the first batch of events
    result, target = _import(cli, tmp_path, _edit(lines, at, undoes=_uuid(lines, earlier)))
    assert result.exit_code == 0, result.stderr
    c = sqlite3.connect(target)
    undone = c.execute(
        "SELECT u.uuid FROM events e JOIN events u ON u.id = e.undoes WHERE e.uuid = ?",
        (_uuid(lines, at),),
    ).fetchone()
    assert undone == (_uuid(lines, earlier),)


@pytest.mark.parametrize("later", [1, 2_500])  # the next line; a line of the next batch
def test_an_undo_of_a_later_event_names_nothing_yet(cli, tmp_path, lines, later: int) -> None:
    events = _events(lines)
    at = events[10]
    result, _ = _import(cli, tmp_path, _edit(lines, at, undoes=_uuid(lines, events[10 + later])))
    assert f"第 {at + 1} 行" in result.stderr and "undoes" in result.stderr


def test_an_event_may_undo_itself_as_before(cli, tmp_path, lines) -> None:
    """The loop wrote a row's number down before the row: a row naming itself held."""
    at = _events(lines)[10]
    result, _ = _import(cli, tmp_path, _edit(lines, at, undoes=_uuid(lines, at)))
    assert result.exit_code == 0, result.stderr


def test_the_first_line_naming_nothing_is_the_one_refused(cli, tmp_path, lines) -> None:
    events = _events(lines)
    first, second = events[40], events[41]
    bad = _edit(lines, second, complaint_id=NOWHERE)
    bad = _edit(bad, first, subject="meeting", subject_id=NOWHERE)
    result, _ = _import(cli, tmp_path, bad)
    assert f"第 {first + 1} 行" in result.stderr and "subject_id" in result.stderr
    # on one line, its reference comes before its subject (the order of the loop)
    bad = _edit(lines, first, complaint_id=NOWHERE, subject="meeting", subject_id=NOWHERE)
    result, _ = _import(cli, tmp_path, bad)
    assert f"第 {first + 1} 行" in result.stderr and "complaint_id" in result.stderr


def test_a_subject_naming_nothing_is_refused(cli, tmp_path, lines) -> None:
    at = next(i for i in _events(lines) if json.loads(lines[i])["subject"] == "meeting")
    result, _ = _import(cli, tmp_path, _edit(lines, at, subject_id=NOWHERE))
    assert f"第 {at + 1} 行" in result.stderr and "subject_id" in result.stderr


def _numbers(wanted: list[int | None], start: int = 1) -> list[int]:
    """The rule (exchange/merge.py): the file's number when above every number in use."""
    out, next_id = [], start
    for number in wanted:
        row_id = number if number is not None and number >= next_id else next_id
        out.append(row_id)
        next_id = row_id + 1
    return out


def test_numbers_are_kept_or_given_by_the_rule(cli, tmp_path, lines) -> None:
    complaints = [i for i, line in enumerate(lines) if line.startswith('{"type":"complaint"')]
    edited = _edit(lines, complaints[5], id=9_000)
    edited = _edit(edited, complaints[6], id=20)  # below the numbers in use by then
    edited = _edit(edited, complaints[9], id=9_500)
    wanted = [json.loads(edited[i])["id"] for i in complaints]
    result, target = _import(cli, tmp_path, edited)
    assert result.exit_code == 0, result.stderr
    c = sqlite3.connect(target)
    got = dict(c.execute("SELECT uuid, id FROM complaints"))
    assert [got[_uuid(edited, i)] for i in complaints] == _numbers(wanted)
    assert _numbers(wanted)[5:11] == [9_000, 9_001, 9_002, 9_003, 9_500, 9_501]


def test_a_repeated_uuid_is_blamed_on_its_line(cli, tmp_path, lines) -> None:
    events = _events(lines)
    at = events[2_200]  # the second batch; the first line with that UUID is in the first
    result, _ = _import(cli, tmp_path, _edit(lines, at, uuid=_uuid(lines, events[7])))
    assert f"第 {at + 1} 行" in result.stderr and "uuid" in result.stderr


@pytest.mark.parametrize("order", ["as written", "reversed", "shuffled", "one moved"])
def test_events_find_their_complaints_in_any_order(cli, tmp_path, lines, order: str) -> None:
    """Each complaint's events come together in our files, so a batch's complaints are looked
    up as the rows between the first and the last one's (merge_rows.ids_between); in any other
    order every event still finds its own complaint."""
    import random

    events = _events(lines)
    block = [lines[i] for i in events]
    if order == "reversed":
        block.reverse()
    elif order == "shuffled":
        random.Random(7).shuffle(block)
    elif order == "one moved":  # an event of the last complaint among the first one's
        block.insert(1, block.pop())
    edited = lines[: events[0]] + block + lines[events[-1] + 1 :]
    result, target = _import(cli, tmp_path, edited)
    assert result.exit_code == 0, result.stderr
    c = sqlite3.connect(target)
    owners = dict(
        c.execute("SELECT e.uuid, c.uuid FROM events e JOIN complaints c ON c.id = e.complaint_id")
    )
    expected = {r["uuid"]: r["complaint_id"] for r in map(json.loads, block) if r["complaint_id"]}
    assert expected and {u: owners.get(u) for u in expected} == expected
