"""Nhập từ Google Forms: a response tab of the same spreadsheet, or an uploaded .csv/.xlsx,
mapped column by column to the questionnaire, previewed, then added to Phiếu khảo sát.

The reading is reform.surveys' (match_questions, forms_rows, new_only); this file draws the
screens, and remembers each mapped column in Câu hỏi khảo sát's «Tiêu đề trên Google Forms»
so the next import (and a colleague reading the sheet) finds the same mapping.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import openpyxl
import pandas as pd
import streamlit as st

from reform.i18n import t
from reform.locale import fold
from reform.surveys import (
    FORMS_CHANNEL,
    SurveyProblem,
    forms_rows,
    match_questions,
    new_only,
    response_key,
    scale_codes,
)
from sheets import ConflictError, StoreError, ValidationError
from sheets.values import Problem, column_letter, is_blank
from ui.auth import current_user, may
from ui.context import escape_md, lang, problem_text, store, tr, workbook

KEY = "forms_import_"  # prefix of this view's session state and widget keys
MAX_BYTES = 10 * 1024 * 1024
PREVIEW_ROWS = 10
SKIP = ""  # the target of a column that is not read
RESPONSES = "survey_responses"
# The record fields a Forms column can fill, besides the answers.
RECORD_FIELDS = ("submitted_at", "procedure_field", "respondent_type", "comment")
# The default questionnaire's questions that stand for record fields: they remember the
# Forms header of their field (the timestamp column is recognised by its label).
FIELD_QUESTIONS = {
    "procedure_field": "LINH_VUC",
    "respondent_type": "DOI_TUONG",
    "comment": "Y_KIEN",
}
# Headers that name, reach or locate a person, folded: Phiếu khảo sát keeps no identity, so
# such a column is never read, whatever its header resembles. Short headers only: a question
# text may well mention "điện thoại" (TC1 does).
PERSONAL = (
    "dia chi email",
    "email",
    "e mail",
    "thu dien tu",
    "ho va ten",
    "ho ten",
    "ten nguoi",
    "name",
    "full name",
    "your name",
    "so dien thoai",
    "dien thoai",
    "sdt",
    "so dt",
    "phone",
    "phone number",
    "dia chi",
    "address",
    "cmnd",
    "cccd",
    "can cuoc",
    "lien he",
    "contact",
)
PERSONAL_MAX_WORDS = 6
# What stops forms_rows from reading any row at all.
BLOCKING = ("survey_no_timestamp_column", "survey_mixed_date_order")


# -- reading a source ----------------------------------------------------------------------


class UnreadableFile(ValueError):
    """An upload that is not a readable .csv or .xlsx; `kind` names the catalog message."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _trim(row: Sequence[Any]) -> list[Any]:
    cells = list(row)
    while cells and is_blank(cells[-1]):
        cells.pop()
    return cells


def read_csv(data: bytes) -> list[list[Any]]:
    """The grid of a CSV file in UTF-8 (a BOM is fine), comma, semicolon or tab separated."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("encoding") from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        grid = [_trim(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error:
        raise UnreadableFile("csv") from None
    return grid


def read_xlsx(data: bytes) -> list[list[Any]]:
    """The grid of the first worksheet of an .xlsx file, values only (no formulas)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - not a zip, not a workbook, damaged XML: all "unreadable"
        raise UnreadableFile("xlsx") from None
    try:
        if not book.worksheets:
            raise UnreadableFile("xlsx")
        return [_trim(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    except UnreadableFile:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet part
        raise UnreadableFile("xlsx") from None
    finally:
        book.close()


def read_upload(name: str, data: bytes) -> list[list[Any]]:
    """The grid of an uploaded .csv or .xlsx; UnreadableFile says why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile("too_big")
    lower = name.lower()
    if lower.endswith(".csv"):
        grid = read_csv(data)
    elif lower.endswith(".xlsx"):
        grid = read_xlsx(data)
    else:
        raise UnreadableFile("type")
    while grid and not grid[-1]:
        grid.pop()
    if not grid or not any(not is_blank(h) for h in grid[0]):
        raise UnreadableFile("empty")
    return grid


# -- the mapping -----------------------------------------------------------------------------


def header_words(header: str) -> str:
    """A header folded to plain words: "Địa chỉ email" → "dia chi email"."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", fold(header)).split())


def is_personal(header: str) -> bool:
    """Whether a column holds who answered (email, name, phone, address): never imported."""
    words = header_words(header)
    if not words or len(words.split()) > PERSONAL_MAX_WORDS:
        return False
    return any(words == p or words.startswith(p + " ") for p in PERSONAL)


