"""Sample step: four years of complaints, recorded and followed through with the domain functions.

Every complaint gets a planned life (dispatch, response, resolution, follow-up call; or a dispute
and a re-route, a duplicate, a rejection, a reopening, a correction) with times drawn from
``ctx.rng``; all planned steps of all complaints are then replayed in time order through
``complaints.record`` and ``complaints.apply_action``, so the history is real and the events are
in chronological order. Steps that would fall after ``ctx.now`` are not taken: recent complaints
are still open, some old ones are overdue. Residents are invented. Before the three-party
agreement (duty rotation from 2023-03-01), jointly managed items had no company on duty: those
complaints carry a company chosen by the worker, with the reason.
"""

from __future__ import annotations

import heapq
import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from liuliqiao_cli.complaints import lifecycle, recognise, record
from liuliqiao_cli.estate import model
from liuliqiao_cli.sample.residents import as_dictated, resident

COUNT, ROTATION_START = 420, date(2023, 3, 1)

# item -> templates; {loc} is "3号楼2单元" or "3号楼2单元502", {place} a public place.
SEPARATE_TEXTS: dict[str, list[str]] = {
    "stair_cleaning": [
        "{loc}楼道里堆了很多纸箱杂物，影响通行也有消防隐患",
        "{loc}楼道好久没人打扫了，楼梯上全是灰",
        "{loc}楼道墙上贴满了小广告，希望清理一下",
        "{loc}楼道有住户堆放旧家具，请物业协调清理",
    ],
    "stair_lighting": [
        "{loc}楼道灯坏了好几天，晚上上下楼看不见",
        "{loc}声控灯不亮，老人晚上出门不安全",
        "{loc}三层到四层之间的楼道灯一直不亮",
        "{loc}楼道照明时亮时不亮，请派人检修",
    ],
    "pipes": [
        "{loc}下水道堵塞，厨房返水",
        "{loc}暖气不热，家里只有十几度",
        "{loc}楼上漏水，卫生间顶上渗水",
        "{loc}楼内水管跑水，楼道里都是水",
        "{loc}暖气管道有异响，担心会漏",
    ],
    "roof": [
        "{loc}顶楼屋顶漏雨，卧室墙面发霉",
        "{loc}下大雨后屋顶渗水，顶楼住户家里接了好几个盆",
        "{loc}屋顶防水层老化，希望雨季前修好",
    ],
    "unit_door": [
        "{loc}单元门门锁坏了，谁都能进",
        "{loc}单元门对讲不好用，按了没反应",
        "{loc}单元门闭门器坏了，门关不上，冬天楼道很冷",
        "{loc}防盗门关不严，晚上一直开着",
    ],
    "fees": [
        "{loc}住户反映物业费发票一直没开",
        "{loc}住户询问今年物业费收费标准为什么和隔壁楼不一样",
        "{loc}住户反映缴费后系统仍显示欠费",
    ],
}
JOINT_TEXTS: dict[str, list[str]] = {
    "garbage": [
        "{place}垃圾站满了没人清，味道很大",
        "垃圾桶站周边有人乱扔大件家具，好几天没清运",
        "垃圾分类桶不够用，厨余垃圾溢出来了",
        "{place}附近垃圾桶异味严重，夏天苍蝇多",
        "有人不分类乱倒垃圾，希望加强引导",
    ],
    "greenery": [
        "{place}旁边的树木枯枝很多，刮风怕掉下来砸人",
        "草坪很久没修剪了，杂草长得很高",
        "{place}的绿化带没人浇水，草都黄了",
        "树枝挡住了路灯和窗户，请修剪一下",
    ],
    "parking": [
        "{place}乱停车，消防通道被堵",
        "电动车在楼门口乱停，进出不方便",
        "小区里有僵尸车停了一年多没人管",
        "外来车辆占用车位，晚上回来没地方停",
        "{place}自行车乱停乱放，挡住了路",
    ],
    "drying": [
        "晾晒区的晾衣杆断了一根",
        "晾晒区被人长期占用晒被子，别人没地方晾",
        "晾衣绳松了，衣服都掉地上了",
    ],
    "garden": [
        "共享花园的花坛被人种菜了，希望统一管理",
        "共享花园的围栏坏了，小狗进去乱刨",
        "花园里的花没人浇水都快枯死了",
    ],
    "benches": [
        "{place}的长椅坏了一条腿，老人坐着不安全",
        "健身器材有一处螺丝松动，孩子玩很危险",
        "希望在{place}多放几把座椅，老人聊天没地方坐",
        "凉亭的椅子掉漆生锈了",
    ],
    "public_cleaning": [
        "{place}路面积水，下雨后出行不便",
        "{place}有狗粪便没人清理",
        "落叶太多没人扫，路面很滑",
        "{place}卫生很差，纸屑塑料袋到处都是",
    ],
    "public_facilities": [
        "{place}的路灯不亮，晚上很黑",
        "{place}门禁坏了，外来人员随便进出",
        "{place}道闸抬杆不灵，车辆排队",
        "小区主路有井盖松动，踩上去咣当响",
        "{place}围墙有一段开裂了",
        "{place}监控探头坏了好久",
    ],
    "other": [
        "楼下有商户晚上噪音扰民",
        "希望小区增加快递存放点",
        "有居民在公共区域私搭乱建",
    ],
}
PLACES_FOR = {
    "garbage": ["北门", "南门", "小区主路"],  # "{place}垃圾站": the station itself is no prefix
    "greenery": ["小区主路", "共享花园", "南门"],
    "parking": ["小区主路", "北门", "停车场", "南门"],
    "benches": ["小广场", "共享花园"],
    "public_cleaning": ["小广场", "小区主路", "北门", "停车场"],
    "public_facilities": ["北门", "南门", "小区主路", "停车场"],
}
NOTES = (
    "已电话联系居民，说明处理安排",
    "物业已到现场查看",
    "居民表示感谢",
    "需协调两家物业共同处理",
    "已列入下次议事会议题",
    "物业称材料已采购，等待施工",
    "网格员现场拍照留存",
    "居民希望尽快处理",
    "已告知居民办理进度",
    "党员志愿者协助清理",
)
DISPUTE_REASONS = (
    "物业认为不属于本公司管理范围",
    "该位置在两家物业管理区域交界处，责任不清",
    "物业称应由另一家公司负责",
    "物业认为属于居民自用部分，不在服务范围内",
)
ROUTE_REASONS = (
    "经共管议事协商会确认，按三方协议由该公司负责",
    "社区协调后两家物业同意由该公司处理",
    "三方协议第5条：交界区域由临近楼栋物业负责",
)
REJECT_REASONS = (
    "非物业服务事项，已告知居民向有关部门反映",
    "属于居民家庭内部事务",
    "反映内容无法核实",
)
REOPEN_REASONS = ("居民再次反映，问题依旧存在", "经核实并非重复诉求", "补充材料后重新受理")
FREE_TAGS = ("急难愁盼", "老旧小区改造", "冬季供暖", "雨季", "消防安全", "适老化", "未诉先办")
SOURCES = (
    ("meeting", 10),
    ("hotline", 22),
    ("patrol", 16),
    ("visit", 10),
    ("phone", 18),
    ("walkin", 16),
    ("company", 8),
)
# (resolved, satisfied, weight): every kind of follow-up answer
ANSWERS = (
    ("yes", "yes", 48),
    ("yes", "basic", 20),
    ("yes", None, 4),
    ("partly", "basic", 8),
    ("partly", "no", 4),
    ("yes", "no", 3),
    ("no", "no", 10),
    ("no", None, 3),
)


