"""Importing a Google Forms response tab into Phiếu khảo sát: the backend's list of tabs, the
page (pick a tab or upload a file → map → preview → write), re-imports, and the same on the
Sheets emulator."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from emulator import Emulator
from reform.surveys import score
from sheets import schema as sc
from sheets.demo import default_questionnaire
from sheets.errors import StoreError
from sheets.google import to_serial
from sheets.store import Store
from ui.forms_import import UnreadableFile, is_personal, read_upload

FORMS_TAB = "Câu trả lời biểu mẫu 1"
QUESTIONS = {q["code"]: q for q in default_questionnaire()}
CODES = [c for c, q in QUESTIONS.items() if q["qtype"] == "Thang 1–5"]
LEVELS = {1: "Rất không hài lòng", 2: "Không hài lòng", 3: "Bình thường", 4: "Hài lòng"}
LEVELS[5] = "Rất hài lòng"
EMAIL = "Địa chỉ email"
HEADERS = [
    "Dấu thời gian",
    EMAIL,
    *(QUESTIONS[c]["text_vi"] for c in CODES),
    QUESTIONS["LINH_VUC"]["text_vi"],
    QUESTIONS["DOI_TUONG"]["text_vi"],
    QUESTIONS["Y_KIEN"]["text_vi"],
]
# (timestamp as Forms writes it in a Vietnamese sheet, email, answers (None: skipped), Lĩnh
# vực, Đối tượng, comment). Dates in 2018: the demo data is 2017.
ANSWERS: list[tuple[dt.datetime, str, list[int | None], str, str, str]] = [
    (
        dt.datetime(2018, 4, 15, 9, 5, 33),
        "an.nguyen@example.vn",
        [4, 5, 4, 3, 4, 5, 5, 4, 4, 4, 5, 3, 4, 4, 4],
        "Điện lực",
        "Cá nhân",
        "Công chức hướng dẫn tận tình.",
    ),
    (
        dt.datetime(2018, 4, 16, 14, 20, 0),
        "binh.tran@example.vn",
        [2, 3, None, 4, 1, 2, 3, None, 4, 5, 3, 2, None, None, None],
        "Thương mại",
        "Doanh nghiệp",
        "",
    ),
    (
        dt.datetime(2018, 4, 17, 8, 0, 12),
        "chi.le@example.vn",
        [5, 4, 5, 5, 5, 4, 5, 5, 5, 4, 4, 5, 5, 5, 4],
        "An toàn thực phẩm",
        "Cá nhân",
        '=HYPERLINK("http://x")',  # text, never a formula
    ),
]
BAD_ROW = 4  # sheet row of the response with "Tuyệt vời" in TC2's column (D)
BAD = (dt.datetime(2018, 4, 16, 16, 45, 1), "dung@example.vn", [4] * 15, "Hóa chất", "", "")


def forms_text(stamp: dt.datetime) -> str:
    """A timestamp as Google Forms writes it into a Vietnamese-locale sheet."""
    return f"{stamp.day:02d}/{stamp.month:02d}/{stamp.year} {stamp:%-H:%M:%S}"


def forms_grid(stamp: Any = forms_text) -> list[list[Any]]:
    """The Forms tab: the header, two good rows, the bad row (row 4), one more good row."""

    def row(entry: tuple, bad: bool = False) -> list[Any]:
        when, email, answers, field, who, comment = entry
        labels = ["" if a is None else LEVELS[a] for a in answers]
        if bad:
            labels[1] = "Tuyệt vời"
        return [stamp(when), email, *labels, field, who, comment]

    return [HEADERS, row(ANSWERS[0]), row(ANSWERS[1]), row(BAD, bad=True), row(ANSWERS[2])]


def csv_text(grid: list[list[Any]]) -> str:
    """The grid as Google Forms' "Download responses (.csv)" writes it."""
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    return out.getvalue()


def add_forms_tab(store: Store, grid: list[list[Any]]) -> None:
    """The response tab Google Forms keeps in the same workbook (here the embedded store)."""
    store.backend.create_tab(FORMS_TAB, grid[0])
    store.backend.append_rows(FORMS_TAB, grid[1:])