def target_of(question: Mapping[str, Any], codes: set[str]) -> str | None:
    """What a question's column fills: its code for a 1–5 question, a record field for the
    default questionnaire's Lĩnh vực / Đối tượng / Ý kiến questions, else None."""
    code = str(question.get("code") or "").strip()
    if code in codes:
        return code
    for target, question_code in FIELD_QUESTIONS.items():
        if code.casefold() == question_code.casefold():
            return target
    return None


def remembered_headers(questions: pd.DataFrame) -> dict[str, str]:
    """Forms header → target, as remembered in «Tiêu đề trên Google Forms»."""
    codes = set(scale_codes(questions))
    found: dict[str, str] = {}
    for question in questions.to_dict("records"):
        header = question.get("forms_header")
        target = target_of(question, codes)
        if target and not is_blank(header):
            found[str(header).strip()] = target
    return found


def initial_mapping(
    headers: Sequence[str], questions: pd.DataFrame, remembered: Mapping[str, str]
) -> dict[str, str]:
    """Each header's first target: remembered, else guessed; personal columns skipped."""
    allowed = {*RECORD_FIELDS, *scale_codes(questions)}
    guessed = match_questions(list(headers), questions, remembered)
    mapping: dict[str, str] = {}
    for header in headers:
        target = guessed.get(header)
        mapping[header] = target if target in allowed and not is_personal(header) else SKIP
    return mapping


def header_updates(
    mapping: Mapping[str, str | None], questions: pd.DataFrame
) -> list[tuple[dict[str, Any], str]]:
    """The questions whose remembered header changes with this mapping, and the new header.

    A mapped question remembers its column's header; a question that remembered a column
    of this tab now skipped (or given to another question) forgets it.
    """
    header_by_target: dict[str, str] = {}
    for header, target in mapping.items():
        if target:
            header_by_target.setdefault(target, header)  # forms_rows reads the first one
    in_tab = {header_words(h) for h in mapping}
    codes = set(scale_codes(questions))
    updates = []
    for question in questions.to_dict("records"):
        target = target_of(question, codes)
        if target is None:
            continue
        current = "" if is_blank(question.get("forms_header")) else str(question["forms_header"])
        if target in header_by_target:
            wanted = header_by_target[target]
        elif current and header_words(current) in in_tab:
            wanted = ""
        else:
            continue
        if wanted.strip() != current.strip():
            updates.append((question, wanted))
    return updates


# -- the preview -----------------------------------------------------------------------------


@dataclass
class Issue:
    """One thing wrong, where a person finds it in the Forms tab."""

    row: int | None
    letter: str  # the column's letter in the Forms tab, "" when the issue is not in one
    column: str  # its header as written
    value: str
    text: str
    is_error: bool = True


@dataclass
class ImportPlan:
    """What an import would do: the new rows (sheet row, record), and what it leaves out."""

    rows: int = 0  # non-blank data rows
    new: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)
    already: int = 0
    bad_rows: set[int] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)
    blocked: bool = False  # the tab cannot be read at all (no timestamp column …)


def _record_rows(grid: Sequence[Sequence[Any]], problems: list[SurveyProblem]) -> list[int]:
    """The sheet rows forms_rows made records of: non-blank rows without a problem."""
    width = len(grid[0]) if grid else 0
    bad = {p.row for p in problems if p.is_error and p.row and p.row > 1}
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        padded = list(cells) + [None] * (width - len(cells))
        if all(is_blank(c) for c in padded) or number in bad:
            continue
        rows.append(number)
    return rows


def _survey_issue(problem: SurveyProblem, language: str) -> Issue:
    text = replace(problem, row=None, column=None).message(language)
    return Issue(
        problem.row,
        problem.column_letter or "",
        problem.column or "",
        problem.value,
        text,
        problem.is_error,
    )