@dataclass(order=True)
class Step:
    at: datetime
    seq: int
    key: int = field(compare=False)
    action: str = field(compare=False)
    details: dict[str, Any] = field(compare=False, default_factory=dict)


def _weighted(rng, pairs):  # type: ignore[no-untyped-def]
    total = sum(w for *_, w in pairs)
    pick = rng.uniform(0, total)
    for *value, w in pairs:
        pick -= w
        if pick <= 0:
            return value[0] if len(value) == 1 else tuple(value)
    return pairs[-1][0] if len(pairs[-1]) == 2 else tuple(pairs[-1][:-1])


def _received(rng, start: date, end: date) -> datetime:  # type: ignore[no-untyped-def]
    # Later years have more complaints recorded (the ledger became a habit).
    span = (end - start).days
    day = start + timedelta(days=int(span * (rng.random() ** 0.8)))
    return datetime.combine(
        day,
        time(rng.randint(7, 20), rng.choice((0, 10, 15, 20, 30, 40, 45, 50)), rng.randint(0, 59)),
    )


def _daytime(rng, at: datetime) -> datetime:  # type: ignore[no-untyped-def]
    """Work happens between 8:00 and 21:00: a time outside moves to the next morning."""
    if at.hour < 8:
        return at.replace(hour=8, minute=rng.randint(0, 59))
    if at.hour >= 21:
        return (at + timedelta(days=1)).replace(hour=8, minute=rng.randint(0, 59))
    return at


