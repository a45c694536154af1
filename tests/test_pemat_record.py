"""docs/pemat-p.md: every PEMAT-P print item is scored for both packets, and the totals it
states are the ones its own rows give (a row changed without its total fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

RECORD = Path(__file__).parent.parent / "docs" / "pemat-p.md"
UNDERSTANDABILITY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19}
ACTIONABILITY = {20, 21, 22, 23, 24, 25, 26}
ROW = re.compile(r"^\| (\d+) \| [^|]+ \| \**(0|1|N/A)\** \| \**(0|1|N/A)\** \| (.+) \|$")


def _rows() -> dict[int, tuple[str, str, str]]:
    rows = {}
    for line in RECORD.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows[int(match.group(1))] = (match.group(2), match.group(3), match.group(4))
    return rows


def _stated(scale: str) -> dict[str, tuple[int, int]]:
    text = RECORD.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n\n") if x.startswith(f"{scale}:"))
    found = re.findall(r"(English|Spanish) (\d+) / (\d+) = (\d+) %", line)
    assert len(found) == 2, line
    for _, agree, total, percent in found:
        assert round(100 * int(agree) / int(total)) == int(percent), line
    return {lang: (int(agree), int(total)) for lang, agree, total, _ in found}


def test_every_print_item_is_scored_once_with_where_it_is_earned():
    rows = _rows()
    assert set(rows) == UNDERSTANDABILITY | ACTIONABILITY
    for item, (_, _, where) in rows.items():
        assert len(where.split()) >= 3, f"item {item}: say which page or section earns it"


@pytest.mark.parametrize("scale,items", [("Understandability", UNDERSTANDABILITY),
                                         ("Actionability", ACTIONABILITY)])
def test_stated_totals_are_the_rows_totals(scale, items):
    rows = _rows()
    stated = _stated(scale)
    for column, lang in ((0, "English"), (1, "Spanish")):
        scores = [rows[i][column] for i in items]
        scored = [s for s in scores if s != "N/A"]
        assert stated[lang] == (scored.count("1"), len(scored)), f"{scale}, {lang}"