def plan_import(
    grid: Sequence[Sequence[Any]],
    mapping: Mapping[str, str | None],
    questions: pd.DataFrame,
    existing: pd.DataFrame,
    validate: Callable[[dict[str, Any]], Any],
    tab: str,
    language: str = "vi",
) -> ImportPlan:
    """Read the grid with the mapping, check each record as the store will, and keep the
    rows not stored yet (archived rows count as stored)."""
    headers = ["" if h is None else str(h) for h in grid[0]] if grid else []
    records, problems = forms_rows(
        grid, dict(mapping), channel=FORMS_CHANNEL, tab=tab, questions=questions
    )
    plan = ImportPlan(rows=sum(1 for r in grid[1:] if any(not is_blank(c) for c in r)))
    plan.issues = [_survey_issue(p, language) for p in problems]
    plan.bad_rows = {p.row for p in problems if p.is_error and p.row and p.row > 1}
    plan.blocked = any(p.kind in BLOCKING for p in problems)
    rows: Sequence[int | None] = _record_rows(grid, problems)
    if len(rows) != len(records):  # cannot happen while forms_rows keeps its rules
        rows = [None] * len(records)
    column_of = {
        target: i for i, h in reversed(list(enumerate(headers))) if (target := mapping.get(h))
    }
    valid: list[tuple[int | None, dict[str, Any]]] = []
    for row, record in zip(rows, records, strict=True):
        try:
            validate(record)
        except ValidationError as error:
            for p in error.problems:
                plan.issues.append(_store_issue(p, row, record, headers, column_of, language))
            if row is not None:
                plan.bad_rows.add(row)
            continue
        valid.append((row, record))
    codes = scale_codes(questions)
    fresh = {response_key(r, codes) for r in new_only([r for _, r in valid], existing, codes)}
    for row, record in valid:
        key = response_key(record, codes)
        if key in fresh:
            fresh.discard(key)  # a double submission within the tab is written once
            plan.new.append((row, record))
    plan.already = len(valid) - len(plan.new)
    plan.issues.sort(key=lambda i: (i.row or 0, len(i.letter), i.letter))
    return plan


def _store_issue(
    problem: Problem,
    row: int | None,
    record: Mapping[str, Any],
    headers: list[str],
    column_of: Mapping[str, int],
    language: str,
) -> Issue:
    """A value the store refuses (a choice it does not know, a text too long), placed at its
    Forms column."""
    code = next(
        (c for c in record if t(f"field.{RESPONSES}.{c}", "vi") == problem.column), problem.column
    )
    i = column_of.get(str(code))
    letter, column = (column_letter(i), headers[i]) if i is not None else ("", problem.column)
    text = t(f"problem.{problem.kind}", language, detail=problem.detail)
    return Issue(row, letter, str(column or ""), problem.value, text[:1].upper() + text[1:])


# -- drawing -------------------------------------------------------------------------------


def _cached_grid(source: str, read: Callable[[], list[list[Any]]]) -> list[list[Any]]:
    """The grid of a source, read once per session until asked to read again."""
    saved = st.session_state.get(KEY + "grid")
    if saved and saved[0] == source:
        return saved[1]
    grid = read()
    st.session_state[KEY + "grid"] = (source, grid)
    return grid


def _from_tab() -> tuple[str, str, list[list[Any]]] | None:
    """A tab of the same spreadsheet that is not the app's own."""
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    again = right.button(tr("forms_import.reload"), icon=":material/refresh:", key=KEY + "reload")
    tabs = st.session_state.get(KEY + "tabs")
    try:
        if tabs is None or again:
            tabs = store().foreign_tabs()
            st.session_state[KEY + "tabs"] = tabs
            st.session_state.pop(KEY + "grid", None)
    except StoreError as error:
        st.error(tr(f"error.{error.kind}", **error.params))
        return None
    if not tabs:
        left.info(tr("forms_import.no_tabs"), icon=":material/info:")
        return None
    name = left.selectbox(
        tr("forms_import.tab"),
        tabs,
        index=None,
        placeholder=tr("forms_import.tab_placeholder"),
        key=KEY + "tab",
    )
    if name is None:
        return None
    try:
        grid = _cached_grid(f"tab:{name}", lambda: store().read_grid(name))
    except StoreError as error:
        if error.kind == "missing_tab":
            st.error(tr("forms_import.tab_gone", tab=name))
        else:
            st.error(tr(f"error.{error.kind}", **error.params))
        return None
    if not grid or not any(not is_blank(h) for h in grid[0]):
        st.warning(tr("forms_import.empty_tab", tab=name))
        return None
    return f"tab:{name}", name, grid


def _from_file() -> tuple[str, str, list[list[Any]]] | None:
    """An uploaded .csv or .xlsx (Google Forms' download, or the tab saved as a file)."""
    upload = st.file_uploader(
        tr("forms_import.file"),
        type=["csv", "xlsx"],
        help=tr("forms_import.file_help"),
        key=KEY + "file",
    )
    if upload is None:
        return None
    source = f"file:{upload.file_id}"
    try:
        grid = _cached_grid(source, lambda: read_upload(upload.name, upload.getvalue()))
    except UnreadableFile as error:
        st.error(tr(f"forms_import.bad_file.{error.kind}", name=upload.name))
        return None
    return source, upload.name, grid


