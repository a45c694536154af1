"""The merged print file: every packet in roster order, each padded to an even page count."""

from __future__ import annotations

import io
from pathlib import Path

from handouts.errors import HandoutsError


def check_merge_target(merge: Path | None, *, force: bool) -> None:
    if merge is None:
        return
    if merge.is_dir():
        raise HandoutsError("is a folder; give a file name for the merged PDF", file=merge)
    if not merge.parent.is_dir():
        raise HandoutsError("the folder for this file does not exist", file=merge)
    if merge.exists() and not force:
        with merge.open("rb") as existing:
            if existing.read(5) != b"%PDF-":
                raise HandoutsError("exists and is not a PDF; refusing to replace it "
                                    "(use --force to replace it anyway)", file=merge)


def merge_packets(out_dir: Path, packets: list[tuple[str, str]], target: Path) -> int:
    """One PDF of all packets in roster order, each padded to an even page count.

    Printed double-sided, every child's packet then starts on a new sheet. Each packet gets a
    bookmark with the child's name; its own section bookmarks sit beneath it.
    """
    from pypdf import PdfReader, PdfWriter

    from handouts.output import write_atomically

    writer = PdfWriter()
    for name, title in packets:
        reader = PdfReader(out_dir / name)
        count = len(reader.pages)
        writer.append(reader, outline_item=title, import_outline=True)
        if count % 2:
            last = reader.pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    writer.add_metadata({"/Title": "Packets", "/Creator": "handouts"})
    out = io.BytesIO()
    writer.write(out)
    pages = len(writer.pages)
    write_atomically(target, out.getvalue(), force=True)
    return pages
