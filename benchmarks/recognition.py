"""How well the recogniser reads place and item from real complaint texts, and what it misroutes.

    .venv/bin/python benchmarks/recognition.py                 # figures, confusions, misroutes
    .venv/bin/python benchmarks/recognition.py --show-misses   # also every text it got wrong
    .venv/bin/python benchmarks/recognition.py --json          # the same, for scripts

The corpus is ``tests/data/recognition_corpus.jsonl``: texts written as residents, 12345
operators and grid workers write them, each labelled with building, unit, room, public place
(a place code), service item and scope. The estate is the default one
(``src/liuliqiao_cli/data/wangyuan_xili_north.toml``), read without a ledger.

Figures (each with its count):

- **item**: the item the tool would record is the labelled one. An unrecognised item counts as
  ``other``, because that is what ``add`` records then (the fallback item).
- **place**: building, unit, room and public place are all right (``None`` when not said).
- **scope**: the recorded item has the labelled scope (joint / separate).

**Asks**: the texts where the tool would not decide alone (``routing.questions``): two items
scoring close, an item not recognised in a text about a building's inside (it asks which item),
or a separately managed item without a building (it asks which building; counted as refused
below, rightly or needlessly).

**Silent misroutes** are the texts the tool would accept (nothing asked, ``route`` does not
refuse) and send to a company the labels do not imply. The company comes from ``route`` itself: a separately managed
item goes to the building's company, a jointly managed one to the company on duty. The same day
is used for the labels and for the tool, so duty is the same on both sides; the day is taken
once in each company's duty year (2026-11-27 and the same day of the years before, as many as
companies rotate): with one day only, a separate item of building 3 read as a joint item would
look right whenever 城建物业 happened to be on duty. So only scope and building decide. A text
labelled separate without a building must be refused (the tool must ask for the building):
accepting it is a silent misroute too. The other outcomes are counted: routed right, refused
rightly, and refused needlessly (the labels imply a company but the tool asks).

**Cost**: the recogniser's time in-process, per call (median over the corpus's texts, the
vocabulary compiled) and to compile the estate's vocabulary (once per process and estate).

Exit code 0 whatever the figures: ``tests/test_recognition_corpus.py`` holds the floors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

from liuliqiao_cli.errors import UsageError  # noqa: E402
from liuliqiao_cli.estate import definition, model  # noqa: E402
from liuliqiao_cli.estate.duty import RotationVersion  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "recognition_corpus.jsonl"
DAY = date(2026, 11, 27)  # the fixed clock of the tests; see the module doc for the other days
FALLBACK_ITEM = "other"
TOP_CONFUSIONS = 12


@dataclass(frozen=True)
class Guess:
    """What the recogniser proposes for one text, in the corpus's terms (place as a code)."""

    building: int | None
    unit: int | None
    room: str | None
    place: str | None
    item: str | None
    asks: tuple[str, ...] = ()  # the fields the tool would ask for ("item", "building")
    choices: tuple[str, ...] = ()  # the items it would offer when it asks for the item


def recognise_text(est: model.Estate, text: str) -> Guess:
    """The one call to the recogniser: change the import here when it moves."""
    from liuliqiao_cli.complaints.recognise import recognise
    from liuliqiao_cli.complaints.routing import questions

    rec = recognise(est, text)
    asked = questions(est, rec, fallback=FALLBACK_ITEM)
    items = tuple(c.value for q in asked if q.what == "item" for c in q.choices)
    return Guess(
        rec.building,
        rec.unit,
        rec.room,
        place_code(est, rec.place),
        rec.item,
        tuple(q.what for q in asked),
        items,
    )


def place_code(est: model.Estate, name: str | None) -> str | None:
    """The recogniser proposes a place by name ("北门"); the corpus labels codes ("north_gate")."""
    if name is None:
        return None
    for place in est.places.values():
        if name in (place.code, place.name, *place.aliases):
            return place.code
    return name  # a name the estate does not know: never equal to a label


def default_estate() -> tuple[model.Estate, list[RotationVersion]]:
    """The default estate and its rotation, as a ledger made by ``init`` would hold them."""
    d = definition.load_definition(definition.default_definition_text())
    est = definition.as_estate(d)
    versions = []
    if d.rotation is not None:
        r = d.rotation
        versions.append(
            RotationVersion(1, r.effective_from, r.handover_month, r.handover_day, r.order)
        )
    return est, versions


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def duty_days(versions: Sequence[RotationVersion], day: date = DAY) -> list[date]:
    """``day`` and the same day of earlier years, one per company in the rotation."""
    companies = len(versions[-1].order) if versions else 1
    return [day.replace(year=day.year - k) for k in range(companies)]


