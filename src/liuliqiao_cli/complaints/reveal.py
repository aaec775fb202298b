"""``--with-contacts``: putting residents' originals back where the ledger holds masked forms.

The ledger's texts hold masked forms (``139****5678``) and its ``contacts`` rows masked names and
phones, so every output is masked by construction. A reveal reads the companion file
(:mod:`liuliqiao_cli.store.companion`): a contact by its UUID, and for each complaint the masked
forms found in its texts with their originals, which replace them in the complaint's text, its
routing note and its history. A masked form that stands for two different originals in one
complaint stays masked. When the companion file is missing (or another ledger's), everything
stays masked and the companion says why (the command reports it once, at its end).

The caller records the reveal (an event of kind ``contacts`` or ``export``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from liuliqiao_cli.lazy_re import LazyPattern
from liuliqiao_cli.store import companion

ROWS_PER_LOOKUP = 500


def reveal_text(text: Any, pairs: dict[str, str | None]) -> Any:
    """``text`` with each masked form of ``pairs`` replaced by its original (ambiguous ones
    stay masked); anything that is not a string is returned as it is."""
    if not isinstance(text, str) or not pairs or "*" not in text:
        return text
    known = {m: o for m, o in pairs.items() if o is not None and m in text}
    if not known:
        return text
    pattern = re.compile("|".join(re.escape(m) for m in sorted(known, key=len, reverse=True)))
    return pattern.sub(lambda m: known[m.group(0)], text)


def reveal_data(data: Any, pairs: dict[str, str | None]) -> Any:
    """Every string in an event's data (nested dicts and lists too) revealed."""
    if isinstance(data, dict):
        return {k: reveal_data(v, pairs) for k, v in data.items()}
    if isinstance(data, list):
        return [reveal_data(v, pairs) for v in data]
    return reveal_text(data, pairs)


def _contact_uuids(conn: sqlite3.Connection, contact_ids: Iterable[int]) -> dict[int, str]:
    wanted = [i for i in dict.fromkeys(contact_ids) if i is not None]
    out: dict[int, str] = {}
    for i in range(0, len(wanted), 900):
        chunk = wanted[i : i + 900]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT id, uuid FROM contacts WHERE id IN ({marks})", chunk))
    return out


def reveal_complaint(conn: sqlite3.Connection, complaint: Any) -> Any:
    """``complaint`` (a ``read.Complaint``; read.py calls this module, so it is not imported
    here) with its contact, texts and history revealed, as far as the companion file holds
    them."""
    from copy import copy

    comp = companion.of(conn)
    if comp.reader() is None:
        return complaint
    pairs = comp.pairs([complaint.values["uuid"]]).get(complaint.values["uuid"], {})
    values = dict(complaint.values)
    for key in ("text", "routing_note"):
        values[key] = reveal_text(values[key], pairs)
    reporter, phone = complaint.reporter, complaint.phone
    contact_id = values.get("contact_id")
    if contact_id is not None:
        uuid = _contact_uuids(conn, [contact_id]).get(contact_id)
        reporter, phone = comp.contacts([uuid] if uuid else []).get(uuid or "", (reporter, phone))
    events = [e._replace(data=reveal_data(e.data, pairs)) for e in complaint.events]
    shown = copy(complaint)  # Complaint is a plain class (start-up): a shallow copy, then set
    shown.values, shown.reporter, shown.phone, shown.events = values, reporter, phone, events
    return shown


