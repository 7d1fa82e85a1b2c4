"""Charts download as PNG: real images at a slide's width, file names from Vietnamese titles,
and a button under every chart of the Một cửa and Chỉ số pages that yields the PNG."""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterator
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from reform import chart_png
from sheets.local import LocalBackend
from sheets.store import Store
from ui import charts

APP = str(Path(__file__).resolve().parents[1] / "app.py")
ONESTOP = str(Path(APP).parent / "pages/onestop.py")
INDICES = str(Path(APP).parent / "pages/indices.py")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a PNG must begin with."""
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def vietnamese_chart(**properties) -> alt.Chart:
    data = pd.DataFrame({"nhom": ["Hài lòng", "Quý II/2017", "Tháng 8"], "so": [42, 17, 8]})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(x=alt.X("nhom:N", title="Nhóm ý kiến"), y=alt.Y("so:Q", title="Số đơn vị"))
        .properties(title="Tỷ lệ hài lòng – Quý II/2017", height=200, **properties)
    )


def test_a_stretched_chart_gets_a_slide_width_on_white():
    chart = vietnamese_chart()
    data = charts.to_png(chart)
    width, height = png_size(data)
    # 800 px of plot plus the axis, at scale 2; 200 px of plot plus title and labels.
    assert 2 * charts.PNG_WIDTH <= width <= 2 * (charts.PNG_WIDTH + 150)
    assert 2 * 200 <= height <= 2 * (200 + 250)
    assert "width" not in chart.to_dict()  # the chart on the page still stretches
    spec = charts.png_spec(chart)
    assert (spec["background"], spec["config"]["font"]) == ("white", "DejaVu Sans")


def test_a_chart_with_its_own_width_and_scale_keeps_them():
    width, _ = png_size(charts.to_png(vietnamese_chart(width=300), scale=1))
    assert 300 <= width < 450


def test_a_layered_chart_renders():
    base = vietnamese_chart()
    layered = base + base.mark_text(dy=-6).encode(text="so:Q")
    width, _ = png_size(charts.to_png(layered, scale=1))
    assert width >= charts.PNG_WIDTH


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Tỷ lệ đúng hạn 2017", "ty-le-dung-han-2017"),
        ("ĐIỆN LỰC – Quý II/2017", "dien-luc-quy-ii-2017"),
        ("ho-so-theo-linh-vuc-quy-2-2017", "ho-so-theo-linh-vuc-quy-2-2017"),
        ("  Hài lòng!! ", "hai-long"),
        ("Đường ống, ưu tiên", "duong-ong-uu-tien"),
        ("–––", charts.SLUG_FALLBACK),
    ],
)
def test_slug_is_ascii_without_diacritics(name: str, expected: str):
    assert charts.slug(name) == expected


def test_a_failed_render_is_logged_with_the_chart_and_raised(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("no font")

    monkeypatch.setattr(chart_png.vlc, "vegalite_to_png", broken)
    produce = charts.png_producer(vietnamese_chart(), "ty-le-dung-han-2017")
    with caplog.at_level(logging.ERROR, logger="reform.ui.charts"), pytest.raises(ValueError):
        produce()
    assert "ty-le-dung-han-2017" in caplog.text


# --- on the pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def managers() -> Iterator[list[MediaFileManager]]:
    """Every media file manager AppTest makes, so that a deferred download can be run after
    the page has: AppTest drops its mock runtime at the end of each run."""
    made: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Recording)
        yield made


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Iterator[None]:
    """One demo store for the module's page runs (the pages only read it)."""
    path = tmp_path_factory.mktemp("charts") / "reform.db"
    Store(LocalBackend(f"sqlite:///{path}")).init(demo=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFORM_DB_PATH", str(path))
        patch.delenv("REFORM_DATABASE_URL", raising=False)
        patch.setenv("REFORM_LANGUAGE", "vi")
        yield


def run(path: str, lang: str, managers: list[MediaFileManager]) -> tuple[AppTest, MediaFileManager]:
    """The page, reached from the home page in Vietnamese, then switched to lang (the
    sidebar's switch): the home page's own widgets play no part in what is tested here."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "vi"
    at.run()
    at.switch_page(path)
    at.run()
    if lang != "vi":
        at.session_state["lang"] = lang
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, managers[-1]


def chart_buttons(at: AppTest):
    return [b for b in at.get("download_button") if b.proto.deferred_file_id]


def download(manager: MediaFileManager, button) -> tuple[str, bytes]:
    """What a click fetches: Streamlit runs the callable and stores the file."""
    url = manager.execute_deferred(button.proto.deferred_file_id)
    file_id = url.rsplit("/", 1)[-1].split(".")[0]
    stored = manager._storage.get_file(file_id)
    return stored.filename, stored.content


@pytest.mark.usefixtures("demo_db")
def test_every_onestop_chart_has_a_png_button(managers):
    at, manager = run(ONESTOP, "vi", managers)
    buttons = chart_buttons(at)
    assert len(buttons) == len(at.get("vega_lite_chart")) == 4
    assert {b.label for b in buttons} == {"Tải ảnh PNG"}
    assert {b.proto.type for b in buttons} == {"tertiary"}
    name, data = download(manager, buttons[-1])
    assert name == "ho-so-theo-linh-vuc-2017.png"
    width, height = png_size(data)
    assert width >= 2 * charts.PNG_WIDTH and height > 400


@pytest.mark.usefixtures("demo_db")
def test_every_indices_chart_has_a_png_button_in_english(managers):
    at, manager = run(INDICES, "en", managers)
    buttons = chart_buttons(at)
    assert len(buttons) == len(at.get("vega_lite_chart")) == 2
    assert {b.label for b in buttons} == {"Download PNG"}
    names = [download(manager, b)[0] for b in buttons]
    assert [n.split("-chi-so-")[0] for n in names] == ["diem", "xep-hang"]
    assert all(n.endswith(".png") and n.isascii() for n in names)
