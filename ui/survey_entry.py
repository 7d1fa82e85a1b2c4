"""Collecting satisfaction survey responses: each one a row of Phiếu khảo sát, with its channel.

Three ways in live here (the fourth, Google Forms, is imported elsewhere):
- the public form, reached by a link or its QR code (channel Trực tuyến);
- the same form on a tablet at the desk, the kiosk (Tại quầy (kiosk)): big touch targets, a
  thank-you screen, then an empty form for the next person;
- fast keyboard entry of paper forms by staff (Phiếu giấy, or Email).
None asks for a name: a contact is optional and is kept only with the respondent's consent.

A double submission (a double-click, a retried request) writes one row. Every form drawn has
a token, the row's ID is made from it, and a token is written at most once: a second submit
of the same form finds it used (in the session, or as an ID already stored). Besides, a
response identical to one stored less than a minute before (reform.surveys.duplicate_of) is
not written again from the public form; in staff entry, where two paper forms may well carry
the same answers, it waits for a confirmation.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import segno
import streamlit as st

from reform import surveys
from reform.access import Role
from reform.i18n import catalog, t
from reform.locale import sort_vietnamese
from sheets import StoreError, ValidationError
from sheets import schema as sc
from sheets.store import Workbook
from ui.auth import current_user, may
from ui.context import (
    LANG_KEY,
    SUBMITTING,
    agency_name,
    escape_md,
    fmt_date,
    lang,
    problem_text,
    settings,
    store,
    tr,
    workbook,
)

PAPER, KIOSK, ONLINE, EMAIL, _FORMS = sc.SURVEY_CHANNELS
CHANNEL_KEYS = {PAPER: "paper", KIOSK: "kiosk", ONLINE: "online", EMAIL: "email"}
RESPONDENT_KEYS = dict(zip(sc.RESPONDENT_TYPES, ("individual", "business"), strict=True))
FACTOR_KEYS = dict(
    zip(
        sc.SURVEY_FACTORS,
        ("access", "procedures", "civil_servants", "results", "feedback"),
        strict=True,
    )
)
# The default questionnaire's codes (sheets/demo.py) for the record's fields.
FIELD_QUESTION, RESPONDENT_QUESTION, COMMENT_QUESTION = "LINH_VUC", "DOI_TUONG", "Y_KIEN"
# Icons from Streamlit's own font (no download), so a level is recognised at a glance.
LEVEL_ICONS = {
    1: ":material/sentiment_very_dissatisfied:",
    2: ":material/sentiment_dissatisfied:",
    3: ":material/sentiment_neutral:",
    4: ":material/sentiment_satisfied:",
    5: ":material/sentiment_very_satisfied:",
}
SURVEY_PATH = "khao_sat"  # the public page's URL path (ui/navigation.py)
KIOSK_KEY = "kiosk"  # set for the whole session by app.py's kiosk_mode()
# Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving); the tab stores naive local times.
VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")
DUPLICATE_WINDOW = dt.timedelta(minutes=1)
THANKS_SECONDS = 8  # the kiosk's thank-you screen, before the next person's form
THANKS_POLL_SECONDS = 1
CONTACT_LIMIT = 200
COMMENT_LIMIT = sc.SURVEY_RESPONSES.field("comment").max_length or sc.LONG_TEXT
FORM_WIDTH = 860  # the public form reads as a column on a wide screen; a phone gets its width
STAFF_COLUMNS = 6  # a factor's name, then up to five answers on one row
ANONYMOUS = "Người trả lời khảo sát"  # the audit log's actor for the public form and kiosk

TOKENS = "survey_entry_tokens"  # scope → the token of the form on screen
USED = "survey_entry_used"  # tokens written in this session
THANKS = "survey_entry_thanks"  # the thank-you screen on show: scope, already, since
RESET_LANGUAGE = "survey_entry_reset_language"
STAFF_KEEP = "survey_entry_staff_keep"  # channel, date, field, respondent for the next form
STAFF_COUNT = "survey_entry_staff_count"
STAFF_SAVED = "survey_entry_staff_saved"
STAFF_PENDING = "survey_entry_staff_pending"  # a duplicate waiting for a confirmation

# Fixed CSS, never user data. A tablet or a phone at the desk: every target at least 56 px
# high, the five levels sharing the row, large type.
KIOSK_STYLE = """<style>
[data-testid="stMainBlockContainer"] { max-width: 900px; padding-left: 1rem;
  padding-right: 1rem; }
