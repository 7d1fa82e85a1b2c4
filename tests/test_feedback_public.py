"""The public side of citizens' feedback: the form at /gop_y, the lookup by code, and the
published answers on Công khai (searchable, grouped by field, printable), through the real
router with AppTest. No public page ever shows a sender's data or an internal field."""

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
from reform.i18n import catalog, t
from sheets import schema as sc
from sheets.google import GoogleBackend, emulator_client
from sheets.store import Store
from tests.page_text import everything
from ui import feedback_public as public
from ui import feedback_views as views

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
FORM_PAGE = str(ROOT / "pages/gop_y.py")
PUBLIC_PAGE = str(ROOT / "pages/public.py")
CODE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
NOT_FOUND = t("feedback_public.lookup.not_found", "vi")


# --- driving the pages ----------------------------------------------------------------------


def open_page(path: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(path)
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "error", "warning", "success", "header", "subheader")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def unescaped(text: str) -> str:
    """Markdown source as it reads on screen: escape_md's backslashes taken out."""
    return re.sub(r"\\(.)", r"\1", text)


def widget(at: AppTest, name: str):
    """A widget of the open form, by its name in the form's keys."""
    key = f"feedback_public_{at.session_state[public.TOKEN]}_{name}"
    for kind in ("radio", "selectbox", "text_input", "text_area", "button"):
        found = [w for w in at.get(kind) if w.key == key]
        if found:
            return found[0]
    raise AssertionError(f"no form widget {key}")


SENDER = {
    "category": "Kiến nghị",
    "subject": "Thời gian cấp giấy phép",
    "content": "Đề nghị rút ngắn thời gian cấp giấy phép kinh doanh rượu.",
    "sender_name": "Trần Thị Gửi",
    "sender_phone": "0905 222 333",
    "sender_email": "gui@example.com",
    "sender_address": "Số 2 đường Mẫu, Nha Trang",
    "sender_org": "",
}


def fill(at: AppTest, **values: str) -> None:
    for name, value in {**SENDER, **values}.items():
        if name == "category":
            widget(at, name).set_value(value)
        else:
            widget(at, name).input(value)


def send(at: AppTest, **values: str) -> AppTest:
    fill(at, **values)
    widget(at, "send").click()
    return rerun(at)


def look_up(at: AppTest, code: str) -> AppTest:
    at.text_input(key=public.LOOKUP_INPUT).input(code)
    at.button(key="feedback_public_lookup_go").click()
    return rerun(at)


def counts(store: Store) -> tuple[int, int]:
    """Rows of Phản ánh kiến nghị as stored (a row repeating an id would be left out of the
    typed frame, so the raw rows are counted), and rows of Nhật ký."""
    book = store.load(force=True)
    stored = [
        cells
        for _, cells in book.raw_tabs["feedback"].rows
        if any(c not in ("", None) for c in cells)
    ]
    assert not [p for p in book.problems if p.kind == "duplicate_id"]
    return len(stored), len(book.frame("audit"))


def row(store: Store, record_id: str) -> pd.Series:
    frame = store.load(force=True).frame("feedback", include_archived=True)
    return frame[frame["id"] == record_id].iloc[0]


def publish(store: Store, record_id: str, answer: str, wording: str | None = None) -> None:
    """What staff do on the Xử lý tab: answer, then publish (with a public wording)."""
    current = row(store, record_id)
    store.update(
        "feedback",
        record_id,
        {
            "status": "Đã trả lời",
            "assigned_unit": "Văn phòng Sở",
            "assignee": "Lê Thị Mai",
            "answer": answer,
            "answered_on": dt.date.today(),
            "answer_doc_no": "12/SCT-VP",
            "published": True,
            "public_content": wording,
        },
        expected_version=int(current["version"]),
    )