def imported(store: Store) -> pd.DataFrame:
    """The 2018 responses, i.e. the ones these tests wrote, oldest first."""
    frame = store.load(force=True).frame("survey_responses", include_archived=True)
    rows = frame[pd.to_datetime(frame["submitted_at"]).dt.year == 2018]
    return rows.sort_values("submitted_at").reset_index(drop=True)


def forms_page() -> None:
    from ui.forms_import import forms_import_view

    forms_import_view()


def open_page(language: str = "vi") -> AppTest:
    at = AppTest.from_function(forms_page, default_timeout=60)
    at.session_state["lang"] = language
    at.run()
    assert not at.exception
    return at


def pick_tab(at: AppTest) -> AppTest:
    at.selectbox(key="forms_import_tab").select(FORMS_TAB)
    at.run()
    assert not at.exception
    return at


def mapping_of(at: AppTest) -> dict[str, Any]:
    """Each column's selectbox value, by header."""
    return {s.label: s.value for s in at.selectbox if s.key.startswith("forms_import_map_")}


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# -- the backend: listing tabs and reading any of them -------------------------------------


def test_the_local_store_lists_its_tabs_and_reads_a_foreign_one(demo_store: Store):
    assert demo_store.backend.tab_names() == [t.name for t in sc.TABS]
    assert demo_store.foreign_tabs() == []
    grid = forms_grid()
    add_forms_tab(demo_store, grid)
    assert demo_store.backend.tab_names()[-1] == FORMS_TAB
    assert demo_store.foreign_tabs() == [FORMS_TAB]
    read = demo_store.read_grid(FORMS_TAB)
    assert read[0] == HEADERS
    assert read[1][:3] == ["15/04/2018 9:05:33", "an.nguyen@example.vn", "Hài lòng"]
    assert len(read) == len(grid)
    with pytest.raises(StoreError) as missing:
        demo_store.read_grid("Câu trả lời biểu mẫu 2")
    assert missing.value.kind == "missing_tab"


def test_the_google_store_lists_tabs_in_one_metadata_call(emu: Emulator):
    from tests.test_google_store import make_store

    sid = emu.create_spreadsheet("Khảo sát")
    store = make_store(emu, sid)
    store.init()
    emu.model.add_sheet(sid, FORMS_TAB)
    emu.model.set_values(sid, FORMS_TAB, forms_grid(), user_entered=False)
    emu.model.add_sheet(sid, "phiếu khảo sát ")  # the app's own tab, typed loosely: not foreign
    emu.reset_calls()
    # A new spreadsheet's own "Sheet1" is foreign too; the loosely typed app tab is not.
    assert store.foreign_tabs() == ["Sheet1", FORMS_TAB]
    names = store.backend.tab_names()
    assert names[1 : 1 + len(sc.TABS)] == [t.name for t in sc.TABS]
    calls = emu.calls()
    assert len(calls) == 2 and all(c.method == "GET" for c in calls)  # one metadata call each
    emu.reset_calls()
    grid = store.read_grid(FORMS_TAB)
    assert [c.path.split(":")[-1] for c in emu.calls()] == ["batchGet"]  # tabs already known
    assert grid[0] == HEADERS and grid[4][0] == "17/04/2018 8:00:12"


# -- reading an upload ----------------------------------------------------------------------


def test_uploads_are_read_or_refused_with_a_reason():
    text = csv_text(forms_grid())
    grid = read_upload("Khảo sát.csv", ("\ufeff" + text).encode("utf-8"))
    assert grid[0] == HEADERS and grid[1][2] == "Hài lòng"

    book = openpyxl.Workbook()
    for row in forms_grid(stamp=lambda when: when):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    grid = read_upload("Khảo sát.XLSX", buffer.getvalue())
    assert grid[1][0] == ANSWERS[0][0] and grid[2][2] == "Không hài lòng"

    for name, data, kind in [
        ("a.csv", unicodedata.normalize("NFD", text).encode("cp1258", "replace"), "encoding"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "xlsx"),
        ("a.xlsx", text.encode("utf-8"), "xlsx"),
        ("a.docx", b"x", "type"),
        ("a.csv", b"\xef\xbb\xbf\n\n", "empty"),
        ("a.csv", b"x" * (10 * 1024 * 1024 + 1), "too_big"),
    ]:
        with pytest.raises(UnreadableFile) as refused:
            read_upload(name, data)
        assert refused.value.kind == kind, name