[data-testid="stMain"] .stMarkdown p { font-size: 1.15rem; }
[data-testid="stMain"] [data-testid="stWidgetLabel"] p { font-size: 1.1rem; font-weight: 600; }
[data-testid="stMain"] h3 { font-size: 1.3rem; }
[data-testid="stButtonGroup"] button { min-height: 52px; min-width: 56px; }
[data-testid="stButtonGroup"] button p { font-size: 1.15rem; }
[class*="st-key-survey_scale_"] button, [class*="st-key-survey_choice_"] button {
  flex: 1 1 0; min-height: 60px; }
[class*="st-key-survey_scale_"] button { padding-left: .2rem; padding-right: .2rem; }
[class*="st-key-survey_scale_"] button p { font-size: 1.2rem; }
[class*="st-key-survey_scale_"] [data-testid="stIconMaterial"] { font-size: 1.6rem; }
[data-testid="stFormSubmitButton"] button, [data-testid="stButton"] button {
  min-height: 64px; }
[data-testid="stFormSubmitButton"] button p, [data-testid="stButton"] button p {
  font-size: 1.3rem; }
[data-testid="stCheckbox"] label { min-height: 48px; align-items: center; }
[data-testid="stTextArea"] textarea, [data-testid="stTextInput"] input { font-size: 1.15rem; }
</style>"""

# Put the cursor back in the first answer after a paper form was saved. Fixed text: the
# form's container is found by its key, nothing from the data goes into the script.
FOCUS_SCRIPT = """<script>
(() => {
  let tries = 0;
  const focus = () => {
    const input = document.querySelector('.st-key-survey_staff_answers input');
    if (input) { input.focus(); return; }
    if (++tries < 40) { setTimeout(focus, 50); }
  };
  focus();
})();
</script>"""


# --- the questionnaire ------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """A 1–5 question as the reader sees it."""

    code: str
    text: str


@dataclass(frozen=True, eq=False)
class Questionnaire:
    """The active 1–5 questions by factor, and what the form asks besides."""

    groups: tuple[tuple[str, tuple[Question, ...]], ...]  # (factor's title, its questions)
    fields: tuple[str, ...]  # the procedure fields (Lĩnh vực) to choose from
    field_text: str = ""  # the questions' own wording, when the questionnaire has them
    respondent_text: str = ""
    comment_text: str = ""
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)  # as stored, for validation

    @property
    def questions(self) -> list[Question]:
        return [q for _, group in self.groups for q in group]

    @property
    def codes(self) -> list[str]:
        return [q.code for q in self.questions]


def _clean(value: Any) -> str:
    """Stripped text; "" for a blank cell."""
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _is_active(value: Any) -> bool:
    """A question is in use unless its Đang dùng cell says no; a blank cell means yes."""
    return True if _clean(value) == "" else bool(value)


def _wording(row: Mapping[str, Any], language: str) -> str:
    """The question in the reader's language; the Vietnamese text when English is missing."""
    english = _clean(row.get("text_en"))
    if language == "en" and english:
        return english
    return _clean(row.get("text_vi")) or _clean(row.get("code"))


def factor_title(factor: str) -> str:
    """A SIPAS factor in the reader's language; another factor as written."""
    if not factor:
        return tr("survey_entry.factor.other")
    key = FACTOR_KEYS.get(factor)
    return tr(f"survey_entry.factor.{key}") if key else factor


