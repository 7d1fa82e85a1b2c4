"""Citizens' feedback, the public side: the form anyone may write to the agency with, the
lookup by code, and the published answers (searchable, grouped by field, printable on A4).

Nothing here shows a sender's name, phone, e-mail or address, who handles an item, or why it
was declined; and nothing about anybody else's submission. A double submission (a double
click, a retried request) writes one row: every form drawn has a token, the new row's id
(as in the staff intake, ui/feedback_forms.py); a token already written only shows its code
again, and the check and the write are one step (ui.context.SUBMITTING).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from reform import feedback as fb
from reform.access import Role
from reform.locale import fold, sort_vietnamese
from sheets import ValidationError
from sheets import schema as sc
from sheets.store import Workbook, new_id
from ui.auth import current_user
from ui.context import (
    SUBMITTING,
    agency_name,
    attempt,
    escape_md,
    fmt_date,
    fmt_number,
    lang,
    settings,
    store,
    today,
    tr,
    workbook,
)
from ui.feedback_forms import FIELD_LIMITS, clean, due_explanation, field_name, new_code
from ui.feedback_views import (
    CATEGORY_CODES,
    STATUS_CODES,
    code_text,
    label,
    max_length,
    problem_message,
    rules,
)

WEB = "Trang web"  # the channel of everything sent through the public form
ACTOR = "Người gửi qua trang web"  # the audit log's actor for a citizen
FORM_WIDTH = 860  # the form reads as a column on a wide screen; a phone gets its full width
FORM_PATH = "gop_y"  # the page's URL path (ui/navigation.py), named on the printed list

TOKEN = "feedback_public_token"  # the open form's token: the new row's id
SAVED = "feedback_public_saved"  # token → what the sender is told, for each form written
SHOWN = "feedback_public_shown"  # the token whose code is on screen
LOOKUP_INPUT = "feedback_public_lookup_code"
ASKED = "feedback_public_asked"  # the code last looked up
SEARCH = "feedback_public_search"
NO_PRINT = "feedback_public_no_print"  # container key: Streamlit adds .st-key-<key>
ENTRY = "feedback_public_entry"

# The sender's fields on the form, with their labels; only the name is required.
SENDER_FIELDS = {
    "sender_name": "feedback_public.name",
    "sender_phone": "feedback_public.phone",
    "sender_email": "feedback_public.email",
    "sender_address": "feedback_public.address",
    "sender_org": "feedback_public.org",
}
AUTOCOMPLETE = {
    "sender_name": "name",
    "sender_phone": "tel",
    "sender_email": "email",
    "sender_address": "street-address",
    "sender_org": "organization",
}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
LOOKUP_CHARS = 40  # a code is 9 characters; room for spaces, never a page of text

# Fixed CSS, never user data. The answers printed from the page itself: no menu, header,
# tabs, search or buttons, the page allowed to grow past the screen, no answer cut across two
# sheets. The margins are left to the page (the survey tab sets them); the list for the desk's
# notice board is the downloadable file, with its own A4 page (printable_html).
PRINT_STYLE = f"""<style>
@media print {{
  @page {{ size: A4; }}
  [class*="st-key-{NO_PRINT}"], [data-testid="stSidebar"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpandSidebarButton"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stTabs"] [role="tablist"],
  [data-testid="stHeading"]:has(h1) {{ display: none !important; }}
  html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important;
  }}
  [data-testid="stMainBlockContainer"] {{ padding: 0 !important; max-width: none !important; }}
  [class*="st-key-{ENTRY}"] {{ break-inside: avoid; }}
}}
</style>"""


# --- the form -------------------------------------------------------------------------------


def field_text(code: str) -> str:
    """A field's name as the public form calls it ("Họ và tên", not "Họ tên người gửi")."""
    return tr(SENDER_FIELDS[code]) if code in SENDER_FIELDS else field_name(code)


def form_label(code: str, required: bool = False) -> str:
    """A field's label on the public form, marked required (*) or optional."""
    text = field_text(code)
    return f"{text} *" if required else f"{text} {tr('feedback_public.optional')}"


def procedure_fields(book: Workbook) -> list[str]:
    """The fields to choose from: the one-stop desk's and the published answers' fields, never
    one taken from somebody's unpublished submission."""
    names = [*book.frame("dossiers")["procedure_field"].dropna()]
    names += [*fb.public_entries(book.frame("feedback"))["procedure_field"].dropna()]
    return sort_vietnamese({str(n).strip() for n in names if str(n).strip()})