def test_personal_columns_are_recognised_but_questions_mentioning_a_phone_are_not():
    for header in (EMAIL, "Email Address", "Họ và tên", "Số điện thoại", "Địa chỉ", "SĐT"):
        assert is_personal(header), header
    for header in HEADERS[2:]:  # TC1 mentions "qua điện thoại"
        assert not is_personal(header), header
    assert not is_personal("Dấu thời gian")


# -- the page on the embedded store ---------------------------------------------------------


def test_the_page_maps_previews_and_imports_a_forms_tab(demo_store: Store):
    add_forms_tab(demo_store, forms_grid())
    questions_before = demo_store.load().frame("survey_questions").set_index("code")
    assert questions_before["forms_header"].isna().all()

    at = pick_tab(open_page())
    # The mapping, guessed from the question texts; the email column only ever skipped.
    expected = {"Dấu thời gian": "submitted_at", EMAIL: ""}
    expected |= {QUESTIONS[c]["text_vi"]: c for c in CODES}
    expected |= {
        QUESTIONS["LINH_VUC"]["text_vi"]: "procedure_field",
        QUESTIONS["DOI_TUONG"]["text_vi"]: "respondent_type",
        QUESTIONS["Y_KIEN"]["text_vi"]: "comment",
    }
    assert mapping_of(at) == expected
    email_box = next(s for s in at.selectbox if s.label == EMAIL)
    assert email_box.disabled and email_box.options == ["Bỏ qua"]
    assert any("Thông tin cá nhân" in m.value for m in at.markdown)

    # The preview: counts, the bad cell with its row and column, the rows to be written.
    assert metrics(at) == {
        "Dòng đã đọc": "4",
        "Phiếu mới": "3",
        "Đã có từ trước": "0",
        "Dòng có lỗi": "1",
    }
    issues = at.dataframe[0].value
    assert len(issues) == 1
    issue = issues.iloc[0]
    assert issue["Dòng"] == BAD_ROW and issue["Giá trị"] == "Tuyệt vời"
    assert issue["Cột"].startswith("D · " + QUESTIONS["TC2"]["text_vi"][:20])
    assert "Tuyệt vời" in issue["Vấn đề"] and "1 đến 5" in issue["Vấn đề"]
    first = at.dataframe[1].value
    assert list(first["Dòng"]) == [2, 3, 5]
    assert list(first["TC1"]) == [4, 2, 5]
    assert "Địa chỉ email" not in first.columns
    assert imported(demo_store).empty  # nothing written before the button

    at.button(key="forms_import_write").click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Đã thêm 3 phiếu; 0 phiếu đã có từ trước, bỏ qua; 1 dòng có lỗi, không ghi."
    ]

    rows = imported(demo_store)
    assert list(rows["submitted_at"]) == [pd.Timestamp(a[0]) for a in ANSWERS]
    assert set(rows["channel"]) == {"Google Forms"}
    for (_, _, answers, field, who, comment), (_, row) in zip(
        ANSWERS, rows.iterrows(), strict=True
    ):
        got = [None if pd.isna(row[c]) else int(row[c]) for c in CODES]
        assert got == answers
        assert (row["procedure_field"], row["respondent_type"]) == (field, who)
        assert (row["comment"] or "") == comment
    assert rows["contact"].isna().all()
    # The email is nowhere in the store: not in Phiếu khảo sát, not in the audit log.
    names = [t.name for t in sc.TABS]
    for raw in demo_store.backend.read_tabs(names).values():
        assert "example.vn" not in repr(raw), raw.name if raw else None

    # The mapping is remembered in the questionnaire, for the next import and for colleagues.
    questions = demo_store.load().frame("survey_questions").set_index("code")
    for code in [*CODES, "LINH_VUC", "DOI_TUONG", "Y_KIEN"]:
        assert questions.loc[code, "forms_header"] == QUESTIONS[code]["text_vi"], code
        assert questions.loc[code, "version"] == questions_before.loc[code, "version"] + 1

    # Importing again adds nothing; the bad row is still reported.
    again = pick_tab(open_page())
    assert metrics(again)["Phiếu mới"] == "0" and metrics(again)["Đã có từ trước"] == "3"
    assert metrics(again)["Dòng có lỗi"] == "1"
    assert again.button(key="forms_import_write").disabled
    assert any("không có phiếu mới" in i.value for i in again.info)
    assert sum("Ghép như lần nhập trước" in m.value for m in again.markdown) == len(HEADERS) - 2
    assert len(imported(demo_store)) == 3


