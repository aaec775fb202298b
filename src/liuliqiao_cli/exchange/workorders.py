"""Import of 12345 work orders (工单) from a spreadsheet: .xlsx (openpyxl, read-only) or .csv
(UTF-8, UTF-8 with BOM, or GB18030 — what Excel on a Chinese Windows saves).

Columns are found by their header text. The built-in mapping knows the usual 12345 headers
(:data:`HEADERS`); ``--map "头=field,..."`` adds or overrides entries. Fields: ``ref`` (the
work-order number, required), ``received`` (required), ``text`` (required), ``place`` (the
address), ``reporter``, ``phone``, ``item``.

Each row becomes a complaint through the complaint domain, as ``add`` would make it: source =
hotline, building / unit / room / public place / item recognised from the address and the text,
the company routed by the estate's rule, the work-order number kept as ``ref``. A row whose
number is already in the ledger is skipped ("already imported"): importing the same file twice
creates nothing new. Every problem names its row number (the spreadsheet's own, header = row 1).

A real import writes all the good rows in one transaction (``strict``: none at all when any row
has a problem); a dry run validates every row and writes nothing.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from liuliqiao_cli.complaints import duplicates, names, recognise, record
from liuliqiao_cli.complaints.routing import NeedsChoice, Question
from liuliqiao_cli.errors import LedgerError, UsageError

FIELDS = ("ref", "received", "text", "place", "reporter", "phone", "item")
REQUIRED = ("ref", "received", "text")
HEADERS: dict[str, str] = {
    "工单编号": "ref",
    "工单号": "ref",
    "工单编码": "ref",
    "来电时间": "received",
    "受理时间": "received",
    "登记时间": "received",
    "诉求内容": "text",
    "问题描述": "text",
    "反映内容": "text",
    "诉求描述": "text",
    "地址": "place",
    "诉求地址": "place",
    "事发地址": "place",
    "事发地点": "place",
    "来电人": "reporter",
    "联系人": "reporter",
    "诉求人": "reporter",
    "联系电话": "phone",
    "来电号码": "phone",
    "联系方式": "phone",
    "服务项目": "item",
}
ENCODINGS = ("utf-8-sig", "gb18030")
BULK_ROWS = 1_000  # from this many rows (and half the ledger) the search index is rebuilt once
_BUILDING_MENTION = re.compile(r"(\d{1,3})\s*(?:号楼|栋|幢|#楼)")


@dataclass
class Problem:
    row: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Planned:
    """A row that is (or would be) a new complaint."""

    row: int
    ref: str
    values: dict[str, Any]  # complaint columns as prepared
    id: int | None = None  # once written
    duplicate_of: int | None = None  # linked as a likely duplicate of this complaint


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0  # rows that are (or would be) new complaints
    first_id: int | None = None
    last_id: int | None = None
    planned: list[Planned] = field(default_factory=list)  # kept only when asked (keep_plan)
    already: int = 0  # rows whose work-order number is already in the ledger
    problems: list[Problem] = field(default_factory=list)
    # rows linked as likely duplicates, by the complaint they repeat: runs of row numbers
    # [first, last] (memory grows with the runs, not the rows: 20,000 identical rows are one)
    duplicates: dict[int, list[list[int]]] = field(default_factory=dict)
    duplicate_rows: int = 0
    first_new: int | None = None  # the first number this import gave (kept after a dry run)
    written: bool = False
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header found
    names: dict[str, str] = field(default_factory=dict)  # item and company codes -> names
    names_en: dict[str, str] = field(default_factory=dict)
    # numbers -> names (B17) of the complaints the report names, where they have one
    labels: dict[int, str] = field(default_factory=dict)

    def label(self, number: int) -> str:
        """A complaint as a person reads it: its name (B17), else its number here."""
        return self.labels.get(number, str(number))

    def duplicate(self, original: int, row: int) -> None:
        self.duplicate_rows += 1
        runs = self.duplicates.setdefault(original, [])
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])


def parse_map(text: str | None) -> dict[str, str]:
    """``"工单编号=ref,来电时间=received"`` -> {header: field}; unknown fields are refused."""
    result: dict[str, str] = {}
    if not text:
        return result
    for part in re.split(r"[,，]", text):
        if not part.strip():
            continue
        header, sep, name = part.partition("=")
        if not sep:
            header, sep, name = part.partition("＝")
        name, header = name.strip().lower(), header.strip()
        if not sep or not header or name not in FIELDS:
            raise UsageError("workorders.bad_map", part=part.strip(), fields=", ".join(FIELDS))
        result[header] = name
    return result


# --- reading the file ---------------------------------------------------------------------------


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or GB18030, judged on the first megabyte (the header and
    the first rows hold Chinese text); a later bad byte is still caught while reading."""
    import codecs

    with open(path, "rb") as f:
        head = f.read(1 << 20)
    if b"\x00" in head:  # UTF-16 ("Unicode text") or a binary file renamed .csv
        raise UsageError("workorders.bad_encoding", path=str(path))
    for encoding in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UsageError("workorders.bad_encoding", path=str(path))


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        try:
            yield from reader
        except UnicodeDecodeError:
            raise UsageError("workorders.bad_encoding", path=str(path)) from None
        except csv.Error as exc:
            raise UsageError("workorders.bad_csv", line=reader.line_num, reason=str(exc)) from None


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UsageError("workorders.bad_xlsx", path=str(path)) from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def _row_estimate(path: Path) -> int:
    """Roughly how many rows a file holds (decides the bulk path; never an error)."""
    try:
        if path.suffix.lower() == ".csv":
            count = 0
            with open(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    count += chunk.count(b"\n")
            return count
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        try:
            return int(book.worksheets[0].max_row or 0)
        finally:
            book.close()
    except Exception:  # a broken file is reported by the reader, with a proper message
        return 0


def read_rows(path: Path) -> tuple[Iterator[list[Any]], int | None]:
    """Row iterator (header first) and the number of data rows when cheaply known."""
    if not path.exists():
        raise UsageError("workorders.missing", path=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path), None
    if suffix == ".xlsx":
        return _xlsx_rows(path), None
    raise UsageError("exchange.unknown_type_file", name=path.name)


def _mapping(header: list[Any], extra: dict[str, str]) -> dict[str, int]:
    known = {**HEADERS, **extra}
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = str(cell or "").strip().lstrip("\ufeff")
        fld = known.get(name)
        if fld and fld not in columns:
            columns[fld] = index
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        wanted = {f: "/".join(h for h, v in known.items() if v == f) for f in missing}
        raise UsageError(
            "workorders.missing_columns",
            missing="; ".join(f"{f} ({wanted[f]})" for f in missing),
            found=", ".join(str(c).strip() for c in header if str(c or "").strip()) or "-",
        )
    return columns


def _cell(row: list[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _received(value: Any, today: date) -> datetime:
    from liuliqiao_cli.dates import parse_datetime

    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if value is None:
        raise UsageError("workorders.empty", what="received")
    return parse_datetime(str(value), today=today)


# --- the import ---------------------------------------------------------------------------------


def import_workorders(
    conn: sqlite3.Connection,
    path: Path,
    *,
    now: datetime,
    actor: str,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    keep_plan: bool = True,
) -> ImportReport:
    """Validate every row, then (unless dry run, or strict with problems) write the good ones in
    one transaction. ``progress(n)`` is called after each row. ``keep_plan=False`` keeps only
    counts and the range of new numbers (memory flat in the number of rows)."""
    from liuliqiao_cli.estate import model, versions
    from liuliqiao_cli.store.triggers import drop_bulk_triggers, restore_triggers

    rows, _ = read_rows(path)
    header = next(rows, None)
    if header is None:
        raise UsageError("workorders.empty_file", path=str(path))
    columns = _mapping(header, mapping or {})
    report = ImportReport(mapping={f: str(header[i]).strip() for f, i in columns.items()})
    expected = _row_estimate(path)
    est = model.load(conn)  # every code's name; each row is routed by its day's version
    by_day = versions.EstatesByDay(conn)
    report.names = {
        **{c: i.name for c, i in est.items.items()},
        **{c: k.name for c, k in est.companies.items()},
    }
    report.names_en = {
        **{c: i.name_en for c, i in est.items.items()},
        **{c: k.name_en or k.name for c, k in est.companies.items()},
    }
    seen: dict[str, int] = {}
    conn.execute("BEGIN IMMEDIATE")
    try:
        # A big file: the search index is rebuilt once at the end instead of row by row (the
        # per-row FTS triggers cost about half of the import); both inside this transaction.
        existing = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
        saved = (
            drop_bulk_triggers(conn) if expected >= BULK_ROWS and expected * 2 >= existing else []
        )
        for number, row in enumerate(rows, start=2):
            if not any(str(c).strip() for c in row if c is not None):
                continue  # blank line at the end of a sheet
            report.rows += 1
            try:
                planned = _row(conn, by_day, columns, row, number, now, seen, report)
                if planned is not None:
                    complaint_id = record.insert_prepared(conn, planned[1], now=now, actor=actor)
                    original = _link_duplicate(conn, planned[1].values, complaint_id, now, actor)
                    report.created += 1
                    report.first_id = report.first_id or complaint_id
                    report.first_new = report.first_new or complaint_id
                    report.last_id = complaint_id
                    if original is not None:
                        report.duplicate(original, number)
                    if keep_plan:
                        report.planned.append(
                            Planned(number, planned[0], planned[1].values, complaint_id, original)
                        )
            except LedgerError as exc:
                report.problems.append(Problem(number, exc.key, exc.params))
            if progress is not None:
                progress(number)
        if saved:
            restore_triggers(conn, saved, rebuild_fts=bool(report.created))
        report.labels = names.labels_of(
            conn,
            [n for n in (report.first_id, report.last_id) if n is not None]
            + list(report.duplicates)
            + [p.id for p in report.planned if p.id is not None]
            + [p.duplicate_of for p in report.planned if p.duplicate_of is not None],
        )
        if dry_run or (strict and report.problems) or not report.created:
            conn.execute("ROLLBACK")
        else:
            conn.execute("COMMIT")
            report.written = True
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    if not report.written:
        report.first_id = report.last_id = None
        for p in report.planned:
            p.id = None
    return report


DUPLICATE_NOTE = "12345 工单导入：7 天内同一地点、同一服务项目的未办结诉求"


def _link_duplicate(
    conn: sqlite3.Connection, values: dict[str, Any], complaint_id: int, now: datetime, actor: str
) -> int | None:
    """A row that repeats an open complaint (one already in the ledger, or an earlier row) is
    linked to it as a duplicate — 20,000 rows about one problem are one problem, and each work
    order still has its number in the ledger — and reported; ``reopen`` undoes a wrong link."""
    found = duplicates.possible(conn, values, exclude=complaint_id, limit=1)
    if not found:
        return None
    from liuliqiao_cli.complaints import lifecycle

    lifecycle.take_action(
        conn, complaint_id, "duplicate", now=now, actor=actor, of=found[0].id, note=DUPLICATE_NOTE
    )
    return found[0].id


def _row(
    conn: sqlite3.Connection,
    by_day: Any,
    columns: dict[str, int],
    row: list[Any],
    number: int,
    now: datetime,
    seen: dict[str, int],
    report: ImportReport,
) -> tuple[str, Any] | None:
    ref_raw = _cell(row, columns["ref"])
    if ref_raw is None:
        raise UsageError("workorders.empty", what="ref")
    ref = str(ref_raw).strip()
    if isinstance(ref_raw, float) and ref_raw.is_integer():  # a number cell: 2026112700123.0
        ref = str(int(ref_raw))
    if ref in seen:
        raise UsageError("workorders.ref_twice", ref=ref, other=seen[ref])
    seen[ref] = number
    found = conn.execute("SELECT id FROM complaints WHERE ref = ?", (ref,)).fetchone()
    if found:
        report.already += 1
        return None
    received = _received(_cell(row, columns["received"]), now.date())
    est = by_day.on(received.date())
    text = _cell(row, columns["text"])
    if text is None:
        raise UsageError("workorders.empty", what="text")
    text = str(text)
    address = str(_cell(row, columns.get("place")) or "")
    combined = f"{address} {text}".strip()
    rec = recognise.recognise(est, combined)
    if rec.building is None:
        for m in _BUILDING_MENTION.finditer(combined):
            if int(m.group(1)) not in est.buildings:
                raise UsageError(
                    "workorders.unknown_building",
                    value=m.group(0),
                    choices=", ".join(f"{n}号楼" for n in est.buildings),
                )
    phone = str(_cell(row, columns.get("phone")) or "")
    if "*" in phone:  # 12345 exports often mask the caller's number already: keep none
        phone = ""
    item = _cell(row, columns.get("item"))
    new = record.NewComplaint(
        text=text,
        source="hotline",
        received_at=received,
        item=str(item) if item else None,
        ref=ref,
        reporter=str(_cell(row, columns.get("reporter")) or ""),
        phone=phone,
        recognised=rec,  # the address and the text, read as add reads a text
    )
    try:
        return ref, record.prepare(conn, est, new, now=now)
    except NeedsChoice as exc:
        raise _unsettled(exc.question, ref) from None


def _unsettled(question: Question, ref: str) -> UsageError:
    """A row that would need a question on a terminal: reported, not imported. A work order's
    company is assessed on it, so routing it on a guess (or to the fallback item) would count
    against the wrong company; the worker settles it with the 服务项目 column or the address,
    or records the row with ``add --ref``."""
    from liuliqiao_cli.i18n import current_language, t

    sep = "、" if current_language() == "zh" else ", "
    choices = sep.join(
        c.label if question.what == "building" else f"{c.value} {c.label}" for c in question.choices
    )
    return UsageError(
        f"workorders.needs_{question.what}",
        why=t(f"row.{question.key}", **question.params),
        choices=choices,
        ref=ref,
    )
