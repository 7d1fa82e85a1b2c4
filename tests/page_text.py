"""What an AppTest run put on the page, as text, for tests that look for (absent) strings."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest


def everything(at: AppTest) -> str:
    """Every element the run produced, as its message (markdown, html, charts), and every
    table and dataframe written out in full."""
    parts: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    with pd.option_context("display.max_colwidth", None):
        parts += [table.value.to_string() for table in at.table]
        parts += [frame.value.to_string() for frame in at.dataframe]
    return "\n".join(parts)