def test_a_fixed_bad_row_is_added_on_the_next_import_and_archived_rows_stay_out(
    demo_store: Store,
):
    add_forms_tab(demo_store, forms_grid())
    at = pick_tab(open_page())
    at.button(key="forms_import_write").click()
    at.run()
    first = imported(demo_store)
    demo_store.archive("survey_responses", first.loc[0, "id"], actor="test")

    # The form's responses again, row 4 corrected; the archived response must not come back.
    grid = forms_grid()
    grid[BAD_ROW - 1][3] = "Hài lòng"
    demo_store.backend.create_tab("Câu trả lời biểu mẫu 2", grid[0])
    demo_store.backend.append_rows("Câu trả lời biểu mẫu 2", grid[1:])

    again = open_page()
    again.selectbox(key="forms_import_tab").select("Câu trả lời biểu mẫu 2")
    again.run()
    assert metrics(again)["Phiếu mới"] == "1" and metrics(again)["Đã có từ trước"] == "3"
    again.button(key="forms_import_write").click()
    again.run()
    assert "Đã thêm 1 phiếu; 3 phiếu đã có từ trước" in again.success[0].value
    rows = imported(demo_store)
    assert len(rows) == 4 and int(rows["archived"].sum()) == 1


def test_a_mapping_chosen_by_hand_is_remembered_for_the_next_import(demo_store: Store):
    """Headers that say nothing ("Câu 1") are mapped by hand once, then found again."""
    headers = ["Timestamp", "Câu 1", "Câu 2", "Lĩnh vực thủ tục"]
    grid = [headers, ["4/16/2018 14:20:00", "4", "Rất hài lòng", "Điện lực"]]
    grid.append(["4/13/2018 9:00:00", "2", "", "Thương mại"])  # 13 proves month first
    add_forms_tab(demo_store, grid)
    at = pick_tab(open_page())
    assert mapping_of(at) == {
        "Timestamp": "submitted_at",
        "Câu 1": "",
        "Câu 2": "",
        "Lĩnh vực thủ tục": "procedure_field",
    }
    next(s for s in at.selectbox if s.label == "Câu 1").select("CC1")
    next(s for s in at.selectbox if s.label == "Câu 2").select("KQ2")
    at.run()
    assert metrics(at)["Phiếu mới"] == "2"
    at.button(key="forms_import_write").click()
    at.run()
    rows = imported(demo_store)
    assert list(rows["CC1"]) == [2, 4] and rows["KQ2"].tolist()[1] == 5
    assert rows["submitted_at"].tolist()[1] == pd.Timestamp(2018, 4, 16, 14, 20)

    later = pick_tab(open_page("en"))
    assert mapping_of(later) == {
        "Timestamp": "submitted_at",
        "Câu 1": "CC1",
        "Câu 2": "KQ2",
        "Lĩnh vực thủ tục": "procedure_field",
    }
    assert metrics(later)["Already imported"] == "2"
    questions = demo_store.load().frame("survey_questions").set_index("code")
    assert questions.loc["CC1", "forms_header"] == "Câu 1"
    assert questions.loc["LINH_VUC", "forms_header"] == "Lĩnh vực thủ tục"


def test_imported_labels_score_the_same_as_numbers_typed_by_hand(demo_store: Store):
    """The issue's "done when": the same answers give the same results either way."""
    add_forms_tab(demo_store, forms_grid())
    at = pick_tab(open_page())
    at.button(key="forms_import_write").click()
    at.run()
    by_forms = imported(demo_store)

    by_hand = [
        {
            "submitted_at": when + dt.timedelta(days=30),  # another month: not a duplicate
            "channel": "Phiếu giấy",
            "procedure_field": field,
            "respondent_type": who,
            **{c: a for c, a in zip(CODES, answers, strict=True) if a is not None},
            "comment": comment or None,
        }
        for when, _, answers, field, who, comment in ANSWERS
    ]
    demo_store.append("survey_responses", by_hand, actor="test")
    rows = imported(demo_store)
    typed = rows[rows["channel"] == "Phiếu giấy"].reset_index(drop=True)
    assert len(typed) == len(by_forms) == 3
    assert score(typed, CODES) == score(by_forms, CODES)
    pd.testing.assert_frame_equal(typed[CODES], by_forms[CODES])


