"""The Phản ánh – kiến nghị page: intake, handling, publishing, who sees what, the figures."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from emulator import Emulator
from reform import feedback as fb
from reform.access import Role, hash_password
from reform.i18n import catalog
from reform.metrics import as_of_for_year
from sheets import schema as sc
from sheets import settings as settings_module
from sheets.google import GoogleBackend, emulator_client
from sheets.settings import load_settings
from sheets.store import Store
from tests.page_text import everything
from ui import feedback_views as views
from ui.feedback_forms import INTAKE_TOKEN

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PAGE = str(ROOT / "pages/feedback.py")
CODE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")
LATE_ITEM = "Phản ánh chậm giải quyết hồ sơ"  # a Mới item of the demo data


@pytest.fixture
def passwords(monkeypatch: pytest.MonkeyPatch, demo_store: Store) -> Store:
    """Password mode, so that roles matter; the session's role is set directly."""
    for role in ("viewer", "editor", "admin"):
        monkeypatch.setenv(
            f"REFORM_PASSWORD_{role.upper()}", hash_password(f"{role}-2017", iterations=1_000)
        )
    return demo_store


def page(lang: str = "vi", role: Role | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = lang
    if role is not None:
        at.session_state["auth_user"] = {"name": "Cán bộ Thử", "role": int(role)}
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "error", "warning", "success", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def listing(at: AppTest) -> pd.DataFrame:
    """The Danh sách tab's table."""
    return next(d for d in at.dataframe if d.key == "feedback_list_table").value


def unescaped(text: str) -> str:
    """Markdown source as it reads on screen: escape_md's backslashes taken out."""
    return re.sub(r"\\(.)", r"\1", text)


def counts(store: Store) -> tuple[int, int]:
    book = store.load(force=True)
    return len(book.frame("feedback", include_archived=True)), len(book.frame("audit"))


def intake(at: AppTest, name: str):
    """A widget of the open intake form, by its name in the form's keys."""
    key = f"feedback_in_{at.session_state[INTAKE_TOKEN]}_{name}"
    for kind in ("date_input", "selectbox", "checkbox", "text_input", "text_area", "button"):
        found = [w for w in at.get(kind) if w.key == key]
        if found:
            return found[0]
    raise AssertionError(f"no intake widget {key}")


def fill_intake(at: AppTest, **values: object) -> None:
    defaults = {
        "received": dt.date(2017, 1, 25),
        "category": "Phản ánh",
        "channel": "Trực tiếp",
        "subject": "Chậm trả kết quả hồ sơ",
        "content": "Hồ sơ nộp ngày 10/01/2017 chưa có kết quả.",
        "name": "Nguyễn Văn Thử",
        "phone": "0905 123 456",
        "email": "thu@example.com",
        "address": "Số 1 đường Mẫu, Nha Trang",
        "org": "Công ty TNHH Mẫu",
    }
    for name, value in {**defaults, **values}.items():
        widget = intake(at, name)
        if name in ("received", "category", "channel"):
            widget.set_value(value)
        else:
            widget.input(value)
    rerun(at)


def save_intake(at: AppTest) -> AppTest:
    intake(at, "save").click()
    return rerun(at)


def newest(store: Store) -> pd.Series:
    frame = store.load(force=True).frame("feedback")
    return frame.sort_values("updated_at", kind="stable").iloc[-1]


# --- rendering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, title, tabs",
    [
        ("vi", "Phản ánh – kiến nghị", ["Cần xử lý", "Danh sách", "Tiếp nhận", "Xử lý", "Số liệu"]),
        ("en", "Feedback", ["Needs attention", "List", "Intake", "Handling", "Figures"]),
    ],
)
def test_the_page_renders_in_both_languages(demo_store: Store, lang: str, title: str, tabs):
    at = page(lang)
    assert at.title[0].value == title
    assert [t.label for t in at.tabs] == tabs
    assert len(at.get("vega_lite_chart")) == 3  # by category, by channel, open by unit
    raw_keys = r"\b(?:feedback\.[a-z_]+\.[a-z0-9_]+|problem\.feedback_\w+)"
    assert re.findall(raw_keys, everything(at)) == []  # no catalog key left untranslated
    assert len(listing(at)) == 40


