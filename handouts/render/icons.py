"""The packet's pictures: simple black line icons, drawn by the project, one geometry each.

Each icon is a list of drawing steps in a 24 x 24 box (y grows downward, as in SVG). The PDF
draws the steps as vector paths on the reportlab canvas (`draw`) and the HTML page writes the
same steps as an inline SVG (`svg`), so both show the same picture from the same numbers.
Pictures never stand alone: every one is printed beside its label, or carries it as the SVG's
title, because an icon without words can be misread.

Steps: ("M", x, y) move, ("L", x, y) line, ("C", x1, y1, x2, y2, x, y) curve, ("Z",) close,
("O", cx, cy, r) a circle outline, ("D", cx, cy, r) a filled dot.
"""

from __future__ import annotations

from typing import Any

Step = tuple[Any, ...]
BOX = 24.0
STROKE = 2.0

ICONS: dict[str, tuple[Step, ...]] = {
    # A warning triangle with an exclamation mark.
    "emergency": (("M", 12, 2.5), ("L", 22.5, 21), ("L", 1.5, 21), ("Z",),
                  ("M", 12, 9), ("L", 12, 14.5), ("D", 12, 17.8, 1.4)),
    # A phone handset with a clock: the number that answers day and night.
    "phone-24h": (("M", 3, 5), ("L", 7, 5), ("L", 9, 9), ("L", 7, 11),
                  ("C", 8, 13.5, 10.5, 16, 13, 17), ("L", 15, 15), ("L", 19, 17), ("L", 19, 21),
                  ("C", 10, 21, 3, 14, 3, 5), ("Z",),
                  ("O", 17.5, 6.5, 4.5), ("M", 17.5, 4), ("L", 17.5, 6.5), ("L", 19.5, 7.5)),
    # A thermometer: tube, bulb and marks.
    "thermometer": (("M", 10, 15.2), ("L", 10, 4), ("C", 10, 2.9, 10.9, 2, 12, 2),
                    ("C", 13.1, 2, 14, 2.9, 14, 4), ("L", 14, 15.2),
                    ("O", 12, 18, 3.5), ("M", 12, 16.5), ("L", 12, 8), ("D", 12, 18, 1.6),
                    ("M", 16.5, 6), ("L", 18.5, 6), ("M", 16.5, 9.5), ("L", 18.5, 9.5),
                    ("M", 16.5, 13), ("L", 18.5, 13)),
    # An open hand with drops of water.
    "hand-washing": (("M", 9, 13), ("L", 9, 7), ("M", 12, 12), ("L", 12, 4.5),
                     ("M", 15, 12), ("L", 15, 5.5), ("M", 18, 13), ("L", 18, 8),
                     ("M", 9, 13), ("C", 9, 21.5, 18, 21.5, 18, 13), ("M", 9, 15), ("L", 6, 12),
                     ("M", 4, 2.5), ("C", 4, 2.5, 2, 5.5, 2, 6.5), ("C", 2, 7.6, 2.9, 8.5, 4, 8.5),
                     ("C", 5.1, 8.5, 6, 7.6, 6, 6.5), ("C", 6, 5.5, 4, 2.5, 4, 2.5), ("Z",),
                     ("O", 21.5, 3.5, 1.5)),
    # A face mask with pleats and ear loops.
    "mask": (("M", 5, 8), ("C", 9, 6.5, 15, 6.5, 19, 8), ("L", 19, 15),
             ("C", 15, 18, 9, 18, 5, 15), ("Z",), ("M", 8, 10.5), ("L", 16, 10.5),
             ("M", 8, 13.5), ("L", 16, 13.5), ("M", 5, 9), ("C", 1.5, 9, 1.5, 14, 5, 14),
             ("M", 19, 9), ("C", 22.5, 9, 22.5, 14, 19, 14)),
    # A soft toothbrush.
    "mouth-care": (("M", 2, 16.5), ("L", 12, 16.5), ("M", 12, 15), ("L", 22, 15), ("L", 22, 18),
                   ("L", 12, 18), ("Z",), ("M", 13.5, 15), ("L", 13.5, 10), ("M", 16.3, 15),
                   ("L", 16.3, 10), ("M", 19.1, 15), ("L", 19.1, 10), ("M", 21.5, 15),
                   ("L", 21.5, 10)),
    # A dressing on the skin with the line coming out of it, clamped, and its cap.
    "central-line": (("M", 2, 12), ("L", 13, 12), ("L", 13, 22), ("L", 2, 22), ("Z",),
                     ("M", 7.5, 17), ("C", 7.5, 9, 11, 5, 17.5, 5), ("M", 14.5, 2.5),
                     ("L", 14.5, 7.5), ("M", 17.5, 3.5), ("L", 21.5, 3.5), ("L", 21.5, 6.5),
                     ("L", 17.5, 6.5), ("Z",)),
    # A fork beside a plate.
    "food": (("M", 2.5, 3), ("L", 2.5, 8), ("M", 5.5, 3), ("L", 5.5, 8),
             ("M", 2.5, 8), ("C", 2.5, 10.2, 5.5, 10.2, 5.5, 8), ("M", 4, 9.6), ("L", 4, 21),
             ("O", 15, 12, 7), ("O", 15, 12, 3.8)),
    # A paw print.
    "pets": (("M", 12, 21), ("C", 8, 21, 7, 18, 8.5, 16), ("C", 10, 13.5, 14, 13.5, 15.5, 16),
             ("C", 17, 18, 16, 21, 12, 21), ("Z",), ("O", 5.5, 11, 2), ("O", 9.5, 6.5, 2),
             ("O", 14.5, 6.5, 2), ("O", 18.5, 11, 2)),
    # A calendar page.
    "calendar": (("M", 3, 5), ("L", 21, 5), ("L", 21, 21), ("L", 3, 21), ("Z",),
                 ("M", 3, 10), ("L", 21, 10), ("M", 8, 2.5), ("L", 8, 7), ("M", 16, 2.5),
                 ("L", 16, 7), ("D", 8, 14, 1.1), ("D", 12, 14, 1.1), ("D", 16, 14, 1.1),
                 ("D", 8, 17.5, 1.1), ("D", 12, 17.5, 1.1)),
}
NAMES = tuple(ICONS)


