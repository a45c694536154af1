"""What an overlay may say: text that fits the page, label marks the code fills in, safety
content kept, and wording in every language asked for.

`load_content` runs these on the merged pack, so `build`, `batch` and `validate` refuse the
same content, each problem at its file and line, before any packet is laid out.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handouts.errors import Problem, Problems
from handouts.inputs.checks import Reader, unknown_message
from handouts.inputs.yamlfile import Doc, PathKey
from handouts.models import Text

if TYPE_CHECKING:
    from handouts.inputs.content import Pack

# A question's `when:` tags, and the vocabulary each names.
TAG_KEYS = {"relapse_site": "relapse_sites", "all_type": "all_types", "treatments": "treatments"}

LANGUAGES = ("en", "es")
VOCABULARY_KINDS = ("languages", "relapse_sites", "all_types", "treatments", "sections")
# The longest wording each kind of text may have: longer does not fit on one page in the
# largest layout (18 pt large print, two languages side by side, Letter or A4). Measured with
# reportlab, and pinned by a test that builds every kind at its limit. Other text: 2,000.
MAX_CHARS = {"question": 400, "topic": 200, "checklist item": 400, "group title": 200,
             "side effect name": 60, "side effect description": 200, "side effect line": 200,
             "role name": 40, "role does": 500, "label": 120, "emergency sign": 160,
             "emergency sign short": 80}
# A side effect is one table row that cannot break across pages: its first cell holds the name,
# the description and the "call now if" title and lines, its second the "what helps" lines,
# its third the names of its roles (see _check_side_effect_row).
MAX_SIDE_EFFECT_CELL_CHARS = {"call_now_if": 330, "helps": 300, "roles": 140}
MONTHS = 12
# A clinic may add this many emergency signs to the bundled ones; whether the signs (added or
# reworded) still fit page 1 is measured on the laid-out page (render/fit.py).
EXTRA_EMERGENCY_SIGNS = 2
# The sections that carry safety content: the checklist holds the "call your team right away"
# list, the temperature log the fever sentences, the contacts page the numbers to call.
SAFETY_SECTIONS = ("checklist", "temperature-log", "contacts")



@dataclass
class Origin:
    """Where an item, a label or a `hide:` entry was read: its file and its path in it."""

    doc: Doc
    path: PathKey


def protected(pack: Pack) -> set[str]:
    """Safety content a clinic may reword but never hide: the one list `hide:` is checked against.

    Every emergency sign, the "call your team right away" group with each of its signs, and
    the sections that print them.
    """
    ids = set(pack.items["emergency_signs"]) | (set(SAFETY_SECTIONS) & set(pack.items["sections"]))
    for group in pack.items["groups"].values():
        if group["urgent"]:
            ids |= {group["id"], *(item.id for item in group["items"])}
    return ids


def marks(text: Text) -> set[str]:
    """The `{name}` marks a label's wordings use."""
    return {mark for wording in text.values()
            for _, mark, _, _ in string.Formatter().parse(wording) if mark is not None}


def label_ok(read: Reader, name: str, text: Text, allowed: dict[str, set[str]] | None) -> bool:
    """A label uses exactly the marks the bundled label uses, as plain `{name}`.

    The code fills in a label with `str.format`: an unknown mark stops every packet, and a
    mark with an attribute or a format (`{name.__class__}`, `{name:>300000000}`) prints
    Python's internals or takes gigabytes. A mark left out drops what the sentence must say:
    the temperature and the time from the fever rule, the number from "Call 911 now if".
    The bundled labels say which marks each one takes.
    """
    ok = True
    if allowed is not None and name not in allowed:
        read.problem(("labels", name), unknown_message("label", name, sorted(allowed)))
        return False
    for lang, wording in text.items():
        path = ("labels", name, lang)
        try:
            parts = list(string.Formatter().parse(wording))
        except ValueError:
            read.problem(path, "has a { or } without its pair; write {{ or }} for a brace itself")
            ok = False
            continue
        for _, name_in_mark, spec, conversion in parts:
            if name_in_mark is None:
                continue
            mark = ("{" + name_in_mark + (f"!{conversion}" if conversion else "")
                    + (f":{spec}" if spec else "") + "}")
            if spec or conversion or not name_in_mark.isidentifier():
                read.problem(path, f"{mark} is not allowed: a label may hold only plain marks "
                             "such as {name}")
                ok = False
            elif allowed is not None and name_in_mark not in allowed[name]:
                marks = ", ".join("{" + m + "}" for m in sorted(allowed[name])) or "no marks"
                read.problem(path, f"uses {mark}, which the packet does not fill in here; this "
                             f"label may use {marks}")
                ok = False
        missing = (allowed or {}).get(name, set()) - {part[1] for part in parts if part[1]}
        if missing:
            read.problem(path, "leaves out " + ", ".join("{" + m + "}" for m in sorted(missing))
                         + "; a reworded label keeps every mark of the bundled one, so the "
                         "packet still says what it must")
            ok = False
        if name == "months" and len(wording.split()) != MONTHS:
            read.problem(path, f"must name the twelve months, January first, separated by spaces; "
                         f"found {len(wording.split())} words")
            ok = False
    return ok