def test_the_catalog_has_every_problem_of_the_domain():
    source = (ROOT / "reform/feedback.py").read_text("utf-8")
    keys = set(re.findall(r'Problem\(\s*"(feedback_\w+)"', source))
    assert len(keys) >= 15
    for lang in ("vi", "en"):
        assert sorted(k for k in keys if f"problem.{k}" not in catalog(lang)) == []
    vi = json.loads((ROOT / "reform/locales/vi/feedback.json").read_text("utf-8"))
    en = json.loads((ROOT / "reform/locales/en/feedback.json").read_text("utf-8"))
    assert vi.keys() == en.keys()


# --- settings -------------------------------------------------------------------------------


def test_due_rules_come_from_the_settings(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    defaults = load_settings(environ={}, secrets={})
    assert views.rules() == fb.DueRules()  # the settings' defaults are the domain's
    assert defaults.feedback_max_length == 10_000 <= sc.LONG_TEXT
    monkeypatch.setenv("REFORM_FEEDBACK_ANSWER_DAYS", "7")
    monkeypatch.setenv("REFORM_DAYS_OFF", "03/03/2026; 04/03/2026")
    rules = views.rules()
    assert rules.answer_days == 7 and rules.category_days["Góp ý"] == 7
    # Monday 02/03/2026 + 7, with 3 and 4 March off: 05, 06, 09–13/03.
    assert fb.default_due("Góp ý", dt.date(2026, 3, 2), rules) == dt.date(2026, 3, 13)
    monkeypatch.setenv("REFORM_DAYS_OFF", "31/02/2026")
    assert views.calendar_setting_error()
    assert views.rules().calendar == fb.DueRules().calendar  # the holidays still count
    monkeypatch.setenv("REFORM_FEEDBACK_MAX_LENGTH", "60000")
    assert views.max_length() == sc.LONG_TEXT


# --- intake ---------------------------------------------------------------------------------


def test_intake_writes_one_row_with_a_code_and_a_due_date_after_tet(passwords: Store):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    token = at.session_state[INTAKE_TOKEN]
    fill_intake(at)
    # Wednesday 25/01/2017 + 5 working days: 26/01–01/02 is Tết, so 02, 03, 06, 07, 08/02.
    due_text = unescaped(texts(at))
    assert "Hạn trả lời: **08/02/2017**" in due_text
    assert "Tết Nguyên Đán (26/01–01/02)" in due_text
    save_intake(at)
    assert not at.error, [e.value for e in at.error]
    assert counts(passwords) == (before[0] + 1, before[1] + 1)
    added = newest(passwords)
    assert added["id"] == token
    assert CODE.match(added["code"]) and fb.is_well_formed(added["code"])
    assert added["due_date"] == pd.Timestamp(2017, 2, 8)
    assert added["received_on"] == pd.Timestamp(2017, 1, 25)
    assert (added["status"], added["category"]) == ("Mới", "Phản ánh")
    assert added["channel"] == "Trực tiếp"
    assert (added["sender_name"], added["sender_phone"]) == ("Nguyễn Văn Thử", "0905 123 456")
    assert not added["published"]
    assert f"Mã tra cứu: {added['code']} — đọc cho người gửi" in unescaped(texts(at))
    assert at.session_state[INTAKE_TOKEN] != token  # a fresh, empty form

    # A second click on the same form (the first click's run had not finished): nothing more.
    at.session_state[INTAKE_TOKEN] = token
    rerun(at)
    fill_intake(at)
    save_intake(at)
    assert counts(passwords) == (before[0] + 1, before[1] + 1)
    assert f"Mã tra cứu: {added['code']}" in unescaped(texts(at))


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "Chưa nhập «Nội dung»: phản ánh, kiến nghị cần có nội dung."),
        ("x" * 50_000, "«Nội dung» dài 50.000 ký tự, quá mức tối đa 10.000 ký tự."),
    ],
    ids=["empty", "too_long"],
)
def test_bad_content_is_refused_and_nothing_is_written(passwords: Store, content: str, message):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    assert intake(at, "content").label == "Nội dung * · Tối đa 10.000 ký tự"
    fill_intake(at, content=content)
    save_intake(at)
    assert any(e.value.startswith(message) for e in at.error), [e.value for e in at.error]
    assert "Chưa có gì được ghi." in texts(at)
    assert counts(passwords) == before


