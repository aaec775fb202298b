"""One validation layer for the records of a ledger file (issue 13 item 9): every documented field
given a wrong type or an impossible value is refused with its line number and the field's name,
in one line, exit 1, and nothing of the file applied. Before, an unknown status, an impossible
date, event data that is not JSON or an unknown event kind imported with exit 0, and then tag,
export --format open311, show or db check failed with internal errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXED = {"id", "type"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, ledger_template: Path) -> list[str]:
    """A ledger file with one record of every kind that a worker's day produces."""
    import shutil

    from typer.testing import CliRunner

    from liuliqiao_cli.cli import app

    folder = tmp_path_factory.mktemp("records")
    db = folder / "source.db"
    shutil.copy(ledger_template, db)
    runner = CliRunner()

    def run(*args: str) -> None:
        result = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr

    run("db", "station", "S")  # its own ledger, not the template's copy every test gets
    run("add", "3号楼2单元502楼道灯坏了", "--source", "patrol", "--urgent")
    run("add", "北门垃圾站满了没人清", "--source", "hotline", "--ref", "KF1")
    run("tag", "S1", "--add", "急")
    run("dispatch", "S1")
    run("meeting", "add", "--kind", "council", "--date", "2026-11-28", "--time", "19:00")
    run("meeting", "attend", "1", "--present", "王主任", "--absent", "李委员")
    run(
        "meeting",
        "decide",
        "1",
        "--decision",
        "清理垃圾站",
        "--complaint",
        "S2",
        "--due",
        "2026-12-05",
        "--add-to-agenda",
    )
    run("meeting", "agenda", "1", "--add", "S1")
    run("duty", "override", "2026-12-01", "2026-12-03", "首华", "--reason", "交接")
    out = folder / "source.jsonl"
    run("export", "-o", str(out))
    return out.read_text(encoding="utf-8").splitlines()


def _refused(cli, db: Path, tmp_path: Path, lines: list[str], index: int, field: str):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = dump(db)
    result = cli("import", str(path))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"第 {index + 1} 行" in result.stderr, result.stderr
    assert field.split(".")[0] in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert dump(db) == before
    return result


def _with(lines: list[str], index: int, field: str, value) -> list[str]:
    record = json.loads(lines[index])
    record[field] = value
    changed = list(lines)
    changed[index] = json.dumps(record, ensure_ascii=False)
    return changed


def _first(lines: list[str], kind: str, **having) -> int:
    for i, line in enumerate(lines):
        record = json.loads(line)
        if record.get("type") == kind and all(record.get(k) == v for k, v in having.items()):
            return i
    raise AssertionError(kind)


# --- the four cases of issue 13, item 9 ------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "field", "value", "words"),
    [
        ("complaint", "status", "lost", "status"),
        ("complaint", "received_at", "2026-02-30 10:00:00", "2026-02-30"),
        ("event", "data", "{not json", "data"),
        ("event", "kind", "teleport", "kind"),
        ("complaint", "building", 9, "building"),
        ("complaint", "unit", 9, "unit"),
        ("complaint", "room", "999", "room"),
        ("override", "end_date", "2026-11-30", "end_date"),
        ("decision", "due", "2026-13-01", "due"),
        ("complaint", "tags", ["急", 7], "tags"),
    ],
)
def test_impossible_values_are_refused_with_their_line(
    cli, db: Path, tmp_path: Path, exported: list[str], kind, field, value, words
) -> None:
    index = _first(exported, kind)
    result = _refused(cli, db, tmp_path, _with(exported, index, field, value), index, field)
    assert words in result.stderr


