"""reportlab's global settings, made for the length of one render and then put back.

Setting them on import would make output depend on which modules happened to be imported
first (the same card came out as two different files); made per render, it never does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config

# Compressed streams stay binary: ASCII85 text encoding only makes files larger and slower.
SETTINGS = {"useA85": 0}


@contextmanager
def pdf_settings() -> Iterator[None]:
    saved = {name: getattr(rl_config, name) for name in SETTINGS}
    for name, value in SETTINGS.items():
        setattr(rl_config, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rl_config, name, value)