def test_script_and_formula_are_stored_as_text_and_shown_escaped(passwords: Store):
    script = "<script>alert('x')</script>"
    formula = '=HYPERLINK("http://evil.example";"bấm")'
    at = page(role=Role.EDITOR)
    fill_intake(at, subject=script, content=formula, name="<b>Tên</b>", org="=1+1")
    save_intake(at)
    assert not at.error, [e.value for e in at.error]
    added = newest(passwords)
    assert (added["subject"], added["content"]) == (script, formula)
    assert (added["sender_name"], added["sender_org"]) == ("<b>Tên</b>", "=1+1")
    # Shown escaped wherever markdown renders it: the saved notice and the handling tab.
    at.selectbox(key="feedback_handle_pick").set_value(added["id"])
    rerun(at)
    markdown = [str(e.value) for k in ("markdown", "caption") for e in at.get(k)]
    assert any(r"\<script\>alert\('x'\)\</script\>" in m for m in markdown)
    assert any(r"=HYPERLINK\(" in m for m in markdown)
    assert any(r"\<b\>Tên\</b\>" in m for m in markdown)
    assert not any("<script>" in m or "<b>" in m for m in markdown)
    # In the list, a plain text cell.
    assert script in set(listing(at)["subject"])


def test_a_viewer_has_no_forms(passwords: Store):
    at = page(role=Role.VIEWER)
    assert [t.label for t in at.tabs] == ["Cần xử lý", "Danh sách", "Số liệu"]
    assert not at.get("button") or all("feedback_in_" not in (b.key or "") for b in at.button)


# --- handling -------------------------------------------------------------------------------


def pick(at: AppTest, store: Store, subject: str) -> pd.Series:
    frame = store.load(force=True).frame("feedback")
    row = frame[frame["subject"] == subject].iloc[0]
    at.selectbox(key="feedback_handle_pick").set_value(row["id"])
    rerun(at)
    return row


def handle(at: AppTest, row: pd.Series, name: str):
    key = f"feedback_h_{row['id']}_{row['version']}_{name}"
    for kind in ("selectbox", "text_input", "text_area", "date_input", "toggle", "button"):
        found = [w for w in at.get(kind) if w.key == key]
        if found:
            return found[0]
    raise AssertionError(f"no handling widget {key}")


def test_assign_answer_and_publish_write_one_row(passwords: Store):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    row = pick(at, passwords, LATE_ITEM)
    assert row["status"] == "Mới"
    handle(at, row, "unit").set_value("Văn phòng Sở")
    handle(at, row, "assignee").input("Lê Thị Mai")
    handle(at, row, "status").set_value("Đã trả lời")
    rerun(at)
    assert handle(at, row, "publish").disabled  # no answer yet
    handle(at, row, "answer").input("Sở đã gửi phiếu xin lỗi và hẹn lại ngày 05/01/2018.")
    handle(at, row, "by").input("Lê Thị Mai")
    handle(at, row, "on").set_value(dt.date(2018, 1, 3))
    handle(at, row, "doc").input("12/SCT-VP")
    rerun(at)
    publish = handle(at, row, "publish")
    assert not publish.disabled
    publish.set_value(True)
    rerun(at)
    wording = handle(at, row, "wording")
    assert wording.value == row["content"]  # prefilled with the content, to be edited
    wording.input("Doanh nghiệp phản ánh hồ sơ quá hạn chưa nhận được phiếu xin lỗi.")
    handle(at, row, "save").click()
    rerun(at)
    assert not at.error, [e.value for e in at.error]
    assert counts(passwords) == (before[0], before[1] + 1)  # one row changed, one audit row
    saved = passwords.get("feedback", row["id"])
    assert saved["version"] == row["version"] + 1
    assert (saved["status"], saved["assigned_unit"], saved["assignee"]) == (
        "Đã trả lời",
        "Văn phòng Sở",
        "Lê Thị Mai",
    )
    assert saved["answered_on"] == dt.date(2018, 1, 3) and saved["answer_doc_no"] == "12/SCT-VP"
    assert saved["published"] is True
    assert saved["content"] == row["content"]  # the original stays, internal
    entry = fb.public_entry(saved)
    assert entry["content"].startswith("Doanh nghiệp phản ánh hồ sơ quá hạn")
    assert not set(entry) & set(fb.PERSONAL_FIELDS)


