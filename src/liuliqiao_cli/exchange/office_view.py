"""The community office's read-only view of the ledger in a browser, through Datasette
(``liuliqiao serve``): what Datasette is told (its metadata), built here as plain data.

* Chinese labels: the site, the tables shown and the pages (canned queries), whose columns
  are named in Chinese and whose codes (statuses, items, companies, sources) come out as names.
* No residents' identities: only the tables listed in :data:`TABLES` can be opened (every other
  one, ``contacts``, ``complaints`` with its ``contact_id``, ``events`` whose data holds it, the
  search index and the running totals, is refused, not only hidden); no SQL of one's own, no
  download of the file. Complaints are read through the pages, which leave contacts out. The
  residents' companion contacts file (``ledger.contacts.db``) is never given to Datasette, and a
  contact is labelled by its number, not its (masked) name.
* Pages for what the office asks: open and overdue, received this week, the three rates by
  company this year (with their counts), who is on duty this month, each meeting's decisions.

"Now" in a page's SQL is the ledger's local time: a fixed moment when ``LIULIQIAO_NOW`` fixes
the clock (tests), else SQLite's clock shifted to the ledger's time zone. Duty is computed by
``estate/duty.py`` (not SQL): the periods from a year before to a year after the start are
written into the page as a VALUES list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from liuliqiao_cli.complaints import status
from liuliqiao_cli.i18n import t
from liuliqiao_cli.reports.rates import RateSettings

DATABASE = "ledger"

# Tables the office may open, with their Chinese titles.
TABLES = {
    "meetings": "会议",
    "meeting_decisions": "会议决定",
    "meeting_agenda": "会议议题",
    "meeting_attendance": "会议出席",
    "items": "服务项目清单",
    "companies": "物业公司",
    "buildings": "楼栋",
    "duty_overrides": "调班记录",
    "rotation_versions": "当值轮换",
    "estate_versions": "小区定义版本",
}


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(column: str, names: dict[str, str]) -> str:
    """SQL naming the codes of ``column``: CASE column WHEN 'closed' THEN '已结案' ... END."""
    whens = " ".join(f"WHEN {_quoted(code)} THEN {_quoted(name)}" for code, name in names.items())
    return f"CASE {column} {whens} ELSE {column} END"


def now_sql(fixed: datetime | None, offset_minutes: int) -> str:
    """The SQL of "now" in the ledger's local time."""
    if fixed is not None:
        return _quoted(fixed.strftime("%Y-%m-%d %H:%M:%S"))
    return f"datetime('now', '{offset_minutes:+d} minutes')"


def _complaint_columns() -> str:
    statuses = _case("c.status", {s: t(f"status.{s}", "zh") for s in status.STATUSES})
    sources = _case("c.source", {s: t(f"source.{s}", "zh") for s in status.SOURCES})
    place = (
        "CASE WHEN c.building IS NULL THEN coalesce(c.place, '公共区域') ELSE c.building || '号楼'"
        " || coalesce(c.unit || '单元', '') || coalesce(c.room, '') END"
    )
    return (
        f"coalesce(c.name, c.id) AS 编号, c.received_at AS 受理时间, {statuses} AS 状态,"
        f" {place} AS 地点,"
        " i.name AS 服务项目, co.name AS 负责公司, "
        f"{sources} AS 来源, c.respond_by AS 响应时限, c.resolve_by AS 办结时限, c.text AS 诉求内容"
    )


_JOINS = (
    "FROM complaints c JOIN items i ON i.code = c.item JOIN companies co ON co.code = c.company"
)


def _overdue(now: str) -> str:
    return status.overdue_sql(f"({now})")


