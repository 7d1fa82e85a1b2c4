"""Charts on the feature pages, each with a button that downloads it as a PNG for slides.

The PNG is drawn on the server by vl-convert (Vega in Rust, no browser, no network) with the
system's fonts, in DejaVu Sans, which carries every Vietnamese letter.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st
import vl_convert as vlc

from ui.context import tr

LOG = logging.getLogger("reform.ui.charts")
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


def png_producer(chart: alt.TopLevelMixin, name: str) -> Callable[[], bytes]:
    """What the download button calls on click, on a thread of its own, after the run.

    A failure is logged with the chart's name and raised again: Streamlit then answers the
    click with its own short message under the button ("Failed to generate file for
    download", for a few seconds) and the page stays as it was. Returning something else
    instead would hand the user a file that is not the chart, and the callable cannot draw a
    message itself (Streamlit ignores st.* calls in it). Rendering every chart eagerly in a
    try/except would cost each run about a second per chart, for buttons seldom clicked.
    """

    def produce() -> bytes:
        try:
            return to_png(chart)
        except Exception:
            LOG.exception("Could not render chart %r as PNG", name)
            raise

    return produce


def show_chart(
    chart: alt.TopLevelMixin,
    name: str,
    *,
    key: str | None = None,
    **kwargs: Any,
) -> None:
    """Draw the chart across its container and, under it, a small "Download PNG" button.

    name says what the chart shows and when ("ty-le-dung-han-2017"); it becomes the file's
    name and, unless key is given, the button's key, so it must be unique on the page.
    kwargs go to st.altair_chart (height, say). To draw in a column: `with column:`.
    """
    st.altair_chart(chart, width="stretch", **kwargs)
    file_slug = slug(name)
    st.download_button(
        tr("chart.download_png"),
        data=png_producer(chart, name),
        file_name=f"{file_slug}.png",
        mime="image/png",
        key=key or f"png_{file_slug}",
        help=tr("chart.download_png_help"),
        on_click="ignore",
        type="tertiary",
        icon=":material/download:",
    )