@pytest.mark.parametrize("status", ["Đang xử lý", "Đã trả lời"])
def test_publish_is_refused_without_an_answer(passwords: Store, status: str):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    row = pick(at, passwords, LATE_ITEM)
    handle(at, row, "unit").set_value("Văn phòng Sở")
    handle(at, row, "status").set_value(status)
    rerun(at)
    publish = handle(at, row, "publish")
    assert publish.disabled
    assert "Chỉ công khai được khi trạng thái là «Đã trả lời» và đã có nội dung" in texts(at)
    at.session_state[publish.key] = True  # as if the switch were forced on anyway
    handle(at, row, "save").click()
    rerun(at)
    saved = passwords.get("feedback", row["id"])
    assert not saved["published"]
    if status == "Đã trả lời":
        assert any("cần có nội dung trả lời" in e.value for e in at.error)
        assert counts(passwords) == before and saved["version"] == row["version"]


def test_a_declined_item_needs_a_reason(passwords: Store):
    before = counts(passwords)
    at = page(role=Role.EDITOR)
    row = pick(at, passwords, LATE_ITEM)
    handle(at, row, "status").set_value("Không xử lý")
    rerun(at)
    handle(at, row, "save").click()
    rerun(at)
    assert [e.value for e in at.error] == ["Trạng thái «Không xử lý» cần ghi lý do."]
    assert counts(passwords) == before


# --- who sees what --------------------------------------------------------------------------


def mark_personal_fields(store: Store) -> list[str]:
    """Put a marker in every personal field of every item; the markers."""
    markers = []
    for i, row in enumerate(store.load(force=True).frame("feedback").itertuples()):
        values = {
            "sender_name": f"ZZNAME{i:03d}",
            "sender_phone": f"0999{i:06d}",
            "sender_email": f"zzmail{i:03d}@example.com",
            "sender_address": f"ZZADDR{i:03d}",
        }
        store.update("feedback", row.id, values, expected_version=int(row.version))
        markers += values.values()
    return markers


def test_a_viewer_sees_no_personal_field(passwords: Store, monkeypatch: pytest.MonkeyPatch):
    markers = mark_personal_fields(passwords)
    assert len(markers) == 160
    viewer = everything(page(role=Role.VIEWER))
    assert [m for m in markers if m in viewer] == []
    assert "ZZNAME" not in viewer and "ZZADDR" not in viewer
    # The same page for an editor shows them: the check above would catch a leak.
    editor = everything(page(role=Role.EDITOR))
    assert all(m in editor for m in markers)
    monkeypatch.setenv("REFORM_SHOW_PERSONAL_TO_VIEWERS", "true")
    allowed = listing(page(role=Role.VIEWER))
    assert set(allowed["sender_name"]) == {m for m in markers if m.startswith("ZZNAME")}


def test_an_editor_limited_to_a_unit_sees_and_receives_for_that_unit(
    monkeypatch: pytest.MonkeyPatch, demo_store: Store
):
    secrets = {
        "auth": {
            "redirect_uri": "http://localhost:8501/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "s",
            "server_metadata_url": "https://accounts.example/.well-known",
        }
    }
    monkeypatch.setattr(settings_module, "read_secrets", lambda: secrets)
    demo_store.append(
        "users",
        [{"email": "vp@sct.example", "name": "Văn thư", "role": "Biên tập",
          "unit": "Văn phòng Sở", "active": True}],
    )  # fmt: skip
    frame = demo_store.load(force=True).frame("feedback")
    own = int((frame["assigned_unit"] == "Văn phòng Sở").sum())
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {"is_logged_in": True, "email": "vp@sct.example", "name": "Văn thư"}
    at.run()
    at.switch_page(PAGE)
    rerun(at)
    mine = listing(at)
    assert len(mine) == own and set(mine["assigned_unit"]) == {"Văn phòng Sở"}
    fill_intake(at)
    save_intake(at)
    assert newest(demo_store)["assigned_unit"] == "Văn phòng Sở"  # still in sight


