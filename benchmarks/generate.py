"""Fill a ledger with N realistic complaints for the benchmarks (default 1,000,000).

    .venv/bin/python benchmarks/generate.py                 # 1M rows in a new temp folder
    .venv/bin/python benchmarks/generate.py -n 10000 --out /tmp/bench/10k.db

The ledger is made the way `liuliqiao init` makes it (migrations, the default estate) and
filled through the project's own bulk path (liuliqiao_cli.store.bulk), so the benchmark also times
that path. It is never written inside the repository.

The mix: complaints from the first duty year (2023-03-01) to the benchmark's "now"
(2026-11-27), spread over the estate's buildings, units, rooms and public places, every service
item and source; texts from short ("楼道灯坏了") to long paragraphs; routing by the estate's rule
(a separate item goes to its building's company, a joint item to the company on duty); statuses
by age (old ones mostly closed after a follow-up, recent ones open, some overdue, disputed,
reopened, duplicate or rejected); the events of each complaint's life; contacts on about a third;
tags on some.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 27, 10, 0, 0)
START = datetime(2023, 3, 1, 8, 0, 0)
ACTORS = ("张网格员", "李网格员", "王网格员", "刘书记")

SOURCES = (
    ("meeting", 8),
    ("hotline", 30),
    ("patrol", 20),
    ("visit", 10),
    ("phone", 17),
    ("walkin", 10),
    ("company", 5),
)
WHERE = ("楼道里", "单元门口", "楼下", "楼前", "楼后", "门口", "附近")
PROBLEMS: dict[str, tuple[str, ...]] = {
    "garbage": (
        "垃圾站满了没人清",
        "垃圾桶溢出来了，味道很大",
        "有人乱扔大件垃圾",
        "垃圾分类没人指导",
        "厨余垃圾桶破了",
        "清运太晚，早上还堆着",
    ),
    "greenery": ("绿地的树枝挡住窗户", "草坪好久没修剪", "树上有虫子掉下来", "绿化带被踩坏了"),
    "parking": ("车停在消防通道上", "电动车乱停挡路", "外来车辆占车位", "地锁乱装"),
    "drying": ("晾衣架坏了", "晾晒区被占用堆杂物", "晾衣绳断了"),
    "garden": ("花园的水龙头漏水", "花园里杂草很多", "有人在花园里种菜圈地"),
    "benches": ("座椅木条断了", "健身器材松动有危险", "广场座椅太少"),
    "public_cleaning": ("主路上有狗粪没人扫", "落叶堆积没人清", "小广场地面很脏"),
    "public_facilities": ("路灯不亮", "井盖松动", "道路有坑积水"),
    "stair_cleaning": ("楼道很久没打扫", "楼道里堆满杂物", "楼梯扶手很脏"),
    "stair_lighting": ("楼道灯坏了好几天", "声控灯不灵", "楼道灯一直亮着不灭"),
    "pipes": ("下水道堵了返水", "暖气管漏水", "楼内水管爆了"),
    "roof": ("顶楼屋顶漏雨", "下雨天墙皮渗水", "屋顶防水层起鼓"),
    "unit_door": ("单元门关不上", "门禁卡刷不开", "单元门闭门器坏了"),
    "fees": ("物业费收费标准不清楚", "物业费发票一直没给", "要求公示物业费使用情况"),
    "fire_lane": ("消防通道被私家车堵死", "消防通道堆了杂物", "有人在消防通道上停电动车"),
    "noise": ("广场舞音响太吵", "半夜有人在院里大声喧哗", "空调外机噪音很大"),
    "security": ("小区门禁坏了外人随便进", "监控摄像头不亮", "大门道闸抬不起来"),
    "manholes": ("井盖松动踩上去响", "雨水井盖丢了", "污水井往外冒水"),
    "parcel_lockers": ("快递柜屏幕坏了取不了件", "快递柜收费太贵", "快递柜门打不开"),
    "illegal_building": ("有人在楼下私搭棚子", "一楼住户私自扩建院子", "顶楼有人违建彩钢房"),
    "water_supply": ("家里水压太低", "突然停水没有通知", "自来水发黄"),
    "pests": ("楼下老鼠很多", "垃圾站附近蟑螂多", "蚊子太多希望消杀"),
    "lift": ("电梯又坏了困人", "电梯运行有异响", "加装电梯施工太慢"),
    "heating": ("暖气不热", "暖气片漏水", "供暖温度不达标"),
    "facade": ("外墙瓷砖脱落", "外墙保温层起鼓", "阳台外墙有裂缝"),
    "renovation": ("楼上装修周末一早就砸墙", "装修垃圾堆在楼道口", "有人装修拆承重墙"),
    "flying_cables": ("有人从楼上飞线给电动车充电", "楼道里私拉电线充电", "窗户垂下插线板充电"),
    "other": ("小区里流浪猫太多", "快递乱堆在门口", "希望增设宣传栏"),
}
TAIL = (
    "，请尽快处理。",
    "，已经好几天了。",
    "，居民意见很大。",
    "，老人出行不方便。",
    "。",
    "，希望物业尽快派人来看看。",
    "，上次反映过还没解决。",
)
LONG = (
    "居民在议事会上反映，此问题已经持续较长时间，多次向物业反映未果，影响到老人和孩子的日常出行和"
    "生活，希望社区协调两家物业公司明确责任，尽快拿出解决方案，并在下次议事会上通报处理结果。"
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
TAGS = ("急", "难", "愁", "盼", "每月一题", "老旧设施", "安全隐患")


def fast_uuids(n: int) -> Iterator[str]:
    """UUID4-shaped strings, ~5x cheaper than str(uuid.uuid4()) (the benchmark makes millions)."""
    h = os.urandom(16 * n).hex()
    for i in range(0, 32 * n, 32):
        yield f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-4{h[i + 13 : i + 16]}-a{h[i + 17 : i + 20]}-{h[i + 20 : i + 32]}"


def create_ledger(path: Path) -> sqlite3.Connection:
    """A new ledger of the default estate, made as `liuliqiao init` makes it."""
    from liuliqiao_cli.estate import definition, model
    from liuliqiao_cli.store import ledger

    conn, _ = ledger.create_ledger(path)
    ledger.migrate(conn)
    with ledger.transaction(conn):
        model.install(
            conn, definition.load_definition(definition.default_definition_text()), now=NOW
        )
    return conn


def _fmt(t: datetime) -> str:
    return t.isoformat(" ")  # times here are whole seconds: 'YYYY-MM-DD HH:MM:SS'


class Generator:
    def __init__(self, conn: sqlite3.Connection, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = n
        self.items = {
            r[0]: tuple(r[1:])
            for r in conn.execute(
                "SELECT code, scope, respond_hours, urgent_respond_hours, resolve_days FROM items"
            )
        }
        self.buildings = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in conn.execute(
                "SELECT number, units, floors, rooms_per_floor, company FROM buildings"
            )
        }
        self.places = [r[0] for r in conn.execute("SELECT code FROM places")]
        self.place_names = dict(conn.execute("SELECT code, name FROM places").fetchall())
        self.order = ["shouhua", "chengjian"]  # the default rotation: 首华 from 2023-03-01
        self.item_codes = list(self.items)
        self.sources = [s for s, _ in SOURCES]
        self.source_weights = [w for _, w in SOURCES]
        self.span = (NOW - START).total_seconds()
        self.uuids = fast_uuids(0)
        self.ref = 2_000_000

    def on_duty(self, t: datetime) -> str:
        year = t.year - (1 if (t.month, t.day) < (3, 1) else 0)
        return self.order[(year - 2023) % 2]

    def uuid(self) -> str:
        try:
            return next(self.uuids)
        except StopIteration:
            self.uuids = fast_uuids(50_000)
            return next(self.uuids)

    def complaints(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for i in range(self.n):
            # Complaint times grow with the ledger (later years busier), in office hours mostly.
            frac = (i + rng.random()) / self.n
            received = START + timedelta(seconds=int(self.span * frac))
            received = received.replace(
                hour=rng.choice((8, 9, 9, 10, 10, 11, 14, 15, 16, 17, 19, 21))
            )
            if received > NOW:
                received = NOW - timedelta(minutes=rng.randint(1, 600))
            yield self.complaint(received)

    def complaint(self, received: datetime) -> dict[str, Any]:
        rng = self.rng
        item = rng.choice(self.item_codes)
        scope, respond_h, urgent_h, resolve_d = self.items[item]
        source = rng.choices(self.sources, self.source_weights)[0]
        urgency = "urgent" if rng.random() < 0.08 else "normal"
        building = unit = room = place = None
        if scope == "separate" or rng.random() < 0.4:
            building = rng.randint(1, len(self.buildings))
            units, floors, per_floor, bcompany = self.buildings[building]
            if rng.random() < 0.8:
                unit = rng.randint(1, units)
                if rng.random() < 0.6:
                    room = f"{rng.randint(1, floors)}{rng.randint(1, per_floor):02d}"
            where = f"{building}号楼" + (f"{unit}单元" if unit else "") + (room or "")
        else:
            place = self.place_names[rng.choice(self.places)]  # stored by name, as `add` does
            where = place + rng.choice(("", "附近", "旁边", "这边"))
        if scope == "separate":
            company, routing = self.buildings[building][3], "separate"  # type: ignore[index]
        else:
            company, routing = self.on_duty(received), "duty"
        if building is not None:
            where += rng.choice(WHERE)
        text = where + rng.choice(PROBLEMS[item]) + rng.choice(TAIL)
        roll = rng.random()
        if roll < 0.05:
            text += LONG * rng.randint(1, 3)
        elif roll < 0.25:
            text += LONG[: rng.randint(10, 60)] + "。"
        respond_by = received + timedelta(hours=urgent_h if urgency == "urgent" else respond_h)
        resolve_by = received + timedelta(days=resolve_d)
        age_days = (NOW - received).days
        actor = rng.choice(ACTORS)
        at = received
        events: list[dict[str, Any]] = [
            {
                "kind": "create",
                "at": _fmt(at),
                "actor": actor,
                "uuid": self.uuid(),
                "data": f'{{"source": "{source}"}}',
            }
        ]
        record: dict[str, Any] = {
            "uuid": self.uuid(),
            "received_at": _fmt(received),
            "source": source,
            "text": text,
            "building": building,
            "unit": unit,
            "room": room,
            "place": place,
            "item": item,
            "scope": scope,
            "company": company,
            "routing": routing,
            "urgency": urgency,
            "ref": str(self.ref) if source == "hotline" else None,
            "respond_by": _fmt(respond_by),
            "resolve_by": _fmt(resolve_by),
            "created_at": _fmt(received),
            "events": events,
        }
        if source == "hotline":
            self.ref += 1
        # How far along its life the complaint is: the older, the further.
        p_done = (
            0.995 if age_days > 60 else (0.9 if age_days > 14 else 0.5 if age_days > 2 else 0.15)
        )
        status = "received"

        current = "received"

        def step(kind: str, hours: float, extra: str = "", to: str | None = None) -> datetime:
            """One event; a step that changes the status records it the way the ledger does
            ({"after": {"status": ...}, "before": {"status": ...}, ...}), so that summaries
            reading "the status then" have the same work to do as on a real ledger."""
            nonlocal at, current
            at = min(at + timedelta(seconds=int(hours * 3600)), NOW)
            if to is not None:
                moved = f'"after": {{"status": "{to}"}}, "before": {{"status": "{current}"}}'
                data = f"{{{moved}{', ' + extra if extra else ''}}}"
                current = to
            else:
                data = f"{{{extra}}}"
            events.append(
                {
                    "kind": kind,
                    "at": _fmt(at),
                    "actor": rng.choice(ACTORS),
                    "uuid": self.uuid(),
                    "data": data,
                }
            )
            return at

        terminal = rng.random()
        if terminal < 0.015:
            status = "duplicate"
            record["closed_at"] = _fmt(step("duplicate", rng.uniform(0.2, 24), to="duplicate"))
        elif terminal < 0.025:
            status = "rejected"
            record["closed_at"] = _fmt(
                step("reject", rng.uniform(0.2, 24), '"reason": "非物业事项"', "rejected")
            )
        elif rng.random() < p_done or rng.random() < 0.5:
            status = "dispatched"
            record["dispatched_at"] = _fmt(step("dispatch", rng.uniform(0.1, 6), to="dispatched"))
            settled = True
            if rng.random() < 0.02:
                # A dispute of responsibility: most are settled (re-routed) within days.
                step("dispute", rng.uniform(1, 48), '"reason": "不属于本公司管理"', "disputed")
                settled = rng.random() < p_done
                if settled:
                    step("route", rng.uniform(4, 96), '"reason": "协商会议定"', "dispatched")
                else:
                    status = "disputed"
            if settled and (rng.random() < p_done or rng.random() < 0.5):
                status = "in_progress"
                record["responded_at"] = _fmt(
                    step("respond", rng.expovariate(1 / (respond_h * 0.7)), to="in_progress")
                )
                if rng.random() < p_done:
                    status = "resolved"
                    record["resolved_at"] = _fmt(
                        step(
                            "resolve",
                            rng.expovariate(1 / (resolve_d * 24 * 0.6)),
                            '"note": "已处理"',
                            "resolved",
                        )
                    )
                    if rng.random() < p_done:
                        answer = rng.choices(("yes", "partly", "no"), (85, 10, 5))[0]
                        satisfied = rng.choices(("yes", "basic", "no"), (70, 20, 10))[0]
                        record["followup_at"] = _fmt(
                            step(
                                "followup",
                                rng.uniform(12, 96),
                                f'"resolved": "{answer}", "satisfied": "{satisfied}"',
                            )
                        )
                        record["followup_resolved"], record["followup_satisfied"] = (
                            answer,
                            satisfied,
                        )
                        if answer == "no" and (age_days < 30 or rng.random() < 0.05):
                            status = "reopened"
                            step("reopen", 0.01, to="reopened")
                        else:
                            status = "closed"
                            record["closed_at"] = _fmt(step("close", 0.01, to="closed"))
        if rng.random() < 0.1:
            step("note", rng.uniform(1, 72), '"note": "已电话联系居民"')
        record["status"] = status
        record["updated_at"] = events[-1]["at"]
        if rng.random() < 0.33:
            record["contact"] = {
                "uuid": self.uuid(),
                "name": rng.choice(SURNAMES) + rng.choice(("阿姨", "大爷", "先生", "女士")),
                "phone": f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
            }
        if rng.random() < 0.08:
            record["tags"] = rng.sample(TAGS, rng.randint(1, 2))
        return record


def _produce(gen: Generator, pipe: Any) -> None:
    batch: list[dict[str, Any]] = []
    for record in gen.complaints():
        batch.append(record)
        if len(batch) == 2_000:
            pipe.send(batch)
            batch = []
    pipe.send(batch)
    pipe.send(None)
    pipe.close()


def produced_elsewhere(gen: Generator) -> Iterator[dict[str, Any]]:
    """The generator's records, made in a second process while this one writes them (making
    the records costs about as much as inserting them; on two cores they overlap)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_produce, args=(gen, send), daemon=True)
    worker.start()
    send.close()
    try:
        while (batch := receive.recv()) is not None:
            yield from batch
    finally:
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()


