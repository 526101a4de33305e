"""A closing block (signatures, the sign-off with the seal) that never stands alone on a page.

reportlab's keepWithNext moves the paragraph before a block to the next page whole, which leaves a
long clause's page half empty, or keeps nothing with it once the paragraph is longer than a page.
KeepWithLead holds the block together with the flowables before it (its "lead"): when they do not
all fit, the last lead paragraph splits so that at least its last two lines go with the block to
the next page; a lead too short to split goes whole.
"""
from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Spacer

_EPSILON = 0.01


def _height(flowable: Flowable, width: float, room: float) -> float:
    _, height = flowable.wrap(width, room)
    return height + flowable.getSpaceBefore() + flowable.getSpaceAfter()


class KeepWithLead(Flowable):
    def __init__(self, lead: list[Flowable], block: list[Flowable]):
        super().__init__()
        self.lead = [f for f in lead if not isinstance(f, CondPageBreak)]   # the block keeps room itself
        self.block = list(block)

    @property
    def parts(self) -> list[Flowable]:
        return self.lead + self.block

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = sum(_height(f, availWidth, availHeight) for f in self.parts)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """What fits stays. The first lead that does not fit splits (its tail and the rest go on
        with the block); when it cannot (or all the lead fits but the block does not), the lead
        before it gives its end — at least two lines, or its last row — to go along. Only when
        nothing splits does the lead move whole, a heading with the text under it; when nothing
        can stay at all: [] (the whole closing goes to the next page)."""
        heights = [_height(f, availWidth, availHeight) for f in self.lead]
        index, used = 0, 0.0
        while index < len(self.lead) and used + heights[index] <= availHeight + _EPSILON:
            used += heights[index]
            index += 1
        for j in range(min(index, len(self.lead) - 1), -1, -1):
            pieces = self._split_at(j, availWidth, availHeight - sum(heights[:j]))
            if pieces:
                return pieces
        while 0 < index < len(self.lead) and getattr(self.lead[index - 1], "heading", False):
            index -= 1           # a heading goes with the text under it
        if 0 < index < len(self.lead):
            return self.lead[:index] + [KeepWithLead(self.lead[index:], self.block)]
        return []

    def _split_at(self, index: int, width: float, room: float) -> list[Flowable]:
        flowable = self.lead[index]
        if isinstance(flowable, Spacer):
            return []            # a gap carried alone to the next page is nothing to keep
        room -= flowable.getSpaceBefore()
        pieces = flowable.split(width, room) if room > 0 else []
        if len(pieces) == 2:
            return self.lead[:index] + [pieces[0], KeepWithLead([pieces[1]] + self.lead[index + 1:], self.block)]
        return []

    def drawOn(self, canvas, x, y, _sW=0):
        """Drawn in one piece when it fits: each part below the one before it."""
        top = y + self.height
        for flowable in self.parts:
            width, height = flowable.wrap(self.width, self.height)
            top -= flowable.getSpaceBefore()
            offset = 0.0
            if getattr(flowable, "hAlign", "LEFT") == "RIGHT":
                offset = self.width - width
            elif getattr(flowable, "hAlign", "LEFT") in ("CENTER", "CENTRE"):
                offset = (self.width - width) / 2
            flowable.drawOn(canvas, x + offset, top - height)
            top -= height + flowable.getSpaceAfter()

    def draw(self):          # drawOn does the work
        pass