def load_questionnaire(book: Workbook, language: str) -> Questionnaire:
    """The active 1–5 questions in order, grouped by factor, in the reader's language."""
    frame = book.frame("survey_questions")
    rows = [r for r in frame.to_dict("records") if _clean(r.get("code"))]

    def position(row: Mapping[str, Any]) -> tuple[float, str]:
        order = row.get("order")
        return (float("inf") if _clean(order) == "" else float(order), _clean(row["code"]))

    rows.sort(key=position)
    by_code = {_clean(r["code"]): r for r in rows}
    groups: dict[str, list[Question]] = {}
    for row in rows:
        if _is_active(row.get("active")) and surveys.is_scale(row.get("qtype")):
            question = Question(_clean(row["code"]), _wording(row, language))
            groups.setdefault(_clean(row.get("factor")), []).append(question)
    # Questions with no factor come last, under "Câu hỏi khác".
    ordered = sorted(groups, key=lambda factor: factor == "")
    field_row = by_code.get(FIELD_QUESTION, {})
    fields = [o.strip() for o in _clean(field_row.get("options")).split(";") if o.strip()]
    if not fields:  # no list in the questionnaire: the fields the responses already name
        found = book.frame("survey_responses")["procedure_field"].map(_clean)
        fields = sort_vietnamese(set(found) - {""})

    def text_of(code: str) -> str:
        return _wording(by_code[code], language) if code in by_code else ""

    return Questionnaire(
        groups=tuple((factor_title(f), tuple(groups[f])) for f in ordered),
        fields=tuple(dict.fromkeys(fields)),
        field_text=text_of(FIELD_QUESTION),
        respondent_text=text_of(RESPONDENT_QUESTION),
        comment_text=text_of(COMMENT_QUESTION),
        frame=frame,
    )


def level_label(level: int) -> str:
    return tr(f"survey_entry.level.{level}")


def respondent_label(value: str) -> str:
    key = RESPONDENT_KEYS.get(value)
    return tr(f"survey_entry.respondent.{key}") if key else value


def channel_label(value: str) -> str:
    key = CHANNEL_KEYS.get(value)
    return tr(f"survey_entry.channel.{key}") if key else value


# --- tokens: one write per form ---------------------------------------------------------------


def form_token(scope: str) -> str:
    """The token of the form on screen in this scope (public, kiosk, staff)."""
    tokens = st.session_state.setdefault(TOKENS, {})
    if scope not in tokens:
        tokens[scope] = uuid.uuid4().hex
    return tokens[scope]


def next_form(scope: str) -> None:
    """A new, empty form: a new token, so new widgets with nothing in them."""
    st.session_state.setdefault(TOKENS, {})[scope] = uuid.uuid4().hex


def record_id(token: str) -> str:
    return f"survey-{token}"


def already_written(token: str, book: Workbook) -> bool:
    """Whether the form with this token was written: in this session, or as a stored ID."""
    if token in st.session_state.get(USED, set()):
        return True
    ids = book.frame("survey_responses")["id"].map(_clean)
    return record_id(token) in set(ids)


def _mark_written(token: str) -> None:
    st.session_state.setdefault(USED, set()).add(token)


def now_local() -> dt.datetime:
    """Now at the desk (Asia/Ho_Chi_Minh), naive and to the second, as the tab stores times."""
    return dt.datetime.now(VIETNAM).replace(tzinfo=None, microsecond=0)


# --- checking and writing ---------------------------------------------------------------------


def response_record(
    token: str,
    channel: str,
    submitted_at: dt.datetime,
    answers: Mapping[str, Any],
    procedure_field: str | None,
    respondent_type: str | None,
    comment: str | None,
    contact: str | None,
    consent: bool,
) -> dict[str, Any]:
    """A Phiếu khảo sát row; blank answers stay blank, the contact only with consent."""
    contact = _clean(contact) or None
    return {
        "id": record_id(token),
        "submitted_at": submitted_at,
        "channel": channel,
        "procedure_field": _clean(procedure_field) or None,
        "respondent_type": _clean(respondent_type) or None,
        **{code: (None if _clean(v) == "" else v) for code, v in answers.items()},
        "comment": _clean(comment) or None,
        "contact": contact if consent else None,
        "consent": bool(consent and contact),
    }


def problem_message(problem: surveys.SurveyProblem) -> str:
    """A survey problem in the reader's language, naming the question code."""
    key = f"survey_entry.problem.{problem.kind}"
    if key in catalog(lang()):
        return tr(key, code=problem.column or "", value=problem.value, row=problem.detail)
    return problem.message(lang())


def check(
    record: Mapping[str, Any], questionnaire: Questionnaire, contact: str | None
) -> list[str]:
    """Why the response cannot be saved: answers off the scale, unknown codes, nothing
    answered, a contact without consent, text too long. Empty when it can."""
    found = surveys.validate_response(record, questionnaire.frame)
    messages = [problem_message(p) for p in found]
    if _clean(contact) and not record.get("consent"):
        messages.append(tr("survey_entry.error.consent"))
    for value, label, limit in (
        (record.get("comment"), tr("survey_entry.staff.comment"), COMMENT_LIMIT),
        (contact, tr("survey_entry.staff.contact"), CONTACT_LIMIT),
    ):
        if len(_clean(value)) > limit:
            messages.append(
                tr(
                    "survey_entry.error.too_long",
                    label=label,
                    length=len(_clean(value)),
                    limit=limit,
                )
            )
    return messages


