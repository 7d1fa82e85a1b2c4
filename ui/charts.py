"""Charts on the feature pages, each with a button that downloads it as a PNG for slides.

The PNG is drawn on the server by reform.chart_png (vl-convert: Vega in Rust, no browser, no
network) in DejaVu Sans, which carries every Vietnamese letter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from reform.chart_png import (
    COMPOUND_KEYS,
    PNG_BACKGROUND,
    PNG_FONT,
    PNG_WIDTH,
    SLUG_FALLBACK,
    png_spec,
    slug,
    to_png,
)
from ui.context import tr

__all__ = [
    "COMPOUND_KEYS",
    "PNG_BACKGROUND",
    "PNG_FONT",
    "PNG_WIDTH",
    "SLUG_FALLBACK",
    "png_producer",
    "png_spec",
    "show_chart",
    "slug",
    "to_png",
]

LOG = logging.getLogger("reform.ui.charts")


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


def monthly_stack(
    data: pd.DataFrame,
    months: list[str],
    color: alt.Color,
    count_title: str,
    tooltip: list[alt.Tooltip],
    height: int,
    order: str | None = None,
) -> alt.Chart:
    """Counts per month stacked by a category, every month of the year on the axis.

    data: one row per month and category, with the month's label in "label" and "count";
    months: the twelve labels in order; color: the category's encoding, with its legend.
    """
    encodings: dict[str, Any] = {
        "x": alt.X(
            "label:N",
            sort=months,
            scale=alt.Scale(domain=months),
            title=None,
            axis=alt.Axis(labelAngle=0),
        ),
        "y": alt.Y(
            "count:Q", title=count_title, stack=True, axis=alt.Axis(tickMinStep=1, format="d")
        ),
        "color": color,
        "tooltip": tooltip,
    }
    if order:
        encodings["order"] = alt.Order(f"{order}:Q")
    return alt.Chart(data).mark_bar().encode(**encodings).properties(height=height)