def test_an_uploaded_csv_is_imported_and_a_bad_file_is_explained(demo_store: Store):
    at = open_page()
    at.radio(key="forms_import_source").set_value("file")
    at.run()
    at.file_uploader(key="forms_import_file").set_value(("ảnh.xlsx", b"not a workbook", "x"))
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Không đọc được tệp «ảnh.xlsx» như một sổ tính Excel (.xlsx): tệp có thể bị hỏng "
        "hoặc là định dạng khác."
    ]
    data = ("\ufeff" + csv_text(forms_grid())).encode("utf-8")
    at.file_uploader(key="forms_import_file").set_value(("Khảo sát.csv", data, "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert metrics(at)["Phiếu mới"] == "3"
    at.button(key="forms_import_write").click()
    at.run()
    assert len(imported(demo_store)) == 3


def test_without_a_timestamp_column_nothing_can_be_written(demo_store: Store):
    grid = [row[1:] for row in forms_grid()]  # no Dấu thời gian
    add_forms_tab(demo_store, grid)
    at = pick_tab(open_page())
    assert any("Chưa thể đọc phiếu nào" in e.value for e in at.error)
    assert "dấu thời gian" in at.dataframe[0].value.iloc[0]["Vấn đề"]
    assert not [b for b in at.button if b.key == "forms_import_write"]


def test_a_viewer_sees_no_import(demo_store: Store, monkeypatch: pytest.MonkeyPatch):
    from reform.access import Role, hash_password

    monkeypatch.setenv("REFORM_PASSWORD_VIEWER", hash_password("xem", iterations=1_000))
    add_forms_tab(demo_store, forms_grid())
    at = AppTest.from_function(forms_page, default_timeout=60)
    at.session_state["auth_user"] = {"name": "Lãnh đạo", "role": int(Role.VIEWER)}
    at.run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Chỉ cán bộ có quyền nhập liệu mới nhập được phiếu từ Google Forms."
    ]
    assert not at.selectbox and not at.button


# -- the same on the Sheets emulator ------------------------------------------------------


def test_the_page_imports_the_same_way_on_google_sheets(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The page itself, on a Google store pointed at the emulator; the Forms tab holds real
    date cells (serial numbers), as a tab linked to a form does."""
    from sheets import open_store
    from sheets.settings import load_settings

    sid = emu.create_spreadsheet("CCHC")
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", sid)
    store = open_store(load_settings(), create=False)
    assert store.kind == "google"
    store.init()
    store.append("survey_questions", default_questionnaire(), actor="test", audit=False)
    emu.model.add_sheet(sid, FORMS_TAB)
    grid = forms_grid(stamp=to_serial)
    emu.model.set_values(sid, FORMS_TAB, grid, user_entered=False)

    at = pick_tab(open_page())
    assert metrics(at)["Phiếu mới"] == "3" and metrics(at)["Dòng có lỗi"] == "1"
    assert at.dataframe[0].value.iloc[0]["Dòng"] == BAD_ROW
    emu.reset_calls()
    at.button(key="forms_import_write").click()
    at.run()
    assert not at.exception
    assert "Đã thêm 3 phiếu" in at.success[0].value
    writes = [c for c in emu.calls() if c.method != "GET"]
    # Every response in one append, then one write per question remembering its header.
    assert len(writes) == 1 + len(CODES) + 3

    rows = imported(store)
    assert list(rows["submitted_at"]) == [pd.Timestamp(a[0]) for a in ANSWERS]
    assert set(rows["channel"]) == {"Google Forms"}
    values = emu.model.values(sid, "Phiếu khảo sát")
    headers = values[0]
    comments = [r[headers.index("Ý kiến khác")] for r in values[1:]]
    assert ANSWERS[2][5] in comments  # kept as text: a formula would show its result
    assert "example.vn" not in repr(values)
    questions = store.load(force=True).frame("survey_questions").set_index("code")
    assert questions.loc["TC1", "forms_header"] == QUESTIONS["TC1"]["text_vi"]

    again = pick_tab(open_page())
    assert metrics(again)["Phiếu mới"] == "0" and metrics(again)["Đã có từ trước"] == "3"
