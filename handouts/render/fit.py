"""Does page 1 hold its safety boxes? Measured with the same flowables the packet draws.

Page 1 is full in the largest layouts: a clinic that adds or lengthens emergency signs can push
"Call 911 now if" (large print) or the fever box (normal print) onto page 2. This lays out the
title and those boxes alone, so `build`, `card`, `batch` and `validate` refuse such content
before any packet is drawn.
"""

from __future__ import annotations

import io

from reportlab.platypus import Spacer

from handouts.packet import blocks as d
from handouts.render.fonts import fonts
from handouts.render.layout import layout_for
from handouts.render.outputs import Options
from handouts.render.page import PacketTemplate
from handouts.render.pdf import _Story


def front_fits(doc: d.Document, options: Options) -> bool:
    """The title and page 1's boxes fit one page: both boxes in normal print; in large print
    the emergency box (the fever box may start page 2 there)."""
    font_set = fonts()
    layout = layout_for(options)
    template = PacketTemplate(io.BytesIO(), doc, layout, options, font_set, "")
    story = _Story(layout, options, font_set, template.width, template.height)
    boxes = doc.front if not options.large_print else doc.front[:1]
    flowables = [*story.title_block(doc), Spacer(1, layout.body * 0.3)]
    for box in boxes:  # as story.front lays them out, without the KeepTogether around each
        flowables += [story.frame(box), Spacer(1, layout.body * 0.4)]
    used = 0.0
    for i, flowable in enumerate(flowables[:-1]):  # not the space after the last box
        _, height = flowable.wrap(template.width, template.height)
        # A frame drops the space before its first flowable.
        used += height + (flowable.getSpaceBefore() if i else 0) + flowable.getSpaceAfter()
    return bool(used <= template.height)
