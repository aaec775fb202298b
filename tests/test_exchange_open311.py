"""Open311 GeoReport v2 export (validated against the official schema) and CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ROOT, dump

# The official schemas, as ../shared/specs has them; a copy is kept in tests/data so that the
# test runs in any checkout (SOURCE.md says where they come from).
SPECS = ROOT / "tests" / "data" / "open311-georeport-v2"
ISO_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00")


def _validator():
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    request = json.loads((SPECS / "request.json").read_text(encoding="utf-8"))
    requests = json.loads((SPECS / "requests.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        "request.json", Resource.from_contents(request, default_specification=DRAFT4)
    )
    return jsonschema.Draft4Validator(
        requests, registry=registry, format_checker=jsonschema.FormatChecker()
    )


@pytest.fixture
def ledger(cli, db: Path) -> Path:
    assert cli("add", "3号楼2单元502楼道灯坏了好几天", "--source", "patrol").exit_code == 0
    assert (
        cli(
            "add",
            "北门垃圾站满了没人清",
            "--reporter",
            "王阿姨",
            "--phone",
            "13800001234",
            "--received",
            "2026-01-05 08:30",
        ).exit_code
        == 0
    )
    assert (
        cli(
            "add",
            '=HYPERLINK("http://evil")小广场长椅坏了',
            "--source",
            "hotline",
            "--ref",
            "KF2611200001",
        ).exit_code
        == 0
    )
    for step in (("dispatch", "2"), ("respond", "2"), ("resolve", "2")):
        result = cli(*step)
        assert result.exit_code == 0, result.stderr
    assert cli("followup", "2", "--resolved", "yes", "--satisfied", "basic").exit_code == 0
    return db


def test_open311_validates_against_georeport_v2(cli, ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "requests.json"
    result = cli("export", "--format", "open311", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    validator = _validator()
    validator.validate(data)
    broken = [dict(data[0], status="pending")]  # the validator does bite
    assert not validator.is_valid(broken)
    assert not validator.is_valid([{k: v for k, v in data[0].items() if k != "service_code"}])
    assert len(data) == 3
    for request in data:
        for key in ("requested_datetime", "updated_datetime"):
            assert ISO_OFFSET.fullmatch(request[key]), request[key]
            assert datetime.fromisoformat(request[key]).utcoffset().total_seconds() == 8 * 3600
        assert request["service_request_id"] and request["service_code"]
    by_id = {r["local_id"]: r for r in data}
    open_one, closed_one = by_id[1], by_id[2]
    assert open_one["status"] == "open" and open_one["scope"] == "separate"
    assert open_one["building"] == 3 and open_one["unit"] == 2
    assert (
        open_one["address"].startswith("望园西里北区3号楼2单元,")
        and "502" not in open_one["address"]
    )
    assert ISO_OFFSET.fullmatch(open_one["expected_datetime"])
    assert open_one["agency_responsible"] == "城建物业"
    assert closed_one["status"] == "closed" and closed_one["expected_datetime"] is None
    assert closed_one["requested_datetime"] == "2026-01-05T08:30:00+08:00"
    assert "回访" in closed_one["status_notes"]
    assert by_id[3]["ref"] == "KF2611200001"
    text = out.read_text(encoding="utf-8")
    assert "王阿姨" not in text and "13800001234" not in text and "王**" not in text


def test_open311_never_with_contacts(cli, ledger: Path) -> None:
    before = dump(ledger)
    result = cli("export", "--format", "open311", "--with-contacts")
    assert result.exit_code == 2 and "Open311" in result.stderr
    assert dump(ledger) == before


def test_open311_since_until_and_stdout(cli, ledger: Path) -> None:
    result = cli("export", "-f", "open311", "--since", "2026-01-01", "--until", "2026-01-31")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["local_id"] for r in data] == [2]
    empty = cli("export", "-f", "open311", "--since", "2030-01-01")
    assert json.loads(empty.stdout) == []
    _validator()  # the empty array is valid too: only the items are constrained
    bad = cli("export", "-f", "open311", "--since", "2026-02-30")
    assert bad.exit_code == 2 and "2026-02-30" in bad.stderr


def test_csv_export_columns_bom_and_formula_safety(cli, ledger: Path, tmp_path: Path) -> None:
    from liuliqiao_cli.complaints.read import LIST_COLUMNS

    out = tmp_path / "2026.csv"
    result = cli("export", "--format", "csv", "--since", "2026-01-01", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == LIST_COLUMNS
    listed = cli("list", "--since", "2026-01-01", "--format", "csv")
    assert rows == list(csv.reader(io.StringIO(listed.stdout)))  # same as list --format csv
    texts = [r[LIST_COLUMNS.index("text")] for r in rows[1:]]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    phones = [r[LIST_COLUMNS.index("phone")] for r in rows[1:]]
    assert "13800001234" not in phones and "138****1234" in phones


def test_csv_with_contacts_is_recorded(cli, ledger: Path, tmp_path: Path) -> None:
    import sqlite3

    out = tmp_path / "c.csv"
    result = cli("export", "-f", "csv", "--with-contacts", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "13800001234" in out.read_text(encoding="utf-8-sig")
    conn = sqlite3.connect(ledger)
    assert (
        conn.execute(
            "SELECT count(*) FROM events WHERE kind = 'export' AND json_extract(data, '$.contacts')"
        ).fetchone()[0]
        == 1
    )