def submission_view(book: Workbook) -> None:
    """The public form; once it is sent, the lookup code and the due date instead."""
    saved: dict[str, dict[str, Any]] = st.session_state.setdefault(SAVED, {})
    shown = st.session_state.get(SHOWN)
    if shown in saved:
        confirmation(saved[shown])
        return
    token = st.session_state.get(TOKEN)
    if not token:
        token = st.session_state[TOKEN] = new_id()
    limit = max_length()
    days = rules().days_for(None, channel=WEB)
    key = f"feedback_public_{token}"
    st.markdown(tr("feedback_public.intro", days=days))
    typed: dict[str, Any] = {}
    with st.form(key, enter_to_submit=False, width=FORM_WIDTH):
        st.caption(tr("feedback_public.required_note"))
        typed["category"] = st.radio(
            f"{field_name('category')} *",
            fb.CATEGORIES,
            # Names worked out now, in the reader's language: the function outlives the run.
            format_func={c: label("category", c) for c in fb.CATEGORIES}.__getitem__,
            captions=[tr(f"feedback_public.category.{CATEGORY_CODES[c]}") for c in fb.CATEGORIES],
            horizontal=True,
            key=f"{key}_category",
        )
        typed["subject"] = st.text_input(
            form_label("subject"), max_chars=FIELD_LIMITS["subject"], key=f"{key}_subject"
        )
        # The limit is in the label, read before typing; no max_chars here: the browser would
        # cut a long paste silently, and the check says what is too long instead.
        typed["content"] = st.text_area(
            f"{field_name('content')} * · {tr('feedback.intake.limit', limit=fmt_number(limit))}",
            height=180,
            key=f"{key}_content",
        )
        # As text, not a tooltip: a tooltip is a tiny target on a phone.
        st.caption(tr("feedback_public.content_help"))
        typed["procedure_field"] = st.selectbox(
            form_label("procedure_field"),
            procedure_fields(book),
            index=None,
            accept_new_options=True,
            placeholder=tr("feedback.intake.field_placeholder"),
            key=f"{key}_field",
        )
        st.subheader(tr("feedback_public.sender"), anchor=False)
        st.markdown(tr("feedback_public.privacy"))
        typed["sender_name"] = sender_input("sender_name", key, required=True)
        contact = st.columns(2)
        with contact[0]:
            typed["sender_phone"] = sender_input("sender_phone", key)
        with contact[1]:
            typed["sender_email"] = sender_input("sender_email", key)
        st.caption(tr("feedback_public.contact_hint"))
        typed["sender_address"] = sender_input("sender_address", key)
        typed["sender_org"] = sender_input("sender_org", key)
        sent = st.form_submit_button(
            tr("feedback_public.submit"),
            type="primary",
            icon=":material/send:",
            key=f"{key}_send",
            width="stretch",
        )
    if sent:
        send(token, typed)


def sender_input(code: str, key: str, required: bool = False) -> str:
    return st.text_input(
        form_label(code, required),
        max_chars=FIELD_LIMITS[code],
        autocomplete=AUTOCOMPLETE[code],
        key=f"{key}_{code}",
    )


def submission_record(token: str, typed: Mapping[str, Any], stored: pd.DataFrame) -> dict:
    """The new row: received today on the website, status Mới, the due date for that channel."""
    received = today()
    category = typed.get("category")
    return {
        "id": token,
        "code": new_code(stored),
        "received_on": received,
        "category": category,
        "channel": WEB,
        **{c: clean(typed.get(c)) for c in ("subject", "content", "procedure_field")},
        **{c: clean(typed.get(c)) for c in SENDER_FIELDS},
        "status": fb.NEW,
        "due_date": fb.default_due(category, received, rules(), channel=WEB)
        if category in fb.CATEGORIES
        else None,
        "published": False,
    }