def _target_label(target: str, questions: dict[str, Mapping[str, Any]]) -> str:
    if target == SKIP:
        return tr("forms_import.skip")
    if target in RECORD_FIELDS:
        return tr(f"field.{RESPONSES}.{target}")
    question = questions.get(target, {})
    text = question.get("text_en") if lang() == "en" else None
    text = _short(str(text or question.get("text_vi") or ""), 55)
    active = question.get("active")
    inactive = active is not None and not pd.isna(active) and not bool(active)
    return f"{target} · {text}" + (tr("forms_import.inactive") if inactive else "")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _example(grid: Sequence[Sequence[Any]], index: int) -> str:
    for cells in grid[1:]:
        if index < len(cells) and not is_blank(cells[index]):
            return _short(str(cells[index]), 60)
    return ""


def _mapping_screen(
    source: str, grid: list[list[Any]], questions: pd.DataFrame
) -> dict[str, str | None]:
    """Every column with what it fills, prefilled from memory or from the question texts."""
    st.subheader(tr("forms_import.mapping"))
    st.caption(tr("forms_import.mapping_help"))
    headers = ["" if h is None else str(h) for h in grid[0]]
    remembered = remembered_headers(questions)
    recalled = {header_words(h): target for h, target in remembered.items()}
    unique = [h for h in dict.fromkeys(headers) if h.strip()]
    first = initial_mapping(unique, questions, remembered)
    by_code = {str(q["code"]).strip(): q for q in questions.to_dict("records") if q.get("code")}
    targets = [SKIP, *RECORD_FIELDS, *scale_codes(questions)]
    # Labels made now, in this run's language: a format_func is also called outside the run.
    labels = {target: _target_label(target, by_code) for target in targets}
    digest = hashlib.sha1("\x1f".join([source, *headers]).encode()).hexdigest()[:10]
    mapping: dict[str, str | None] = {}
    with st.container(border=True):
        for header in unique:
            i = headers.index(header)
            left, right = st.columns([3, 2], vertical_alignment="center")
            personal = is_personal(header)
            example = _example(grid, i)
            if personal:
                note = ":material/lock: " + escape_md(tr("forms_import.personal"))
            elif first[header] and recalled.get(header_words(header)) == first[header]:
                note = ":material/history: " + escape_md(tr("forms_import.remembered"))
            else:
                note = escape_md(tr("forms_import.example", value=example)) if example else ""
            line = f"**{column_letter(i)}** · {escape_md(header)}"
            left.markdown(line + (f"  \n:gray[{note}]" if note else ""))
            choice = right.selectbox(
                header,
                [SKIP] if personal else targets,
                index=0 if personal else targets.index(first[header]),
                format_func=labels.__getitem__,
                disabled=personal,
                label_visibility="collapsed",
                key=f"{KEY}map_{digest}_{i}",
            )
            mapping[header] = None if personal or not choice else choice
    return mapping


def _issues_table(issues: list[Issue]) -> None:
    rows = [
        {
            tr("forms_import.col.row"): issue.row if issue.row else None,
            tr("forms_import.col.column"): " · ".join(
                part for part in (issue.letter, _short(issue.column, 40)) if part
            ),
            tr("forms_import.col.value"): issue.value,
            tr("forms_import.col.problem"): issue.text,
        }
        for issue in issues
    ]
    frame = pd.DataFrame(rows).astype({tr("forms_import.col.row"): "Int64"})
    config = {
        # In pixels, the sentence widest: it is what a person reads first.
        tr("forms_import.col.row"): st.column_config.NumberColumn(width=60),
        tr("forms_import.col.column"): st.column_config.TextColumn(width=220),
        tr("forms_import.col.value"): st.column_config.TextColumn(width=110),
        tr("forms_import.col.problem"): st.column_config.TextColumn(width=800),
    }
    st.dataframe(frame, column_config=config, hide_index=True, placeholder="")


def _rows_table(plan: ImportPlan, mapping: Mapping[str, str | None]) -> None:
    mapped = [t for t in dict.fromkeys(mapping.values()) if t]
    codes = [t for t in mapped if t not in RECORD_FIELDS]
    columns = ["submitted_at", "procedure_field", "respondent_type", *codes, "comment"]
    columns = [c for c in columns if c in mapped or c == "submitted_at"]
    rows = []
    for row, record in plan.new[:PREVIEW_ROWS]:
        line: dict[str, Any] = {tr("forms_import.col.row"): row}
        for code in columns:
            value = record.get(code)
            if isinstance(value, dt.datetime):
                value = value.strftime("%d/%m/%Y %H:%M:%S")
            line[tr(f"field.{RESPONSES}.{code}") if code in RECORD_FIELDS else code] = value
        rows.append(line)
    # Answers as whole numbers, and an empty cell (not the word None) for a skipped one.
    frame = pd.DataFrame(rows).astype({c: "Int64" for c in [tr("forms_import.col.row"), *codes]})
    st.dataframe(frame, hide_index=True, placeholder="")


