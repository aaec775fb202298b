"""The complaints domain: recognition, routing, recording, the transition table, masking."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuliqiao_cli.complaints import lifecycle, read, recognise, record, routing, status
from liuliqiao_cli.complaints import lifecycle as complaints_lifecycle
from liuliqiao_cli.complaints.privacy import mask_name, mask_phone, normalise_phone
from liuliqiao_cli.errors import InvalidTransition, NotFound, UsageError
from liuliqiao_cli.estate import duty, duty_ledger, model

NOW = datetime(2026, 11, 27, 10, 0, 0)


@pytest.fixture
def est(conn):
    return model.load(conn)


# --- recognition -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "3号楼2单元楼道灯坏了好几天",
            dict(building=3, unit=2, room=None, place=None, item="stair_lighting"),
        ),
        ("北门垃圾站满了没人清", dict(building=None, place="北门", item="garbage")),
        ("3号楼2单元502下水道堵了", dict(building=3, unit=2, room="502", item="pipes")),
        ("3-2-502 暖气不热", dict(building=3, unit=2, room="502", item="heating")),
        ("三号楼屋顶漏雨", dict(building=3, item="roof")),
        ("4栋门锁坏了", dict(building=4, item="unit_door")),
        ("2单元的声控灯不亮", dict(building=None, unit=2, item="stair_lighting")),
        ("小广场的长椅坏了", dict(place="小广场", item="benches")),
        ("小区北门道闸坏了", dict(place="北门", item="public_facilities")),
        ("9号楼楼下乱停车", dict(building=None, item="parking")),  # not in this estate
        ("3号楼7单元", dict(building=3, unit=None)),  # building 3 has 5 units
        ("1号楼2单元702", dict(building=1, unit=2, room=None)),  # 6 floors only
        ("11月3号下午垃圾桶满了", dict(building=None, item="garbage")),  # a date, not a building
        ("说不清楚的事情", dict(building=None, unit=None, room=None, place=None, item=None)),
    ],
)
def test_recognise(est, text, expected) -> None:
    rec = recognise.recognise(est, text)
    for key, value in expected.items():
        assert getattr(rec, key) == value, key
    for key in ("building", "unit", "room", "place", "item"):
        assert (key in rec.found) == (getattr(rec, key) is not None)


def test_recognise_prefers_longer_keyword(est) -> None:
    # "楼道灯" (stairwell lighting) is longer than "灯坏"; "楼道卫生" longer than "卫生".
    assert recognise.recognise(est, "楼道灯坏了").item == "stair_lighting"
    assert recognise.recognise(est, "楼道卫生太差").item == "stair_cleaning"
    assert recognise.recognise(est, "楼道灯坏了").matched["item"] == "楼道灯"


# --- routing ---------------------------------------------------------------------------------

# Rotation from the estate: 首华 from 2023-03-01, yearly handover on 1 March.
DUTY_YEARS = [
    (date(2023, 3, 1), "shouhua"),
    (date(2024, 2, 29), "shouhua"),
    (date(2024, 3, 1), "chengjian"),  # handover day belongs to the incoming company
    (date(2025, 2, 28), "chengjian"),
    (date(2025, 3, 1), "shouhua"),
    (date(2026, 2, 28), "shouhua"),
    (date(2026, 3, 1), "chengjian"),
    (date(2026, 11, 27), "chengjian"),
]


@pytest.mark.parametrize("received, on_duty", DUTY_YEARS)
@pytest.mark.parametrize("building", [None, 1, 2, 3, 4])
@pytest.mark.parametrize("item", ["garbage", "parking", "stair_lighting", "fees"])
def test_route_every_combination(conn, est, received, on_duty, building, item) -> None:
    versions, overrides = duty_ledger.load_rotation(conn)
    scope = est.items[item].scope
    if scope == "separate" and building is None:
        with pytest.raises(UsageError) as err:
            routing.route(est, item, building, received, versions, overrides)
        assert err.value.key == "route.separate_needs_building"
        return
    r = routing.route(est, item, building, received, versions, overrides)
    if scope == "separate":
        assert (r.company, r.rule) == (
            {1: "shouhua", 2: "shouhua", 3: "chengjian", 4: "chengjian"}[building],
            "separate",
        )
    else:
        assert (r.company, r.rule) == (on_duty, "duty")
        assert r.duty is not None and r.duty.date == received


def test_route_before_any_rotation_is_refused(conn, est) -> None:
    versions, overrides = duty_ledger.load_rotation(conn)
    with pytest.raises(UsageError) as err:
        routing.route(est, "garbage", None, date(2023, 2, 28), versions, overrides)
    assert err.value.key == "route.no_duty"
    # a separate item in a building needs no rotation
    assert (
        routing.route(est, "pipes", 1, date(2022, 10, 1), versions, overrides).company == "shouhua"
    )


def test_route_follows_a_duty_override(conn, est) -> None:
    versions, _ = duty_ledger.load_rotation(conn)
    swap = duty.Override(7, date(2026, 11, 1), date(2026, 11, 30), "shouhua", "联席会商定")
    r = routing.route(est, "garbage", None, date(2026, 11, 27), versions, [swap])
    assert r.company == "shouhua" and r.rule == "duty" and "联席会商定" in r.note
    assert (
        routing.route(est, "garbage", None, date(2026, 12, 1), versions, [swap]).company
        == "chengjian"
    )


# --- recording -------------------------------------------------------------------------------


def _record(conn, est, text="3号楼2单元楼道灯坏了", **kw) -> int:
    return record.record(conn, est, record.NewComplaint(text, **kw), now=NOW, actor="测试员")


def test_record_writes_complaint_contact_tags_and_event(conn, est) -> None:
    cid = _record(
        conn,
        est,
        "北门垃圾站满了没人清",
        reporter="王阿姨",
        phone="138 0000 1234",
        tags=["急难愁盼", "急难愁盼"],
        urgent=True,
        source="12345",
        ref="GD-1",
    )
    got = read.get(conn, cid)
    assert (got.status, got.company, got.routing, got.place, got.item) == (
        "received",
        "chengjian",
        "duty",
        "北门",
        "garbage",
    )
    assert got.source == "hotline" and got.urgency == "urgent" and got.ref == "GD-1"
    assert got.respond_by == "2026-11-27 12:00:00"  # urgent: 2 hours
    # 2 working days from Friday 2026-11-27: Monday, Tuesday
    assert got.resolve_by == "2026-12-01 10:00:00"
    assert got.tags == ["急难愁盼"]
    assert (got.reporter, got.phone) == ("王**", "138****1234")  # the ledger keeps masked forms
    from liuliqiao_cli.complaints.reveal import reveal_complaint

    shown = reveal_complaint(conn, got)  # the companion file holds the originals
    assert (shown.reporter, shown.phone) == ("王阿姨", "13800001234")
    assert [e.kind for e in got.events] == ["create"]
    data = got.events[0].data
    assert data["after"]["company"] == "chengjian" and "王阿姨" not in json.dumps(
        data, ensure_ascii=False
    )
    d = read.as_dict(got)
    assert d["contact"] == {"reporter": "王**", "phone": "138****1234", "masked": True}
    assert read.as_dict(shown, with_contacts=True)["contact"]["phone"] == "13800001234"


def test_record_explicit_fields_beat_recognition(conn, est) -> None:
    cid = _record(
        conn, est, "3号楼楼道灯坏了", building="1号楼", unit="三单元", room="601", item="楼道保洁"
    )
    got = read.get(conn, cid)
    assert (got.building, got.unit, got.room, got.item, got.company) == (
        1,
        3,
        "601",
        "stair_cleaning",
        "shouhua",
    )


def test_record_override_needs_reason(conn, est) -> None:
    with pytest.raises(UsageError) as err:
        _record(conn, est, company="首华")
    assert err.value.key == "complaints.override_needs_reason"
    cid = _record(conn, est, company="首华", company_reason="三方协议第5条")
    got = read.get(conn, cid)
    assert (got.company, got.routing, got.routing_note) == ("shouhua", "override", "三方协议第5条")


def test_record_unrecognised_item_falls_back_to_other(conn, est) -> None:
    got = read.get(conn, _record(conn, est, "说不清楚的事情"))
    assert (got.item, got.scope, got.company) == ("other", "joint", "chengjian")


@pytest.mark.parametrize(
    "kw, key",
    [
        (dict(text="   "), "complaints.empty"),
        (dict(text="x" * (record.TEXT_MAX + 1)), "complaints.too_long"),
        (dict(building="9"), "value.unknown"),
        (dict(unit="6"), "complaints.bad_unit"),
        (dict(room="702"), "complaints.bad_room"),
        (dict(room="103"), "complaints.bad_room"),
        (dict(item="游泳池"), "value.unknown"),
        (dict(item="stair_lightin"), "value.unknown_suggest"),
        (dict(source="微信"), "value.unknown"),
        (dict(source="patrl"), "value.unknown_suggest"),
        (dict(company="物业甲", company_reason="x"), "value.unknown"),
        (dict(text="物业费发票开错了"), "ask.building_missing"),  # a NeedsChoice: the choices
        (dict(text="3号楼2单元903漏水"), "complaints.text_bad_room"),
        (dict(text="3号楼6单元楼道灯坏了"), "complaints.text_bad_unit"),
        (dict(text="3-2-903 下水道堵了"), "complaints.text_bad_room"),
        (dict(received_at=datetime(2026, 11, 27, 10, 0, 1)), "complaints.future"),
        (dict(phone="12345"), "privacy.bad_phone"),
        (dict(reporter="王" * 41), "privacy.name_too_long"),
        (dict(tags=[" "]), "complaints.empty_tag"),
    ],
)
def test_record_refuses_bad_input_and_writes_nothing(conn, est, kw, key) -> None:
    kw = dict(kw)
    text = kw.pop("text", "3号楼2单元楼道灯坏了")
    before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(UsageError) as err:
        _record(conn, est, text, **kw)
    assert err.value.key == key
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


def test_record_refuses_duplicate_work_order(conn, est) -> None:
    first = _record(conn, est, ref="GD-9")
    with pytest.raises(UsageError) as err:
        _record(conn, est, ref="GD-9")
    assert err.value.params["id"] == first


NASTY = '\'); DROP TABLE complaints; -- "引号" 😀 \x07\x1b[31m红\t|a|b|\n第二行 %_'


def test_nasty_text_is_stored_faithfully(conn, est) -> None:
    cid = _record(conn, est, "3号楼 " + NASTY, tags=["😀'\""], reporter="O'Brien")
    got = read.get(conn, cid)
    assert got.text == "3号楼 " + NASTY.strip()
    assert got.tags == ["😀'\""]
    rows = list(read.list_complaints(conn, read.ListFilters(tag="😀'\""), now=NOW))
    assert [r["id"] for r in rows] == [cid]


def test_get_unknown_id(conn) -> None:
    with pytest.raises(NotFound):
        read.get(conn, 999)


# --- the transition table, exhaustively --------------------------------------------------------

DETAILS = {
    "dispatch": {},
    "respond": {},
    "resolve": {},
    "followup": {"resolved": "yes", "satisfied": "basic"},
    "dispute": {"reason": "不属于本公司"},
    "route": {"company": "shouhua", "reason": "三方协议"},
    "duplicate": {"of": None},  # filled in with the other complaint
    "reject": {"reason": "非物业事项"},
    "reopen": {"reason": "居民再次反映"},
    "note": {"note": "居民表示感谢"},
    "remind": {"note": "请尽快处理"},
    "tag": {"add": ["急"]},
    "edit": {"urgent": True},
}


@pytest.mark.parametrize("action", lifecycle.ACTIONS)
@pytest.mark.parametrize("current", status.STATUSES)
def test_transition_table(conn, est, current, action) -> None:
    other = _record(conn, est)
    cid = _record(conn, est)
    conn.execute("UPDATE complaints SET status = ? WHERE id = ?", (current, cid))
    details = dict(DETAILS[action])
    if action == "duplicate":
        details["of"] = other
    allowed = action in lifecycle.TRANSITIONS[current]
    events_before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    if not allowed:
        with pytest.raises(InvalidTransition) as err:
            complaints_lifecycle.apply_action(conn, cid, action, now=NOW, actor="测试员", **details)
        assert err.value.params["id"] == cid
        assert err.value.params["status"] == lifecycle._label("status", current)
        assert read.get(conn, cid).status == current
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events_before
        return
    result = complaints_lifecycle.apply_action(
        conn, cid, action, now=NOW, actor="测试员", **details
    )
    target = lifecycle.TRANSITIONS[current][action]
    expected = target[0] if isinstance(target, tuple) else (target or current)
    assert result.before_status == current
    assert result.after_status == expected == read.get(conn, cid).status
    events = read.get(conn, cid).events
    assert len(events) == 1 + len(result.events) and result.events
    for e in events[1:]:
        if e.kind == "tag":
            assert set(e.data) == {"added", "removed"}
        elif e.kind not in ("note", "remind"):
            assert set(e.data["before"]) == set(e.data["after"])
            assert "updated_at" in e.data["after"]


def test_followup_no_reopens_and_partly_stays_resolved(conn, est) -> None:
    cid = _record(conn, est)
    for step in ("dispatch", "respond", "resolve"):
        complaints_lifecycle.apply_action(conn, cid, step, now=NOW, actor="a")
    r = complaints_lifecycle.apply_action(
        conn, cid, "followup", now=NOW, actor="a", resolved="未解决", satisfied="no"
    )
    assert r.after_status == "reopened"
    got = read.get(conn, cid)
    assert got.resolved_at is None and got.followup_resolved == "no"
    assert [e.kind for e in got.events][-2:] == ["followup", "reopen"]
    complaints_lifecycle.apply_action(conn, cid, "resolve", now=NOW, actor="a")
    r = complaints_lifecycle.apply_action(
        conn, cid, "followup", now=NOW, actor="a", resolved="partly"
    )
    assert r.after_status == "resolved" and read.get(conn, cid).followup_satisfied is None
    assert [e.kind for e in read.get(conn, cid).events][-1] == "followup"
    r = complaints_lifecycle.apply_action(conn, cid, "followup", now=NOW, actor="a", resolved="yes")
    assert r.after_status == "closed"


def test_event_before_after_restores_the_row(conn, est) -> None:
    """Undo relies on it: applying 'before' of every event, newest first, gives the created row."""
    cid = _record(conn, est)
    created = dict(read.get(conn, cid).values)
    for action in ("dispatch", "dispute", "route", "respond", "resolve", "followup"):
        details = dict(DETAILS[action])
        if action == "followup":
            details["resolved"] = "no"
        complaints_lifecycle.apply_action(
            conn, cid, action, now=datetime(2026, 11, 27, 11), actor="a", **details
        )
    row = dict(read.get(conn, cid).values)
    for e in reversed(read.get(conn, cid).events[1:]):
        row.update(e.data.get("before", {}))
    assert row == created


def test_disputed_then_rerouted_goes_back_to_dispatched(conn, est) -> None:
    cid = _record(conn, est, "北门垃圾站满了")
    complaints_lifecycle.apply_action(conn, cid, "dispatch", now=NOW, actor="a")
    complaints_lifecycle.apply_action(conn, cid, "dispute", now=NOW, actor="a", reason="不归我们管")
    r = lifecycle.tag_complaint(conn, cid, now=NOW, actor="a", company="首华", reason="协商会决定")
    assert (r.after_status, r.complaint.company, r.complaint.routing) == (
        "dispatched",
        "shouhua",
        "override",
    )
    assert [e.kind for e in r.complaint.events][-2:] == ["route", "dispatch"]


def test_duplicate_points_at_the_original(conn, est) -> None:
    a, b, d = _record(conn, est), _record(conn, est), _record(conn, est)
    complaints_lifecycle.apply_action(conn, b, "duplicate", now=NOW, actor="a", of=a)
    complaints_lifecycle.apply_action(conn, d, "duplicate", now=NOW, actor="a", of=b)
    assert read.get(conn, d).duplicate_of == a
    with pytest.raises(UsageError):
        complaints_lifecycle.apply_action(conn, a, "duplicate", now=NOW, actor="a", of=a)
    with pytest.raises(NotFound):
        complaints_lifecycle.apply_action(conn, a, "duplicate", now=NOW, actor="a", of=999)
    r = complaints_lifecycle.apply_action(
        conn, d, "reopen", now=NOW, actor="a", reason="不是同一件事"
    )
    assert r.after_status == "reopened" and r.complaint.duplicate_of is None


@pytest.mark.parametrize("action", ["dispute", "reject", "reopen", "route"])
def test_reason_required(conn, est, action) -> None:
    cid = _record(conn, est)
    with pytest.raises(UsageError) as err:
        complaints_lifecycle.apply_action(conn, cid, action, now=NOW, actor="a", reason="  ")
    assert err.value.key == "complaints.empty"


def test_edit_reroutes_and_recomputes_deadlines(conn, est) -> None:
    cid = _record(conn, est, "楼道灯坏了", building=3)
    r = lifecycle.tag_complaint(
        conn,
        cid,
        now=NOW,
        actor="a",
        corrections={"building": "1", "item": "pipes", "urgent": True},
    )
    got = r.complaint
    assert (got.building, got.item, got.company, got.urgency) == (1, "pipes", "shouhua", "urgent")
    # pipes: 1 urgent hour; 3 working days from Friday: Wednesday
    assert got.respond_by == "2026-11-27 11:00:00" and got.resolve_by == "2026-12-02 10:00:00"


def test_tag_add_remove(conn, est) -> None:
    cid = _record(conn, est, tags=["盼"])
    r = lifecycle.tag_complaint(conn, cid, now=NOW, actor="a", add=["急"], remove=["盼"])
    assert r.complaint.tags == ["急"]
    assert r.complaint.events[-1].data == {"added": ["急"], "removed": ["盼"]}
    with pytest.raises(UsageError):
        lifecycle.tag_complaint(conn, cid, now=NOW, actor="a", add=["急"])


# --- listing ---------------------------------------------------------------------------------


def test_list_filters_and_overdue(conn, est) -> None:
    old = record.record(
        conn,
        est,
        record.NewComplaint("1号楼下水堵了", received_at=datetime(2026, 11, 1, 9)),
        now=NOW,
        actor="a",
    )
    new = _record(conn, est, "3号楼2单元楼道灯坏了", tags=["急"])
    done = _record(conn, est, "4号楼屋顶漏雨")
    complaints_lifecycle.apply_action(conn, done, "reject", now=NOW, actor="a", reason="x")

    def ids(**kw):
        return [r["id"] for r in read.list_complaints(conn, read.ListFilters(**kw), now=NOW)]

    assert ids() == [done, new, old]
    assert ids(open=True) == [new, old]
    assert ids(overdue=True) == [old]
    assert ids(building="3号楼") == [new]
    assert ids(company="首华") == [old]
    assert ids(item="楼内管道") == [old]
    assert ids(statuses=["不予受理"]) == [done]
    assert ids(tag="急") == [new]
    assert ids(since="2026-11-27") == [done, new]
    assert ids(until="2026/11/01") == [old]
    assert ids(limit=1) == [done]
    row = next(read.list_complaints(conn, read.ListFilters(overdue=True), now=NOW))
    assert tuple(row) == read.LIST_COLUMNS and row["overdue"] is True


def test_list_uses_indexes(conn, est) -> None:
    sql, params = read.list_query(
        conn, est, read.ListFilters(open=True, building=3, limit=50), now=NOW
    )
    plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert "USING INDEX" in plan or "USING INTEGER PRIMARY KEY" in plan


# --- privacy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, stored, masked",
    [
        ("13800001234", "13800001234", "138****1234"),
        ("+86 138-0000-1234", "13800001234", "138****1234"),
        ("010-63000001", "010-63000001", "010-****0001"),
        ("63000001", "63000001", "****0001"),
        ("", "", ""),
    ],
)
def test_phone(raw, stored, masked) -> None:
    assert normalise_phone(raw) == stored
    assert mask_phone(stored) == masked


@pytest.mark.parametrize(
    "bad", ["12345", "1390000123", "139000012345", "abc", "11800001234", "010-123"]
)
def test_bad_phone_never_echoes_the_value(bad) -> None:
    with pytest.raises(UsageError) as err:
        normalise_phone(bad)
    assert bad not in str(err.value)


def test_mask_name() -> None:
    assert (mask_name("王阿姨"), mask_name("李明"), mask_name("张"), mask_name("")) == (
        "王**",
        "李*",
        "张*",
        "",
    )


def test_two_writers_at_once_both_succeed(db) -> None:
    """Each writer has its own connection: BEGIN IMMEDIATE and the busy timeout make the second
    wait for the first instead of failing with "database is locked"."""
    import threading

    from liuliqiao_cli.store.ledger import open_ledger

    errors: list[BaseException] = []

    def writer(n: int) -> None:
        conn = open_ledger(db)
        try:
            est = model.load(conn)
            for i in range(15):
                cid = record.record(
                    conn, est, record.NewComplaint(f"{n}号楼楼道灯坏了 {i}"), now=NOW, actor=f"w{n}"
                )
                complaints_lifecycle.apply_action(conn, cid, "dispatch", now=NOW, actor=f"w{n}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    from liuliqiao_cli.store.ledger import open_ledger as reopen

    conn = reopen(db)
    try:
        assert (
            conn.execute("SELECT count(*) FROM complaints WHERE status = 'dispatched'").fetchone()[
                0
            ]
            == 30
        )
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 60
    finally:
        conn.close()


@pytest.mark.slow
@given(st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
def test_mobile_masking_property(phone: str) -> None:
    assert normalise_phone(phone) == phone
    masked = mask_phone(phone)
    assert masked == phone[:3] + "****" + phone[-4:]


@given(st.text(min_size=1, max_size=40))
def test_name_masking_shows_only_the_first_character(name: str) -> None:
    masked = mask_name(name)
    assert masked[0] == name[0] and set(masked[1:]) == {"*"}
