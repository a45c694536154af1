"""Loading the content pack: the bundled `data/` folder, then any clinic overlay folders.

Every YAML file in a content folder is a mapping whose top-level keys say what it adds
(`questions:`, `groups:`, `roles:` ...). Later folders win: an item whose id is already known
replaces it, and `hide: [ids]` removes items. Everything is checked, and cross-references
(topics, roles, tags, sources) are checked after all folders are merged, so a problem always
names the file and line of the item that has it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts import models
from handouts.errors import HandoutsError, Problems
from handouts.inputs.checks import Reader
from handouts.inputs.content_cache import cached_content
from handouts.inputs.content_rules import (
    LANGUAGES,
    MAX_CHARS,
    TAG_KEYS,
    VOCABULARY_KINDS,
    Origin,
    check_emergency_signs,
    check_hidden,
    check_references,
    check_wording,
    label_ok,
    marks,
    protected,
)
from handouts.inputs.yamlfile import Doc, PathKey, load
from handouts.models import ICON_NAMES, Content, Text
from handouts.resources import data_dir

LISTS = ("topics", "questions", "groups", "roles", "side_effects", "sources", "emergency_signs",
         "terms", "child_forms")
TOP_KEYS = (*VOCABULARY_KINDS, *LISTS, "labels", "hide", "reviewed", "content_version")
MAX_CONTENT_FILES = 200

@dataclass
class Pack:
    """Content as it is merged, before it is frozen into `models.Content`."""

    reviewed: str = ""
    items: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: {} for k in (*VOCABULARY_KINDS, *LISTS)})
    labels: dict[str, Text] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    hide_origins: dict[str, Origin] = field(default_factory=dict)
    # From the bundled layer: the marks each label may use, and the safety content no overlay
    # may hide or drop (see _protected).
    label_marks: dict[str, set[str]] | None = None
    protected: frozenset[str] = frozenset()


def load_content(overlays: Sequence[Path] = (), *, base: Path | None = None,
                 languages: Sequence[str] = ()) -> Content:
    """The bundled content (or another full pack as `base`, for tests) with each overlay folder
    laid on top, checked as a whole; from the cache when the same files made it before.

    With `languages`, every printed wording must exist in each of them (`validate --lang es`),
    so a missing Spanish wording is found for every item at once, not at the first packet.
    """
    layers = [(folder, _content_files(folder, overlay=layer > 0))
              for layer, folder in enumerate([base or data_dir(), *overlays])]
    return cached_content(layers, languages, lambda: _load(layers, languages))


def _load(layers: list[tuple[Path, list[Path]]], languages: Sequence[str]) -> Content:
    pack = Pack()
    problems = Problems()
    for layer, (_, files) in enumerate(layers):
        seen_in_layer: set[tuple[str, str]] = set()
        for file in files:
            try:
                doc = load(file, what="content file")
            except HandoutsError as err:
                problems.extend(err)
                continue
            _read_file(doc, pack, Problems(file), problems, seen_in_layer)
        if layer == 0:
            pack.label_marks = {name: marks(text) for name, text in pack.labels.items()}
            pack.protected = frozenset(protected(pack))
    check_references(pack, problems)
    check_hidden(pack, problems)
    check_emergency_signs(pack, problems)
    for language in languages:
        check_wording(pack, language, problems)
    problems.raise_if_any()
    return _freeze(pack)


def content_files(folder: Path) -> list[Path]:
    """The YAML files of a content folder, in the order they are read (`.YAML` too).

    A name that says YAML but is not a regular file (a FIFO, a device, a folder, a broken link)
    is refused by name: a file a clinic meant to load is never skipped without a word.
    """
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    for file in files:
        if not file.is_file():
            raise HandoutsError("is not a regular file (a FIFO, device, folder or broken link); "
                                "a content folder holds YAML files only", file=file)
    return files


def _content_files(folder: Path, *, overlay: bool) -> list[Path]:
    what = "content folder" if overlay else "bundled content folder"
    if not folder.is_dir():
        raise HandoutsError(f"no such {what}", file=folder)
    files = content_files(folder)
    if len(files) > MAX_CONTENT_FILES:
        raise HandoutsError(f"holds {len(files)} YAML files; the most accepted is {MAX_CONTENT_FILES}",
                            file=folder)
    return files


def _read_file(doc: Doc, pack: Pack, file_problems: Problems, problems: Problems,
               seen_in_layer: set[tuple[str, str]]) -> None:
    read = Reader(doc, file_problems)
    top = read.mapping((), doc.value, TOP_KEYS)
    if "reviewed" in top:
        date = read.date(("reviewed",), top["reviewed"])
        pack.reviewed = date.isoformat() if date else pack.reviewed
    read.string(("content_version",), top.get("content_version"))
    for kind, reader in _ITEM_READERS.items():
        for i, raw in enumerate(read.items((kind,), top.get(kind))):
            path: PathKey = (kind, i)
            item = reader(read, path, raw)
            if item is None:
                continue
            key = (kind, item["id"])
            if key in seen_in_layer:
                first = pack.origins[key]
                where = first.doc.file.name if first.doc.file else "this file"
                read.problem(path + ("id",), f"the id {item['id']!r} is used twice "
                             f"(also {where} line {first.doc.line(first.path)})")
                continue
            seen_in_layer.add(key)
            if kind == "groups" and key[1] in pack.items[kind] and not item.get("replace"):
                item = _merge_group(pack.items[kind][key[1]], item)
            pack.items[kind][item["id"]] = item
            pack.origins[key] = Origin(doc, path)
    labels = read.mapping(("labels",), top.get("labels"), list(top.get("labels") or {}))
    for name in labels:
        wording = read.text(("labels", name), labels[name], LANGUAGES, max_chars=MAX_CHARS["label"])
        if label_ok(read, name, wording, pack.label_marks):
            pack.labels[name] = wording
            pack.origins[("labels", name)] = Origin(doc, ("labels", name))
    safety = protected(pack)
    for i, raw in enumerate(read.items(("hide",), top.get("hide"))):
        hidden = read.string(("hide", i), raw)
        if hidden in safety:
            read.problem(("hide", i), f"{hidden!r} is safety content and cannot be hidden; "
                         "to reword it, give an item with the same id")
        elif hidden:
            pack.hidden.add(hidden)
            pack.hide_origins.setdefault(hidden, Origin(doc, ("hide", i)))
    problems.found.extend(file_problems.found)


def _merge_group(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """An overlay group with a known id adds or replaces items in it, keeping the rest."""
    items = {i.id: i for i in old["items"]}
    items.update({i.id: i for i in new["items"]})
    return {**old, **{k: v for k, v in new.items() if v}, "items": tuple(items.values())}


def _vocabulary(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "label"), required=("id", "label"))
    if not fields.get("id"):
        return None
    return {"id": read.string(path + ("id",), fields["id"]),
            "label": read.text(path + ("label",), fields.get("label"), LANGUAGES)}


def _source(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "title", "url"), required=("id", "title"))
    if not fields.get("id"):
        return None
    return {"id": read.string(path + ("id",), fields["id"]),
            "title": read.string(path + ("title",), fields.get("title"))}


def _where(read: Reader, path: PathKey) -> str:
    return f"{read.doc.file}:{read.doc.line(path)}"


def _sourced(read: Reader, path: PathKey, fields: dict[str, Any]) -> dict[str, Any]:
    reviewed = read.date(path + ("reviewed",), fields.get("reviewed"))
    return {"source": read.string(path + ("source",), fields.get("source")),
            "reviewed": reviewed.isoformat() if reviewed else "", "where": _where(read, path)}


def _topic(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "title", "opt_in"), required=("id", "title"))
    if not fields.get("id"):
        return None
    return {"id": read.string(path + ("id",), fields["id"]),
            "title": read.text(path + ("title",), fields.get("title"), LANGUAGES,
                               max_chars=MAX_CHARS["topic"]),
            "opt_in": read.boolean(path + ("opt_in",), fields.get("opt_in")),
            "where": _where(read, path)}


def _question(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "topic", "text", "priority", "when", "always", "replaces",
                                      "source", "reviewed"),
                          required=("id", "topic", "text"))
    if not fields.get("id"):
        return None
    when_raw = read.mapping(path + ("when",), fields.get("when"), tuple(TAG_KEYS))
    when = {key: read.strings(path + ("when", key), value) for key, value in when_raw.items()}
    priority = read.integer(path + ("priority",), fields.get("priority"), low=1, high=3)
    return {"id": read.string(path + ("id",), fields["id"]),
            "topic": read.string(path + ("topic",), fields.get("topic")),
            "text": read.text(path + ("text",), fields.get("text"), LANGUAGES,
                              max_chars=MAX_CHARS["question"]),
            "priority": priority or 2,
            "when": {k: v for k, v in when.items() if v},
            "always": read.boolean(path + ("always",), fields.get("always")),
            "replaces": read.strings(path + ("replaces",), fields.get("replaces")),
            **_sourced(read, path, fields)}


def _emergency_sign(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "text", "short", "source", "reviewed"),
                          required=("id", "text", "short"))
    if not fields.get("id"):
        return None
    return {"id": read.string(path + ("id",), fields["id"]),
            "text": read.text(path + ("text",), fields.get("text"), LANGUAGES,
                              max_chars=MAX_CHARS["emergency sign"]),
            "short": read.text(path + ("short",), fields.get("short"), LANGUAGES,
                               max_chars=MAX_CHARS["emergency sign short"]),
            **_sourced(read, path, fields)}


def _checklist_item(read: Reader, path: PathKey, raw: Any) -> models.ChecklistItem | None:
    fields = read.mapping(path, raw, ("id", "text", "source", "reviewed"), required=("id", "text"))
    if not fields.get("id"):
        return None
    return models.ChecklistItem(id=read.string(path + ("id",), fields["id"]),
                                text=read.text(path + ("text",), fields.get("text"), LANGUAGES,
                                               max_chars=MAX_CHARS["checklist item"]),
                                **_sourced(read, path, fields))


def _group(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "title", "urgent", "icon", "items", "replace"),
                          required=("id",))
    if not fields.get("id"):
        return None
    items = [_checklist_item(read, path + ("items", i), item)
             for i, item in enumerate(read.items(path + ("items",), fields.get("items")))]
    title = (read.text(path + ("title",), fields["title"], LANGUAGES,
                       max_chars=MAX_CHARS["group title"]) if "title" in fields else {})
    return {"id": read.string(path + ("id",), fields["id"]), "title": title,
            "urgent": read.boolean(path + ("urgent",), fields.get("urgent")),
            "icon": read.choice(path + ("icon",), fields.get("icon"), ICON_NAMES, "icon"),
            "replace": read.boolean(path + ("replace",), fields.get("replace")),
            "items": tuple(i for i in items if i is not None)}


def _role(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "name", "does", "source", "reviewed"),
                          required=("id", "name", "does"))
    if not fields.get("id"):
        return None
    return {"id": read.string(path + ("id",), fields["id"]),
            "name": read.text(path + ("name",), fields.get("name"), LANGUAGES,
                              max_chars=MAX_CHARS["role name"]),
            "does": read.text(path + ("does",), fields.get("does"), LANGUAGES,
                              max_chars=MAX_CHARS["role does"]),
            **_sourced(read, path, fields)}


def _side_effect(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "name", "description", "helps", "call_now_if",
                                      "emergency", "crisis", "roles", "source", "reviewed"),
                          required=("id", "name", "description", "roles"))
    if not fields.get("id"):
        return None

    def texts(key: str) -> tuple[Text, ...]:
        return tuple(read.text(path + (key, i), item, LANGUAGES,
                               max_chars=MAX_CHARS["side effect line"])
                     for i, item in enumerate(read.items(path + (key,), fields.get(key))))

    helps, call_now_if = texts("helps"), texts("call_now_if")
    name = read.text(path + ("name",), fields.get("name"), LANGUAGES,
                     max_chars=MAX_CHARS["side effect name"])
    description = read.text(path + ("description",), fields.get("description"), LANGUAGES,
                            max_chars=MAX_CHARS["side effect description"])
    roles = read.strings(path + ("roles",), fields.get("roles"))
    return {"id": read.string(path + ("id",), fields["id"]),
            "name": name, "description": description, "helps": helps, "call_now_if": call_now_if,
            "emergency": read.strings(path + ("emergency",), fields.get("emergency")),
            "crisis": read.boolean(path + ("crisis",), fields.get("crisis")),
            "roles": roles,
            **_sourced(read, path, fields)}


def _term(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "term", "means", "words", "source", "reviewed"),
                          required=("id", "term", "means"))
    if not fields.get("id"):
        return None
    words = read.text(path + ("words",), fields["words"], LANGUAGES) if "words" in fields else {}
    return {"id": read.string(path + ("id",), fields["id"]),
            "term": read.text(path + ("term",), fields.get("term"), LANGUAGES),
            "means": read.text(path + ("means",), fields.get("means"), LANGUAGES),
            "words": words, **_sourced(read, path, fields)}


def _child_form(read: Reader, path: PathKey, raw: Any) -> dict[str, Any] | None:
    fields = read.mapping(path, raw, ("id", "label", "swaps"), required=("id", "label"))
    if not fields.get("id"):
        return None
    by_language = read.mapping(path + ("swaps",), fields.get("swaps"), LANGUAGES)
    swaps: dict[str, tuple[tuple[str, str], ...]] = {}
    for lang, pairs in by_language.items():
        found = []
        for i, pair in enumerate(read.items(path + ("swaps", lang), pairs)):
            at = path + ("swaps", lang, i)
            words = read.strings(at, pair)
            if len(words) != 2 or not all(words):
                read.problem(at, "a swap is two phrases: [the usual wording, the wording to use]")
                continue
            found.append((words[0], words[1]))
        swaps[lang] = tuple(found)
    return {"id": read.string(path + ("id",), fields["id"]),
            "label": read.text(path + ("label",), fields.get("label"), LANGUAGES), "swaps": swaps}


_ITEM_READERS: dict[str, Callable[[Reader, PathKey, Any], dict[str, Any] | None]] = {
    **{kind: _vocabulary for kind in VOCABULARY_KINDS},
    "sources": _source, "topics": _topic, "questions": _question, "groups": _group,
    "roles": _role, "side_effects": _side_effect, "emergency_signs": _emergency_sign,
    "terms": _term, "child_forms": _child_form,
}


def _freeze(pack: Pack) -> Content:
    def live(kind: str) -> list[dict[str, Any]]:
        return [item for item_id, item in pack.items[kind].items() if item_id not in pack.hidden]

    def vocab(kind: str) -> tuple[models.VocabularyItem, ...]:
        return tuple(models.VocabularyItem(**item) for item in live(kind))

    return Content(
        reviewed=pack.reviewed,
        sources=tuple(models.Source(**s) for s in live("sources")),
        languages=vocab("languages"), relapse_sites=vocab("relapse_sites"),
        all_types=vocab("all_types"), treatments=vocab("treatments"), sections=vocab("sections"),
        topics=tuple(models.Topic(**t) for t in live("topics")),
        questions=tuple(models.Question(**q) for q in live("questions")),
        checklist=tuple(
            models.ChecklistGroup(id=g["id"], title=g["title"], urgent=g["urgent"], icon=g["icon"],
                                  items=tuple(i for i in g["items"] if i.id not in pack.hidden))
            for g in live("groups")),
        roles=tuple(models.Role(**r) for r in live("roles")),
        side_effects=tuple(models.SideEffect(**s) for s in live("side_effects")),
        labels=dict(pack.labels),
        emergency_signs=tuple(models.EmergencySign(**e) for e in live("emergency_signs")),
        glossary=tuple(models.GlossaryTerm(**t) for t in live("terms")),
        child_forms=tuple(models.ChildForm(**c) for c in live("child_forms")),
    )