def generate(
    path: Path, n: int, *, seed: int = 8, fast: bool = True, analyze: bool = True
) -> dict[str, Any]:
    """Create ``path`` (must not exist) with ``n`` complaints; returns counts and timings.
    ``analyze``: gather the planner's statistics at the end (a ledger in use has them once
    someone runs ANALYZE; plans are checked both ways)."""
    from liuliqiao_cli.store.bulk import bulk_load

    if path.exists():
        raise SystemExit(f"{path} exists; pick another --out")
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    conn = create_ledger(path)
    if fast:
        # A throw-away file: no journal during the load (one big transaction, so a crash means
        # re-running the generator), a large page cache for the index B-trees.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -1000000")
    gen = Generator(conn, n, seed)
    result = bulk_load(conn, produced_elsewhere(gen) if n >= 50_000 else gen.complaints())
    t_load = time.perf_counter() - t0
    if analyze:
        conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return {
        "path": str(path),
        "complaints": result.complaints,
        "events": result.events,
        "contacts": result.contacts,
        "tags": result.tags,
        "fts": result.fts,
        "seconds_load": round(t_load, 1),
        "seconds": round(time.perf_counter() - t0, 1),
        "mb": round(path.stat().st_size / 1e6),
    }


def default_out(n: int) -> Path:
    return Path(tempfile.mkdtemp(prefix="liuliqiao-bench-")) / f"ledger-{n}.db"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="number of complaints")
    parser.add_argument("--out", type=Path, help="ledger to create (default: a new temp folder)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    out = args.out or default_out(args.n)
    if REPO in out.resolve().parents:
        parser.error("write benchmark ledgers outside the repository (default: a temp folder)")
    info = generate(out, args.n, seed=args.seed)
    rate = info["complaints"] / max(info["seconds_load"], 1e-9)
    print(
        f"{info['path']}: {info['complaints']:,} complaints, {info['events']:,} events, "
        f"{info['contacts']:,} contacts, {info['tags']:,} tags, {info['mb']:,} MB; "
        f"load {info['seconds_load']} s ({rate:,.0f} complaints/s), total {info['seconds']} s",
        file=sys.stderr,
    )
    print(info["path"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
