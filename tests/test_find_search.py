"""search: the trigram route (3+ characters), the plain route (1-2), both agreeing with a scan."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import find_seed
import pytest
from conftest import dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liuliqiao_cli.complaints import search, status

TEXTS = [
    ("3号楼2单元楼道灯坏了好几天", None),
    ("北门垃圾站满了没人清", "北门"),
    ("垃圾桶旁边有大件垃圾", "垃圾站"),
    ("路灯不亮，晚上很黑", "小区主路"),
    ("50%的车位被占_了", "停车场"),
    ('他说"别管了"', None),
    ("Parking LOT is full", "停车场"),
]


@pytest.fixture
def seeded(conn):
    ids = [
        find_seed.add(conn, text, place=place, building=None if place else 3)
        for text, place in TEXTS
    ]
    find_seed.change(conn, ids[2], "dispatch", {"status": "closed"})
    return ids


def _ids(rows) -> list[int]:
    return [r["id"] for r in rows]


def _scan(conn, terms: list[str], open_only: bool = False) -> set[int]:
    """The truth: every term in the text or the place, ASCII case folded, in plain Python."""

    def fold(s: str) -> str:
        return s.translate({c: c + 32 for c in range(65, 91)})

    out = set()
    for cid, text, place, state in conn.execute("SELECT id, text, place, status FROM complaints"):
        if open_only and state not in status.OPEN_STATUSES:
            continue
        if all(
            fold(t) in fold(text) or (place is not None and fold(t) in fold(place)) for t in terms
        ):
            out.add(cid)
    return out


def _route(
    conn, terms: list[str], route: str, limit: int = 10_000, sort: str = "recent"
) -> set[int]:
    """Force one route for every term: 'fts' (terms of 3+ only) or 'plain'."""
    long_terms, short_terms = (terms, []) if route == "fts" else ([], terms)
    rows = search.search_rows(
        conn, long_terms, short_terms, limit=limit, open_only=False, sort=sort
    )
    return {r["id"] for r in rows}


@pytest.mark.parametrize(
    "terms",
    [
        ["垃圾"],
        ["灯"],
        ["垃圾站"],
        ["楼道灯"],
        ["垃圾", "北门"],
        ["灯", "3号楼"],
        ["%"],
        ["_"],
        ["50%"],
        ['"别管'],
        ["parking"],
        ["lot"],
        ["PARK"],
        ["停车场"],
        ["没有的词"],
        ["t_"],
        ["k%"],
        ["%的车"],
        ["lot_"],
        ["50%的"],
    ],
)
@pytest.mark.parametrize("recent_rows", [2, 20_000])
def test_search_matches_scan(conn, seeded, terms, recent_rows, monkeypatch) -> None:
    monkeypatch.setattr(search, "RECENT_ROWS", recent_rows)
    for sort in search.SORTS:
        for open_only in (False, True):
            found = search.search(conn, terms, limit=1000, sort=sort, open_only=open_only)
            assert {r["id"] for r in found} == _scan(conn, terms, open_only), (sort, open_only)


def test_short_term_on_trigram_table_is_the_trap(conn, seeded) -> None:
    # The reason for the plain route: SQLite 3.40's trigram LIKE finds nothing for 2 CJK chars.
    trap = conn.execute(
        "SELECT rowid FROM complaints_fts WHERE complaints_fts LIKE '%垃圾%'"
    ).fetchall()
    assert {r["id"] for r in search.search(conn, ["垃圾"])} == {seeded[1], seeded[2]}
    assert len(trap) in (0, 2)  # 0 on 3.40; newer SQLite may fix it


def test_like_metacharacters_are_literal(conn, seeded) -> None:
    assert _ids(search.search(conn, ["%"])) == [seeded[4]]
    assert _ids(search.search(conn, ["_"])) == [seeded[4]]
    assert _ids(search.search(conn, ["%的"])) == [seeded[4]]


def test_open_only_and_limit(conn, seeded) -> None:
    assert {r["id"] for r in search.search(conn, ["垃圾"], open_only=True)} == {seeded[1]}
    assert len(list(search.search(conn, ["停车场"], limit=1))) == 1


def test_relevance_ranks_best_first(conn) -> None:
    short = find_seed.add(conn, "楼道灯坏")
    long = find_seed.add(conn, "楼道灯不亮，" + "其他情况说明" * 20)
    assert _ids(search.search(conn, ["楼道灯"], sort="relevance")) == [short, long]
    assert _ids(search.search(conn, ["楼道灯"])) == [long, short]  # recent: newest first


def test_rank_window_keeps_every_match_when_few(conn, monkeypatch) -> None:
    ids = [find_seed.add(conn, f"楼道灯坏了{i}") for i in range(6)]
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    ranked = search.search(conn, ["楼道灯"], limit=2, sort="relevance")
    assert {r["id"] for r in ranked} <= set(ids[-3:])
    assert {r["id"] for r in search.search(conn, ["楼道灯"], limit=6, sort="relevance")} == set(ids)


@pytest.fixture
def old_and_new(conn):
    """Garbage complaints over three years, recorded oldest first: closed, open, closed,
    rejected, open; and a closed one about a light."""
    ids = {}
    for key, text, days_ago, state in [
        ("closed_old", "北门垃圾站满了没人清", 900, status.CLOSED),
        ("open_old", "垃圾站周边有大件家具没清运", 700, status.IN_PROGRESS),
        ("closed_new", "垃圾站味道很大", 30, status.CLOSED),
        ("rejected", "垃圾站旁边的广告", 10, status.REJECTED),
        ("light", "楼道灯坏了", 1, status.CLOSED),
        ("open_new", "今天北门垃圾站又满了", 0, status.RECEIVED),
    ]:
        at = find_seed.AT - timedelta(days=days_ago)
        ids[key] = find_seed.add(conn, text, at=at, state=state)
    return ids


@pytest.mark.parametrize("recent_rows", [0, 1, 2, 3, 20_000])
@pytest.mark.parametrize("terms", [["垃圾站"], ["垃圾"], ["垃圾站", "北"], ["垃", "站"]])
def test_recent_puts_open_first_then_newest(
    conn, old_and_new, terms, recent_rows, monkeypatch
) -> None:
    """Whatever part of the ledger is walked for open ones (the rest is read through the
    status index), the order is the same."""
    monkeypatch.setattr(search, "RECENT_ROWS", recent_rows)
    ids = old_and_new
    found = _ids(search.search(conn, terms))
    expected = [ids["open_new"], ids["open_old"], ids["rejected"], ids["closed_new"]]
    expected += [ids["closed_old"]]
    assert found == [i for i in expected if i in _scan(conn, terms)]


@pytest.mark.parametrize("recent_rows", [1, 20_000])
def test_recent_limit_counts_open_ones_first(conn, old_and_new, recent_rows, monkeypatch) -> None:
    monkeypatch.setattr(search, "RECENT_ROWS", recent_rows)
    ids = old_and_new
    assert _ids(search.search(conn, ["垃圾站"], limit=1)) == [ids["open_new"]]
    assert _ids(search.search(conn, ["垃圾站"], limit=3)) == [
        ids["open_new"],
        ids["open_old"],
        ids["rejected"],
    ]
    assert _ids(search.search(conn, ["垃圾"], limit=2, open_only=True)) == [
        ids["open_new"],
        ids["open_old"],
    ]


def test_unknown_sort_is_refused(conn) -> None:
    from liuliqiao_cli.errors import UsageError

    with pytest.raises(UsageError):
        list(search.search(conn, ["垃圾"], sort="oldest"))


def test_fts_follows_updates(conn, seeded) -> None:
    with conn:
        conn.execute("UPDATE complaints SET text = '屋顶漏雨严重' WHERE id = ?", (seeded[0],))
    assert _ids(search.search(conn, ["屋顶漏"])) == [seeded[0]]
    assert _ids(search.search(conn, ["楼道灯"])) == []


ALPHABET = st.sampled_from(list("垃圾站灯楼道北门坏了aAbB%_\\\"' 0") + ["😀"])


@pytest.mark.slow
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(
        st.tuples(
            st.text(ALPHABET, min_size=1, max_size=12),
            st.none() | st.text(ALPHABET, min_size=1, max_size=5),
        ),
        min_size=1,
        max_size=8,
    ),
    terms=st.lists(
        st.text(ALPHABET.filter(lambda c: c != " "), min_size=1, max_size=4), min_size=1, max_size=3
    ),
    recent_rows=st.sampled_from([0, 1, 3, search.RECENT_ROWS]),
)
def test_both_routes_agree_with_a_scan(tmp_path_factory, texts, terms, recent_rows) -> None:
    from liuliqiao_cli.estate import definition, model
    from liuliqiao_cli.store import ledger

    path = tmp_path_factory.mktemp("h") / "h.db"
    c, _ = ledger.create_ledger(path)
    ledger.migrate(c)
    with ledger.transaction(c):
        model.install(
            c, definition.load_definition(definition.default_definition_text()), now=find_seed.AT
        )
    default_rows, search.RECENT_ROWS = search.RECENT_ROWS, recent_rows
    try:
        for i, (text, place) in enumerate(texts):
            if text.strip():
                state = status.IN_PROGRESS if i % 3 == 0 else status.RECEIVED
                find_seed.add(c, text, place=place, state=state if i % 2 else status.CLOSED)
        truth = _scan(c, terms)
        for sort in search.SORTS:
            assert _route(c, terms, "plain", sort=sort) == truth
            if all(len(term) >= 3 for term in terms):
                assert _route(c, terms, "fts", sort=sort) == truth
            # the real mix: long terms on the trigram table, short ones on the plain table
            assert {r["id"] for r in search.search(c, terms, limit=1000, sort=sort)} == truth
            found = list(search.search(c, terms, limit=1000, sort=sort, open_only=True))
            assert {r["id"] for r in found} == _scan(c, terms, open_only=True)
            if sort == "recent":
                assert [r["id"] for r in found] == sorted((r["id"] for r in found), reverse=True)
        recent = [r["status"] in status.OPEN_STATUSES for r in search.search(c, terms)]
        assert recent == sorted(recent, reverse=True)
    finally:
        search.RECENT_ROWS = default_rows
        c.close()


# --- the command -----------------------------------------------------------------------------


def test_cli_table_highlights_without_markup(cli, conn, seeded) -> None:
    markup = find_seed.add(conn, "[bold]垃圾[/bold] 箱满了")
    result = cli("search", "垃圾")
    assert result.exit_code == 0, result.stderr
    assert "[bold]垃圾[/bold] 箱满了" in result.stdout
    assert f"#{markup}" in result.stdout and "北门垃圾站满了没人清" in result.stdout


def test_highlight_styles_every_match() -> None:
    from liuliqiao_cli.render.find_view import highlighted

    text = highlighted("垃圾站和垃圾桶 [red]x", ["垃圾", "[red]"])
    spans = [(s.start, s.end) for s in text.spans]
    assert spans == [(0, 2), (4, 6), (8, 13)]
    assert text.plain == "垃圾站和垃圾桶 [red]x"


def test_cli_json_and_csv(cli, seeded) -> None:
    result = cli("search", "垃圾", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {seeded[1], seeded[2]}
    assert list(rows[0]) == [
        "id",
        "received_at",
        "status",
        "building",
        "unit",
        "room",
        "place",
        "item",
        "company",
        "text",
        "name",
    ]
    assert rows[0]["name"] == str(rows[0]["id"])  # unnamed: its number here
    result = cli("search", "垃圾", "--open", "-f", "csv")
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["id"]) for r in parsed] == [seeded[1]]
    assert parsed[0]["place"] == "北门"


def test_cli_no_results(cli, seeded) -> None:
    result = cli("search", "没有这种事")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "没有找到" in result.stderr
    assert json.loads(cli("search", "没有这种事", "-f", "json").stdout) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", ""], "请给出要搜索的词"),
        (["search", "  ", "\u3000"], "请给出要搜索的词"),
        (["search", "垃圾", "--limit", "0"], "条数上限"),
        (["search", "垃" * 101], "搜索词太长"),
        (["search", *[f"词{i}" for i in range(11)]], "搜索词太多"),
        (["search", "垃圾", "--sort", "oldest"], "--sort"),
        (["search", "垃圾", "--sort", ""], "--sort"),
    ],
)
def test_cli_bad_input(cli, db: Path, seeded, args, message) -> None:
    before = dump(db)
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert dump(db) == before


def test_cli_missing_ledger_creates_nothing(cli, isolated: Path) -> None:
    result = cli("search", "垃圾")
    assert result.exit_code == 1
    assert not isolated.exists()


SAMPLE_NOW = "2026-11-30 18:00:00"


def test_cli_sample_recent_first_with_whole_places(cli, sample_db: Path, monkeypatch) -> None:
    """Today's open complaint first, then the older open one, then closed ones newest first;
    the place column as `list` shows it, numbers with # as in `list` and `show`."""
    monkeypatch.setenv("LIULIQIAO_NOW", SAMPLE_NOW)
    result = cli("search", "楼道灯", "-n", "4")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "编号  受理时间          状态    地点           服务项目  物业公司  内容\n"
        "#415  2026-11-29 08:45  已受理  2号楼5单元     楼道照明  首华物业  "
        "2号楼5单元楼道灯坏了好几天，晚上上下楼看不见\n"
        "#395  2026-10-29 13:20  已结案  1号楼5单元     楼道照明  首华物业  "
        "1号楼5单元楼道灯坏了好几天，晚上上下楼看不见\n"
        "#345  2026-06-11 16:45  已结案  2号楼1单元601  楼道照明  首华物业  "
        "2号楼1单元601三层到四层之间的楼道灯一直不亮\n"
        "#337  2026-05-20 12:40  已结案  1号楼4单元602  楼道照明  首华物业  "
        "1号楼4单元602三层到四层之间的楼道灯一直不亮\n"
    )