def input_problems(record: Mapping[str, Any]) -> list[str]:
    """What the sender must correct besides the content: the name, a field too long, an
    e-mail or a phone that is not one. Worded for the sender: no tab, row or column."""
    messages = []
    if not record.get("sender_name"):
        messages.append(tr("feedback_public.name_required"))
    for code, limit in FIELD_LIMITS.items():
        value = record.get(code)
        if isinstance(value, str) and len(value) > limit:
            messages.append(
                tr(
                    "feedback.invalid.too_long",
                    field=field_text(code),
                    length=fmt_number(len(value)),
                    limit=fmt_number(limit),
                )
            )
    email = record.get("sender_email")
    if email and not EMAIL.fullmatch(email):
        messages.append(tr("feedback_public.bad_email", value=escape_md(email)))
    if messages:
        return messages
    try:
        store().validate("feedback", dict(record))
    except ValidationError as error:
        codes = {f.label: f.code for f in sc.FEEDBACK.fields}
        for problem in error.problems:
            code = codes.get(problem.column or "", "")
            messages.append(
                tr(
                    "feedback_public.bad_value",
                    field=field_text(code) if code else problem.column,
                    value=escape_md(problem.value),
                    expected=tr(f"problem.{problem.kind}", detail=problem.detail),
                )
            )
    return messages


def send(token: str, typed: Mapping[str, Any]) -> None:
    """Write the form once, then show its code; or say what to correct and write nothing."""
    saved: dict[str, dict[str, Any]] = st.session_state.setdefault(SAVED, {})
    messages: list[str] = []
    with SUBMITTING:
        if token not in saved:
            fresh = workbook()  # read again: an overlapping run may have just written it
            if fresh is None:
                return
            stored = fresh.frame("feedback", include_archived=True)
            existing = stored[stored["id"] == token]
            if not existing.empty:  # a double click or a retried request
                saved[token] = sent_notice(existing.iloc[0].to_dict())
            else:
                record = submission_record(token, typed, stored)
                messages = submission_problems(record)
                if not messages and attempt(
                    lambda: store().append("feedback", [record], actor=actor())
                ):
                    saved[token] = sent_notice(record)
    if token in saved:
        show_code(token)
    for message in messages:
        st.error(message, icon=":material/error:")
    if messages:
        st.caption(tr("feedback_public.not_sent"))


def submission_problems(record: Mapping[str, Any]) -> list[str]:
    """Everything that stops the submission, in the sender's words."""
    messages = [problem_message(p) for p in fb.check_submission(record, max_length())]
    return messages or input_problems(record)


def actor() -> str:
    """Who sent it, for the audit log: a citizen, or the staff member trying the form."""
    user = current_user()
    return user.identity if user.role > Role.PUBLIC and user.source != "open" else ACTOR


