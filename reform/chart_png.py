"""Charts as PNG files for slides and documents, drawn offline: no browser, no network.

vl-convert (Vega in Rust) draws the chart with the system's fonts, in DejaVu Sans, which
carries every Vietnamese letter. No Streamlit here: the pages' download buttons
(ui.charts), the report (sheets.report) and the report page's ZIP all draw through it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import altair as alt
import vl_convert as vlc

# A chart drawn with width="stretch" takes the page's width and has none of its own; on a
# slide 800 px (1600 at scale 2) fills a 16:9 content area without blurring.
PNG_WIDTH = 800
PNG_BACKGROUND = "white"
# vl-convert's "sans-serif" (Nimbus Sans here) and Liberation Sans lack letters such as ệ, ỷ
# and ạ, so such a text fell back to a serif face; DejaVu Sans (Debian's fonts-dejavu-core)
# has them all, in regular and bold. vl-convert reads the system's fonts.
PNG_FONT = "DejaVu Sans"
# Specs with these keys are several views: a width at the top would be invalid there.
COMPOUND_KEYS = ("hconcat", "vconcat", "concat", "facet", "repeat")
SLUG_FALLBACK = "bieu-do"


def png_spec(chart: alt.TopLevelMixin, width: int = PNG_WIDTH) -> dict[str, Any]:
    """The chart's Vega-Lite spec as the PNG draws it: a fixed width where the page
    stretched it, a white background, DejaVu Sans. The chart itself is left unchanged."""
    spec = chart.to_dict()
    if spec.get("width") in (None, "container") and not any(k in spec for k in COMPOUND_KEYS):
        spec["width"] = width
    if spec.get("background") in (None, "transparent"):
        spec["background"] = PNG_BACKGROUND
    config = spec.setdefault("config", {})
    config.setdefault("font", PNG_FONT)
    return spec


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0, *, width: int = PNG_WIDTH) -> bytes:
    """The chart as PNG bytes, rendered offline; width (in CSS pixels, before scale) applies
    only when the chart has none of its own."""
    return vlc.vegalite_to_png(png_spec(chart, width), scale=scale)


def slug(name: str) -> str:
    """An ASCII file name from Vietnamese text: "Tỷ lệ đúng hạn 2017" → "ty-le-dung-han-2017"."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text or SLUG_FALLBACK