# --- figures --------------------------------------------------------------------------------


def vi_number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def test_the_figures_are_the_domains(demo_store: Store):
    frame = demo_store.load().frame("feedback")
    rules = fb.DueRules()
    as_of = as_of_for_year(2017, dt.date.today())
    share = fb.on_time_share(frame, 2017, as_of, rules)
    median = fb.median_handling_days(frame, rules)
    answered = len(fb.handling_days(frame, rules))
    at = page()
    received, handling, on_time = (m.value for m in at.metric)
    assert received == "40"
    assert handling == f"{vi_number(median, 1)} ngày làm việc"
    assert on_time == f"{vi_number(100 * share.share, 1)}%"
    low, high = share.interval
    caption = (
        f"{share.on_time}/{share.n} mục; KTC 95%: {vi_number(100 * low, 1)}%–"
        f"{vi_number(100 * high, 1)}%"
    )
    assert caption in texts(at)
    assert f"n = {answered} mục đã trả lời" in texts(at)
    # The charts' numbers, as their tables show them.
    by_month = fb.received_by_month(frame, 2017)
    tables = {tuple(d.value.columns)[0]: d.value for d in at.dataframe}
    for kind, header in (("category", "Loại"), ("channel", "Kênh tiếp nhận")):
        table = tables[header].set_index(header)
        expected = by_month[by_month["dimension"] == kind]
        for _, cell in expected[expected["count"] > 0].iterrows():
            assert table.loc[cell["value"], f"Th{cell['month']}"] == cell["count"]
        assert table["Cả năm"].sum() == 40
    opened = fb.open_by_status_and_unit(frame)
    table = tables["Đơn vị xử lý"]
    assert list(table["Số phản ánh, kiến nghị"]) == list(opened["count"])
    assert list(table["Trạng thái"]) == list(opened["status"])


def test_needs_attention_lists_the_open_items_by_unit(demo_store: Store):
    frame = demo_store.load().frame("feedback")
    by_unit = fb.attention_by_unit(frame, dt.date.today(), 2, fb.DueRules())
    at = page()
    units = at.dataframe[0].value
    assert list(units["Quá hạn"]) == list(by_unit["overdue"])
    assert list(units["Đơn vị xử lý"]) == [u or "Chưa giao đơn vị" for u in by_unit["unit"]]
    items = at.dataframe[1].value
    assert len(items) == 5 and items["left"].str.startswith("Quá hạn").all()


def test_an_empty_store_gives_plain_messages_and_the_intake_form(empty_store: Store):
    at = page()
    assert "Chưa có phản ánh, kiến nghị nào." in [i.value for i in at.info]
    assert intake(at, "save")  # the first item can be received at once
    assert not at.get("vega_lite_chart")


# --- Google Sheets --------------------------------------------------------------------------


def test_intake_on_the_sheets_emulator(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    sid = emu.create_spreadsheet("CCHC — phản ánh")
    store = Store(GoogleBackend(emulator_client(emu.host), sid, account_email="emulator"))
    store.init(demo=True)
    before = counts(store)
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", sid)
    monkeypatch.setenv("REFORM_ALLOW_OPEN_MODE", "true")
    at = page()
    formula = '=HYPERLINK("http://evil.example";"bấm")'
    fill_intake(at, subject=formula, phone="0905123456")
    save_intake(at)
    assert not at.error, [e.value for e in at.error]
    assert counts(store) == (before[0] + 1, before[1] + 1)
    added = newest(store)
    assert CODE.match(added["code"]) and added["due_date"] == pd.Timestamp(2017, 2, 8)
    assert added["sender_phone"] == "0905123456"  # the leading zero kept
    # In the sheet itself the subject is a text cell, never a live formula.
    cells = emu.model.values(sid, sc.FEEDBACK.name)
    assert [r for r in cells if formula in r]
    assert not db_path.exists()  # the page wrote to the spreadsheet, not an embedded store
