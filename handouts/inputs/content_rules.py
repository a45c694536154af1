"""What an overlay may say: text that fits the page, label marks the code fills in, safety
content kept, and wording in every language asked for.

`load_content` runs these on the merged pack, so `build`, `batch` and `validate` refuse the
same content, each problem at its file and line, before any packet is laid out.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from handouts.errors import Problem, Problems
from handouts.inputs.checks import Reader, unknown_message
from handouts.models import Text

if TYPE_CHECKING:
    from handouts.inputs.content import Origin, Pack

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



def protected(pack: Pack) -> set[str]:
    """Safety content a clinic may reword but never hide: the one list `hide:` is checked against.

    Every emergency sign, and the "call your team right away" group with each of its signs.
    """
    ids = set(pack.items["emergency_signs"])
    for group in pack.items["groups"].values():
        if group["urgent"]:
            ids |= {group["id"], *(item.id for item in group["items"])}
    return ids


def marks(text: Text) -> set[str]:
    """The `{name}` marks a label's wordings use."""
    return {mark for wording in text.values()
            for _, mark, _, _ in string.Formatter().parse(wording) if mark is not None}


def label_ok(read: Reader, name: str, text: Text, allowed: dict[str, set[str]] | None) -> bool:
    """A label may use only the marks the code fills in, as plain `{name}`.

    The code fills in a label with `str.format`: an unknown mark stops every packet, and a
    mark with an attribute or a format (`{name.__class__}`, `{name:>300000000}`) prints
    Python's internals or takes gigabytes. The bundled labels say which marks each one takes.
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
        if name == "months" and len(wording.split()) != MONTHS:
            read.problem(path, f"must name the twelve months, January first, separated by spaces; "
                         f"found {len(wording.split())} words")
            ok = False
    return ok


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
                found = Problems(origin.doc.file)
                Reader(origin.doc, found).problem(origin.path + (key,), (
                    f"its cell of the side-effect table holds {total:,} characters in {lang!r}; "
                    f"the most accepted is {most:,}, so the row fits on one page"))
                problems.found.extend(found.found)


def check_hidden(pack: Pack, problems: Problems) -> None:
    """`hide:` names only ids that exist; and a group given with `replace: true` keeps every
    bundled sign of the "call right away" group (hiding one is refused as it is read)."""
    known = {item_id for items in pack.items.values() for item_id in items}
    known |= {i.id for g in pack.items["groups"].values() for i in g["items"]}

    def report(origin: Origin, message: str) -> None:
        found = Problems(origin.doc.file)
        Reader(origin.doc, found).problem(origin.path, message)
        problems.found.extend(found.found)

    for hidden, origin in pack.hide_origins.items():
        if hidden not in known:
            report(origin, unknown_message("id", hidden, sorted(known)))
    kept = protected(pack)
    groups = [g for g in pack.protected if ("groups", g) in pack.origins]
    for dropped in sorted(pack.protected - kept - pack.hidden):
        message = (f"the \"call right away\" sign {dropped!r} is missing; every packet keeps "
                   "the bundled signs (add or reword signs, do not replace the group)")
        for group in groups:
            report(pack.origins[("groups", group)], message)


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
        found = Problems(origin.doc.file)
        Reader(origin.doc, found).problem(origin.path, message)
        problems.found.extend(found.found)

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