def test_cli_sample_open_before_newer_closed(cli, sample_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("LIULIQIAO_NOW", SAMPLE_NOW)
    rows = json.loads(cli("search", "垃圾", "-f", "json").stdout)
    open_flags = [r["status"] in status.OPEN_STATUSES for r in rows]
    assert open_flags == sorted(open_flags, reverse=True)  # every open one before any other
    assert sum(open_flags) >= 2
    for group in (rows[: sum(open_flags)], rows[sum(open_flags) :]):
        assert [r["id"] for r in group] == sorted((r["id"] for r in group), reverse=True)
    by_relevance = json.loads(cli("search", "垃圾站", "--sort", "relevance", "-f", "json").stdout)
    by_recent = json.loads(cli("search", "垃圾站", "-f", "json").stdout)
    assert {r["id"] for r in by_relevance} == {r["id"] for r in by_recent}
    assert [r["id"] for r in by_relevance] != [r["id"] for r in by_recent]


def test_one_number_style_in_list_search_and_show(cli, sample_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("LIULIQIAO_NOW", SAMPLE_NOW)
    listed = cli("list", "--limit", "1").stdout.splitlines()[1]
    found = cli("search", "楼道灯", "-n", "1").stdout.splitlines()[1]
    shown = cli("show", "415").stdout.splitlines()[0]
    assert listed.startswith("#420  ")
    assert found.startswith("#415  ")
    assert shown.startswith("#415  ")


def test_cli_search_in_english_keeps_the_place(cli, sample_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("LIULIQIAO_NOW", SAMPLE_NOW)
    lines = cli("--lang", "en", "search", "楼道灯", "-n", "1").stdout.splitlines()
    assert lines[0].split() == ["No.", "Received", "Status", "Place", "Item", "Company", "Text"]
    assert "  2号楼5单元  Stairwell lighting  Shouhua Property  " in lines[1]