def generate(conn: sqlite3.Connection, ctx: Any) -> None:
    rng = ctx.rng
    est = model.load(conn)
    end_day = min(ctx.end, ctx.now.date())
    steps: list[Step] = []
    seq = 0
    keyed: dict[int, int] = {}  # plan key -> complaint id, once created
    recent_by_item: dict[str, list[tuple[datetime, int]]] = {}
    facts: dict[str, list[int]] = {
        k: [] for k in ("disputed", "reopened", "duplicates", "rejected", "overdue_candidates")
    }
    plans: dict[int, dict[str, Any]] = {}
    ref_counter = 0

    def add_step(at: datetime, key: int, action: str, **details: Any) -> datetime:
        """Plan a step during working hours; returns its time (later steps follow it)."""
        nonlocal seq
        seq += 1
        at = _daytime(rng, at)
        if action == "create":  # every planned complaint is recorded, by the end at the latest
            at = min(at, ctx.now)
        if at <= ctx.now:
            steps.append(Step(at, seq, key, action, details))
        return at

    # "partly" keeps it resolved: called again before any reopening, with its own generator
    def call_again(after: datetime, key: int) -> None:
        own = random.Random(f"call-again-{key}")  # so that the rest of the sample stays as it was
        at = (after + timedelta(days=own.uniform(3, 4.5))).replace(hour=own.randint(9, 17))
        add_step(at, key, "followup", resolved="yes", satisfied=own.choice(("yes", "basic")))

    for key in range(COUNT):
        received = _received(rng, ctx.start, end_day)
        received = min(received, ctx.now - timedelta(hours=1))
        fresh = key >= COUNT - 14  # the last days before the sample's end: some not dispatched yet
        if fresh:
            received = _daytime(
                rng, (ctx.now - timedelta(hours=rng.uniform(2, 100))).replace(microsecond=0)
            )
            received = min(received, ctx.now - timedelta(hours=1))
        joint = rng.random() < 0.55
        if joint:
            item = rng.choice(list(JOINT_TEXTS))
            template = rng.choice(JOINT_TEXTS[item])
            text = template.format(place=rng.choice(PLACES_FOR.get(item, ["小区主路"])))
            place = recognise.recognise(est, text).place
            building = rng.choice(list(est.buildings)) if rng.random() < 0.25 else None
            if building is not None:
                text = f"{building}号楼附近" + text
            unit = room = None
        else:
            item = rng.choice(list(SEPARATE_TEXTS))
            building = rng.choice(list(est.buildings))
            b = est.buildings[building]
            unit = rng.randint(1, b.units)
            room = (
                f"{rng.randint(1, b.floors)}{rng.randint(1, b.rooms_per_floor):02d}"
                if rng.random() < 0.6
                else None
            )
            loc = f"{building}号楼{unit}单元" + (room or "")
            text = rng.choice(SEPARATE_TEXTS[item]).format(loc=loc)
            place = None
        repeat_of = rng.randrange(key) if key > 10 and not fresh and rng.random() < 0.07 else None
        if repeat_of is not None:  # another resident reports the same problem a day or two later
            first = plans[repeat_of]
            received = min(
                first["received"] + timedelta(hours=rng.randint(5, 72)),
                ctx.now - timedelta(hours=1),
            )
            item, building, unit, room, place = (
                first["item"],
                first["new"].building,
                first["new"].unit,
                first["new"].room,
                first["new"].place,
            )
            joint = est.items[item].scope == "joint"
            text = rng.choice(("又有居民反映：", "同一问题，", "邻居也反映")) + first["new"].text
        source = _weighted(rng, SOURCES)
        reporter, phone = resident(rng) if source not in ("patrol", "company") else (None, None)
        tags = [rng.choice(FREE_TAGS)] if rng.random() < 0.18 else []
        if source in ("patrol", "visit") and rng.random() < 0.5 and "未诉先办" not in tags:
            tags.append("未诉先办")
        urgent = item in ("pipes", "roof", "public_facilities", "garbage") and rng.random() < 0.15
        ref = None
        if source == "hotline":
            ref_counter += 1
            ref = f"GD{received:%Y%m%d}{ref_counter:04d}"
        company = reason = None
        if est.items[item].scope == "joint" and received.date() < ROTATION_START:
            company = (
                est.buildings[building].company if building else rng.choice(list(est.companies))
            )
            reason = "三方协议签订前，经社区协调由该公司临时负责"
        wrong_item = joint and item != "other" and repeat_of is None and rng.random() < 0.05
        if source == "hotline" and reporter and phone:
            text += as_dictated(key, reporter, phone)
        new = record.NewComplaint(
            text=text,
            source=source,
            received_at=received,
            building=building,
            unit=unit,
            room=room,
            place=place,
            item="other" if wrong_item else item,
            urgent=urgent,
            ref=ref,
            tags=tags,
            company=company,
            company_reason=reason,
            reporter=reporter,
            phone=phone,
        )
        created = received + timedelta(minutes=rng.randint(2, 90))
        if source == "meeting":
            created = received + timedelta(hours=rng.randint(2, 20))
        plans[key] = {"new": new, "item": item, "received": received}
        created = add_step(created, key, "create")
        t = created
        if wrong_item:
            t += timedelta(minutes=rng.randint(5, 120))
            t = add_step(t, key, "edit", item=item)

        # Duplicates: a second report of a recent complaint of the same item.
        earlier = [
            k
            for at, k in recent_by_item.get(item, [])
            if timedelta(0) < received - at < timedelta(days=4)
        ]
        recent_by_item.setdefault(item, []).append((received, key))
        if repeat_of is not None:
            earlier = [repeat_of]
        fate = _weighted(
            rng,
            (
                ("closed", 62),
                ("reopen_cycle", 8),
                ("dispute", 8),
                ("reject", 4),
                ("reject_reopen", 1),
                ("stall", 6),
                ("disputed_open", 2),
                ("closed_reopened", 2),
            ),
        )
        if repeat_of is not None or (earlier and rng.random() < 0.6):
            fate = "duplicate"
        recent = received > ctx.now - timedelta(days=150)
        if fate in ("stall", "disputed_open") and not recent and rng.random() < 0.85:
            fate = "closed"  # a few old ones are still stuck; most got done eventually
        if fresh and rng.random() < 0.5:
            continue  # received, waiting to be dispatched
        limits = est.items[item]
        if fate == "duplicate":
            add_step(
                t + timedelta(hours=rng.randint(1, 30)),
                key,
                "duplicate",
                of_key=rng.choice(earlier),
                note=rng.choice(("同一问题已有居民反映", "与前一条为同一事项")),
            )
            facts["duplicates"].append(key)
            continue
        if fate in ("reject", "reject_reopen"):
            t += timedelta(hours=rng.randint(1, 48))
            t = add_step(t, key, "reject", reason=rng.choice(REJECT_REASONS))
            facts["rejected"].append(key)
            if fate == "reject":
                continue
            t += timedelta(days=rng.randint(1, 10))
            t = add_step(t, key, "reopen", reason=rng.choice(REOPEN_REASONS))
        t += timedelta(minutes=rng.randint(20, 60 * 8))
        t = add_step(t, key, "dispatch")
        if fate in ("dispute", "disputed_open"):
            t += timedelta(hours=rng.randint(2, 40))
            t = add_step(t, key, "dispute", reason=rng.choice(DISPUTE_REASONS))
            facts["disputed"].append(key)
            if fate == "disputed_open":
                continue
            t += timedelta(days=rng.randint(1, 12))
            t = add_step(t, key, "route", company="__other__", reason=rng.choice(ROUTE_REASONS))
        respond_within = limits.urgent_respond_hours if urgent else limits.respond_hours
        late = rng.random() < 0.12
        t += timedelta(hours=rng.uniform(0.3, respond_within * (2.5 if late else 0.9)))
        if fate == "stall" and rng.random() < 0.4:
            facts["overdue_candidates"].append(key)
            continue
        t = add_step(t, key, "respond", note=rng.choice(NOTES) if rng.random() < 0.35 else None)
        if rng.random() < 0.2:
            add_step(t + timedelta(hours=rng.randint(1, 30)), key, "note", note=rng.choice(NOTES))
        if fate == "stall":
            facts["overdue_candidates"].append(key)
            continue
        late = rng.random() < 0.15
        t += timedelta(hours=rng.uniform(1, 24 * limits.resolve_days * (2.0 if late else 0.85)))
        t = add_step(
            t,
            key,
            "resolve",
            note=rng.choice(("已处理完毕", "已维修", "已清运", "已清理", "已协调解决"))
            if rng.random() < 0.5
            else None,
        )
        if recent and rng.random() < 0.12:
            continue  # resolved, the follow-up call not made yet
        t += timedelta(days=rng.uniform(0.5, 5))
        resolved, satisfied = _weighted(rng, ANSWERS)
        if fate == "reopen_cycle":
            resolved, satisfied = "no", rng.choice(("no", None))
        t = add_step(t, key, "followup", resolved=resolved, satisfied=satisfied)
        if resolved == "partly":
            call_again(t, key)
        if resolved == "no":
            facts["reopened"].append(key)
            t += timedelta(hours=rng.randint(2, 48))
            t = add_step(t, key, "respond", note="回访未解决，物业重新安排处理")
            t += timedelta(days=rng.uniform(0.5, limits.resolve_days + 2))
            t = add_step(t, key, "resolve", note="二次处理完成")
            t += timedelta(days=rng.uniform(0.5, 4))
            again = _weighted(rng, (("yes", "basic", 5), ("yes", "yes", 3), ("partly", "basic", 2)))
            t = add_step(t, key, "followup", resolved=again[0], satisfied=again[1])
            if again[0] == "partly":
                call_again(t, key)
        elif fate == "closed_reopened":
            t += timedelta(days=rng.randint(5, 40))
            t = add_step(t, key, "reopen", reason=rng.choice(REOPEN_REASONS))
            facts["reopened"].append(key)
            if not recent:  # handled again
                t = add_step(t + timedelta(hours=rng.randint(2, 30)), key, "dispatch")
                t = add_step(
                    t + timedelta(days=rng.uniform(0.5, limits.resolve_days)), key, "resolve"
                )
                t = add_step(
                    t + timedelta(days=rng.uniform(0.5, 4)),
                    key,
                    "followup",
                    resolved="yes",
                    satisfied=rng.choice(("yes", "basic")),
                )
        if rng.random() < 0.08:
            add_step(t + timedelta(days=rng.uniform(0.1, 3)), key, "note", note="居民表示感谢")

    heapq.heapify(steps)
    while steps:
        step = heapq.heappop(steps)
        plan = plans[step.key]
        if step.action == "create":
            keyed[step.key] = record.record(conn, est, plan["new"], now=step.at, actor=ctx.actor)
            continue
        cid = keyed.get(step.key)
        if cid is None:
            continue
        details = {k: v for k, v in step.details.items() if v is not None}
        if "of_key" in details:
            of = keyed.get(details.pop("of_key"))
            if of is None:
                continue
            details["of"] = of
        if details.get("company") == "__other__":
            current = conn.execute(
                "SELECT company FROM complaints WHERE id = ?", (cid,)
            ).fetchone()[0]
            details["company"] = next(c for c in est.companies if c != current)
        lifecycle.apply_action(conn, cid, step.action, now=step.at, actor=ctx.actor, **details)

    ctx.facts["complaints"] = {
        k: sorted(keyed[x] for x in v if x in keyed) for k, v in facts.items()
    }