def route_to(
    est: model.Estate,
    versions: Sequence[RotationVersion],
    item: str,
    building: int | None,
    days: Sequence[date],
) -> tuple[str, ...] | None:
    """The company ``route`` picks on each day, or None when it refuses (it must ask)."""
    from liuliqiao_cli.complaints.routing import route

    try:
        return tuple(route(est, item, building, d, versions).company for d in days)
    except UsageError:
        return None


@dataclass
class Outcome:
    line: int
    text: str
    expected: dict[str, Any]
    got: dict[str, Any]
    item_ok: bool
    place_ok: bool
    scope_ok: bool
    routing: str  # right | asked | refused_right | refused_needlessly | silent_misroute
    expected_route: list[str] | None
    got_route: list[str] | None


@dataclass
class Report:
    texts: int
    days: list[str]
    item_right: int
    place_right: int
    scope_right: int
    routing: dict[str, int]
    confusions: list[tuple[str, str, int]]
    outcomes: list[Outcome] = field(repr=False)
    asked_offering_label: int = 0  # item asks whose choices hold the labelled item

    def rate(self, right: int) -> float:
        return right / self.texts if self.texts else 0.0

    @property
    def item_accuracy(self) -> float:
        return self.rate(self.item_right)

    @property
    def place_accuracy(self) -> float:
        return self.rate(self.place_right)

    @property
    def scope_accuracy(self) -> float:
        return self.rate(self.scope_right)

    @property
    def silent_misroutes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.routing == "silent_misroute"]


def score(
    corpus: Sequence[dict[str, Any]],
    est: model.Estate,
    versions: Sequence[RotationVersion],
    recogniser: Callable[[model.Estate, str], Guess] = recognise_text,
    day: date = DAY,
) -> Report:
    """Run ``recogniser`` on every text and compare with the labels (see the module doc)."""
    days = duty_days(versions, day)
    outcomes: list[Outcome] = []
    confusions: Counter[tuple[str, str]] = Counter()
    routing: Counter[str] = Counter(
        {k: 0 for k in ("right", "asked", "refused_right", "refused_needlessly", "silent_misroute")}
    )
    offering = 0
    for line, row in enumerate(corpus, start=1):
        guess = recogniser(est, row["text"])
        got_item = guess.item if guess.item in est.items else FALLBACK_ITEM
        item_ok = got_item == row["item"]
        if not item_ok:
            confusions[(row["item"], got_item)] += 1
        place_ok = (guess.building, guess.unit, guess.room, guess.place) == (
            row["building"],
            row["unit"],
            row["room"],
            row["place"],
        )
        scope_ok = est.items[got_item].scope == row["scope"]
        expected_route = route_to(est, versions, row["item"], row["building"], days)
        got_route = route_to(est, versions, got_item, guess.building, days)
        if "item" in guess.asks:
            verdict = "asked"
            offering += row["item"] in guess.choices
        elif got_route is None or "building" in guess.asks:
            verdict = "refused_right" if expected_route is None else "refused_needlessly"
        else:
            verdict = "right" if got_route == expected_route else "silent_misroute"
        routing[verdict] += 1
        outcomes.append(
            Outcome(
                line,
                row["text"],
                {k: row[k] for k in ("building", "unit", "room", "place", "item", "scope")},
                {**asdict(guess), "item": got_item, "scope": est.items[got_item].scope},
                item_ok,
                place_ok,
                scope_ok,
                verdict,
                list(expected_route) if expected_route else None,
                list(got_route) if got_route else None,
            )
        )
    top = sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))
    return Report(
        texts=len(outcomes),
        days=[d.isoformat() for d in days],
        item_right=sum(o.item_ok for o in outcomes),
        place_right=sum(o.place_ok for o in outcomes),
        scope_right=sum(o.scope_ok for o in outcomes),
        routing=dict(routing),
        confusions=[(e, g, n) for (e, g), n in top],
        outcomes=outcomes,
        asked_offering_label=offering,
    )


def cost(est: model.Estate, texts: Sequence[str], rounds: int = 3) -> dict[str, float]:
    """Microseconds per call (median) and milliseconds to compile the vocabulary (best of 5)."""
    import statistics
    import time

    from liuliqiao_cli.complaints import recognise

    compile_ms = []
    for _ in range(5):
        recognise._compile.cache_clear()
        start = time.perf_counter()
        recognise._vocabulary(est)
        compile_ms.append((time.perf_counter() - start) * 1e3)
    calls = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            recognise.recognise(est, text)
            calls.append((time.perf_counter() - start) * 1e6)
    return {
        "per_call_us": round(statistics.median(calls), 1),
        "compile_ms": round(min(compile_ms), 2),
    }


def run(path: Path = CORPUS) -> Report:
    """The benchmark's report on a corpus file with the default estate (the tests call this)."""
    est, versions = default_estate()
    return score(load_corpus(path), est, versions)


# --- output ---------------------------------------------------------------------------------