def typed_answers(record: Mapping[str, Any], codes: list[str]) -> dict[str, Any]:
    """The record with its answers as numbers 1–5 (checked before: they read)."""
    return {k: (surveys.answer_value(v) if k in codes else v) for k, v in record.items()}


def _same(a: Any, b: Any) -> bool:
    return _clean(a) == _clean(b)


def recent_duplicate(
    record: Mapping[str, Any], responses: pd.DataFrame, codes: list[str]
) -> pd.Series | None:
    """A stored response identical to this one and submitted less than a minute before it:
    same channel, field, respondent, answers and comment (a double submission)."""
    if responses.empty:
        return None
    stamp = pd.Timestamp(record["submitted_at"])
    times = pd.to_datetime(responses["submitted_at"], errors="coerce")
    near = responses[((times - stamp).abs() <= DUPLICATE_WINDOW).fillna(False).astype(bool)]
    near = near[
        near["channel"].map(lambda v: _same(v, record.get("channel")))
        & near["procedure_field"].map(lambda v: _same(v, record.get("procedure_field")))
        & near["respondent_type"].map(lambda v: _same(v, record.get("respondent_type")))
    ]
    if near.empty:
        return None
    # Compared at the new response's time: the fingerprint keeps times to the second.
    row = surveys.duplicate_of(record, near.assign(submitted_at=stamp), codes)
    if row is None:
        return None
    match = near[near["_row"] == row] if "_row" in near.columns else near.iloc[:0]
    return match.iloc[0] if len(match) else near.iloc[0]


def write(record: dict[str, Any], actor: str) -> bool:
    """Append the response with its audit row; say what went wrong instead of a traceback."""
    try:
        store().append("survey_responses", [record], actor=actor)
    except ValidationError as error:
        for problem in error.problems:
            st.error(problem_text(problem))
        return False
    except StoreError as error:
        st.error(tr(f"error.{error.kind}", **error.params))
        return False
    return True


# --- the public form and the kiosk --------------------------------------------------------------


def in_kiosk() -> bool:
    """Whether this session is the desk's tablet (opened once with ?kiosk=1)."""
    return bool(st.session_state.get(KIOSK_KEY))


def kiosk_header() -> None:
    """The kiosk's big-target style and its own language switch (it has no sidebar)."""
    st.html(KIOSK_STYLE)
    if st.session_state.pop(RESET_LANGUAGE, False):  # before the switch is drawn
        st.session_state[LANG_KEY] = settings().language
    st.segmented_control(
        tr("survey_entry.language"),
        ("vi", "en"),
        key=LANG_KEY,
        required=True,
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        label_visibility="collapsed",
    )


def _scope(channel: str) -> str:
    return "kiosk" if channel == KIOSK else "public"


def showing_thanks(channel: str) -> bool:
    state = st.session_state.get(THANKS)
    return bool(state) and state["scope"] == _scope(channel)


def _next_person() -> None:
    """Back to an empty form; the kiosk also goes back to the default language."""
    state = st.session_state.pop(THANKS, None)
    if state and state["scope"] == "kiosk":
        st.session_state[RESET_LANGUAGE] = True


def _thank(scope: str, already: bool) -> None:
    st.session_state[THANKS] = {"scope": scope, "already": already, "since": time.monotonic()}
    next_form(scope)


