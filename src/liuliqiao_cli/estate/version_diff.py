"""What a new version of the estate changes against the version it follows: buildings' companies,
items added or removed, items whose scope or limits change, names and recognition words.

Each change carries the names of what it is about (Chinese and English) and its values before and
after as plain data, so that it reads the same in ``estate apply``'s preview, in the history
(the version's event keeps the list) and after the version is undone.
"""

from typing import Any, NamedTuple

from liuliqiao_cli.estate.model import LIMIT_STEPS, Estate, Item

# The kinds of change, in the order a preview lists them (the agreement's substance first).
KINDS = (
    "building_company",
    "building_added",
    "building_size",
    "item_scope",
    "item_added",
    "item_removed",
    "item_limits",
    "company_added",
    "company_removed",
    "estate_renamed",
    "company_renamed",
    "item_renamed",
    "place_added",
    "place_removed",
    "place_renamed",
    "company_words",
    "item_words",
    "place_words",
    "cues",
)
# Kinds that change who handles a complaint (the rest are names, words and limits).
ROUTING_KINDS = ("building_company", "item_scope", "item_removed")


class Change(NamedTuple):
    kind: str  # one of KINDS
    code: str  # the item, company or place code, the building number; "" for the estate
    label: tuple[str, str]  # what it is about: (Chinese, English)
    before: Any = None
    after: Any = None

    def as_data(self) -> list[Any]:
        return [self.kind, self.code, list(self.label), self.before, self.after]

    @classmethod
    def from_data(cls, raw: list[Any]) -> "Change":
        kind, code, label, before, after = raw
        return cls(str(kind), str(code), (str(label[0]), str(label[1])), before, after)


def _company(estate: Estate, code: str) -> list[str]:
    c = estate.companies.get(code)
    return [c.name, c.name_en or c.name] if c else [code, code]


def _limits(item: Item) -> dict[str, list[Any]]:
    return {s: [item.limit(s).amount, item.limit(s).unit] for s in LIMIT_STEPS}


def _words(value: Item, fields: tuple[str, ...]) -> dict[str, list[str]]:
    return {f: sorted(getattr(value, f)) for f in fields}


def compare(old: Estate, new: Estate) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of :data:`KINDS` (then by code)."""
    out: list[Change] = []

    def add(kind: str, code: str, label: tuple[str, str], before: Any = None, after: Any = None):  # type: ignore[no-untyped-def]
        out.append(Change(kind, code, label, before, after))

    for n, b in new.buildings.items():
        label = (f"{n}号楼", f"{n}号楼")
        was = old.buildings.get(n)
        if was is None:
            add("building_added", str(n), label, None, _company(new, b.company))
            continue
        if was.company != b.company:
            add(
                "building_company",
                str(n),
                label,
                _company(old, was.company),
                _company(new, b.company),
            )
        size = (b.units, b.floors, b.rooms_per_floor)
        if (was.units, was.floors, was.rooms_per_floor) != size:
            add(
                "building_size",
                str(n),
                label,
                [was.units, was.floors, was.rooms_per_floor],
                list(size),
            )
    for code, c in new.companies.items():
        label = (c.name, c.name_en or c.name)
        was_c = old.companies.get(code)
        if was_c is None:
            add("company_added", code, label)
            continue
        if (was_c.name, was_c.name_en, was_c.short_name) != (c.name, c.name_en, c.short_name):
            before = [was_c.name, was_c.name_en or was_c.name]
            add("company_renamed", code, label, before, [c.name, c.name_en or c.name])
        if sorted(was_c.aliases) != sorted(c.aliases) or was_c.phone != c.phone:
            add(
                "company_words",
                code,
                label,
                {"aliases": sorted(was_c.aliases), "phone": was_c.phone},
                {"aliases": sorted(c.aliases), "phone": c.phone},
            )
    for code, c in old.companies.items():
        if code not in new.companies:
            add("company_removed", code, (c.name, c.name_en or c.name))
    for code, i in new.items.items():
        label = (i.name, i.name_en)
        was_i = old.items.get(code)
        if was_i is None:
            add("item_added", code, label, None, i.scope)
            continue
        if was_i.scope != i.scope:
            add("item_scope", code, label, was_i.scope, i.scope)
        if _limits(was_i) != _limits(i):
            add("item_limits", code, label, _limits(was_i), _limits(i))
        if (was_i.name, was_i.name_en) != (i.name, i.name_en):
            add("item_renamed", code, label, [was_i.name, was_i.name_en], [i.name, i.name_en])
        fields = ("keywords", "hints", "excludes")
        words_before = {**_words(was_i, fields), "where": was_i.where}
        words_after = {**_words(i, fields), "where": i.where}
        if words_before != words_after:
            add("item_words", code, label, words_before, words_after)
    for code, i in old.items.items():
        if code not in new.items:
            add("item_removed", code, (i.name, i.name_en), i.scope, None)
    for code, p in new.places.items():
        was_p = old.places.get(code)
        if was_p is None:
            add("place_added", code, (p.name, p.name))
        elif was_p.name != p.name:
            add("place_renamed", code, (p.name, p.name), was_p.name, p.name)
        elif sorted(was_p.aliases) != sorted(p.aliases):
            add("place_words", code, (p.name, p.name), sorted(was_p.aliases), sorted(p.aliases))
    for code, p in old.places.items():
        if code not in new.places:
            add("place_removed", code, (p.name, p.name))
    if (old.info.get("name"), old.info.get("name_en")) != (
        new.info.get("name"),
        new.info.get("name_en"),
    ):
        before = [old.info.get("name", ""), old.info.get("name_en", "")]
        after = [new.info.get("name", ""), new.info.get("name_en", "")]
        add("estate_renamed", "", (after[0], after[1] or after[0]), before, after)
    if old.cues != new.cues:
        add(
            "cues",
            "",
            ("", ""),
            {"inside": sorted(old.cues.inside), "outside": sorted(old.cues.outside)},
            {"inside": sorted(new.cues.inside), "outside": sorted(new.cues.outside)},
        )
    order = {k: n for n, k in enumerate(KINDS)}
    return sorted(out, key=lambda c: order[c.kind])


def words_moved(before: Any, after: Any) -> tuple[list[str], list[str]]:
    """(added, removed) words between two word lists or dicts of word lists."""

    def flat(value: Any) -> set[str]:
        if isinstance(value, dict):
            return {w for words in value.values() if isinstance(words, list) for w in words}
        return {str(w) for w in value or () if w}

    b, a = flat(before), flat(after)
    return sorted(a - b), sorted(b - a)
