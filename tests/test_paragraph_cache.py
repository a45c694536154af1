"""Shared text is laid out once per process (issue 16), and the packets stay the same.

The cache in handouts/render/paragraphs.py hands a paragraph the line breaks another paragraph
with the same text, style and widths already made. These tests pin that it changes nothing on
paper (batch output byte for byte, with one worker and with two), that it does its work (a
second child's packet finds most of its text laid out), and that it stays bounded.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.build import make_packet
from handouts.render import paragraphs
from handouts.render.outputs import Options

from support import FIXTURES

ROSTER = FIXTURES / "speed" / "roster.csv"
CLINIC = FIXTURES / "layout-long-clinic.yaml"
PROFILES = FIXTURES / "speed"


def _batch(out: Path, *options: str, cache: bool) -> dict[str, bytes]:
    env = dict(os.environ, HANDOUTS_NO_TEXT_CACHE="" if cache else "1")
    result = subprocess.run(
        [sys.executable, "-m", "handouts", "batch", str(ROSTER), "--clinic", str(CLINIC),
         "--date", "2026-11-30", "--out-dir", str(out), *options],
        check=False, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    packets = {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}
    assert len(packets) == 6
    return packets


def test_a_batch_with_two_workers_is_byte_for_byte_the_batch_without_the_text_cache(
        tmp_path: Path) -> None:
    fresh = _batch(tmp_path / "fresh", "--jobs", "1", cache=False)
    for jobs in ("1", "2"):
        cached = _batch(tmp_path / f"cached-{jobs}", "--jobs", jobs, cache=True)
        assert cached.keys() == fresh.keys()
        changed = [name for name in fresh if cached[name] != fresh[name]]
        assert not changed, f"--jobs {jobs}: {changed} differ with the cache"


VARIANTS = {
    "large-a4-fillable": Options(paper="a4", large_print=True, fillable=True),
    "compact": Options(compact=True),
    "large-compact": Options(compact=True, large_print=True),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_reading_mode_is_byte_for_byte_the_same_with_and_without_the_text_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str) -> None:
    """A bilingual and a Spanish packet one after the other in one process, as in a batch."""
    def packets(cache: bool) -> list[bytes]:
        monkeypatch.setattr(paragraphs, "ENABLED", cache)
        paragraphs.clear()
        made = []
        for n, language in enumerate(("es,en", "es")):
            out = tmp_path / f"{cache}-{n}.pdf"
            make_packet(PROFILES / "hostile.yaml", CLINIC, out, options=VARIANTS[variant],
                        day=dt.date(2026, 11, 30), language=language)
            made.append(out.read_bytes())
        return made

    assert packets(cache=True) == packets(cache=False)


def _packet(profile: str, tmp_path: Path) -> None:
    make_packet(PROFILES / profile, CLINIC, tmp_path / f"{profile}.pdf", options=Options(),
                day=dt.date(2026, 11, 30))


def test_a_second_childs_packet_finds_most_of_its_text_already_laid_out(
        tmp_path: Path) -> None:
    paragraphs.clear()
    _packet("first.yaml", tmp_path)
    first = paragraphs.stats()
    _packet("second.yaml", tmp_path)
    second = paragraphs.stats()
    new_layouts = second["wrapped"] - first["wrapped"]
    reused = second["wrapped_hits"] - first["wrapped_hits"]
    assert first["wrapped_hits"] > 0
    assert reused > 4 * new_layouts, f"{reused} reused, {new_layouts} laid out afresh"


def test_the_text_cache_stays_within_its_limits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs.clear()
    monkeypatch.setattr(paragraphs._parsed, "budget", 200_000)
    monkeypatch.setattr(paragraphs._wrapped, "budget", 300_000)
    _packet("first.yaml", tmp_path)
    _packet("second.yaml", tmp_path)
    stats = paragraphs.stats()
    assert 190_000 <= stats["parsed_bytes"] <= 200_000
    assert 290_000 <= stats["wrapped_bytes"] <= 300_000


VIETNAMESE = ["con", "có", "thể", "ăn", "phở", "được", "không", "khi", "số", "lượng", "bạch",
              "cầu", "thấp", "và", "bác", "sĩ", "nói", "rằng", "nhiễm", "trùng", "ở", "nhà"]


def _resident_kb() -> int:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_memory_stays_flat_however_many_children_have_their_own_long_questions(
        tmp_path: Path) -> None:
    """Each child's own questions are text no other packet shares; in Vietnamese (a fallback
    font run per word) one laid-out question takes a few hundred KB, and eight of them fill
    the stores' bound within ten packets: memory levels off there. Found by the attack on
    issue 16: bounded by a count of entries, a worker grew to 0.9 GB."""
    import gc
    import random

    import yaml

    paragraphs.clear()
    rng = random.Random(3)
    levelled = 0
    for i in range(32):
        questions = [" ".join(rng.choice(VIETNAMESE) for _ in range(90)) + f" {i}-{k}?"
                     for k in range(8)]
        profile = tmp_path / "profile.yaml"
        profile.write_text(yaml.safe_dump(
            {"child_name": f"Nguyễn Thị Ánh {i}", "treatments": ["chemotherapy"],
             "custom_questions": questions}, allow_unicode=True), encoding="utf-8")
        make_packet(profile, None, tmp_path / "packet.pdf", options=Options(),
                    day=dt.date(2026, 11, 30), force=True)
        if i == 11:
            gc.collect()
            levelled = _resident_kb()
    gc.collect()
    grown = _resident_kb() - levelled
    assert grown < 4_000, f"resident memory grew {grown} KB over 20 packets"
