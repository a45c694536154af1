"""Page pictures for a quick look at a packet, drawn by PDFium (pypdfium2), which pip installs
with the tool on Linux, macOS and Windows, so previews need no other program."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium

from handouts.errors import HandoutsError
from handouts.output import write_atomically

RESOLUTION = 60  # dots per inch: enough to see the layout, small enough to open at once


def write_previews(pdf: Path, resolution: int = RESOLUTION) -> list[Path]:
    """`packet.pdf` → `packet-page-01.png`, ... beside it; the list of pictures written."""
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as err:
        raise HandoutsError(f"could not read this PDF ({err})", file=pdf) from None
    try:
        if len(document) == 0:
            raise HandoutsError("this PDF has no pages to picture", file=pdf)
        digits = max(2, len(str(len(document))))
        prefix = f"{pdf.stem}-page"
        for old in pdf.parent.glob(f"{prefix}-*.png"):
            if old.is_file() or old.is_symlink():
                try:
                    old.unlink()  # a shorter PDF's pictures must not linger beside its own
                except OSError as err:
                    raise HandoutsError(f"cannot replace an old picture ({err.strerror})",
                                        file=old) from None
        pictures = []
        for number, page in enumerate(document, start=1):
            picture = BytesIO()
            page.render(scale=resolution / 72).to_pil().save(picture, format="PNG")
            path = pdf.with_name(f"{prefix}-{number:0{digits}d}.png")
            write_atomically(path, picture.getvalue(), force=True)
            pictures.append(path)
        return pictures
    finally:
        document.close()