def sent_notice(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the sender is told of a written form: its code, receipt and due dates."""
    received = pd.Timestamp(record["received_on"]).date()
    due = fb.due_for(record, rules())
    days = rules().days_for(record.get("category"), channel=record.get("channel"))
    return {"code": code_text(record["code"]), "received": received, "due": due, "days": days}


def show_code(token: str) -> None:
    """Show the written form's code, and have a new, empty form ready behind it."""
    st.session_state[SHOWN] = token
    st.session_state[TOKEN] = new_id()
    st.rerun()


def new_form() -> None:
    st.session_state.pop(SHOWN, None)


def confirmation(notice: Mapping[str, Any]) -> None:
    """The code, big, to write down; when the item was received and when it is due."""
    st.success(tr("feedback_public.sent.title"), icon=":material/check_circle:")
    with st.container(border=True, width=FORM_WIDTH):
        st.header(tr("feedback_public.sent.code", code=escape_md(notice["code"])), anchor=False)
        st.markdown(tr("feedback_public.sent.received", date=fmt_date(notice["received"])))
        if notice["due"] is not None:
            st.markdown(due_explanation(notice["received"], notice["due"], notice["days"]))
        st.caption(tr("feedback_public.sent.how"))
    st.button(
        tr("feedback_public.sent.again"),
        icon=":material/edit_note:",
        on_click=new_form,
        key="feedback_public_again",
    )


# --- the lookup -----------------------------------------------------------------------------


def lookup(frame: pd.DataFrame, typed: str) -> tuple[fb.LookupAnswer, str | None]:
    """The status of the item with this code, and its public wording once published; the
    record itself never leaves this function."""
    record = fb.find_by_code(frame, typed)
    answer = fb.status_for_lookup(record, rules())
    wording = None
    if record is not None and answer.answer is not None:
        wording = fb.public_entry(record)["content"]
    return answer, wording


def lookup_view(book: Workbook) -> None:
    """A code typed in any case and spacing: the status, and the answer once published."""
    st.markdown(tr("feedback_public.lookup.intro"))
    with st.form("feedback_public_lookup", width=FORM_WIDTH):
        cols = st.columns([3, 1], vertical_alignment="bottom")
        typed = cols[0].text_input(
            field_name("code"),
            key=LOOKUP_INPUT,
            max_chars=LOOKUP_CHARS,
            placeholder="K7MA-4QX9",
            autocomplete="off",
        )
        asked = cols[1].form_submit_button(
            tr("feedback_public.lookup.go"),
            type="primary",
            icon=":material/search:",
            key="feedback_public_lookup_go",
            width="stretch",
        )
    if asked:
        st.session_state[ASKED] = typed or ""
    code = st.session_state.get(ASKED)
    if code is None:
        return
    if not code.strip():
        st.warning(tr("feedback_public.lookup.empty"))
        return
    answer, wording = lookup(book.frame("feedback"), code)
    if not answer.found:  # unknown and ill-formed alike: one neutral answer
        st.info(tr("feedback_public.lookup.not_found"), icon=":material/search_off:")
        return
    show_lookup(fb.normalize_code(code) or "", answer, wording)


def show_lookup(code: str, answer: fb.LookupAnswer, wording: str | None) -> None:
    """Only the status, the dates and, once published, the public wording and the answer."""
    with st.container(border=True, width=FORM_WIDTH):
        st.subheader(tr("feedback_public.lookup.title", code=escape_md(code)), anchor=False)
        status = escape_md(label("status", answer.status)) or "–"
        facts = [f"{field_name('status')}: **{status}**"]
        if answer.received_on is not None:
            facts.append(f"{field_name('received_on')}: {fmt_date(answer.received_on)}")
        if answer.due_date is not None:
            facts.append(f"{field_name('due_date')}: **{fmt_date(answer.due_date)}**")
        st.markdown(" · ".join(facts))
        if answer.answer is None:
            note = STATUS_CODES.get(answer.status or "")
            if note:
                st.caption(tr(f"feedback_public.lookup.note.{note}"))
            return
        if wording:
            st.markdown(f"**{tr('public.question')}**  \n{escape_md(wording)}")
        st.markdown(f"**{tr('public.answer')}**  \n{escape_md(answer.answer)}")
        st.caption(escape_md(" · ".join(answer_facts(answer.answered_on, answer.answer_doc_no))))


# --- the published answers ------------------------------------------------------------------


def answer_facts(answered_on: object, doc_no: object) -> list[str]:
    """ "Trả lời 05/06/2017", "Văn bản số 12/SCT-VP", when known."""
    facts = []
    if isinstance(answered_on, dt.date):
        facts.append(tr("feedback_public.answers.answered", date=fmt_date(answered_on)))
    if isinstance(doc_no, str) and doc_no:
        facts.append(tr("feedback_public.answers.doc", number=doc_no))
    return facts


def entry_facts(entry: Mapping[str, Any]) -> list[str]:
    """The category, the receipt and answer dates, the answer's document number."""
    facts = [label("category", entry.get("category"))]
    if isinstance(entry.get("received_on"), dt.date):
        facts.append(tr("feedback_public.answers.received", date=fmt_date(entry["received_on"])))
    facts += answer_facts(entry.get("answered_on"), entry.get("answer_doc_no"))
    return [f for f in facts if f]


def search(entries: pd.DataFrame, query: str) -> pd.DataFrame:
    """The entries holding every word of the query, ignoring case and diacritics."""
    words = fold(query or "").split()
    if not words or entries.empty:
        return entries
    columns = ("content", "answer", "procedure_field", "answer_doc_no")
    haystacks = [
        fold(
            " ".join([*(str(e[c]) for c in columns if e.get(c)), label("category", e["category"])])
        )
        for e in entries.to_dict("records")
    ]
    keep = [all(w in text for w in words) for text in haystacks]
    return entries[keep]


def by_field(entries: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The entries grouped by field in Vietnamese order, those without one last; each group
    keeps the entries' order (newest answer first)."""
    fields = entries["procedure_field"]
    groups = [(name, entries[fields == name]) for name in sort_vietnamese(set(fields.dropna()))]
    rest = entries[fields.isna()]
    if len(rest):
        groups.append((tr("feedback_public.answers.other_field"), rest))
    return groups


def answers_view(book: Workbook) -> None:
    """The published answers, newest first in each field, searchable; a printable A4 list."""
    entries = fb.public_entries(book.frame("feedback"))
    st.subheader(tr("public.answers"), anchor=False)
    if entries.empty:
        st.write(tr("public.no_answers"))
        return
    st.html(PRINT_STYLE)
    with st.container(key=NO_PRINT):
        find, download = st.columns([3, 1], vertical_alignment="bottom")
        query = find.text_input(
            tr("feedback_public.answers.search"),
            key=SEARCH,
            max_chars=200,
            placeholder=tr("feedback_public.answers.search_placeholder"),
            icon=":material/search:",
        )
        shown = search(entries, query)
        printable = printable_html(shown, agency_name(book), today(), query)
        download.download_button(
            tr("feedback_public.print.download"),
            printable.encode("utf-8"),
            file_name="tra-loi-phan-anh-kien-nghi.html",
            mime="text/html",
            icon=":material/print:",
            on_click="ignore",
            disabled=shown.empty,
            key="feedback_public_print",
            width="stretch",
        )
        st.caption(tr("feedback_public.print.help"))
    st.caption(tr("feedback_public.answers.count", shown=len(shown), total=len(entries)))
    if shown.empty:
        st.info(tr("feedback_public.answers.none", query=escape_md(query)))
        return
    number = 0
    for name, group in by_field(shown):
        st.markdown(f"#### {escape_md(name)} · {len(group)}")
        for entry in group.to_dict("records"):
            number += 1
            with st.container(border=True, key=f"{ENTRY}_{number}"):
                st.caption(escape_md(" · ".join(entry_facts(entry))))
                st.markdown(f"**{tr('public.question')}**  \n{escape_md(entry['content'])}")
                st.markdown(f"**{tr('public.answer')}**  \n{escape_md(entry['answer'])}")
    with st.container(key=f"{NO_PRINT}_preview"), st.expander(tr("feedback_public.print.preview")):
        st.iframe(printable, height=760)


def printable_html(entries: pd.DataFrame, agency: str, as_of: dt.date, query: str = "") -> str:
    """The list for the desk's notice board: one A4 document, every value escaped."""

    def text(value: object) -> str:
        return html.escape("" if value is None else str(value)).replace("\n", "<br>")

    title = text(tr("public.answers"))
    question, reply = text(tr("public.question")), text(tr("public.answer"))
    head = [text(agency)] if agency else []
    head.append(text(tr("feedback_public.print.as_of", date=fmt_date(as_of), count=len(entries))))
    parts = [f'<p class="meta">{" · ".join(head)}</p>']
    if fold(query or ""):
        filtered = text(tr("feedback_public.print.filtered", query=query))
        parts.append(f'<p class="meta">{filtered}</p>')
    for name, group in by_field(entries):
        parts.append(f'<h2>{text(name)} <span class="n">· {len(group)}</span></h2>')
        for entry in group.to_dict("records"):
            parts.append(
                "<article>"
                f'<p class="meta">{text(" · ".join(entry_facts(entry)))}</p>'
                f"<p><b>{question}:</b> {text(entry['content'])}</p>"
                f"<p><b>{reply}:</b> {text(entry['answer'])}</p>"
                "</article>"
            )
    base = (settings().public_url or "").strip().rstrip("/")
    footer = (
        tr("feedback_public.print.lookup_at", url=f"{base}/{FORM_PATH}")
        if base
        else tr("feedback_public.print.lookup")
    )
    parts.append(f'<p class="footer">{text(footer)}</p>')
    body = "\n".join(parts)
    return f"""<!doctype html>
<html lang="{lang()}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 15mm }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; color: #111;
  font-size: 10.5pt; line-height: 1.4; }}
h1 {{ font-size: 17pt; margin: 0 0 1mm; color: #0d47a1; }}
h2 {{ font-size: 12.5pt; margin: 6mm 0 2mm; padding-bottom: 1mm;
  border-bottom: 0.4mm solid #0d47a1; break-after: avoid; }}
h2 .n {{ font-weight: 400; color: #555; }}
article {{ break-inside: avoid; padding: 1.5mm 0 1.5mm 3mm; margin: 0 0 2.5mm;
  border-left: 0.8mm solid #90caf9; }}
article p {{ margin: 0.8mm 0; }}
.meta {{ color: #555; font-size: 9pt; margin: 0; }}
.footer {{ margin-top: 6mm; font-size: 9.5pt; color: #333; }}
@media screen {{ body {{ background: #eceff1; padding: 8mm 0; }}
  main {{ box-sizing: border-box; width: 210mm; max-width: 100%; margin: 0 auto;
    padding: 15mm; background: #fff; box-shadow: 0 1mm 4mm rgba(0, 0, 0, .2); }} }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""
