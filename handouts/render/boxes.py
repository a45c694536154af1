"""The boxes the packet and the fridge card share: a framed box, and a picture beside its words.

Every table names a font, even for empty cells: without one, reportlab falls back to
Helvetica, which is not embedded.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table, TableStyle


def framed(rows: list[list[Any]], widths: list[float], *, font: str, border: float, pad: float,
           row_pad: float, fill: Any = None, table: type[Table] = Table,
           **table_args: Any) -> Table:
    """A box of rows: `pad` inside the frame, `row_pad` between rows (a long box may continue
    on the next page between two rows when `table` allows it)."""
    box = table(rows, colWidths=widths, **table_args)
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), row_pad), ("BOTTOMPADDING", (0, 0), (-1, -1), row_pad),
        ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]
    if border:
        style.append(("BOX", (0, 0), (-1, -1), border, colors.black))
    if fill is not None:
        style.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    box.setStyle(TableStyle(style))
    return box


def side_by_side(cells: list[Any], widths: list[float | None], *, font: str,
                 align: str = "TOP") -> Table:
    """Flowables in one row, with no padding of their own."""
    row = Table([cells], colWidths=widths)
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), align), ("FONTNAME", (0, 0), (-1, -1), font),
                             *((pad, (0, 0), (-1, -1), 0) for pad in
                               ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING"))]))
    return row


def beside(picture: Flowable, words: Flowable, picture_width: float, *, font: str) -> Table:
    """A picture left of its heading or line; the words beside it are its label."""
    return side_by_side([picture, words], [picture_width, None], font=font, align="MIDDLE")