def survey_form(channel: str, big: bool) -> None:
    """The survey for a respondent: the public link (Trực tuyến) or the desk's tablet
    (Tại quầy (kiosk), big=True: large targets and a timed return to a new form)."""
    scope = _scope(channel)
    if showing_thanks(channel):
        thank_you(big)
        return
    book = workbook()
    if book is None:
        return
    questionnaire = load_questionnaire(book, lang())
    if not questionnaire.codes:
        st.info(tr("survey_entry.no_questions"))
        return
    token = form_token(scope)
    answers: dict[str, Any] = {}
    with st.form(f"survey_form_{token}", enter_to_submit=False, width=FORM_WIDTH):
        st.caption(tr("survey_entry.scale_hint"))
        for title, questions in questionnaire.groups:
            st.subheader(title, anchor=False)
            for question in questions:
                # The question as text above, and as the buttons' accessible label.
                st.markdown(f"**{escape_md(question.text)}**")
                answers[question.code] = st.segmented_control(
                    question.text,
                    surveys.SCALE,
                    format_func=lambda level: f"{LEVEL_ICONS[level]} {level}",
                    key=f"survey_scale_{token}_{question.code}",
                    label_visibility="collapsed",
                    width="stretch",
                )
        st.subheader(tr("survey_entry.about_you"), anchor=False)
        procedure_field = None
        if questionnaire.fields:
            procedure_field = st.pills(
                questionnaire.field_text or tr("survey_entry.field"),
                questionnaire.fields,
                key=f"survey_{token}_field",
            )
        respondent = st.segmented_control(
            questionnaire.respondent_text or tr("survey_entry.respondent"),
            sc.RESPONDENT_TYPES,
            format_func=respondent_label,
            key=f"survey_choice_{token}_respondent",
            width="stretch",
        )
        comment = st.text_area(
            questionnaire.comment_text or tr("survey_entry.comment"),
            key=f"survey_{token}_comment",
            height=100,
        )
        # The help as text, not a tooltip: a tooltip is a tiny target on a touch screen.
        contact = st.text_input(
            tr("survey_entry.contact"), key=f"survey_{token}_contact", autocomplete="off"
        )
        st.caption(tr("survey_entry.contact.help"))
        consent = st.checkbox(tr("survey_entry.consent"), key=f"survey_{token}_consent")
        sent = st.form_submit_button(
            tr("survey_entry.submit"), type="primary", icon=":material/send:", width="stretch"
        )
    if big:
        st.button(
            tr("survey_entry.restart"),
            icon=":material/restart_alt:",
            on_click=next_form,
            args=(scope,),
            key=f"survey_restart_{token}",
        )
    if not sent:
        return
    record = response_record(
        token,
        channel,
        now_local(),
        answers,
        procedure_field,
        respondent,
        comment,
        contact,
        consent,
    )
    _send(record, token, scope, questionnaire, book, contact)


def _send(
    record: dict[str, Any],
    token: str,
    scope: str,
    questionnaire: Questionnaire,
    book: Workbook,
    contact: str | None,
) -> None:
    """Write a respondent's form once, then thank them; or say what to correct."""
    messages = check(record, questionnaire, contact)
    if messages:
        for message in messages:
            st.error(message, icon=":material/error:")
        st.caption(tr("survey_entry.not_sent"))
        return
    record = typed_answers(record, questionnaire.codes)
    user = current_user()
    actor = f"{ANONYMOUS} ({record['channel']})"
    if user.role > Role.PUBLIC and user.source != "open":  # staff trying the form: their name
        actor = user.identity
    with SUBMITTING:  # a double click: the second run waits, then finds the row
        book = workbook() or book  # read again: the first run may have just written it
        if already_written(token, book):  # a double-click or a retried request
            _thank(scope, already=True)
            st.rerun()
        responses = book.frame("survey_responses")
        if recent_duplicate(record, responses, questionnaire.codes) is not None:
            _mark_written(token)
            _thank(scope, already=True)
            st.rerun()
        written = write(record, actor)
        if written:
            _mark_written(token)  # no Streamlit call in between: a rerun cannot cut in
    if written:
        _thank(scope, already=False)
        st.rerun()


@st.fragment(run_every=THANKS_POLL_SECONDS)
def _countdown() -> None:
    """The kiosk's thank-you screen goes back to a new form by itself after a few seconds."""
    state = st.session_state.get(THANKS)
    if not state:
        return
    left = THANKS_SECONDS - (time.monotonic() - state["since"])
    if left <= 0:
        _next_person()
        st.rerun(scope="app")
    st.caption(tr("survey_entry.thanks.auto", seconds=max(1, round(left))))


def thank_you(big: bool) -> None:
    """Thanks, and a way to the next form; nothing of the answers just given."""
    state = st.session_state[THANKS]
    st.header(tr("survey_entry.thanks.title"), anchor=False)
    st.success(tr("survey_entry.thanks.body"), icon=":material/favorite:")
    if state["already"]:
        st.info(tr("survey_entry.already"))
    st.button(
        tr("survey_entry.thanks.next" if big else "survey_entry.thanks.again"),
        type="primary",
        icon=":material/arrow_forward:",
        on_click=_next_person,
        key="survey_next_person",
        width="stretch",
    )
    if big:
        _countdown()