# --- the form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, limit, tabs",
    [
        ("vi", "Nội dung * · Tối đa 10.000 ký tự", ["Gửi mới", "Tra cứu theo mã"]),
        ("en", "Content * · at most 10,000 characters", ["Send", "Look up by code"]),
    ],
)
def test_the_form_states_the_limit_what_is_optional_and_that_nothing_personal_is_published(
    demo_store: Store, lang: str, limit: str, tabs: list[str]
):
    at = open_page(FORM_PAGE, lang)
    assert at.title[0].value == t("nav.feedback_form", lang)
    assert [tab.label for tab in at.tabs] == tabs
    assert widget(at, "content").label == limit
    assert widget(at, "sender_name").label.endswith(" *")
    optional = t("feedback_public.optional", lang)
    for name in ("subject", "field", "sender_phone", "sender_email", "sender_address"):
        assert widget(at, name).label.endswith(optional), name
    assert t("feedback_public.privacy", lang) in texts(at)
    raw_keys = r"\b(?:feedback(?:_public)?\.[a-z_]+\.?[a-z0-9_]*|problem\.feedback_\w+)\b"
    assert re.findall(raw_keys, everything(at)) == []  # no catalog key left untranslated
    # The fields offered are the desk's, never one typed in somebody's submission.
    fields = widget(at, "field").options
    assert set(fields) <= set(demo_store.load().frame("dossiers")["procedure_field"])


def test_a_submission_writes_one_row_with_a_code_once_however_often_it_is_sent(
    demo_store: Store,
):
    before = counts(demo_store)
    at = open_page(FORM_PAGE)
    token = at.session_state[public.TOKEN]
    send(at)
    assert not at.error, [e.value for e in at.error]
    assert counts(demo_store) == (before[0] + 1, before[1] + 1)
    added = row(demo_store, token)
    assert CODE.match(added["code"]) and fb.is_well_formed(added["code"])
    assert (added["channel"], added["status"], added["category"]) == (
        "Trang web",
        "Mới",
        "Kiến nghị",
    )
    assert added["received_on"] == pd.Timestamp(dt.date.today())
    due = fb.default_due("Kiến nghị", dt.date.today(), views.rules(), channel="Trang web")
    assert added["due_date"] == pd.Timestamp(due)
    assert (added["sender_name"], added["sender_phone"]) == ("Trần Thị Gửi", "0905 222 333")
    assert pd.isna(added["sender_org"]) and not added["published"]
    audit = demo_store.load().frame("audit")
    assert audit.iloc[-1]["actor"] == public.ACTOR and audit.iloc[-1]["record_id"] == token
    shown = unescaped(texts(at))
    assert f"Mã tra cứu của Ông/Bà: {added['code']} — hãy ghi lại" in shown
    assert f"Hạn trả lời: **{due:%d/%m/%Y}**, 3 ngày làm việc" in shown
    assert at.session_state[public.TOKEN] != token  # a fresh form waits behind the code

    # The same form sent again (a double click whose first run had not finished): its code
    # again, nothing written.
    at.session_state[public.TOKEN] = token
    at.session_state[public.SHOWN] = None
    rerun(at)
    send(at, content="Nội dung khác, cùng một mẫu.")
    assert counts(demo_store) == (before[0] + 1, before[1] + 1)
    assert f"Mã tra cứu của Ông/Bà: {added['code']}" in unescaped(texts(at))

    # A retried request in a new session, the token already stored: the same.
    again = AppTest.from_file(APP, default_timeout=90)
    again.session_state[public.TOKEN] = token
    again.run()
    again.switch_page(FORM_PAGE)
    rerun(again)
    send(again)
    assert counts(demo_store) == (before[0] + 1, before[1] + 1)
    assert f"Mã tra cứu của Ông/Bà: {added['code']}" in unescaped(texts(again))

    # "Gửi phản ánh, kiến nghị khác": an empty form, which writes a second row.
    at.button(key="feedback_public_again").click()
    rerun(at)
    assert widget(at, "content").value == ""
    send(at)
    assert counts(demo_store) == (before[0] + 2, before[1] + 2)


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "Chưa nhập «Nội dung»: phản ánh, kiến nghị cần có nội dung."),
        ("   \n  ", "Chưa nhập «Nội dung»: phản ánh, kiến nghị cần có nội dung."),
        ("x" * 50_000, "«Nội dung» dài 50.000 ký tự, quá mức tối đa 10.000 ký tự."),
    ],
    ids=["empty", "blank", "too_long"],
)
def test_bad_content_is_refused_and_nothing_is_written(demo_store: Store, content: str, message):
    before = counts(demo_store)
    at = open_page(FORM_PAGE)
    send(at, content=content)
    assert any(e.value.startswith(message) for e in at.error), [e.value for e in at.error]
    assert "Chưa gửi được: hãy sửa các mục trên rồi bấm «Gửi» lại." in texts(at)
    assert counts(demo_store) == before
    assert widget(at, "content").value == content  # what was typed stays, to be corrected