def test_the_file_is_fine_as_it_is(cli, db: Path, tmp_path: Path, exported: list[str]) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text("\n".join(exported) + "\n", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    for command in (("tag", "S1", "--add", "盼"), ("show", "S2"), ("db", "check")):
        assert cli(*command).exit_code == 0
    assert cli("export", "--format", "open311").exit_code == 0


def test_english_message(cli, db: Path, tmp_path: Path, exported: list[str]) -> None:
    index = _first(exported, "complaint")
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(_with(exported, index, "source", "fax")) + "\n", encoding="utf-8")
    result = cli("--lang", "en", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Line {index + 1}: field source has 'fax'")


# --- every field, any wrong type or impossible value (hypothesis) ------------------------------

LONG = "x" * 20_000  # longer than any text field may be
NOT_TEXT = st.one_of(
    st.integers(-3, 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
NOT_NUMBER = st.one_of(
    st.text(max_size=5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
NOT_LIST = st.one_of(st.integers(), st.text(max_size=5), st.dictionaries(st.text(), st.integers()))
NOT_NULL_LIKE = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.integers(), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), min_size=1, max_size=2),
)


def _fields(lines: list[str]) -> list[tuple[int, str, object]]:
    out = []
    for i, line in enumerate(lines[1:-1], start=1):
        record = json.loads(line)
        for field, value in record.items():
            if field not in FIXED and field not in ("history", "changed_at"):
                out.append((i, field, value))
    return out


def _wrong(value: object, data) -> object:
    """A value of another type than ``value`` has, or text too long for any field."""
    if isinstance(value, str):
        return data.draw(st.one_of(st.just(LONG), NOT_TEXT))
    if isinstance(value, int):
        return data.draw(NOT_NUMBER)
    if isinstance(value, list):
        return data.draw(NOT_LIST)
    return data.draw(NOT_NULL_LIKE)  # a field that may be empty: a value of no type it takes


@pytest.mark.slow
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_field_with_a_wrong_value_is_refused(
    data, cli, db: Path, tmp_path: Path, exported: list[str]
) -> None:
    index, field, value = data.draw(st.sampled_from(_fields(exported)))
    wrong = _wrong(value, data)
    _refused(cli, db, tmp_path, _with(exported, index, field, wrong), index, field)


# --- a batch read at once is read as line by line (Reader.records) -----------------------------
# The fixed-shape fields (UUIDs, times, days) are checked a batch at a time, not by a regex per
# value; any value of another shape sends the batch back to the line-by-line reading.

OFF_SHAPE = [
    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",  # the letter of the shape itself
    "9999-99-99 99:99:99",
    "2026-11-27T10:00:00",
    "2026/11/27",
    "２０２６-11-27",  # full-width digits: \d in a regex takes them
    "2026-11-27 10:00:0\x00",
    "1FDF7D00-7A54-4F82-ABD7-9BCEA26E551B",
    "1fdf7d00-7a54-4f82-abd7-9bcea26e551",
    "1fdf7d00-7a54-4f82-abd7-9bcea26e551b\n",
    "1fdf7d00_7a54_4f82_abd7_9bcea26e551b",
    "",
]


def _outcome(read, items):
    from msgspec.structs import astuple

    from liuliqiao_cli.exchange.jsonl import ExchangeError

    try:
        return [(line, type(r).__name__, astuple(r)) for line, r in read(items)]
    except ExchangeError as exc:
        return (exc.key, exc.params)


def _reader(conn):
    from liuliqiao_cli.estate.model import load
    from liuliqiao_cli.exchange.records import Reader

    return Reader(conn, load(conn))


def _both(reader, lines: list[str]):
    items = [(n, line.encode("utf-8")) for n, line in enumerate(lines, start=2)]
    one_by_one = _outcome(lambda xs: [(n, reader.record(raw, n)) for n, raw in xs], items)
    return one_by_one, _outcome(reader.records, items)


def _shaped_fields(exported: list[str]) -> list[tuple[int, str]]:
    import re

    from liuliqiao_cli.exchange.record_rules import DAY_PATTERN, STAMP_PATTERN, UUID_PATTERN

    shapes = [re.compile(p) for p in (UUID_PATTERN, STAMP_PATTERN, DAY_PATTERN)]
    return [
        (i, field)
        for i, field, value in _fields(exported)
        if isinstance(value, str) and any(p.match(value) for p in shapes)
    ]


def test_every_fixed_shape_field_is_checked_in_a_batch(conn, exported: list[str]) -> None:
    fields = _shaped_fields(exported)
    reader = _reader(conn)
    kinds = {json.loads(exported[i])["type"] for i, _ in fields}
    assert {"complaint", "event", "meeting", "decision", "override"} <= kinds
    for index, field in fields:
        kind = json.loads(exported[index])["type"]
        batch = [line for line in exported[1:-1] if json.loads(line)["type"] == kind]
        place = batch.index(exported[index])
        for value in OFF_SHAPE:
            lines = _with(batch, place, field, value)
            one_by_one, batched = _both(reader, lines)
            assert batched == one_by_one, (kind, field, value)
            assert isinstance(one_by_one, tuple), (kind, field, value)  # refused


def test_a_good_batch_reads_as_line_by_line(conn, exported: list[str]) -> None:
    reader = _reader(conn)
    for kind in ("complaint", "event", "meeting", "decision", "override", "rotation"):
        batch = [line for line in exported[1:-1] if json.loads(line)["type"] == kind]
        one_by_one, batched = _both(reader, batch)
        assert isinstance(batched, list) and batched == one_by_one and batched, kind


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_change_to_a_batch_reads_as_line_by_line(data, conn, exported: list[str]) -> None:
    events = [line for line in exported[1:-1] if json.loads(line)["type"] == "event"]
    lines = list(events) * 3
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.integers(0, len(lines) - 1))
        field = data.draw(st.sampled_from(["uuid", "at", "complaint_id", "subject_id", "undoes"]))
        value = data.draw(
            st.one_of(
                st.sampled_from(OFF_SHAPE),
                st.text(alphabet="0123456789abcdef-: xT", min_size=10, max_size=36),
                st.none(),
            )
        )
        lines = _with(lines, place, field, value)
    one_by_one, batched = _both(_reader(conn), lines)
    assert batched == one_by_one
