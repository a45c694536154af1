"""`handouts validate`: check every file given and report all problems together."""

from __future__ import annotations

from pathlib import Path

from handouts.errors import HandoutsError, Problems
from handouts.inputs.clinic import CLINIC_FIELDS, clinic_overlays, load_clinic
from handouts.inputs.content import TOP_KEYS, load_content
from handouts.inputs.profile import PROFILE_FIELDS, profile_from_doc
from handouts.inputs.roster import ROSTER_SUFFIXES
from handouts.inputs.yamlfile import Doc, load

CLINIC_ONLY = set(CLINIC_FIELDS) - set(PROFILE_FIELDS)
CONTENT_ONLY = set(TOP_KEYS) - set(PROFILE_FIELDS)


def kind_of(file: Path) -> tuple[str, Doc | None]:
    """What a file is, judged from its shape: a folder of content, a roster, a clinic file or a
    profile; with the parsed YAML, so that nothing is read twice."""
    if file.is_dir():
        return "content", None
    if file.suffix.lower() in ROSTER_SUFFIXES:
        return "roster", None
    doc = load(file)
    keys = set(doc.value) if isinstance(doc.value, dict) else set()
    if keys & CLINIC_ONLY:
        return "clinic", doc
    if keys & CONTENT_ONLY:
        return "content", doc
    return "profile", doc


def validate_files(files: tuple[Path, ...]) -> list[str]:
    """One line per good file; every problem of every bad file raised together.

    Content folders given directly, and those a clinic file names, are checked as overlays on
    the bundled content, and profiles and clinic files are checked against the result.
    """
    problems = Problems()
    kinds = {file: _kind_or_none(file) for file in files}  # each file is read once, here
    overlays = tuple(f if f.is_dir() else f.parent for f, (kind, _) in kinds.items()
                     if kind == "content")
    for kind, doc in kinds.values():
        if kind == "clinic" and doc is not None:
            try:
                overlays += clinic_overlays(doc)
            except HandoutsError as err:
                problems.extend(err)
    summary = []
    try:
        content = load_content(overlays)
    except HandoutsError as err:
        problems.extend(err)
        content = load_content()
    else:
        summary += [f"ok: {folder} (content)" for folder in overlays]
    for file in files:
        kind, doc = kinds[file]
        if kind == "content":
            continue
        try:
            if not kind:
                kind_of(file)  # a file that could not be read says why here
            elif kind == "roster":
                from handouts.inputs.rows import check_roster

                kind = f"roster, {check_roster(file, content)} children"
            elif kind == "clinic" and doc is not None:
                load_clinic(doc, content)
            elif doc is not None:
                profile_from_doc(doc, content)
            summary.append(f"ok: {file} ({kind})")
        except HandoutsError as err:
            problems.extend(err)
    problems.raise_if_any()
    return summary


def _kind_or_none(file: Path) -> tuple[str, Doc | None]:
    try:
        return kind_of(file)
    except HandoutsError:
        return "", None