def test_the_limit_is_a_setting_and_the_form_says_it(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("REFORM_FEEDBACK_MAX_LENGTH", "500")
    before = counts(demo_store)
    at = open_page(FORM_PAGE)
    assert widget(at, "content").label == "Nội dung * · Tối đa 500 ký tự"
    send(at, content="y" * 501)
    assert [e.value for e in at.error] == [
        "«Nội dung» dài 501 ký tự, quá mức tối đa 500 ký tự. Hãy rút gọn nội dung."
    ]
    assert counts(demo_store) == before


def test_the_sender_is_told_what_to_correct_in_their_own_words(demo_store: Store):
    before = counts(demo_store)
    at = open_page(FORM_PAGE)
    send(at, sender_name="  ", sender_email="gui-at-example")
    errors = [e.value for e in at.error]
    assert errors == [
        "Chưa nhập «Họ và tên»: cơ quan cần biết ai gửi để trả lời đúng người.",
        "Email «gui\\-at\\-example» chưa đúng dạng, ví dụ ten@example.com.",
    ]
    send(at, sender_phone="gọi tôi")
    errors = [e.value for e in at.error]
    assert errors == ["«Điện thoại» «gọi tôi»: cần một số điện thoại, ví dụ 0905 123 456."]
    assert not any("Bảng" in e for e in errors)  # no tab, row or column for a citizen
    assert counts(demo_store) == before


def test_script_and_formula_are_stored_as_text_and_shown_escaped(demo_store: Store):
    at = open_page(FORM_PAGE)
    token = at.session_state[public.TOKEN]
    send(at, subject=SCRIPT, content=f"{FORMULA} {SCRIPT}", sender_name="<b>Tên</b>")
    assert not at.error, [e.value for e in at.error]
    added = row(demo_store, token)
    assert (added["subject"], added["content"]) == (SCRIPT, f"{FORMULA} {SCRIPT}")
    assert added["sender_name"] == "<b>Tên</b>"
    publish(demo_store, token, f"Trả lời {SCRIPT} {FORMULA}")

    at = look_up(open_page(FORM_PAGE), added["code"])
    markdown = [str(e.value) for kind in ("markdown", "caption") for e in at.get(kind)]
    assert any(
        r'=HYPERLINK\("http\://x","y"\)' in m and r"\<script\>alert\(1\)\</script\>" in m
        for m in markdown
    )
    assert not any("<script>" in m or "<b>" in m for m in markdown)

    answers = open_page(PUBLIC_PAGE)
    markdown = [str(e.value) for kind in ("markdown", "caption") for e in answers.get(kind)]
    assert any(r"\<script\>alert\(1\)\</script\>" in m for m in markdown)
    assert not any("<script>" in m for m in markdown)
    printable = [str(e.proto) for e in answers.get("iframe")]
    assert printable and "&lt;script&gt;alert(1)&lt;/script&gt;" in printable[0]
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in printable[0]
    assert "<script>alert" not in printable[0]


# --- the lookup -----------------------------------------------------------------------------


def test_the_lookup_shows_the_status_then_the_answer_once_published(demo_store: Store):
    at = open_page(FORM_PAGE)
    token = at.session_state[public.TOKEN]
    send(at)
    code = row(demo_store, token)["code"]
    typed = "  " + code.replace("-", " ").lower()[:3] + " " + code.replace("-", "").lower()[3:]
    due = fb.default_due("Kiến nghị", dt.date.today(), views.rules(), channel="Trang web")

    at = look_up(open_page(FORM_PAGE), typed)
    shown = unescaped(texts(at))
    assert f"Mã {code}" in shown
    assert f"Trạng thái: **Mới** · Ngày tiếp nhận: {dt.date.today():%d/%m/%Y}" in shown
    assert f"Hạn trả lời: **{due:%d/%m/%Y}**" in shown
    assert "Cơ quan đã nhận và sẽ giao đơn vị xử lý." in shown
    assert SENDER["content"] not in shown and "**Trả lời**" not in shown

    # Answered but not yet published: the status only.
    current = row(demo_store, token)
    demo_store.update(
        "feedback",
        token,
        {"status": "Đã trả lời", "answer": "Trả lời riêng.", "answered_on": dt.date.today()},
        expected_version=int(current["version"]),
    )
    shown = unescaped(texts(rerun(at)))
    assert "Trạng thái: **Đã trả lời**" in shown and "Hạn trả lời" not in shown
    assert "Trả lời riêng." not in shown and SENDER["content"] not in shown

    publish(demo_store, token, "Sở sẽ rút ngắn còn 10 ngày.", "Đề nghị rút ngắn thời gian.")
    at = look_up(open_page(FORM_PAGE, "en"), typed)
    shown = unescaped(texts(at))
    assert f"Code {code}" in shown and "Status: **Answered**" in shown
    assert "**Question**  \nĐề nghị rút ngắn thời gian." in shown
    assert "**Answer**  \nSở sẽ rút ngắn còn 10 ngày." in shown
    assert SENDER["content"] not in shown  # the original stays internal
    for personal in ("Trần Thị Gửi", "0905 222 333", "gui@example.com", "Lê Thị Mai"):
        assert personal not in everything(at)


def lookup_tab(at: AppTest) -> list[str]:
    """What the lookup tab says, element by element."""
    kinds = ("markdown", "caption", "info", "warning", "error", "subheader")
    return [f"{kind}: {e.value}" for kind in kinds for e in at.tabs[1].get(kind)]


def test_unknown_and_ill_formed_codes_get_the_same_neutral_answer(demo_store: Store):
    at = open_page(FORM_PAGE)
    answers = {}
    for typed in ("ZZZZ-ZZZZ", "zzzz zzzz", "abc", "O0O0-I1I1", "K7MA-4QX9-EXTRA", "'; --"):
        answers[typed] = lookup_tab(look_up(at, typed))
    assert [i.value for i in at.tabs[1].info] == [NOT_FOUND]
    assert all(answer == answers["abc"] for answer in answers.values()), answers


def test_an_empty_lookup_asks_for_a_code(demo_store: Store):
    at = look_up(open_page(FORM_PAGE), "   ")
    assert [w.value for w in at.tabs[1].warning] == ["Hãy nhập mã tra cứu."]


# --- the published answers ------------------------------------------------------------------


def answer_cards(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Nội dung**")]


def test_the_answers_are_grouped_by_field_newest_first_and_searchable(demo_store: Store):
    entries = fb.public_entries(demo_store.load().frame("feedback"))
    at = open_page(PUBLIC_PAGE)
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    named = [h for h in headings if "Lĩnh vực khác" not in h]
    assert [unescaped(h) for h in named] == [
        "#### An toàn thực phẩm · 4",
        "#### Công nghiệp – Khoa học công nghệ · 4",
        "#### Điện lực · 4",
        "#### Hóa chất · 3",
        "#### Thương mại · 4",
    ]
    assert headings[-1] == "#### Lĩnh vực khác · 4"
    assert len(answer_cards(at)) == len(entries) == 23
    first = entries[entries["procedure_field"] == "An toàn thực phẩm"].iloc[0]  # newest answer
    assert unescaped(answer_cards(at)[0]) == f"**Nội dung**  \n{first['content']}"
    assert "Đã trả lời" not in "".join(answer_cards(at))  # never the status or a sender

    # Diacritics and case do not matter; every word must be found.
    at.text_input(key=public.SEARCH).input("AN TOAN thuc pham")
    rerun(at)
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings[0] == "#### An toàn thực phẩm · 4"
    assert f"{len(answer_cards(at))}/23 câu trả lời." in texts(at)
    at.text_input(key=public.SEARCH).input("không có chữ này đâu")
    rerun(at)
    assert [i.value for i in at.info] == ["Không có câu trả lời nào khớp «không có chữ này đâu»."]
    assert not answer_cards(at)


def test_the_printable_list_is_one_escaped_a4_document_of_the_answers_shown(demo_store: Store):
    entries = fb.public_entries(demo_store.load().frame("feedback"))
    at = open_page(PUBLIC_PAGE)
    frames = at.get("iframe")
    assert len(frames) == 1
    document = frames[0].proto.srcdoc
    assert "@page { size: A4; margin: 15mm }" in document
    assert document.count("<article>") == len(entries)
    assert "Sở Công Thương tỉnh Khánh Hòa" in document
    assert "<h2>An toàn thực phẩm" in document
    # The same list as the file to download.
    html = public.printable_html(entries, "Sở Công Thương tỉnh Khánh Hòa", dt.date.today(), "")
    assert html.count("<article>") == len(entries)
    assert 'lang="vi"' in html


# --- personal data never reaches a public page ----------------------------------------------


def mark_everything(store: Store) -> dict[str, list[str]]:
    """Unique markers in every personal and internal field of every item (the demo's 40 and
    five more); published items get a public wording, their original content a marker too.
    The codes of a published and an unpublished marked item, and every marker."""
    extra = [
        {
            "received_on": "01/06/2017",
            "category": "Góp ý",
            "channel": "Trang web",
            "status": "Đã trả lời",
            "content": f"Góp ý số {i} về niêm yết thủ tục.",
            "procedure_field": "Thương mại",
            "answer": f"Sở đã niêm yết (trả lời số {i}).",
            "answered_on": "05/06/2017",
            "published": i % 2 == 0,
        }
        for i in range(5)
    ]
    store.append("feedback", extra)
    markers: list[str] = []
    codes = {"published": [], "unpublished": []}
    frame = store.load(force=True).frame("feedback")
    for i, item in enumerate(frame.to_dict("records")):
        values = {
            "sender_name": f"ZZNAME7731{i:02d}",
            "sender_phone": f"0999773{i:03d}",
            "sender_email": f"zz7731.{i:02d}@example.com",
            "sender_address": f"ZZADDR7731{i:02d}",
            "sender_org": f"ZZORG7731{i:02d}",
            "subject": f"ZZSUBJ7731{i:02d}",
            "assignee": f"ZZWHO7731{i:02d}",
            "answered_by": f"ZZBY7731{i:02d}",
        }
        if item["status"] == "Không xử lý":
            values["reason"] = f"ZZWHY7731{i:02d}"
        published = bool(item["published"]) and fb.may_publish(item)
        if published and i % 3 == 0:  # a public wording: the original content stays internal
            values["content"] = f"ZZORIG7731{i:02d} {item['content']}"
            values["public_content"] = f"Nội dung công khai số {i}."
        store.update("feedback", item["id"], values, expected_version=int(item["version"]))
        markers += [v for k, v in values.items() if k not in ("content", "public_content")]
        if "content" in values:
            markers.append(f"ZZORIG7731{i:02d}")
        if fb.normalize_code(item["code"]):
            codes["published" if published else "unpublished"].append(item["code"])
    assert len(frame) >= 45 and len(codes["published"]) >= 20
    return {"markers": sorted(set(markers)), **codes}


PREFIXES = ("ZZNAME", "0999773", "zz7731", "ZZADDR", "ZZORG", "ZZSUBJ", "ZZWHO", "ZZBY", "ZZWHY")


def leaks(text: str, markers: list[str]) -> list[str]:
    found = [m for m in markers if m in text]
    return found + [p for p in (*PREFIXES, "ZZORIG") if p in text]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markers_in_personal_and_internal_fields_never_reach_a_public_page(
    demo_store: Store, lang: str
):
    marked = mark_everything(demo_store)
    markers = marked["markers"]
    assert len(markers) > 300

    answers = open_page(PUBLIC_PAGE, lang)
    text = everything(answers)
    assert leaks(text, markers) == []
    assert "Sở đã niêm yết (trả lời số 0)." in text  # the walk does see the answers …
    assert "Nội dung công khai số" in text  # … and the public wordings
    printable = answers.get("iframe")[0].proto.srcdoc  # the printable list, as downloaded
    assert "Sở đã niêm yết (trả lời số 0)." in printable
    assert leaks(printable, markers) == []
    if lang == "vi":  # (AppTest cannot rerun the survey tab's quarter picker in English)
        answers.text_input(key=public.SEARCH).input("niêm yết")
        assert leaks(everything(rerun(answers)), markers) == []

    form = open_page(FORM_PAGE, lang)
    assert leaks(everything(form), markers) == []
    for code in (marked["published"][0], marked["published"][-1], marked["unpublished"][0]):
        looked = look_up(form, code.lower().replace("-", " "))
        text = everything(looked)
        assert t("field.feedback.status", lang) in text  # the item was found …
        assert leaks(text, markers) == []  # … and nothing personal or internal came with it


# --- the catalog ----------------------------------------------------------------------------


def test_the_public_catalog_has_the_same_keys_in_both_languages():
    vi = json.loads((ROOT / "reform/locales/vi/feedback_public.json").read_text("utf-8"))
    en = json.loads((ROOT / "reform/locales/en/feedback_public.json").read_text("utf-8"))
    assert vi.keys() == en.keys()
    assert all(k.startswith("feedback_public.") for k in vi)
    source = (ROOT / "ui/feedback_public.py").read_text("utf-8")
    used = set(re.findall(r'"(feedback_public\.[a-z_.]+)"', source))
    used |= {f"feedback_public.lookup.note.{c}" for c in views.STATUS_CODES.values()}
    used |= {f"feedback_public.category.{c}" for c in views.CATEGORY_CODES.values()}
    assert sorted(k for k in used if k not in catalog("vi")) == []


# --- Google Sheets --------------------------------------------------------------------------


def test_the_public_form_and_lookup_on_the_sheets_emulator(
    emu: Emulator, db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    sid = emu.create_spreadsheet("CCHC — góp ý công khai")
    store = Store(GoogleBackend(emulator_client(emu.host), sid, account_email="emulator"))
    store.init(demo=True)
    before = counts(store)
    monkeypatch.setenv("SHEETS_EMULATOR_HOST", emu.host)
    monkeypatch.setenv("REFORM_GSHEETS_SPREADSHEET", sid)
    monkeypatch.setenv("REFORM_ALLOW_OPEN_MODE", "true")
    monkeypatch.setenv("REFORM_CACHE_TTL", "0")  # the test's own writes, read at once
    at = open_page(FORM_PAGE)
    token = at.session_state[public.TOKEN]
    send(at, subject=FORMULA, sender_phone="0905123456")
    assert not at.error, [e.value for e in at.error]
    at.session_state[public.TOKEN] = token  # the same form once more
    at.session_state[public.SHOWN] = None
    rerun(at)
    send(at, subject=FORMULA, sender_phone="0905123456")
    assert counts(store) == (before[0] + 1, before[1] + 1)
    added = row(store, token)
    assert CODE.match(added["code"]) and added["channel"] == "Trang web"
    assert added["sender_phone"] == "0905123456"  # the leading zero kept
    cells = sc.FEEDBACK.name
    assert [r for r in emu.model.values(sid, cells) if FORMULA in r]  # a text cell, as typed
    publish(store, token, "Đã rút ngắn.", "Đề nghị rút ngắn thời gian.")
    at = look_up(open_page(FORM_PAGE), added["code"].lower())
    assert "**Trả lời**  \nĐã rút ngắn." in unescaped(texts(at))
    assert not db_path.exists()  # the page wrote to the spreadsheet, not an embedded store