def draw(canv: Any, name: str, x: float, y: float, size: float) -> None:
    """Draw the icon as vector paths with its box's lower-left corner at (x, y).

    Only paths: no text is drawn, so no font (and no unembedded Helvetica) comes with it.
    """
    scale = size / BOX
    canv.saveState()
    canv.translate(x, y + size)
    canv.scale(scale, -scale)
    canv.setStrokeColorRGB(0, 0, 0)
    canv.setFillColorRGB(0, 0, 0)
    canv.setLineWidth(STROKE)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    path = canv.beginPath()
    dots = []
    for step in ICONS[name]:
        kind, *n = step
        if kind == "M":
            path.moveTo(*n)
        elif kind == "L":
            path.lineTo(*n)
        elif kind == "C":
            path.curveTo(*n)
        elif kind == "Z":
            path.close()
        elif kind == "O":
            path.circle(*n)
        else:
            dots.append(n)
    canv.drawPath(path, stroke=1, fill=0)
    for cx, cy, r in dots:
        canv.circle(cx, cy, r, stroke=0, fill=1)
    canv.restoreState()


def _num(value: float) -> str:
    return f"{value:g}"


def svg(name: str, label: str, *, size: str = "1.75em") -> str:
    """The icon as inline SVG, named by its label (`aria-label`) for screen readers.

    No `<title>` element: the label is said once, and a heading's text stays its own words.
    """
    from html import escape

    d: list[str] = []
    shapes: list[str] = []
    for step in ICONS[name]:
        kind, *n = step
        if kind in ("M", "L", "C"):
            d.append(kind + " ".join(_num(v) for v in n))
        elif kind == "Z":
            d.append("Z")
        else:
            cx, cy, r = (_num(v) for v in n)
            fill = 'fill="#000" stroke="none"' if kind == "D" else ""
            shapes.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" {fill}/>'.replace(" />", "/>"))
    text = escape(label, quote=True)
    return (f'<svg class="icon" viewBox="0 0 24 24" width="{size}" height="{size}" role="img" '
            f'aria-label="{text}" fill="none" stroke="#000" stroke-width="{_num(STROKE)}" '
            f'stroke-linecap="round" stroke-linejoin="round">'
            f'<path d="{" ".join(d)}"/>{"".join(shapes)}</svg>')