# --- staff entry of paper forms -------------------------------------------------------------------


def _keep() -> dict[str, Any]:
    """Channel, date, field and respondent of the last form, kept for the next one."""
    return st.session_state.setdefault(
        STAFF_KEEP, {"channel": PAPER, "day": now_local().date(), "field": None, "type": None}
    )


def staff_entry_view() -> None:
    """Typing in paper forms, keyboard only: 1–5 per answer, Tab to the next, Enter to save."""
    if not may("write"):
        st.info(tr("survey_entry.staff.write_only"))
        return
    book = workbook()
    if book is None:
        return
    questionnaire = load_questionnaire(book, lang())
    if not questionnaire.codes:
        st.info(tr("survey_entry.no_questions"))
        return
    st.caption(tr("survey_entry.staff.help"))
    saved = st.session_state.pop(STAFF_SAVED, None)
    if saved:
        st.success(tr("survey_entry.staff.saved", time=saved), icon=":material/check:")
    st.caption(tr("survey_entry.staff.count", count=st.session_state.get(STAFF_COUNT, 0)))
    token = form_token("staff")
    keep = _keep()
    fields = list(questionnaire.fields)
    if keep["field"] and keep["field"] not in fields:
        fields.append(keep["field"])
    channels = [PAPER, EMAIL]
    types = list(sc.RESPONDENT_TYPES)
    answers: dict[str, str] = {}
    with st.form(f"survey_staff_{token}"):
        top = st.columns([2, 2, 4, 2])
        channel = top[0].selectbox(
            tr("survey_entry.staff.channel"),
            channels,
            index=channels.index(keep["channel"]),
            format_func=channel_label,
            key=f"staff_{token}_channel",
        )
        day = top[1].date_input(
            tr("survey_entry.staff.date"),
            value=keep["day"],
            format="DD/MM/YYYY",
            key=f"staff_{token}_day",
        )
        procedure_field = top[2].selectbox(
            tr("field.survey_responses.procedure_field"),
            fields,
            index=fields.index(keep["field"]) if keep["field"] in fields else None,
            placeholder=tr("survey_entry.field.none"),
            key=f"staff_{token}_field",
        )
        respondent = top[3].selectbox(
            tr("survey_entry.staff.respondent"),
            types,
            index=types.index(keep["type"]) if keep["type"] in types else None,
            format_func=respondent_label,
            placeholder=tr("survey_entry.field.none"),
            key=f"staff_{token}_type",
        )
        # Labels are the codes of the paper form, no tooltips: a tooltip's button would take
        # a Tab stop between two answers. The texts are listed under the form.
        with st.container(key="survey_staff_answers"):
            for title, questions in questionnaire.groups:
                for start in range(0, len(questions), STAFF_COLUMNS - 1):
                    row = st.columns(STAFF_COLUMNS, vertical_alignment="bottom")
                    if start == 0:
                        row[0].markdown(f"**{escape_md(title)}**")
                    for cell, question in zip(
                        row[1:], questions[start : start + STAFF_COLUMNS - 1], strict=False
                    ):
                        answers[question.code] = cell.text_input(
                            question.code,
                            key=f"staff_{token}_{question.code}",
                            placeholder=tr("survey_entry.staff.placeholder"),
                            autocomplete="off",
                            validate=(r"^\s*[1-5]?\s*$", tr("survey_entry.staff.cell_rule")),
                        )
        bottom = st.columns([5, 3, 2], vertical_alignment="bottom")
        comment = bottom[0].text_input(
            tr("survey_entry.staff.comment"), key=f"staff_{token}_comment", autocomplete="off"
        )
        contact = bottom[1].text_input(
            tr("survey_entry.staff.contact"), key=f"staff_{token}_contact", autocomplete="off"
        )
        consent = bottom[2].checkbox(tr("survey_entry.staff.consent"), key=f"staff_{token}_consent")
        sent = st.form_submit_button(
            tr("survey_entry.staff.save"), type="primary", icon=":material/save:"
        )
    with st.expander(tr("survey_entry.staff.questions")):
        st.markdown(
            "\n".join(f"- **{q.code}**: {escape_md(q.text)}" for q in questionnaire.questions)
        )
    if saved:
        st.html(FOCUS_SCRIPT, unsafe_allow_javascript=True)
    if sent:
        keep.update(channel=channel, day=day, field=procedure_field, type=respondent)
        stamp = dt.datetime.combine(day or now_local().date(), now_local().time())
        record = response_record(
            token, channel, stamp, answers, procedure_field, respondent, comment, contact, consent
        )
        _save_paper(record, token, questionnaire, book, contact, confirmed=False)
    _pending_view(token, questionnaire, book)


