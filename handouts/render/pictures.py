"""Page pictures for a quick look at a packet, drawn by PDFium (pypdfium2), which pip installs
with the tool on Linux, macOS and Windows, so previews need no other program."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium

from handouts.errors import HandoutsError
from handouts.inputs.yamlfile import open_regular
from handouts.output import write_atomically

RESOLUTION = 60  # dots per inch: enough to see the layout, small enough to open at once
# The longest side of a picture, whatever the page's size: a poster-sized page drawn at the
# resolution above would take a gigabyte of memory for a quick look.
MAX_PICTURE_PIXELS = 2_000


def _prefix(pdf: Path) -> str:
    return f"{pdf.stem}-page"


def existing_previews(pdf: Path) -> list[Path]:
    """`packet-page-01.png` ... already beside the PDF (pictures of an earlier build, or not)."""
    pattern = re.compile(re.escape(_prefix(pdf)) + r"-\d+\.png")
    try:
        return sorted(p for p in pdf.parent.iterdir() if pattern.fullmatch(p.name)
                      and (p.is_symlink() or p.exists()))
    except OSError:
        return []


def check_previews(pdf: Path, *, force: bool) -> None:
    """Refuse before anything is written if page pictures would replace files without --force."""
    found = existing_previews(pdf)
    if found and not force:
        raise HandoutsError(f"page pictures are already there ({found[0].name}"
                            f"{' ...' if len(found) > 1 else ''}); use --force to replace them",
                            file=pdf.parent / found[0].name)


def write_previews(pdf: Path, *, force: bool, resolution: int = RESOLUTION) -> list[Path]:
    """`packet.pdf` → `packet-page-01.png`, ... beside it; the list of pictures written."""
    check_previews(pdf, force=force)
    stream = open_regular(pdf, what="PDF")
    try:
        document = pdfium.PdfDocument(stream, autoclose=True)
    except pdfium.PdfiumError as err:
        stream.close()
        raise HandoutsError(f"could not read this PDF ({err})", file=pdf) from None
    try:
        if len(document) == 0:
            raise HandoutsError("this PDF has no pages to picture", file=pdf)
        digits = max(2, len(str(len(document))))
        for old in existing_previews(pdf):
            try:
                old.unlink()  # a longer PDF's pictures must not linger beside a shorter one's
            except OSError as err:
                raise HandoutsError(f"cannot replace an old picture ({err.strerror})",
                                    file=old) from None
        pictures = []
        for number, page in enumerate(document, start=1):
            longest = max(*page.get_size(), 1.0)
            scale = min(resolution / 72, MAX_PICTURE_PIXELS / longest)
            picture = BytesIO()
            page.render(scale=scale).to_pil().save(picture, format="PNG")
            path = pdf.with_name(f"{_prefix(pdf)}-{number:0{digits}d}.png")
            write_atomically(path, picture.getvalue(), force=True)
            pictures.append(path)
        return pictures
    finally:
        document.close()