def reveal_rows(
    conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Listing rows (keyed by ``LIST_COLUMNS``: ``uuid``, ``text``, ``reporter``, ``phone``)
    revealed, a few hundred at a time (memory stays flat)."""
    comp = companion.of(conn)
    if comp.reader() is None:
        yield from rows
        return
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= ROWS_PER_LOOKUP:
            yield from _reveal_batch(conn, comp, batch)
            batch = []
    if batch:
        yield from _reveal_batch(conn, comp, batch)


def _reveal_batch(
    conn: sqlite3.Connection, comp: companion.Companion, batch: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    uuids = [r["uuid"] for r in batch]
    links = companion.reporter_links(conn, uuids)
    people = comp.contacts(links.values())
    pairs = comp.pairs(uuids)
    out = []
    for row in batch:
        row = dict(row)
        known = pairs.get(row["uuid"], {})
        if "text" in row:
            row["text"] = reveal_text(row["text"], known)
        person = people.get(links.get(row["uuid"], ""))
        if person is not None:
            row["reporter"], row["phone"] = person
        out.append(row)
    return out


_UUID = LazyPattern(r'"uuid":"([0-9a-fA-F-]{36})"')
_COMPLAINT = LazyPattern(r'"complaint_id":"([0-9a-fA-F-]{36})"')


def reveal_jsonl(conn: sqlite3.Connection, lines: Iterable[str]) -> Iterator[str]:
    """Lines of the ledger exchange file (``export --with-contacts``) with contacts and the
    complaints' texts and history revealed; other lines pass unchanged. Only lines that hold a
    masked form (or a contact) are parsed again."""
    comp = companion.of(conn)
    if comp.reader() is None:
        yield from lines
        return
    for line in lines:
        if line.startswith('{"type":"contact"'):
            record = json.loads(line)
            name, phone = comp.contacts([record["uuid"]]).get(
                record["uuid"], (record.get("name"), record.get("phone"))
            )
            record.update(name=name, phone=phone)
            yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            continue
        if "*" not in line:
            yield line
            continue
        is_event = line.startswith('{"type":"event"')
        found = (_COMPLAINT if is_event else _UUID).search(line)
        if found is None:
            yield line
            continue
        pairs = comp.pairs([found.group(1)]).get(found.group(1))
        if not pairs:
            yield line
            continue
        record = json.loads(line)
        if is_event:
            data = json.loads(record.get("data") or "{}")
            record["data"] = json.dumps(
                reveal_data(data, pairs), ensure_ascii=False, sort_keys=True
            )
        else:
            for key in ("text", "routing_note"):
                record[key] = reveal_text(record.get(key), pairs)
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def contacts_in_text(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """For a table of ``list --with-contacts``: the reporter and phone in front of the text (the
    table has no contact column; JSON and CSV have ``reporter`` and ``phone``)."""
    for row in rows:
        who = " ".join(x for x in (row.get("reporter"), row.get("phone")) if x)
        yield {**row, "text": f"〔{who}〕{row['text']}"} if who else row


def reveal_agenda(conn: sqlite3.Connection, items: list[Any]) -> list[Any]:
    """A dossier's agenda items (``id``, ``text``, ``contact_name``, ``contact_phone``) revealed."""
    from dataclasses import replace

    comp = companion.of(conn)
    if comp.reader() is None or not items:
        return items
    ids = [item.id for item in items]
    links: dict[int, tuple[str, str | None]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        marks = ",".join("?" * len(chunk))
        for cid, cuuid, kuuid in conn.execute(
            "SELECT c.id, c.uuid, k.uuid FROM complaints c LEFT JOIN contacts k"
            f" ON k.id = c.contact_id WHERE c.id IN ({marks})",
            chunk,
        ):
            links[cid] = (cuuid, kuuid)
    people = comp.contacts(k for _, k in links.values() if k)
    pairs = comp.pairs(c for c, _ in links.values())
    out = []
    for item in items:
        cuuid, kuuid = links.get(item.id, ("", None))
        name, phone = people.get(kuuid or "", (item.contact_name, item.contact_phone))
        out.append(
            replace(
                item,
                text=reveal_text(item.text, pairs.get(cuuid, {})),
                contact_name=name,
                contact_phone=phone,
            )
        )
    return out


def revealed(conn: sqlite3.Connection) -> bool:
    """Whether this command read originals from the companion file (what to tell the user, and
    what to record)."""
    opened = companion.peek(conn)
    return opened is not None and opened.revealed