def _save_paper(
    record: dict[str, Any],
    token: str,
    questionnaire: Questionnaire,
    book: Workbook,
    contact: str | None,
    confirmed: bool,
) -> None:
    """Check a paper form and write it once; an identical recent one asks for a confirmation."""
    messages = check(record, questionnaire, contact)
    if record["submitted_at"].date() > now_local().date():
        messages.append(tr("survey_entry.staff.future", date=fmt_date(record["submitted_at"])))
    if messages:
        for message in messages:
            st.error(message, icon=":material/error:")
        return
    record = typed_answers(record, questionnaire.codes)
    with SUBMITTING:  # Enter pressed twice: the second run waits, then finds the row
        book = workbook() or book  # read again: the first run may have just written it
        if already_written(token, book):
            st.info(tr("survey_entry.already"))
            return
        if not confirmed:
            twin = recent_duplicate(record, book.frame("survey_responses"), questionnaire.codes)
            if twin is not None:
                st.session_state[STAFF_PENDING] = {
                    "token": token,
                    "record": record,
                    "row": _clean(twin.get("_row")),
                    "time": pd.Timestamp(twin["submitted_at"]).strftime("%H:%M:%S"),
                }
                return
        written = write(record, current_user().identity)
        if written:
            _mark_written(token)  # no Streamlit call in between: a rerun cannot cut in
    if written:
        st.session_state.pop(STAFF_PENDING, None)
        st.session_state[STAFF_COUNT] = st.session_state.get(STAFF_COUNT, 0) + 1
        st.session_state[STAFF_SAVED] = now_local().strftime("%H:%M:%S")
        next_form("staff")
        st.rerun()


def _pending_view(token: str, questionnaire: Questionnaire, book: Workbook) -> None:
    """An identical form saved a moment ago: written again only when staff confirm."""
    pending = st.session_state.get(STAFF_PENDING)
    if not pending or pending["token"] != token:
        return
    st.warning(
        tr("survey_entry.staff.duplicate", row=pending["row"], time=pending["time"]),
        icon=":material/content_copy:",
    )
    if st.button(tr("survey_entry.staff.confirm"), key=f"staff_confirm_{token}"):
        record = pending["record"]
        _save_paper(record, token, questionnaire, book, record.get("contact"), confirmed=True)


# --- the public link, its QR code and the A4 sign -----------------------------------------------


def survey_url(base: str) -> str | None:
    """The public form's address from the app's public address; None when it is not a URL."""
    base = _clean(base).rstrip("/")
    if not base.lower().startswith(("https://", "http://")) or len(base) <= len("https://"):
        return None
    return f"{base}/{SURVEY_PATH}"


def qr_image(url: str, kind: str) -> bytes:
    """The QR code as PNG or SVG; segno writes both itself, no imaging library needed."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind=kind, scale=10, border=4)
    return buffer.getvalue()


def short_url(url: str) -> str:
    """The address as people type it: without https://."""
    return url.split("://", 1)[-1]


