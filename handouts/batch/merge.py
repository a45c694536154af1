"""The merged print file: every packet in roster order, each padded to an even page count.

Printed double-sided, every child's packet then starts on a new sheet. Each packet gets a
bookmark with the child's name; its own section bookmarks sit beneath it.

pypdf's PdfWriter keeps every page of every packet in memory until it writes, so a long roster
needed gigabytes (11 GB for 20,000). Here each packet is read, its objects are copied straight
to the output file with new numbers, and it is let go: only each object's byte offset and a few
numbers per packet stay in memory (bench/merge.py measures it).

The merged file has one page-tree node, one bookmark and (when fillable) one parent form field
per child. The parent field's name is the packet's row (`row-007`), so every field's full name
(`row-007.top-1-1`) belongs to one child and typing into one child's packet never fills another's.
"""

from __future__ import annotations

import io
import os
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from handouts.batch.journal import JOURNAL
from handouts.batch.manifest import MANIFEST
from handouts.batch.names import LOCK, PACKET
from handouts.errors import HandoutsError
from handouts.output import check_writable, publish, temp_file

_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Part:
    """One packet to merge: its file, its bookmark title, and the name its form fields go under."""

    file: Path
    title: str
    field_group: str


class _Writer:
    """Objects written one after another, with the byte offset of each kept for the xref."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.offsets = array("Q", [0])
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.position = out.tell()

    def reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets) - 1

    def write(self, number: int, obj: PdfObject) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def finish(self, root: int, info: int) -> None:
        start = self.out.tell()
        count = len(self.offsets)
        self.out.write(f"xref\n0 {count}\n0000000000 65535 f \n".encode())
        for number in range(1, count):
            self.out.write(f"{self.offsets[number]:010d} 00000 n \n".encode())
        self.out.write(f"trailer\n<< /Size {count} /Root {root} 0 R /Info {info} 0 R >>\n"
                       f"startxref\n{start}\n%%EOF\n".encode())


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)


class _Copier:
    """Copies the objects one packet needs, numbering them anew in the output."""

    def __init__(self, writer: _Writer, reader: PdfReader) -> None:
        self.writer = writer
        self.reader = reader
        self.numbers: dict[int, int] = {}
        self.todo: list[tuple[int, int]] = []
        self.changes: dict[int, dict[str, PdfObject]] = {}

    def map_to(self, old: Any, number: int) -> None:
        """Refer to `old` as the output object `number`, made by the merger (never copied)."""
        if isinstance(old, IndirectObject):
            self.numbers[old.idnum] = number

    def number(self, ref: Any) -> int:
        found = self.numbers.get(ref.idnum)
        if found is None:
            found = self.numbers[ref.idnum] = self.writer.reserve()
            self.todo.append((ref.idnum, found))
        return found

    def value(self, obj: Any) -> Any:
        if isinstance(obj, IndirectObject):
            return _ref(self.number(obj))
        if isinstance(obj, StreamObject):
            copy: StreamObject = EncodedStreamObject() if "/Filter" in obj else StreamObject()
            for key, item in obj.items():
                if key != "/Length":
                    copy[NameObject(key)] = self.value(item)
            copy._data = obj._data  # the encoded bytes, as they are
            return copy
        if isinstance(obj, DictionaryObject):
            result = DictionaryObject()
            for key, item in obj.items():
                result[NameObject(key)] = self.value(item)
            return result
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.value(item) for item in obj)
        return obj

    def flush(self) -> None:
        while self.todo:
            old, new = self.todo.pop()
            obj = self.value(self.reader.get_object(old))
            for key, item in self.changes.pop(old, {}).items():
                obj[NameObject(key)] = item
            self.writer.write(new, obj)


def check_merge_target(target: Path, out_dir: Path, *, force: bool) -> None:
    """Refuse, before any work, a merge file that would replace a packet or anything not ours."""
    if target.name in (LOCK, JOURNAL, MANIFEST) or PACKET.match(target.name):
        try:
            inside = target.parent.resolve() == out_dir.resolve()
        except OSError:
            inside = False
        if inside:
            raise HandoutsError("is a packet's name in the out-dir (or one of the batch's own "
                                "files); give the merged file another name", file=target)
    check_writable(target, force=force)


def merge_packets(parts: list[Part], target: Path, *, force: bool) -> int:
    """`--merge`: every packet in one PDF, written whole to `target`. Returns the page count.

    The file is written under a temporary name beside the target (see output.temp_path) and
    renamed at the end; a run killed while merging leaves that name, which the next run removes.
    """
    with temp_file(target, buffering=1 << 20) as (out, temp):
        pages = merge_pdfs(parts, out)
    publish(temp, target, force=force)
    return pages


def _open(file: Path) -> PdfReader:
    """A packet read without following links; a damaged one names its file."""
    try:
        with os.fdopen(os.open(file, _READ), "rb") as handle:
            data = handle.read()
        return PdfReader(io.BytesIO(data))
    except OSError as err:
        raise HandoutsError(f"cannot be read ({err.strerror})", file=file) from None
    except (PyPdfError, ValueError, KeyError) as err:
        raise HandoutsError(f"cannot be read as a PDF ({type(err).__name__}); run the batch "
                            "again with --force to rebuild it", file=file) from None


def merge_pdfs(parts: list[Part], out: IO[bytes], *, title: str = "Packets") -> int:
    """Every part in order, each padded to an even page count; returns the page count."""
    merger = _Merger(out, len(parts))
    for part in parts:
        reader = _open(part.file)
        try:
            merger.add(reader, part)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise HandoutsError(f"cannot be read as a PDF ({type(err).__name__}); run the batch "
                                "again with --force to rebuild it", file=part.file) from None
    return merger.finish(title)


class _Merger:
    """The merged file's page tree, bookmarks and form, grown one packet at a time."""

    def __init__(self, out: IO[bytes], count: int) -> None:
        self.writer = writer = _Writer(out)
        self.pages_root, self.outline_root, self.catalog, self.info = (
            writer.reserve() for _ in range(4))
        self.bookmarks = array("Q", (writer.reserve() for _ in range(count)))
        self.nodes = array("Q")
        self.groups = array("Q")
        self.form: DictionaryObject | None = None
        self.pages = 0

    def add(self, reader: PdfReader, part: Part) -> None:
        writer, index = self.writer, len(self.nodes)
        root: Any = reader.trailer["/Root"].get_object()
        copier = _Copier(writer, reader)
        node = writer.reserve()
        self.nodes.append(node)
        source_tree: Any = root["/Pages"]
        copier.map_to(root.raw_get("/Pages"), node)
        pages = [copier.number(page.indirect_reference) for page in reader.pages]
        if len(pages) % 2:
            pages.append(self._blank(node, reader.pages[-1].mediabox))
        # Form fields: the packet's top-level fields go under one parent field named for its row.
        acro: Any = root.get("/AcroForm")
        fields: Any = acro.get_object().get("/Fields", []) if acro is not None else []
        if fields:
            group = writer.reserve()
            self.groups.append(group)
            for field in fields:
                copier.changes[field.idnum] = {"/Parent": _ref(group)}
            writer.write(group, DictionaryObject({
                NameObject("/T"): TextStringObject(part.field_group),
                NameObject("/Kids"): ArrayObject(_ref(copier.number(f)) for f in fields)}))
            if self.form is None:
                self.form = DictionaryObject({NameObject(k): copier.value(v)
                                              for k, v in acro.get_object().items()
                                              if k in ("/DA", "/DR")})
        # The packet's own bookmarks go beneath one bookmark with the child's name.
        item = DictionaryObject({
            NameObject("/Title"): TextStringObject(part.title),
            NameObject("/Parent"): _ref(self.outline_root),
            NameObject("/Dest"): ArrayObject([_ref(pages[0]), NameObject("/Fit")])})
        if index:
            item[NameObject("/Prev")] = _ref(self.bookmarks[index - 1])
        if index + 1 < len(self.bookmarks):
            item[NameObject("/Next")] = _ref(self.bookmarks[index + 1])
        outline: Any = root.get("/Outlines")
        if outline is not None:
            copier.map_to(root.raw_get("/Outlines"), self.bookmarks[index])
            outline = outline.get_object()
            if "/First" in outline:
                item[NameObject("/First")] = _ref(copier.number(outline.raw_get("/First")))
                item[NameObject("/Last")] = _ref(copier.number(outline.raw_get("/Last")))
                item[NameObject("/Count")] = NumberObject(-abs(int(outline.get("/Count", 0))))
        writer.write(self.bookmarks[index], item)
        tree = DictionaryObject({NameObject(k): copier.value(source_tree.raw_get(k))
                                 for k in _INHERITED if k in source_tree})
        tree.update({NameObject("/Type"): NameObject("/Pages"),
                     NameObject("/Parent"): _ref(self.pages_root),
                     NameObject("/Kids"): ArrayObject(_ref(p) for p in pages),
                     NameObject("/Count"): NumberObject(len(pages))})
        writer.write(node, tree)
        copier.flush()
        self.pages += len(pages)

    def _blank(self, node: int, box: Any) -> int:
        """An empty page the size of the packet's last, so the next child starts a new sheet."""
        blank = self.writer.reserve()
        self.writer.write(blank, DictionaryObject({
            NameObject("/Type"): NameObject("/Page"), NameObject("/Parent"): _ref(node),
            NameObject("/MediaBox"): ArrayObject(FloatObject(v) for v in
                                                 (box.left, box.bottom, box.right, box.top)),
            NameObject("/Resources"): DictionaryObject()}))
        return blank

    def finish(self, title: str) -> int:
        writer = self.writer
        writer.write(self.pages_root, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"), NameObject("/Count"): NumberObject(self.pages),
            NameObject("/Kids"): ArrayObject(_ref(n) for n in self.nodes)}))
        outlines = DictionaryObject({NameObject("/Type"): NameObject("/Outlines"),
                                     NameObject("/Count"): NumberObject(len(self.nodes))})
        if self.nodes:
            outlines[NameObject("/First")] = _ref(self.bookmarks[0])
            outlines[NameObject("/Last")] = _ref(self.bookmarks[len(self.nodes) - 1])
        writer.write(self.outline_root, outlines)
        catalog = DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                    NameObject("/Pages"): _ref(self.pages_root),
                                    NameObject("/Outlines"): _ref(self.outline_root),
                                    NameObject("/PageMode"): NameObject("/UseOutlines")})
        if self.form is not None:
            self.form[NameObject("/Fields")] = ArrayObject(_ref(g) for g in self.groups)
            catalog[NameObject("/AcroForm")] = self.form
        writer.write(self.catalog, catalog)
        writer.write(self.info, DictionaryObject({
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Creator"): TextStringObject("handouts")}))
        writer.finish(self.catalog, self.info)
        return self.pages
