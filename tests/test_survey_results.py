"""The Khảo sát results (staff) and the public quarterly results, on the demo data.

Figures are checked against sums done here by hand on the responses, downloads are parsed
back, and the public view is searched for markers put in the comment, contact and field
cells of the quarter shown: on the embedded store and on the Sheets emulator.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from emulator import Emulator
from reform import surveys as sv
from reform.metrics import quarter_period
from sheets.google import GoogleBackend, emulator_client
from sheets.settings import SETTINGS
from sheets.store import Store
from tests.page_text import everything

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PUBLIC = str(ROOT / "pages/public.py")
# A page that shows only the staff view, as the Khảo sát page's first tab will.
STAFF_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from ui.context import init_language
init_language()
from ui.survey_results import results_view
results_view()
"""
MARKERS = {
    "comment": "ZZCOMMENT7731",
    "contact": "ZZCONTACT7731 0905773100",
    "procedure_field": "ZZFIELD7731",
}
Q4 = quarter_period(2017, 4)
Z = 1.959963984540054


# -- helpers ---------------------------------------------------------------------------------


def staff_page(tmp_path: Path, lang: str = "vi") -> AppTest:
    script = tmp_path / "staff_results.py"
    script.write_text(STAFF_SCRIPT.format(root=str(ROOT)), "utf-8")
    at = AppTest.from_file(str(script), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def public_page(lang: str = "vi", quarter: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if quarter:
        at.query_params["quy"] = quarter
    at.switch_page(PUBLIC)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def q4_rows(responses: pd.DataFrame) -> pd.DataFrame:
    stamps = pd.to_datetime(responses["submitted_at"])
    return responses[(stamps >= "2017-10-01") & (stamps < "2018-01-01")]


def by_hand(rows: pd.DataFrame, codes: list[str]) -> tuple[int, float, float, float]:
    """n (respondents with an answer), share of answers at 4–5, and Wilson's interval."""
    grid = rows[codes].apply(pd.to_numeric, errors="coerce")
    answers = int(grid.notna().to_numpy().sum())
    satisfied = int(grid.isin([4, 5]).to_numpy().sum())
    n = int(grid.notna().any(axis=1).sum())
    p = satisfied / answers
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return n, p, centre - half, centre + half


def vi_percent(share: float) -> str:
    return f"{100 * share:.1f}".replace(".", ",") + "%"


def vi_number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def codes_of(store: Store) -> list[str]:
    return sv.scale_codes(store.load().frame("survey_questions"))


def response(when: dt.datetime, codes: list[str], level: int, **fields: object) -> dict:
    return {
        "submitted_at": when,
        "channel": "Phiếu giấy",
        "procedure_field": "Thương mại",
        "respondent_type": "Cá nhân",
        **{code: level for code in codes},
        **fields,
    }


def marked_responses(codes: list[str]) -> list[dict]:
    """Three Quý IV/2017 responses carrying the markers in comment, contact and field."""
    return [
        response(dt.datetime(2017, 11, 20 + i, 9, 30), codes, 4, consent=True, **MARKERS)
        for i in range(3)
    ]


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    """The bytes of every file a download button offers, by its file name."""
    served: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001
        if filename and isinstance(path_or_data, bytes):
            served[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    yield served


def xlsx_cells(data: bytes, sheet: int = 0) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[c.value for c in row] for row in book.worksheets[sheet].iter_rows()]


# -- the staff view --------------------------------------------------------------------------


def test_figures_of_the_latest_quarter_are_the_sums_done_by_hand(demo_store: Store, tmp_path):
    book = demo_store.load()
    questions, responses = book.frame("survey_questions"), book.frame("survey_responses")
    codes = sv.scale_codes(questions)
    n, share, low, high = by_hand(q4_rows(responses), codes)
    assert n == 110  # the demo's Quý IV/2017
    score = sv.score(responses, codes, Q4)
    assert (score.n, score.share) == (n, pytest.approx(share))
    assert (score.low, score.high) == (pytest.approx(low), pytest.approx(high))

    at = staff_page(tmp_path)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Chỉ số hài lòng, Quý IV/2017"] == vi_percent(share)
    assert metrics["Số phiếu trong quý"] == "110"
    interval = f"{vi_number(100 * low)}\u2060–\u2060{vi_percent(high)}"
    assert f"KTC 95%: {interval} · n = 110 phiếu" in captions(at)
    assert any(c.startswith("Chỉ số = tỉ lệ câu trả lời ở mức 4 (Hài lòng)") for c in captions(at))
    assert "110 phiếu / mục tiêu 30: đạt" in captions(at)

    # By factor, lowest first, each with its own n and interval.
    factors = at.table[0].value
    expected = []
    for factor in questions["factor"].dropna().unique():
        factor_codes = list(questions[questions["factor"] == factor]["code"])
        f_n, f_share, f_low, f_high = by_hand(q4_rows(responses), factor_codes)
        interval = f"{vi_number(100 * f_low)}\u2060–\u2060{vi_percent(f_high)}"
        expected.append((f_share, factor, f_n, interval))
    expected.sort()
    assert list(factors["Yếu tố"]) == [e[1] for e in expected]
    assert list(factors["Chỉ số"]) == [vi_percent(e[0]) for e in expected]
    assert list(factors["KTC 95%"]) == [e[3] for e in expected]
    assert list(factors["Số phiếu (n)"]) == [str(e[2]) for e in expected]

    # By question, the weakest first: what to improve.
    questions_table = at.table[1].value
    shares = {code: by_hand(q4_rows(responses), [code])[1] for code in codes}
    weakest = sorted(codes, key=lambda code: (shares[code], code))
    assert list(questions_table["Mã"]) == weakest
    assert list(questions_table["Chỉ số"]) == [vi_percent(shares[c]) for c in weakest]
    lead = next(m.value for m in at.markdown if m.value.startswith("Ba câu hỏi"))
    assert f"**{weakest[0]}**" in lead

    # By field: every field of the quarter, small ones flagged.
    fields_table = at.table[2].value
    q4 = q4_rows(responses)
    assert sorted(fields_table["Lĩnh vực"]) == sorted(q4["procedure_field"].dropna().unique())
    for _, row in fields_table.iterrows():
        count = int((q4["procedure_field"] == row["Lĩnh vực"]).sum())
        assert row["Số phiếu (n)"] == str(count)
        assert (row["Ghi chú"] != "") == (count < 30)
    assert "Ghi chú" not in factors.columns  # no factor is under 30: no empty column

    # Trend over the four quarters, channel counts and weekly counts.
    assert len(at.get("vega_lite_chart")) == 3


def test_the_change_says_whether_it_is_beyond_the_noise(demo_store: Store, tmp_path):
    at = staff_page(tmp_path)
    # Demo Quý III → IV/2017: 73,5% → 74,5% on about a hundred responses each.
    assert any(
        c.startswith("tăng 1,1 điểm, trong phạm vi nhiễu (KTC 95% của mức thay đổi: −10,8 đến")
        for c in captions(at)
    )
    # Quý I/2018: 40 responses all «Rất hài lòng»; Quý II/2018: 40 all «Rất không hài lòng».
    codes = codes_of(demo_store)
    q4_share = sv.score(demo_store.load().frame("survey_responses"), codes, Q4).share
    records = [response(dt.datetime(2018, 2, 1 + i % 20, 10), codes, 5) for i in range(40)]
    records += [response(dt.datetime(2018, 5, 1 + i % 20, 10), codes, 1) for i in range(40)]
    demo_store.append("survey_responses", records)
    at = staff_page(tmp_path)
    assert at.selectbox(key="survey_results_year").value == 2018
    assert at.selectbox(key="survey_results_quarter_2018").value == 2  # the latest with data
    assert any(c.startswith("giảm 100,0 điểm, vượt ngưỡng nhiễu") for c in captions(at))
    at.selectbox(key="survey_results_quarter_2018").select(1).run()
    points = vi_number(100 * (1 - q4_share))
    assert {m.label: m.value for m in at.metric}["So với Quý IV/2017"] == f"+{points} điểm"
    assert any(c.startswith(f"tăng {points} điểm, vượt ngưỡng nhiễu") for c in captions(at))
    at.selectbox(key="survey_results_year").select(2017).run()
    at.selectbox(key="survey_results_quarter_2017").select(1).run()
    assert any(c == "Không có số liệu Quý IV/2016 để so sánh." for c in captions(at))


def test_a_quarter_under_30_responses_is_flagged(demo_store: Store, tmp_path):
    q4 = q4_rows(demo_store.load().frame("survey_responses"))
    for record_id in q4["id"].iloc[12:]:
        demo_store.archive("survey_responses", record_id)
    at = staff_page(tmp_path)
    assert [w.value for w in at.warning] == [
        "Chỉ có 12 phiếu (dưới 30): kết quả chỉ mang tính tham khảo, khoảng tin cậy còn rất rộng."
    ]
    assert "12 phiếu / mục tiêu 30: chưa đạt, thiếu 18 phiếu" in captions(at)
    assert set(at.table[0].value["Ghi chú"]) == {"dưới 30 phiếu"}
    # The public view says it too.
    public = public_page("vi")
    assert any("Chỉ có 12 phiếu (dưới 30)" in w.value for w in public.warning)


def test_a_running_quarter_says_whether_it_is_on_pace(demo_store: Store, tmp_path):
    today = dt.date.today()
    start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    day = dt.datetime.combine(start, dt.time(9))
    demo_store.append("survey_responses", [response(day, codes_of(demo_store), 4)])
    at = staff_page(tmp_path)
    pace = sv.on_track(1, quarter_period(today.year, (today.month - 1) // 3 + 1), today, 30)
    weeks = max(1, round(pace.days_elapsed / 7))
    word = "đúng nhịp" if pace.on_track else "chậm so với nhịp cần"
    assert any(c.startswith(f"1 phiếu sau {weeks}/") and word in c for c in captions(at))


def test_comments_are_shown_to_staff_but_never_the_contact(demo_store: Store, tmp_path):
    demo_store.append("survey_responses", marked_responses(codes_of(demo_store)))
    at = staff_page(tmp_path)
    text = everything(at)
    assert MARKERS["comment"] in text  # the search does find what is on the page
    assert "ZZCONTACT7731" not in text and "0905773100" not in text


def test_downloads_parse_back_without_comments_or_contacts(
    demo_store: Store, tmp_path: Path, downloads: dict[str, bytes]
):
    codes = codes_of(demo_store)
    demo_store.append("survey_responses", marked_responses(codes))
    tricky = response(dt.datetime(2017, 12, 1, 8), codes, 5, procedure_field='=HYPERLINK("x")')
    demo_store.append("survey_responses", [tricky])
    staff_page(tmp_path)
    assert set(downloads) == {"khao-sat-2017-q4.csv", "khao-sat-2017-q4.xlsx"}
    responses = demo_store.load().frame("survey_responses")
    score = sv.score(responses, codes, Q4)
    fields = {s.label for s in sv.by_field(responses, codes, Q4)}

    table = pd.read_csv(io.BytesIO(downloads["khao-sat-2017-q4.csv"]), encoding="utf-8-sig")
    assert list(table.columns[:3]) == ["Quý", "Nhóm", "Tên"]
    assert len(table) == 1 + 5 + 15 + len(fields)
    overall = table.iloc[0]
    assert overall["Nhóm"] == "Tổng thể" and overall["Số phiếu (n)"] == score.n == 114
    assert overall["Chỉ số (%)"] == round(100 * score.share, 1)
    assert overall["KTC 95% cận dưới (%)"] == round(100 * score.low, 1)
    assert list(table[table["Nhóm"] == "Câu hỏi"]["Tên"]) == codes
    # A field name that looks like a formula stays text.
    assert '\'=HYPERLINK("x")' in set(table["Tên"])

    cells = xlsx_cells(downloads["khao-sat-2017-q4.xlsx"])
    header = cells[0]
    assert header[:3] == ["Quý", "Nhóm", "Tên"]
    assert cells[1][header.index("Chỉ số (%)")] == round(100 * score.share, 1)
    book = openpyxl.load_workbook(io.BytesIO(downloads["khao-sat-2017-q4.xlsx"]))
    formula_cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    assert '=HYPERLINK("x")' in {row[2] for row in cells}

    notes = xlsx_cells(downloads["khao-sat-2017-q4.xlsx"], sheet=1)
    assert notes[0] == ["Sở Công Thương tỉnh Khánh Hòa"]
    for data in (downloads["khao-sat-2017-q4.csv"].decode("utf-8-sig"), str(cells + notes)):
        for marker in ("ZZCOMMENT7731", "ZZCONTACT7731", "0905773100"):
            assert marker not in data
        for comment in sv.comments(responses, Q4)["comment"]:
            assert comment not in data


# -- the public view -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_public_view_shows_no_comment_contact_or_field_text(demo_store: Store, lang: str):
    demo_store.append("survey_responses", marked_responses(codes_of(demo_store)))
    at = public_page(lang)
    header = at.header[0].value
    assert header.endswith("Quý IV/2017" if lang == "vi" else "Q4 2017")
    text = everything(at)
    for marker in ("ZZCOMMENT7731", "ZZCONTACT7731", "0905773100", "ZZFIELD7731"):
        assert marker not in text
    # Questions in the reader's language, the number of responses, the agency.
    questions = at.table[1].value
    wanted = "text_en" if lang == "en" else "text_vi"
    first = demo_store.load().frame("survey_questions").sort_values("order").iloc[0]
    assert questions.iloc[0, 1].replace("\\", "") == first[wanted]
    assert any("113" in m.value for m in at.markdown)  # 110 + the three marked responses
    assert "Sở Công Thương tỉnh Khánh Hòa" in captions(at)


def test_public_view_is_linkable_by_quarter(demo_store: Store):
    at = public_page("vi", quarter="2017-2")
    assert at.header[0].value == "Kết quả khảo sát sự hài lòng, Quý II/2017"
    book = demo_store.load()
    codes = sv.scale_codes(book.frame("survey_questions"))
    score = sv.score(book.frame("survey_responses"), codes, quarter_period(2017, 2))
    assert at.metric[0].value == vi_percent(score.share)
    assert at.get("code")[0].value.endswith("?quy=2017-2")
    at.selectbox(key="survey_public_quarter").select((2017, 3)).run()
    assert at.header[0].value.endswith("Quý III/2017")
    assert at.query_params["quy"] == "2017-3"
    assert at.get("code")[0].value.endswith("?quy=2017-3")


def test_the_link_uses_the_public_address_when_set(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
):
    if "public_url" not in {s.name for s in SETTINGS}:
        pytest.skip("no public_url setting in this tree")
    monkeypatch.setenv("REFORM_PUBLIC_URL", "https://cchc.example.gov.vn/")
    link = public_page("en").get("code")[0].value
    assert link == "https://cchc.example.gov.vn/public?quy=2017-4&lang=en"


def test_a_link_to_a_quarter_without_results_says_so(demo_store: Store):
    at = public_page("vi", quarter="2019-9<b>")
    assert at.header[0].value.endswith("Quý IV/2017")
    assert [i.value for i in at.info] == [
        "Không có kết quả cho quý «2019\\-9\\<b\\>»; đang hiển thị Quý IV/2017."
    ]


def test_public_page_keeps_the_published_answers(demo_store: Store):
    at = public_page("vi")
    assert [t.label for t in at.tabs] == ["Kết quả khảo sát", "Trả lời phản ánh, kiến nghị"]
    assert "Trả lời phản ánh, kiến nghị đã công khai" in [s.value for s in at.subheader]
    assert not [i for i in at.info if "sẽ có" in i.value]  # the "planned" notice is gone


def test_public_view_on_the_sheets_emulator(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    sid = emu.create_spreadsheet("CCHC — kết quả khảo sát")
    store = Store(GoogleBackend(emulator_client(emu.host), sid, account_email="emulator"))
    store.init(demo=True)
    codes = codes_of(store)
    store.append("survey_responses", marked_responses(codes))
    expected = sv.score(store.load(force=True).frame("survey_responses"), codes, Q4)
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", sid)
    monkeypatch.setenv("REFORM_ALLOW_OPEN_MODE", "true")
    for lang in ("vi", "en"):
        at = public_page(lang)
        assert at.metric[0].value == (
            vi_percent(expected.share) if lang == "vi" else f"{100 * expected.share:.1f}%"
        )
        text = everything(at)
        for marker in ("ZZCOMMENT7731", "ZZCONTACT7731", "0905773100", "ZZFIELD7731"):
            assert marker not in text
    assert not db_path.exists()  # the page read the spreadsheet, not an embedded store


def test_both_views_work_before_the_first_response(demo_store: Store, tmp_path: Path):
    responses = demo_store.load().frame("survey_responses")
    for record_id in responses["id"]:
        demo_store.archive("survey_responses", record_id)
    at = staff_page(tmp_path)
    assert at.metric[0].value == "–"
    assert "Quý này chưa có phiếu nào." in captions(at)
    public = public_page("vi")
    assert "Chưa có kết quả khảo sát nào." in [i.value for i in public.info]


def test_a_store_without_questions_says_there_is_nothing_to_score(
    empty_store: Store, tmp_path: Path
):
    assert empty_store.load().frame("survey_questions").empty
    at = staff_page(tmp_path)
    assert [i.value for i in at.info] == [
        "Bộ câu hỏi chưa có câu hỏi thang 1–5 nào, nên chưa có gì để tính."
    ]
    assert "Chưa có kết quả khảo sát nào." in [i.value for i in public_page("vi").info]
