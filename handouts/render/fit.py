"""Does page 1 hold its safety boxes? Measured with the same flowables the packet draws.

Page 1 is full in the largest layouts: a clinic that adds or lengthens emergency signs can push
"Call 911 now if" or the fever rule onto page 2. This lays out the title and those boxes alone,
so `build`, `card`, `batch` and `validate` refuse such content before any packet is drawn.
"""

from __future__ import annotations

import io

from reportlab.platypus import Flowable, KeepTogether, Spacer

from handouts.packet import blocks as d
from handouts.render.fonts import fonts
from handouts.render.layout import layout_for
from handouts.render.outputs import Options
from handouts.render.page import PacketTemplate
from handouts.render.pdf import _Story


def front_fits(doc: d.Document, options: Options) -> bool:
    """The title, the emergency box and the fever rule's box fit one page (in large print the
    fever reminders may follow on page 2, as the packet lays them out)."""
    font_set = fonts()
    layout = layout_for(options)
    template = PacketTemplate(io.BytesIO(), doc, layout, options, font_set, "")
    story = _Story(layout, options, font_set, template.width, template.height)
    flowables: list[Flowable] = [*story.title_block(doc, story.markup(doc.title)),
                                 Spacer(1, layout.body * 0.3)]
    kept = 0
    for flowable in story.front(doc.front):
        if kept == 2:  # the emergency box and the rule: what must be on page 1
            break
        if isinstance(flowable, KeepTogether):
            kept += 1
            flowables += flowable._content  # a KeepTogether cannot be measured off the page
        else:
            flowables.append(flowable)
    used = 0.0
    for i, flowable in enumerate(flowables):
        _, height = flowable.wrap(template.width, template.height)
        # A frame drops the space before its first flowable.
        used += height + (flowable.getSpaceBefore() if i else 0) + flowable.getSpaceAfter()
    return bool(used <= template.height)
