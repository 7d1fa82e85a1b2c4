"""Collecting survey responses: the public form, the kiosk and staff entry of paper forms,
run through app.py on the demo store; the QR code and the A4 sign."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reform.i18n import t
from sheets.store import Store
from ui import survey_entry as se

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGE = str(Path(APP).parent / "pages/khao_sat.py")
STAFF = """
from ui.survey_entry import staff_entry_view

staff_entry_view()
"""


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def checked(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def public_form(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE)
    return checked(at.run())


def kiosk() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["kiosk"] = "1"
    return checked(at.run())


def staff() -> AppTest:
    return checked(AppTest.from_string(STAFF, default_timeout=60).run())


def token(at: AppTest, scope: str) -> str:
    return at.session_state[se.TOKENS][scope]


def answer(at: AppTest, scope: str, code: str, level: int | None) -> None:
    at.segmented_control(key=f"survey_scale_{token(at, scope)}_{code}").set_value(level)


def submit(at: AppTest) -> AppTest:
    at.get("form_submit_button")[0].click()
    return checked(at.run())


def responses(store: Store) -> pd.DataFrame:
    return store.load(force=True).frame("survey_responses")


def texts(at: AppTest) -> str:
    kinds = ("markdown", "caption", "info", "error", "warning", "success", "header")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def newest(store: Store) -> pd.Series:
    return responses(store).sort_values("_row").iloc[-1]


# --- the public form ------------------------------------------------------------------------


def test_the_public_form_writes_one_row_with_its_channel_and_answers(demo_store: Store):
    before = len(responses(demo_store))
    at = public_form()
    assert at.title[0].value == "Khảo sát ý kiến"
    assert vi("survey_entry.intro") in texts(at)
    # Nothing preselected: every 1–5 question starts blank.
    scales = [s for s in at.segmented_control if s.key and s.key.startswith("survey_scale_")]
    assert len(scales) == 15 and all(s.value is None for s in scales)
    # No personal field but the optional contact.
    assert [w.label for w in at.text_input] == [vi("survey_entry.contact")]
    answer(at, "public", "TC1", 4)
    answer(at, "public", "CC2", 5)
    at.pills(key=f"survey_{token(at, 'public')}_field").set_value("Thương mại")
    at.segmented_control(key=f"survey_choice_{token(at, 'public')}_respondent").set_value(
        "Doanh nghiệp"
    )
    at.text_area(key=f"survey_{token(at, 'public')}_comment").input('=HYPERLINK("x")')
    submit(at)
    assert not at.error, [e.value for e in at.error]
    assert at.header[0].value == vi("survey_entry.thanks.title")
    rows = responses(demo_store)
    assert len(rows) == before + 1
    row = newest(demo_store)
    assert row["id"].startswith("survey-")
    assert (row["channel"], row["TC1"], row["CC2"], row["procedure_field"]) == (
        "Trực tuyến",
        4,
        5,
        "Thương mại",
    )
    assert row["respondent_type"] == "Doanh nghiệp"
    assert pd.isna(row["TC2"]) and pd.isna(row["contact"])
    assert row["comment"] == '=HYPERLINK("x")'  # kept as text, never a formula
    now = se.now_local()
    assert abs(pd.Timestamp(row["submitted_at"]) - pd.Timestamp(now)) < pd.Timedelta(minutes=2)


def test_an_all_blank_form_is_refused_and_nothing_is_written(demo_store: Store):
    before = len(responses(demo_store))
    at = submit(public_form())
    assert [e.value for e in at.error] == [vi("survey_entry.problem.survey_all_blank")]
    assert len(responses(demo_store)) == before
    assert not at.header  # no thanks: the form is still there


def test_a_contact_without_consent_is_refused(demo_store: Store):
    before = len(responses(demo_store))
    at = public_form()
    answer(at, "public", "TC1", 3)
    at.text_input(key=f"survey_{token(at, 'public')}_contact").input("0905 123 456")
    submit(at)
    assert [e.value for e in at.error] == [vi("survey_entry.error.consent")]
    assert len(responses(demo_store)) == before
    # Ticked, the contact is kept with the consent.
    at.checkbox(key=f"survey_{token(at, 'public')}_consent").check()
    submit(at)
    assert not at.error
    row = newest(demo_store)
    assert (row["contact"], bool(row["consent"])) == ("0905 123 456", True)


def test_a_second_submit_of_the_same_form_adds_nothing(demo_store: Store):
    at = public_form()
    first = token(at, "public")
    answer(at, "public", "TT1", 2)
    submit(at)
    after_first = len(responses(demo_store))
    # The same form again, as a double-click's second run or a retried request would send it.
    at.session_state[se.TOKENS] = {**at.session_state[se.TOKENS], "public": first}
    at.session_state[se.THANKS] = None
    checked(at.run())
    answer(at, "public", "TT1", 2)
    submit(at)
    assert len(responses(demo_store)) == after_first
    assert vi("survey_entry.already") in texts(at)
    # The same token from a new session (the session was lost): its row ID is already stored.
    again = public_form()
    again.session_state[se.TOKENS] = {"public": first}
    checked(again.run())
    answer(again, "public", "TT1", 2)
    submit(again)
    assert len(responses(demo_store)) == after_first
    assert vi("survey_entry.already") in texts(again)


def test_an_identical_response_within_a_minute_is_not_written_again(demo_store: Store):
    first = public_form()
    answer(first, "public", "KQ1", 1)
    answer(first, "public", "KQ2", 2)
    submit(first)
    count = len(responses(demo_store))
    second = public_form()  # another session, another token, the same answers
    answer(second, "public", "KQ1", 1)
    answer(second, "public", "KQ2", 2)
    submit(second)
    assert len(responses(demo_store)) == count
    assert vi("survey_entry.already") in texts(second)


def test_the_public_form_speaks_english(demo_store: Store):
    at = public_form("en")
    assert "does not ask for your name" in texts(at)
    assert "Access to the service" in [s.value for s in at.subheader]
    labels = [s.label for s in at.segmented_control if s.key and "TC1" in s.key]
    assert labels and labels[0].startswith("How satisfied are you with finding information")
    assert "survey_entry." not in texts(at)


# --- the kiosk --------------------------------------------------------------------------------


def test_the_kiosk_writes_its_channel_thanks_and_starts_an_empty_form(demo_store: Store):
    before = len(responses(demo_store))
    at = kiosk()
    assert at.title[0].value == "Khảo sát ý kiến"
    first = token(at, "kiosk")
    answer(at, "kiosk", "TC1", 5)
    answer(at, "kiosk", "PA3", 4)
    submit(at)
    assert len(responses(demo_store)) == before + 1
    assert newest(demo_store)["channel"] == "Tại quầy (kiosk)"
    assert at.header[0].value == vi("survey_entry.thanks.title")
    assert not at.get("form_submit_button")  # no form, no answers on the thank-you screen
    at.button(key="survey_next_person").click()
    checked(at.run())
    assert not at.header
    assert token(at, "kiosk") != first
    scales = [s for s in at.segmented_control if s.key and s.key.startswith("survey_scale_")]
    assert len(scales) == 15 and all(s.value is None for s in scales)
    assert all(not w.value for w in at.text_area) and all(not w.value for w in at.text_input)


def test_the_kiosk_can_start_over_without_sending(demo_store: Store):
    before = len(responses(demo_store))
    at = kiosk()
    answer(at, "kiosk", "TT3", 1)
    at.text_area(key=f"survey_{token(at, 'kiosk')}_comment").input("bỏ dở")
    at.button(key=f"survey_restart_{token(at, 'kiosk')}").click()
    checked(at.run())
    scales = [s for s in at.segmented_control if s.key and s.key.startswith("survey_scale_")]
    assert all(s.value is None for s in scales) and not at.text_area[0].value
    assert len(responses(demo_store)) == before


def test_the_kiosk_has_its_own_language_switch_and_goes_back_to_vietnamese(demo_store: Store):
    at = kiosk()
    at.segmented_control(key="lang").set_value("en")
    checked(at.run())
    assert at.title[0].value == t("nav.survey_form", "en")
    answer(at, "kiosk", "CC1", 4)
    submit(at)
    assert at.header[0].value == t("survey_entry.thanks.title", "en")
    at.button(key="survey_next_person").click()
    checked(at.run())
    assert at.title[0].value == "Khảo sát ý kiến"  # the next person starts in Vietnamese


# --- staff entry --------------------------------------------------------------------------------


def staff_cell(at: AppTest, code: str):
    return at.text_input(key=f"staff_{token(at, 'staff')}_{code}")


def test_staff_entry_keeps_the_field_between_forms_and_names_a_bad_cell(demo_store: Store):
    before = len(responses(demo_store))
    at = staff()
    assert vi("survey_entry.staff.count", count=0) in texts(at)
    at.selectbox(key=f"staff_{token(at, 'staff')}_field").select("Hóa chất")
    at.selectbox(key=f"staff_{token(at, 'staff')}_type").select("Cá nhân")
    for code, value in (("TC1", "4"), ("TC2", "5"), ("TT1", " 3 "), ("PA1", "")):
        staff_cell(at, code).input(value)
    submit(at)
    assert not at.error, [e.value for e in at.error]
    assert len(responses(demo_store)) == before + 1
    row = newest(demo_store)
    assert (row["channel"], row["procedure_field"], row["respondent_type"]) == (
        "Phiếu giấy",
        "Hóa chất",
        "Cá nhân",
    )
    assert (row["TC1"], row["TC2"], row["TT1"]) == (4, 5, 3) and pd.isna(row["PA1"])
    assert vi("survey_entry.staff.count", count=1) in texts(at)
    # The next form: answers empty, field and respondent still set.
    assert at.selectbox(key=f"staff_{token(at, 'staff')}_field").value == "Hóa chất"
    assert at.selectbox(key=f"staff_{token(at, 'staff')}_type").value == "Cá nhân"
    assert staff_cell(at, "TC1").value == ""
    # A 7 and an x: refused, each named by its question code, nothing written.
    staff_cell(at, "TC1").input("4")
    staff_cell(at, "CC2").input("7")
    staff_cell(at, "KQ3").input("x")
    submit(at)
    errors = [e.value for e in at.error]
    assert errors == [
        vi("survey_entry.problem.survey_out_of_range", code="CC2", value="7"),
        vi("survey_entry.problem.survey_not_an_answer", code="KQ3", value="x"),
    ]
    assert len(responses(demo_store)) == before + 1
    assert staff_cell(at, "CC2").value == "7"  # the form keeps what was typed, to correct it


def test_staff_entry_asks_before_writing_an_identical_form_twice(demo_store: Store):
    at = staff()
    staff_cell(at, "TC1").input("5")
    submit(at)
    count = len(responses(demo_store))
    staff_cell(at, "TC1").input("5")  # the next paper form carries the same single answer
    submit(at)
    assert len(responses(demo_store)) == count
    assert at.warning[0].value.startswith("Phiếu này giống hệt phiếu ở dòng ")
    at.button(key=f"staff_confirm_{token(at, 'staff')}").click()
    checked(at.run())
    assert len(responses(demo_store)) == count + 1
    assert vi("survey_entry.staff.count", count=2) in texts(at)


def test_staff_entry_takes_the_date_on_the_form_and_refuses_a_future_one(demo_store: Store):
    at = staff()
    day = se.now_local().date() - dt.timedelta(days=40)
    at.date_input(key=f"staff_{token(at, 'staff')}_day").set_value(day)
    at.selectbox(key=f"staff_{token(at, 'staff')}_channel").select("Email")
    staff_cell(at, "KQ2").input("2")
    submit(at)
    row = newest(demo_store)
    assert pd.Timestamp(row["submitted_at"]).date() == day and row["channel"] == "Email"
    assert at.date_input(key=f"staff_{token(at, 'staff')}_day").value == day  # kept
    count = len(responses(demo_store))
    tomorrow = se.now_local().date() + dt.timedelta(days=1)
    at.date_input(key=f"staff_{token(at, 'staff')}_day").set_value(tomorrow)
    staff_cell(at, "KQ2").input("3")
    submit(at)
    assert [e.value for e in at.error] == [
        vi("survey_entry.staff.future", date=tomorrow.strftime("%d/%m/%Y"))
    ]
    assert len(responses(demo_store)) == count


# --- the questionnaire, the QR code and the sign ------------------------------------------------


def test_the_questionnaire_is_grouped_by_factor_in_order(demo_store: Store):
    questionnaire = se.load_questionnaire(demo_store.load(), "vi")
    titles = [title for title, _ in questionnaire.groups]
    assert titles == [vi(f"survey_entry.factor.{k}") for k in se.FACTOR_KEYS.values()]
    assert questionnaire.codes[:4] == ["TC1", "TC2", "TC3", "TT1"]
    assert "Điện lực" in questionnaire.fields


def test_the_sign_escapes_the_agency_and_prints_on_a4():
    url = se.survey_url("https://cchc.sct.khanhhoa.gov.vn/")
    assert url == "https://cchc.sct.khanhhoa.gov.vn/khao_sat"
    page = se.sign_html(url, 'Sở <b>Công Thương</b> & "Khánh Hòa"')
    assert "Sở &lt;b&gt;Công Thương&lt;/b&gt; &amp; &quot;Khánh Hòa&quot;" in page
    assert "<b>" not in page
    assert "@page { size: A4; margin: 15mm }" in page
    assert vi("survey_entry.sign.title") in page and vi("survey_entry.sign.anonymous") in page
    assert "cchc.sct.khanhhoa.gov.vn/khao_sat" in page and "<svg" in page
    assert se.qr_image(url, "png").startswith(b"\x89PNG")
    assert se.survey_url("") is None and se.survey_url("cchc.example.gov.vn") is None


QR_VIEW = """
from ui.survey_entry import qr_sign_view

qr_sign_view()
"""


def test_the_qr_view_says_how_to_set_the_address_and_never_makes_one_up(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("REFORM_PUBLIC_URL", raising=False)
    at = checked(AppTest.from_string(QR_VIEW, default_timeout=60).run())
    assert "REFORM_PUBLIC_URL" in at.info[0].value
    assert not at.get("download_button") and not at.get("image")
    monkeypatch.setenv("REFORM_PUBLIC_URL", "https://cchc.sct.khanhhoa.gov.vn")
    at = checked(AppTest.from_string(QR_VIEW, default_timeout=60).run())
    assert [c.value for c in at.code] == [
        "https://cchc.sct.khanhhoa.gov.vn/khao_sat",
        "https://cchc.sct.khanhhoa.gov.vn/khao_sat?kiosk=1",
    ]
    assert len(at.get("download_button")) == 3