def sign_html(url: str, agency: str) -> str:
    """A printable A4 sign: the agency, the invitation, the QR code, the short address.

    In Vietnamese, for the desk, with a line in English; every value escaped.
    """

    def both(key: str) -> tuple[str, str]:
        return html.escape(t(key, "vi")), html.escape(t(key, "en"))

    title_vi, title_en = both("survey_entry.sign.title")
    scan_vi, scan_en = both("survey_entry.sign.scan")
    or_vi, or_en = both("survey_entry.sign.or")
    anon_vi, anon_en = both("survey_entry.sign.anonymous")
    doc_title = html.escape(t("survey_entry.sign.doc_title", "vi"))
    qr = segno.make(url, error="m").svg_inline(scale=4, omitsize=True, title=url)
    agency_line = f'<p class="agency">{html.escape(agency)}</p>' if agency else ""
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{doc_title}</title>
<style>
@page {{ size: A4; margin: 15mm }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; color: #111; }}
.sheet {{ box-sizing: border-box; width: 180mm; height: 262mm; margin: 0 auto;
  padding: 12mm 12mm; border: 1.5mm solid #1565c0; border-radius: 6mm;
  display: flex; flex-direction: column; align-items: center; justify-content: space-between;
  text-align: center; overflow: hidden; page-break-inside: avoid; break-inside: avoid; }}
.agency {{ font-size: 15pt; font-weight: 700; text-transform: uppercase; margin: 0; }}
h1 {{ font-size: 28pt; line-height: 1.2; margin: 4mm 0 0; color: #0d47a1; }}
.en {{ font-size: 13pt; color: #444; margin: 1mm 0 3mm; }}
.qr svg {{ width: 105mm; height: 105mm; display: block; }}
.scan {{ font-size: 16pt; margin: 0; }}
.url {{ font-size: 18pt; font-weight: 700; font-family: "Noto Sans Mono", Consolas, monospace;
  margin: 2mm 0 0; word-break: break-all; }}
.anonymous {{ font-size: 20pt; font-weight: 700; margin: 0; padding: 3mm 8mm;
  border-radius: 3mm; background: #e3f2fd; }}
@media screen {{ body {{ background: #eceff1; padding: 8mm 0; }}
  .sheet {{ background: #fff; box-shadow: 0 1mm 4mm rgba(0, 0, 0, .2); }} }}
</style>
</head>
<body>
<main class="sheet">
  <div>{agency_line}<h1>{title_vi}</h1><p class="en">{title_en}</p></div>
  <div class="qr">{qr}</div>
  <div><p class="scan">{scan_vi}</p><p class="en">{scan_en}</p>
    <p class="scan">{or_vi} <span class="en">({or_en})</span></p>
    <p class="url">{html.escape(short_url(url))}</p></div>
  <div><p class="anonymous">{anon_vi}</p><p class="en">{anon_en}</p></div>
</main>
</body>
</html>
"""


def qr_sign_view() -> None:
    """The public link, its QR code (PNG, SVG) and a printable A4 sign for the desk."""
    st.subheader(tr("survey_entry.qr.title"), anchor=False)
    base = _clean(settings().public_url)
    url = survey_url(base)
    if url is None:
        if base:
            st.warning(tr("survey_entry.qr.bad_url", url=escape_md(base)))
        st.info(tr("survey_entry.qr.missing"), icon=":material/link_off:")
        current = _clean(getattr(st.context, "url", ""))
        if current:
            st.caption(tr("survey_entry.qr.current", url=escape_md(current)))
        st.caption(tr("survey_entry.qr.kiosk_idea"))
        return
    png = qr_image(url, "png")
    left, right = st.columns([1, 2], gap="large")
    with left:
        st.image(png, caption=tr("survey_entry.qr.caption", url=url), width=260)
    with right:
        st.markdown(tr("survey_entry.qr.link"))
        st.code(url, language=None)
        st.markdown(tr("survey_entry.qr.kiosk"))
        st.code(f"{url}?kiosk=1", language=None)
        st.download_button(
            tr("survey_entry.qr.png"),
            png,
            file_name="khao-sat-qr.png",
            mime="image/png",
            icon=":material/qr_code_2:",
        )
        st.download_button(
            tr("survey_entry.qr.svg"),
            qr_image(url, "svg"),
            file_name="khao-sat-qr.svg",
            mime="image/svg+xml",
            icon=":material/qr_code_2:",
        )
        sign = sign_html(url, agency_name(store_book()))
        st.download_button(
            tr("survey_entry.qr.sign"),
            sign.encode("utf-8"),
            file_name="khao-sat-bien-A4.html",
            mime="text/html",
            icon=":material/print:",
        )
        st.caption(tr("survey_entry.qr.sign_help"))
    with st.expander(tr("survey_entry.qr.preview")):
        st.iframe(sign, height=760)


def store_book() -> Workbook | None:
    """The workbook when it loads, for the agency's name; None otherwise (no message)."""
    try:
        return store().load()
    except Exception:  # noqa: BLE001 - the sign is still made, without the agency's name
        return None
