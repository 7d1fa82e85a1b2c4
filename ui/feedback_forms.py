"""Phản ánh – kiến nghị, the writing side: staff intake with a lookup code, and handling
(assigning, answering, forwarding, declining, publishing). Everything is checked before a
single row is written; nothing typed is ever shown unescaped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from reform import feedback as fb
from sheets import ValidationError
from sheets import schema as sc
from sheets.store import Workbook, new_id
from ui.auth import current_user, see_personal
from ui.context import (
    SUBMITTING,
    attempt,
    escape_md,
    fmt_date,
    fmt_number,
    problem_text,
    store,
    today,
    tr,
    workbook,
)
from ui.feedback_views import (
    code_text,
    holidays_between,
    label,
    max_length,
    problem_message,
    rules,
    text_of,
    unit_label,
    unit_names,
)

INTAKE_TOKEN = "feedback_intake_token"  # the open form's token: the new row's id
INTAKE_SAVED = "feedback_intake_saved"  # tokens already written, so a second click adds nothing
INTAKE_LAST = "feedback_intake_last"  # the code to read to the sender, shown after saving
# Fields with no limit of their own in the tab still get one (a sheet cell holds 50,000).
SHORT_TEXT = 500
FIELD_LIMITS = {
    "subject": 500,
    "procedure_field": SHORT_TEXT,
    "sender_name": SHORT_TEXT,
    "sender_phone": SHORT_TEXT,
    "sender_email": SHORT_TEXT,
    "sender_address": SHORT_TEXT,
    "sender_org": SHORT_TEXT,
    "assignee": SHORT_TEXT,
    "answered_by": SHORT_TEXT,
    "answer_doc_no": SHORT_TEXT,
}


def clean(text: object) -> str | None:
    """Typed text (or a cell's) without surrounding spaces; None when there is none."""
    return text_of(text) or None


def field_name(code: str) -> str:
    return tr(f"field.feedback.{code}")


def input_errors(values: dict[str, Any], partial: bool = False) -> list[str]:
    """Too long a field, or a value the sheet would refuse (a phone that is not one)."""
    messages = []
    for code, limit in FIELD_LIMITS.items():
        value = values.get(code)
        if isinstance(value, str) and len(value) > limit:
            messages.append(
                tr(
                    "feedback.invalid.too_long",
                    field=field_name(code),
                    length=fmt_number(len(value)),
                    limit=fmt_number(limit),
                )
            )
    if messages:
        return messages
    try:
        store().validate("feedback", values, partial=partial)
    except ValidationError as error:
        # The typed value goes into the message: escaped, so it shows as typed.
        return [
            problem_text(dataclasses.replace(p, value=escape_md(p.value))) for p in error.problems
        ]
    return []


def show_refusal(messages: list[str]) -> None:
    """Each reason on its own line, and that nothing was written."""
    for message in messages:
        st.error(message, icon=":material/error:")
    st.caption(tr("feedback.nothing_written"))


# --- intake ---------------------------------------------------------------------------------


def procedure_fields(book: Workbook, frame: pd.DataFrame) -> list[str]:
    """Fields of procedures already named in feedback or in the one-stop figures."""
    names = [
        *frame["procedure_field"].dropna(),
        *book.frame("dossiers")["procedure_field"].dropna(),
    ]
    return sorted({str(n).strip() for n in names if str(n).strip()})


def due_explanation(received: dt.date, due: dt.date, days: int) -> str:
    """ "Hạn trả lời: 08/02/2017, 5 ngày làm việc sau ngày tiếp nhận; không tính: …"."""
    text = tr("feedback.intake.due", due=fmt_date(due), days=days)
    skipped = holidays_between(rules().calendar, received, due)
    if skipped:
        text += " " + tr("feedback.intake.due_skips", holidays="; ".join(skipped))
    return text


def last_saved_notice() -> None:
    """The code of the item just received, big, to read aloud to the sender."""
    last = st.session_state.get(INTAKE_LAST)
    if not last:
        return
    with st.container(border=True):
        st.markdown("### " + tr("feedback.intake.code", code=escape_md(last["code"])))
        st.caption(
            tr("feedback.intake.saved", subject=escape_md(last["subject"] or ""), due=last["due"])
        )


def intake_view(book: Workbook, frame: pd.DataFrame) -> None:
    """Receive one item: its content and sender, the due date shown as it is computed."""
    saved: dict[str, dict] = st.session_state.setdefault(INTAKE_SAVED, {})
    token = st.session_state.get(INTAKE_TOKEN)
    if not token:
        token = st.session_state[INTAKE_TOKEN] = new_id()
    last_saved_notice()
    limit = max_length()
    current = rules()
    user = current_user()
    key = f"feedback_in_{token}"
    top = st.columns([2, 2, 2, 2], vertical_alignment="bottom")
    received = top[0].date_input(
        f"{field_name('received_on')} *", value=today(), format="DD/MM/YYYY", key=f"{key}_received"
    )
    category = top[1].selectbox(
        f"{field_name('category')} *",
        fb.CATEGORIES,
        format_func=lambda v: label("category", v),
        key=f"{key}_category",
    )
    channel = top[2].selectbox(
        field_name("channel"),
        fb.CHANNELS,
        format_func=lambda v: label("channel", v),
        key=f"{key}_channel",
    )
    complex_case = top[3].checkbox(
        tr("feedback.intake.complex"),
        key=f"{key}_complex",
        help=tr("feedback.intake.complex_help", days=current.complex_answer_days),
    )
    about = st.columns([3, 2])
    subject = about[0].text_input(field_name("subject"), key=f"{key}_subject")
    field = about[1].selectbox(
        field_name("procedure_field"),
        procedure_fields(book, frame),
        index=None,
        accept_new_options=True,
        placeholder=tr("feedback.intake.field_placeholder"),
        key=f"{key}_field",
    )
    # The limit is in the label, where it is read before typing; no max_chars: the browser
    # would cut a long paste silently, and the check says what is too long instead.
    content = st.text_area(
        f"{field_name('content')} * · {tr('feedback.intake.limit', limit=fmt_number(limit))}",
        height=110,
        key=f"{key}_content",
        help=tr("feedback.intake.content_help"),
    )
    st.caption(f"**{tr('feedback.intake.sender')}** — {tr('feedback.intake.sender_help')}")
    sender = st.columns([3, 2, 3])
    name = sender[0].text_input(field_name("sender_name"), key=f"{key}_name")
    phone = sender[1].text_input(field_name("sender_phone"), key=f"{key}_phone")
    email = sender[2].text_input(field_name("sender_email"), key=f"{key}_email")
    where = st.columns([3, 2])
    address = where[0].text_input(field_name("sender_address"), key=f"{key}_address")
    org = where[1].text_input(field_name("sender_org"), key=f"{key}_org")
    if user.limited_to_unit:
        st.caption(tr("feedback.intake.unit", unit=escape_md(user.unit)))
    due = None
    bottom = st.columns([5, 1], vertical_alignment="center")
    if isinstance(received, dt.date):
        days = current.days_for(category, channel=channel, complex_case=complex_case)
        due = fb.default_due(
            category, received, current, channel=channel, complex_case=complex_case
        )
        bottom[0].info(due_explanation(received, due, days), icon=":material/event:")
    clicked = bottom[1].button(
        tr("feedback.intake.save"), type="primary", key=f"{key}_save", width="stretch"
    )
    if not clicked:
        return
    with SUBMITTING:  # a double click: the second run waits, then finds the row
        fresh = workbook() or book  # read again: the first run may have just written it
        # A second click on the same form (a double click) writes nothing: the row is there.
        stored = fresh.frame("feedback", include_archived=True)
        existing = stored[stored["id"] == token]
        if token in saved or not existing.empty:
            if token not in saved:
                row = existing.iloc[0]
                saved[token] = {
                    "code": code_text(row["code"]),
                    "subject": row["subject"],
                    "due": fmt_date(row["due_date"]) if pd.notna(row["due_date"]) else "",
                }
            st.session_state[INTAKE_LAST] = saved[token]
            st.session_state[INTAKE_TOKEN] = new_id()
            st.rerun()
        record = {
            "id": token,
            "code": new_code(stored),
            "received_on": received,
            "category": category,
            "channel": channel,
            "subject": clean(subject),
            "content": clean(content),
            "procedure_field": clean(field),
            "sender_name": clean(name),
            "sender_phone": clean(phone),
            "sender_email": clean(email),
            "sender_address": clean(address),
            "sender_org": clean(org),
            "assigned_unit": user.unit if user.limited_to_unit else None,
            "status": fb.NEW,
            "due_date": due,
            "published": False,
        }
        messages = [problem_message(p) for p in fb.check_submission(record, limit)]
        if not isinstance(received, dt.date):
            messages.append(tr("feedback.invalid.no_date"))
        elif received > today():
            messages.append(tr("feedback.invalid.future", date=fmt_date(received)))
        if messages:
            show_refusal(messages)
            return
        messages = input_errors(record)
        if messages:
            show_refusal(messages)
            return
        written = attempt(lambda: store().append("feedback", [record], actor=user.identity))
        if not written:
            return
        saved[token] = {"code": record["code"], "subject": record["subject"], "due": fmt_date(due)}
        st.session_state[INTAKE_LAST] = saved[token]
    st.session_state[INTAKE_TOKEN] = new_id()  # a fresh, empty form
    st.rerun()


def new_code(stored: pd.DataFrame) -> str:
    """A lookup code no item has yet."""
    taken = {fb.normalize_code(c) for c in stored["code"].dropna()}
    while True:
        code = fb.lookup_code()
        if code not in taken:
            return code


# --- handling -------------------------------------------------------------------------------


def item_choice(row: dict) -> str:
    """ "K7MA-4QX9 — Hồ sơ cấp phép … (Đang xử lý)"."""
    subject = text_of(row.get("subject")) or text_of(row.get("content"))
    subject = subject if len(subject) <= 70 else subject[:69] + "…"
    return f"{code_text(row.get('code'))} — {subject} ({label('status', row.get('status'))})"


def handling_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Open items first, the earliest due first; then the others, newest first."""
    is_open = frame["status"].isin(fb.OPEN)
    current = rules()
    due = pd.Series(
        [fb.due_for(r, current) or dt.date.max for r in frame.to_dict("records")], index=frame.index
    )
    open_items = frame[is_open].assign(_due=due[is_open]).sort_values("_due", kind="stable")
    others = frame[~is_open].sort_values("received_on", ascending=False, kind="stable")
    return pd.concat([open_items.drop(columns="_due"), others])


def item_facts(record: dict) -> None:
    """What was received, from whom (for those allowed), and the content, all escaped."""
    facts = [
        f"{field_name('received_on')}: **{fmt_date(record['received_on'])}**",
        # A choice typed in the sheet outside the list is shown as written: escaped too.
        f"{field_name('category')}: {escape_md(label('category', record['category']))}",
        f"{field_name('channel')}: {escape_md(label('channel', record['channel']))}",
    ]
    if clean(record.get("procedure_field")):
        facts.append(f"{field_name('procedure_field')}: {escape_md(record['procedure_field'])}")
    st.markdown(" · ".join(facts))
    with st.container(border=True):
        st.markdown(escape_md(text_of(record.get("content"))))
    who = [clean(record.get("sender_org"))]
    if see_personal():
        who = [clean(record.get(c)) for c in fb.PERSONAL_FIELDS] + who
    who = [w for w in who if w]
    if who:
        st.caption(tr("feedback.handle.sender", sender=" · ".join(escape_md(w) for w in who)))


def handling_view(book: Workbook, frame: pd.DataFrame) -> None:
    """Assign, change the status, answer, and publish one item; one row written per save."""
    if frame.empty:
        st.info(tr("feedback.list.empty"))
        return
    ordered = handling_order(frame)
    rows = {r["id"]: r for r in ordered.to_dict("records")}
    chosen = st.selectbox(
        tr("feedback.handle.pick"),
        list(rows),
        format_func=lambda i: item_choice(rows[i]),
        key="feedback_handle_pick",
        help=tr("feedback.handle.pick_help"),
    )
    record = rows[chosen]
    current = rules()
    user = current_user()
    key = f"feedback_h_{chosen}_{record['version']}"  # a new version starts from what is stored
    item_facts(record)
    units = unit_names(book, frame)
    assign = st.columns([3, 3, 2, 2], vertical_alignment="bottom")
    unit_now = clean(record.get("assigned_unit")) or ""
    unit = assign[0].selectbox(
        field_name("assigned_unit"),
        ["", *units],
        index=(["", *units]).index(unit_now),
        format_func=unit_label,
        key=f"{key}_unit",
    )
    assignee = assign[1].text_input(
        field_name("assignee"), value=clean(record.get("assignee")) or "", key=f"{key}_assignee"
    )
    before = record.get("status")
    moves = [s for s in fb.STATUSES if s in fb.ALLOWED_MOVES.get(before, fb.STATUSES)]
    status = assign[2].selectbox(
        field_name("status"),
        moves,
        index=moves.index(before) if before in moves else 0,
        format_func=lambda v: label("status", v),
        key=f"{key}_status",
    )
    shown_due = fb.due_for(record, current)
    due = assign[3].date_input(
        field_name("due_date"), value=shown_due, format="DD/MM/YYYY", key=f"{key}_due"
    )
    received = record["received_on"].date() if pd.notna(record["received_on"]) else None
    if received is not None:
        forward_by = fb.default_due(record["category"], received, current, forwarding=True)
        st.caption(
            tr(
                "feedback.handle.rules",
                days=current.answer_days,
                online=current.online_answer_days,
                complex=current.complex_answer_days,
                forward=current.forward_days,
                forward_by=fmt_date(forward_by),
            )
        )
    changes: dict[str, Any] = {
        "assigned_unit": unit or None,
        "assignee": clean(assignee),
        "status": status,
    }
    if due != shown_due:
        changes["due_date"] = due
    changes.update(answer_inputs(record, status, key, user))
    candidate = {**record, **changes}
    changes.update(publish_inputs(record, candidate, key))
    if not st.button(tr("feedback.handle.save"), type="primary", key=f"{key}_save"):
        return
    save_handling(record, changes, current)


def answer_inputs(record: dict, status: str, key: str, user: Any) -> dict[str, Any]:
    """The answer (or the forwarding notice, or the reason) as the status asks for it."""
    if status in fb.OPEN:
        return {}
    answered_on = record.get("answered_on")
    day = answered_on.date() if pd.notna(answered_on) else today()
    if status == fb.NOT_HANDLED:
        reason = st.text_area(
            f"{field_name('reason')} *",
            value=clean(record.get("reason")) or "",
            height=90,
            key=f"{key}_reason",
            help=tr("feedback.handle.reason_help"),
        )
        told = st.date_input(
            tr("feedback.handle.told_on"), value=day, format="DD/MM/YYYY", key=f"{key}_told"
        )
        return {"reason": clean(reason), "answered_on": told}
    forwarding = status == fb.FORWARDED
    answer = st.text_area(
        tr("feedback.handle.notice" if forwarding else "feedback.handle.answer") + " *",
        value=clean(record.get("answer")) or "",
        height=120,
        key=f"{key}_answer",
        help=tr("feedback.handle.notice_help" if forwarding else "feedback.handle.answer_help"),
    )
    cols = st.columns([3, 2, 3])
    default_by = clean(record.get("answered_by")) or (
        user.name if user.source != "open" else clean(record.get("assignee")) or ""
    )
    answered_by = cols[0].text_input(field_name("answered_by"), value=default_by, key=f"{key}_by")
    on = cols[1].date_input(
        tr("feedback.handle.forwarded_on") if forwarding else f"{field_name('answered_on')} *",
        value=day,
        format="DD/MM/YYYY",
        key=f"{key}_on",
    )
    doc_no = cols[2].text_input(
        field_name("answer_doc_no"),
        value=clean(record.get("answer_doc_no")) or "",
        key=f"{key}_doc",
        placeholder="123/SCT-VP",
    )
    return {
        "answer": clean(answer),
        "answered_by": clean(answered_by),
        "answered_on": on,
        "answer_doc_no": clean(doc_no),
    }


def publish_inputs(record: dict, candidate: dict, key: str) -> dict[str, Any]:
    """The publish switch, allowed only once answered, and the public wording."""
    allowed = fb.may_publish(candidate)
    was_published = bool(record.get("published")) if pd.notna(record.get("published")) else False
    st.markdown("**" + tr("feedback.handle.publish_title") + "**")
    publish = st.toggle(
        tr("feedback.handle.publish"),
        value=was_published and allowed,
        disabled=not allowed,
        key=f"{key}_publish",
        help=tr("feedback.handle.publish_help"),
    )
    if not allowed:
        reason = (
            "feedback.handle.publish_unpublished"
            if was_published
            else "feedback.handle.publish_disabled"
        )
        st.caption(tr(reason))
        return {"published": False}
    if not publish:
        return {"published": False}
    wording = st.text_area(
        field_name("public_content"),
        value=clean(record.get("public_content")) or clean(record.get("content")) or "",
        height=120,
        key=f"{key}_wording",
        help=tr("feedback.handle.wording_help"),
    )
    st.caption(tr("feedback.handle.wording_caption"))
    return {"published": True, "public_content": clean(wording)}


def save_handling(record: dict, changes: dict[str, Any], current: fb.DueRules) -> None:
    """Check the change, then write the one row with the version it was based on."""
    candidate = {**record, **changes}
    problems = fb.check_transition(record, candidate, current)
    if changes.get("published") and not clean(changes.get("public_content")):
        problems.append(fb.Problem("feedback_public_wording_empty", "public_content"))
    errors = [problem_message(p) for p in problems if p.is_error]
    long_text = {c: changes.get(c) for c in ("answer", "public_content", "reason")}
    errors += [
        tr(
            "feedback.invalid.too_long",
            field=field_name(c),
            length=fmt_number(len(v)),
            limit=fmt_number(sc.LONG_TEXT),
        )
        for c, v in long_text.items()
        if isinstance(v, str) and len(v) > sc.LONG_TEXT
    ]
    if not errors:
        errors = input_errors(changes, partial=True)
    if errors:
        show_refusal(errors)
        return
    warnings = [problem_message(p) for p in problems]  # said, and let through
    written = attempt(
        lambda: store().update(
            "feedback",
            record["id"],
            changes,
            expected_version=int(record["version"]) if pd.notna(record["version"]) else 0,
            actor=current_user().identity,
        )
    )
    if written is None:
        return
    st.toast(
        tr("feedback.handle.saved", code=code_text(record.get("code"))),
        icon=":material/check_circle:",
    )
    for warning in warnings:  # a toast outlives the rerun
        st.toast(warning, icon=":material/warning:")
    st.rerun()