def report_at(origin: Origin, message: str, problems: Problems) -> None:
    """A problem at an item's own file and line, however many files were merged."""
    found = Problems(origin.doc.file)
    Reader(origin.doc, found).problem(origin.path, message)
    problems.found.extend(found.found)


def check_emergency_signs(pack: Pack, problems: Problems) -> None:
    """A limit on how many signs the emergency block holds, reported at each sign past it."""
    signs = [s for s in pack.items["emergency_signs"].values() if s["id"] not in pack.hidden]
    most = len(pack.protected & set(pack.items["emergency_signs"])) + EXTRA_EMERGENCY_SIGNS
    for sign in signs[most:]:
        report_at(pack.origins[("emergency_signs", sign["id"])], (
            f"is emergency sign number {signs.index(sign) + 1}; the \"call now\" block holds at "
            f"most {most} signs, so that it stays on page 1 with the fever box"), problems)


def check_side_effect_row(pack: Pack, sid: str, effect: dict[str, Any],
                           known: dict[str, set[str]], problems: Problems) -> None:
    """A side effect is one table row that cannot break across pages, so each of its three
    cells must fit one page: the name, description, "call now if" title and lines; the "what
    helps" lines; the names of its roles."""
    call_title = pack.labels.get("call_now_if", {}) if effect["call_now_if"] else {}
    roles = [pack.items["roles"][r]["name"] for r in effect["roles"] if r in known["roles"]]
    cells = {"call_now_if": [effect["name"], effect["description"], call_title,
                             *effect["call_now_if"]],
             "helps": list(effect["helps"]), "roles": roles}
    origin = pack.origins[("side_effects", sid)]
    for key, texts in cells.items():
        most = MAX_SIDE_EFFECT_CELL_CHARS[key]
        for lang in LANGUAGES:
            total = sum(len(t.get(lang, "")) for t in texts)
            if total > most:
                report_at(Origin(origin.doc, origin.path + (key,)), (
                    f"its cell of the side-effect table holds {total:,} characters in {lang!r}; "
                    f"the most accepted is {most:,}, so the row fits on one page"), problems)


def check_hidden(pack: Pack, problems: Problems) -> None:
    """`hide:` names only ids that exist; and a group given with `replace: true` keeps every
    bundled sign of the "call right away" group (hiding one is refused as it is read)."""
    known = {item_id for items in pack.items.values() for item_id in items}
    known |= {i.id for g in pack.items["groups"].values() for i in g["items"]}

    for hidden, origin in pack.hide_origins.items():
        if hidden not in known:
            report_at(origin, unknown_message("id", hidden, sorted(known)), problems)
    kept = protected(pack)
    groups = [g for g in pack.protected if ("groups", g) in pack.origins]
    for dropped in sorted(pack.protected - kept - pack.hidden):
        message = (f"the \"call right away\" sign {dropped!r} is missing; every packet keeps "
                   "the bundled signs (add or reword signs, do not replace the group)")
        for group in groups:
            report_at(pack.origins[("groups", group)], message, problems)