def _remember(mapping: Mapping[str, str | None], questions: pd.DataFrame, actor: str) -> int:
    """Write each changed «Tiêu đề trên Google Forms»; the number that could not be saved."""
    failed = 0
    for question, header in header_updates(mapping, questions):
        try:
            store().update(
                "survey_questions",
                str(question["id"]),
                {"forms_header": header},
                expected_version=int(question["version"]),
                actor=actor,
            )
        except (ConflictError, ValidationError, StoreError):
            failed += 1  # a colleague edited the question meanwhile: the mapping is not lost
    return failed


def _write(plan: ImportPlan, mapping: Mapping[str, str | None], questions: pd.DataFrame) -> None:
    actor = current_user().identity
    try:
        # Read again just before writing: a colleague may have imported the same tab since.
        stored = store().load(force=True).frame(RESPONSES, include_archived=True)
        records = new_only([r for _, r in plan.new], stored, scale_codes(questions))
        if records:
            store().append(RESPONSES, records, actor=actor)
    except ValidationError as error:
        st.error(tr("forms_import.refused"))
        st.markdown("\n".join(f"- {escape_md(problem_text(p))}" for p in error.problems[:50]))
        return
    except StoreError as error:
        st.error(tr(f"error.{error.kind}", **error.params))
        return
    failed = _remember(mapping, questions, actor)
    st.session_state[KEY + "done"] = (
        tr(
            "forms_import.done",
            added=len(records),
            already=plan.already + len(plan.new) - len(records),
            bad=len(plan.bad_rows),
        ),
        failed,
    )
    st.rerun()


def _preview(plan: ImportPlan, mapping: Mapping[str, str | None], questions: pd.DataFrame) -> None:
    st.subheader(tr("forms_import.preview"))
    rows, new, already, bad = st.columns(4)
    rows.metric(tr("forms_import.metric.rows"), plan.rows)
    new.metric(tr("forms_import.metric.new"), len(plan.new))
    already.metric(tr("forms_import.metric.already"), plan.already)
    bad.metric(tr("forms_import.metric.bad"), len(plan.bad_rows))
    errors = [i for i in plan.issues if i.is_error]
    if plan.issues:
        if errors:
            st.warning(tr("forms_import.issues", count=len(errors)), icon=":material/warning:")
        _issues_table(plan.issues)
    if plan.blocked:
        st.error(tr("forms_import.blocked"), icon=":material/block:")
        return
    if plan.new:
        st.caption(
            tr(
                "forms_import.first_rows",
                shown=min(PREVIEW_ROWS, len(plan.new)),
                count=len(plan.new),
            )
        )
        _rows_table(plan, mapping)
    # The last import's outcome, next to the button the person just pressed.
    done = st.session_state.pop(KEY + "done", None)
    if done:
        st.success(done[0], icon=":material/check_circle:")
        if done[1]:
            st.warning(tr("forms_import.not_remembered", count=done[1]))
    elif plan.already and not plan.new:
        st.info(tr("forms_import.nothing_new"), icon=":material/check_circle:")
    if st.button(
        tr("forms_import.write", count=len(plan.new)),
        type="primary",
        icon=":material/upload:",
        disabled=not plan.new,
        key=KEY + "write",
    ):
        _write(plan, mapping, questions)


def forms_import_view() -> None:
    """Choose a Forms response tab or file, map its columns, preview, add the new rows."""
    if not may("write"):
        st.info(tr("forms_import.editors_only"), icon=":material/lock:")
        return
    st.write(tr("forms_import.help"))
    sources = {k: tr(f"forms_import.source.{k}") for k in ("tab", "file")}
    kind = st.radio(
        tr("forms_import.source"),
        list(sources),
        format_func=sources.__getitem__,
        horizontal=True,
        key=KEY + "source",
    )
    chosen = _from_tab() if kind == "tab" else _from_file()
    if chosen is None:
        return
    source, name, grid = chosen
    book = workbook()
    if book is None:
        return
    questions = book.frame("survey_questions")
    mapping = _mapping_screen(source, grid, questions)
    existing = book.frame(RESPONSES, include_archived=True)
    plan = plan_import(
        grid,
        mapping,
        questions,
        existing,
        lambda record: store().validate(RESPONSES, record),
        name,
        lang(),
    )
    _preview(plan, mapping, questions)