def _where(values: dict[str, Any]) -> str:
    parts = []
    if values["building"] is not None:
        parts.append(f"{values['building']}号楼")
    if values["unit"] is not None:
        parts.append(f"{values['unit']}单元")
    if values["room"] is not None:
        parts.append(str(values["room"]))
    if values["place"] is not None:
        parts.append(str(values["place"]))
    return "".join(parts) or "-"


def _route(est: model.Estate, companies: list[str] | None) -> str:
    if companies is None:
        return "refused (asks)"
    names = [est.company_name(c) for c in companies]
    return names[0] if len(set(names)) == 1 else "/".join(names) + " (on duty)"


def _name(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def as_text(
    report: Report,
    est: model.Estate,
    show_misses: bool,
    path: Path = CORPUS,
    timing: dict[str, float] | None = None,
) -> str:
    n = report.texts
    out = [
        f"Recognition on {n} labelled texts ({_name(path)})",
        "",
        f"item accuracy   {report.item_accuracy:6.1%}  ({report.item_right}/{n})",
        f"place accuracy  {report.place_accuracy:6.1%}  ({report.place_right}/{n})"
        "  building+unit+room+public place all right",
        f"scope accuracy  {report.scope_accuracy:6.1%}  ({report.scope_right}/{n})",
        "",
        f"Routing (duty on {', '.join(report.days)}: one day in each company's duty year)",
    ]
    labels = {
        "right": "routed right",
        "asked": f"ASKS which item (close runner-up or unknown inside a building; "
        f"the labelled item offered in {report.asked_offering_label})",
        "refused_right": "refused rightly (must ask for the building)",
        "refused_needlessly": "refused needlessly (the labels imply a company)",
        "silent_misroute": "SILENT MISROUTES (accepted, wrong company)",
    }
    for key, label in labels.items():
        out.append(f"  {report.routing[key]:4d}  {label}")
    out += [
        "",
        f"Top confusions (expected item -> got item, count; {len(report.confusions)} pairs)",
    ]
    for expected, got, count in report.confusions[:TOP_CONFUSIONS]:
        out.append(f"  {count:4d}  {expected} -> {got}")
    out += ["", f"Silent misroutes ({len(report.silent_misroutes)})"]
    for o in report.silent_misroutes:
        out.append(
            f"  #{o.line:<4d}{o.text}\n"
            f"        expected {o.expected['item']} @ {_where(o.expected)} -> "
            f"{_route(est, o.expected_route)}; got {o.got['item']} @ {_where(o.got)} -> "
            f"{_route(est, o.got_route)}"
        )
    if timing:
        out += [
            "",
            f"Cost: {timing['per_call_us']:.0f} us per call (median), "
            f"{timing['compile_ms']:.1f} ms to compile the vocabulary (once per process)",
        ]
    if show_misses:
        misses = [o for o in report.outcomes if not (o.item_ok and o.place_ok)]
        out += ["", f"Misses: item or place wrong ({len(misses)})"]
        for o in misses:
            what = []
            if not o.item_ok:
                what.append(f"item {o.expected['item']} -> {o.got['item']}")
            if not o.place_ok:
                what.append(f"place {_where(o.expected)} -> {_where(o.got)}")
            out.append(f"  #{o.line:<4d}{o.text}\n        {'; '.join(what)}")
    return "\n".join(out)


def as_json(
    report: Report, show_misses: bool, path: Path = CORPUS, timing: dict[str, float] | None = None
) -> str:
    n = report.texts

    def figure(right: int) -> dict[str, Any]:
        return {"right": right, "texts": n, "rate": round(report.rate(right), 4)}

    data: dict[str, Any] = {
        "corpus": _name(path),
        "texts": n,
        "duty_days": report.days,
        "item_accuracy": figure(report.item_right),
        "place_accuracy": figure(report.place_right),
        "scope_accuracy": figure(report.scope_right),
        "routing": report.routing,
        "asked_offering_label": report.asked_offering_label,
        "confusions": [{"expected": e, "got": g, "count": c} for e, g, c in report.confusions],
        "silent_misroutes": [asdict(o) for o in report.silent_misroutes],
        "cost": timing,
    }
    if show_misses:
        data["misses"] = [asdict(o) for o in report.outcomes if not (o.item_ok and o.place_ok)]
    return json.dumps(data, ensure_ascii=False, indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="machine output")
    parser.add_argument(
        "--show-misses", action="store_true", help="list every text with item or place wrong"
    )
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="another labelled file (e.g. the held-out one)"
    )
    args = parser.parse_args(argv)
    est, versions = default_estate()
    corpus = load_corpus(args.corpus)
    report = score(corpus, est, versions)
    timing = cost(est, [row["text"] for row in corpus])
    if args.json:
        print(as_json(report, args.show_misses, args.corpus, timing))
    else:
        print(as_text(report, est, args.show_misses, args.corpus, timing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