def check_wording(pack: Pack, language: str, problems: Problems) -> None:
    """Every wording a packet may print, in `language`, each missing one with its file and line."""
    def need(kind: str, item_id: str, texts: Sequence[Text], what: str) -> None:
        if item_id in pack.hidden or all(language in t for t in texts):
            return
        origin = pack.origins.get((kind, item_id))
        message = f"{what} {item_id!r} has no {language!r} wording; add one or choose another language"
        if origin is None:
            problems.add(message)
            return
        report_at(origin, message, problems)

    items = pack.items
    for kind in VOCABULARY_KINDS:
        for item in items[kind].values():
            need(kind, item["id"], [item["label"]], kind.rstrip("s").replace("_", " "))
    for t in items["topics"].values():
        need("topics", t["id"], [t["title"]], "topic")
    for q in items["questions"].values():
        need("questions", q["id"], [q["text"]], "question")
    for g in items["groups"].values():
        need("groups", g["id"], [g["title"]] if g["title"] else [],  "checklist group")
        for i in g["items"]:
            if i.id not in pack.hidden and language not in i.text:
                problems.found.append(Problem(f"checklist item {i.id!r} has no {language!r} "
                                              "wording; add one or choose another language", i.where))
    for r in items["roles"].values():
        need("roles", r["id"], [r["name"], r["does"]], "role")
    for sign in items["emergency_signs"].values():
        need("emergency_signs", sign["id"], [sign["text"], sign["short"]], "emergency sign")
    for e in items["side_effects"].values():
        need("side_effects", e["id"], [e["name"], e["description"], *e["helps"], *e["call_now_if"]],
             "side effect")
    for name, text in pack.labels.items():
        need("labels", name, [text], "label")


def check_replaced(pack: Pack, problems: Problems) -> None:
    """An old id is merged into one question only, or a profile naming it would be ambiguous."""
    seen: dict[str, str] = {}
    for qid, q in pack.items["questions"].items():
        for i, old in enumerate(q["replaces"]):
            if seen.setdefault(old, qid) != qid:
                message = f"{old!r} is already replaced by {seen[old]!r}"
                origin = pack.origins[("questions", qid)]
                found = Problems(origin.doc.file)
                Reader(origin.doc, found).problem(origin.path + ("replaces", i), message)
                problems.found.extend(found.found)


def check_references(pack: Pack, problems: Problems) -> None:
    """Every topic, role, tag and source an item names must exist once all layers are merged."""
    known = {kind: set(items) - pack.hidden for kind, items in pack.items.items()}
    # A hidden id that items still name is one mistake at its `hide:` line, not one per item.
    still_named: dict[str, list[str]] = {}

    def check(kind: str, item_id: str, sub: PathKey, value: str, target: str, what: str) -> None:
        if value in pack.hidden and value in pack.items[target] and value in pack.hide_origins:
            still_named.setdefault(value, []).append(item_id)
        elif value and value not in known[target]:
            origin = pack.origins[(kind, item_id)]
            report_at(Origin(origin.doc, origin.path + sub), f"unknown {what} {value!r}", problems)

    for qid, q in pack.items["questions"].items():
        check("questions", qid, ("topic",), q["topic"], "topics", "topic")
        for tag, values in q["when"].items():
            for value in values:
                check("questions", qid, ("when", tag), value, TAG_KEYS[tag], tag.replace("_", " "))
    for sid, s in pack.items["side_effects"].items():
        for i, role in enumerate(s["roles"]):
            check("side_effects", sid, ("roles", i), role, "roles", "role")
        for i, sign in enumerate(s["emergency"]):
            check("side_effects", sid, ("emergency", i), sign, "emergency_signs", "emergency sign")
        check_side_effect_row(pack, sid, s, known, problems)
    for kind in ("questions", "roles", "side_effects", "emergency_signs", "terms"):
        for item_id, item in pack.items[kind].items():
            check(kind, item_id, ("source",), item["source"], "sources", "source")
    for value, names in still_named.items():
        report_at(pack.hide_origins[value], (
            f"{value!r} is still named by {len(names)} item(s) ({', '.join(names[:3])}"
            f"{', ...' if len(names) > 3 else ''}); hide those too, or keep it"), problems)
    check_replaced(pack, problems)
    urgent = [g for g in pack.items["groups"].values() if g["urgent"] and g["id"] not in pack.hidden]
    if pack.items["groups"] and len(urgent) != 1:
        problems.add("the checklist needs exactly one group with `urgent: true` "
                     f"(the \"call right away\" group); found {len(urgent)}")
