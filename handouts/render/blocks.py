"""The one place that sends each kind of document block to its drawing.

Every renderer (PDF, HTML, Markdown) subclasses BlockRenderer and draws each block type in a
method of its own. A renderer that lacks one cannot be instantiated, and mypy says so; a new
block type added to packet/blocks.py needs a case here, and mypy says that too (assert_never).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, Never, NoReturn, TypeVar

from handouts.packet import blocks as d

T = TypeVar("T")


def _no_drawing(block: Never) -> NoReturn:
    """Like typing.assert_never: mypy proves no block type reaches here; at run time a stray
    object is a TypeError naming it."""
    raise TypeError(f"no renderer has a drawing for {type(block).__name__}")


class BlockRenderer(ABC, Generic[T]):
    def block(self, block: d.Block) -> T:
        match block:
            case d.Paragraph():
                return self._paragraph(block)
            case d.HowTo():
                return self._howto(block)
            case d.EmergencyBox():
                return self._emergencybox(block)
            case d.CallBox():
                return self._callbox(block)
            case d.TopThree():
                return self._topthree(block)
            case d.QuestionGroup():
                return self._questiongroup(block)
            case d.CheckGroup():
                return self._checkgroup(block)
            case d.Glossary():
                return self._glossary(block)
            case d.TemperatureLog():
                return self._temperaturelog(block)
            case d.SideEffectTable():
                return self._sideeffecttable(block)
            case d.PhoneLine():
                return self._phoneline(block)
            case d.Website():
                return self._website(block)
            case d.Notes():
                return self._notes(block)
            case d.ContactTable():
                return self._contacttable(block)
            case _:
                _no_drawing(block)

    @abstractmethod
    def _paragraph(self, block: d.Paragraph) -> T: ...

    @abstractmethod
    def _howto(self, block: d.HowTo) -> T: ...

    @abstractmethod
    def _glossary(self, block: d.Glossary) -> T: ...

    @abstractmethod
    def _emergencybox(self, block: d.EmergencyBox) -> T: ...

    @abstractmethod
    def _callbox(self, block: d.CallBox) -> T: ...

    @abstractmethod
    def _topthree(self, block: d.TopThree) -> T: ...

    @abstractmethod
    def _questiongroup(self, block: d.QuestionGroup) -> T: ...

    @abstractmethod
    def _checkgroup(self, block: d.CheckGroup) -> T: ...

    @abstractmethod
    def _temperaturelog(self, block: d.TemperatureLog) -> T: ...

    @abstractmethod
    def _sideeffecttable(self, block: d.SideEffectTable) -> T: ...

    @abstractmethod
    def _phoneline(self, block: d.PhoneLine) -> T: ...

    @abstractmethod
    def _website(self, block: d.Website) -> T: ...

    @abstractmethod
    def _notes(self, block: d.Notes) -> T: ...

    @abstractmethod
    def _contacttable(self, block: d.ContactTable) -> T: ...