def queries(
    now: str, settings: RateSettings, duty_periods: Sequence[tuple[str, str, str, str]]
) -> dict[str, dict[str, Any]]:
    """The office's pages: name -> canned query (title, description, SQL)."""
    columns = _complaint_columns()
    open_ = ", ".join(_quoted(s) for s in status.OPEN_STATUSES)
    overdue = _overdue(now).replace("complaints.", "c.")
    resolved = "fr_yes + fr_partly" if settings.resolved_counts_partly else "fr_yes"
    satisfied = "fs_yes + fs_basic" if settings.satisfied_counts_basic else "fs_yes"
    cohorts = "1, 2" if settings.include_proactive else "1"
    proactive = ", ".join(_quoted(s) for s in status.PROACTIVE_SOURCES)
    late_cohort = "" if settings.include_proactive else f" AND source NOT IN ({proactive})"
    duty_values = (
        ", ".join(
            f"({_quoted(a)}, {_quoted(b)}, {_quoted(c)}, {_quoted(d)})"
            for a, b, c, d in duty_periods
        )
        or "(NULL, NULL, NULL, NULL)"
    )
    decision_state = (
        "CASE WHEN d.done_at IS NOT NULL OR c.status IN ('resolved', 'closed') THEN '已落实'"
        f" WHEN d.due IS NOT NULL AND d.due < date({now}) THEN '逾期未落实' ELSE '推进中' END"
    )
    pages: dict[str, dict[str, Any]] = {
        "open_overdue": {
            "title": "未办结与超期诉求",
            "description": "尚未办结的诉求，超期的在前；“是否超期”按现在的时间判断",
            "sql": (
                f"SELECT {columns}, CASE WHEN {overdue} THEN '超期' ELSE '' END AS 是否超期"
                f" {_JOINS} WHERE c.status IN ({open_})"
                f" ORDER BY ({overdue}) DESC, c.received_at"
            ),
        },
        "this_week": {
            "title": "本周受理的诉求",
            "description": "本周一以来受理的诉求，最新的在前",
            "sql": (
                f"SELECT {columns} {_JOINS}"
                f" WHERE c.received_at >= date({now}, '-6 days', 'weekday 1')"
                " ORDER BY c.received_at DESC"
            ),
        },
        "rates_by_company": {
            "title": "三率（按物业公司，本年度）",
            "description": (
                "本年 1 月 1 日至今天受理的居民诉求：响应率、解决率、满意率，各附分子和分母"
                "（定义见 liuliqiao rates --explain）"
            ),
            "sql": (
                "WITH sums AS (SELECT key AS company, sum(answered) AS answered,"
                f" sum(in_time) AS in_time, sum(fr_n) AS fr_n, sum({resolved}) AS fr_ok,"
                f" sum(fs_n) AS fs_n, sum({satisfied}) AS fs_ok FROM complaint_counts"
                f" WHERE dim = 'company' AND cohort IN ({cohorts})"
                f" AND day >= strftime('%Y-01-01', {now}) AND day <= date({now}) GROUP BY key),"
                " late AS (SELECT company, count(*) AS n FROM complaints"
                " WHERE dispatched_at IS NOT NULL AND responded_at IS NULL AND resolved_at IS NULL"
                f" AND respond_by < {now} AND received_at >= strftime('%Y-01-01', {now})"
                f" AND received_at < date({now}, '+1 day')"
                f" AND status NOT IN ('duplicate', 'rejected'){late_cohort} GROUP BY company)"
                " SELECT co.name AS 物业公司,"
                " printf('%.1f%%', 100.0 * s.in_time / nullif(s.answered + coalesce(l.n, 0), 0))"
                " AS 响应率, s.in_time AS 响应率分子, s.answered + coalesce(l.n, 0) AS 响应率分母,"
                " printf('%.1f%%', 100.0 * s.fr_ok / nullif(s.fr_n, 0)) AS 解决率,"
                " s.fr_ok AS 解决率分子, s.fr_n AS 解决率分母,"
                " printf('%.1f%%', 100.0 * s.fs_ok / nullif(s.fs_n, 0)) AS 满意率,"
                " s.fs_ok AS 满意率分子, s.fs_n AS 满意率分母"
                " FROM companies co LEFT JOIN sums s ON s.company = co.code"
                " LEFT JOIN late l ON l.company = co.code ORDER BY co.position"
            ),
        },
        "duty_this_month": {
            "title": "本月当值",
            "description": "本月共同管理事项由哪家物业公司当值（含调班）",
            "sql": (
                f"WITH periods(start, end, company, source) AS (VALUES {duty_values})"
                " SELECT p.start AS 起, p.end AS 止, co.name AS 当值物业,"
                " CASE p.source WHEN 'override' THEN '调班' ELSE '年度轮值' END AS 依据"
                " FROM periods p JOIN companies co ON co.code = p.company"
                f" WHERE p.end >= date({now}, 'start of month')"
                f" AND p.start <= date({now}, 'start of month', '+1 month', '-1 day')"
                " ORDER BY p.start"
            ),
        },
        "meeting_decisions": {
            "title": "各次会议的决定",
            "description": "每次会议的决定、责任方、时限和落实情况，最近的会议在前",
            "sql": (
                "SELECT m.id AS 会议编号, m.date AS 会议日期,"
                f" {_case('m.kind', {k: t(f'meeting.kind.{k}', 'zh') for k in _KINDS})} AS 会议类型,"
                " coalesce(c.name, d.complaint_id) AS 诉求编号, d.decision AS 决定事项,"
                " coalesce(co.name, d.owner) AS 责任方, d.due AS 完成时限,"
                f" {decision_state} AS 落实情况"
                " FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id"
                " LEFT JOIN complaints c ON c.id = d.complaint_id"
                " LEFT JOIN companies co ON co.code = d.owner"
                " ORDER BY m.date DESC, m.id DESC, d.id"
            ),
        },
    }
    for page in pages.values():
        page["hide_sql"] = True  # the office reads the table, not the SQL behind it
    return pages


_KINDS = ("council", "joint", "liaison", "symposium", "progress")


def metadata(
    estate_name: str,
    tables: Sequence[str],
    now: str,
    settings: RateSettings,
    duty_periods: Sequence[tuple[str, str, str, str]],
) -> dict[str, Any]:
    """Datasette's metadata: titles, the pages, every table but :data:`TABLES` refused."""
    table_meta: dict[str, Any] = {}
    for name in tables:
        if name in TABLES:
            table_meta[name] = {"title": TABLES[name]}
        else:
            table_meta[name] = {"allow": False, "hidden": True}
    if "contacts" in table_meta:
        # Wherever Datasette would label a contact_id, the label is the number, never the name
        # (the ledger holds masked names only; the originals are in the companion file, which
        # is never served: only the ledger is added to Datasette).
        table_meta["contacts"]["label_column"] = "id"
    return {
        "title": f"{estate_name} 诉求台账（只读）",
        "description": "社区办公室查看用：只读，不含居民姓名和电话。",
        "allow_sql": False,
        "databases": {
            DATABASE: {
                "title": f"{estate_name} 诉求台账",
                "allow_sql": False,
                "tables": table_meta,
                "queries": queries(now, settings, duty_periods),
            }
        },
    }
