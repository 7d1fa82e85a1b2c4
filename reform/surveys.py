"""Satisfaction surveys: scores with their uncertainty, trends, pace, and Google Forms imports.

The index is the share of 1–5 answers at level 4 or 5 ("Hài lòng", "Rất hài lòng"), the
definition stated on the page (SIPAS, QĐ 2640/QĐ-BNV 2017; QĐ 1001/QĐ-BNV for 2023–2026).
Every figure carries n, its 95% Wilson interval and a flag when n < 30.

n is the number of respondents, not of answers: one person's fifteen answers move together,
so treating them as fifteen independent draws would make the interval far too narrow. The
interval is Wilson's over n respondents at the answer-weighted share, the rule of
reform.metrics.satisfaction, so the overview and the survey page agree.

Frames are the store's typed Phiếu khảo sát rows (archived rows already left out); answers
sit in one column per question code, and questions added later arrive as extra columns.
Pure module: pandas, no Streamlit, no storage. Problems carry a `kind` ready for the
translation catalog ("problem.<kind>") and a Vietnamese/English fallback message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import pandas as pd

from reform.locale import fold, format_number, format_percent, sort_vietnamese
from reform.metrics import (
    ROMAN,
    SATISFIED_LEVELS,
    SMALL_SAMPLE,
    Period,
    quarter_period,
    wilson,
)

SCALE_TYPE = "Thang 1–5"  # QUESTION_TYPES in sheets.schema: only these questions are scored
SCALE = (1, 2, 3, 4, 5)
FORMS_CHANNEL = "Google Forms"
# Record fields of Phiếu khảo sát that are not answers, and the store's own columns.
FIELD_TARGETS = (
    "submitted_at",
    "channel",
    "procedure_field",
    "respondent_type",
    "comment",
    "contact",
    "consent",
)
_SYSTEM_COLUMNS = ("id", "version", "updated_at", "archived", "is_demo", "_row")
_NOT_ANSWERS = frozenset(FIELD_TARGETS + _SYSTEM_COLUMNS)
# Google Sheets and Excel count days from 30/12/1899.
_SERIAL_EPOCH = dt.datetime(1899, 12, 30)


# --- problems -------------------------------------------------------------------------------

_MESSAGES: dict[str, tuple[str, str]] = {
    "survey_not_an_answer": (
        "không đọc được câu trả lời «{value}»: cần một số từ 1 đến 5 hoặc một mức từ "
        "«Rất không hài lòng» đến «Rất hài lòng».",
        "cannot read the answer «{value}»: expected a number from 1 to 5 or a level from "
        "«Rất không hài lòng» (very dissatisfied) to «Rất hài lòng» (very satisfied).",
    ),
    "survey_out_of_range": (
        "câu trả lời «{value}» nằm ngoài thang điểm: chỉ nhận số nguyên từ 1 đến 5.",
        "the answer «{value}» is off the scale: only whole numbers from 1 to 5 are accepted.",
    ),
    "survey_bad_timestamp": (
        "không đọc được dấu thời gian «{value}»: cần ngày giờ dạng dd/mm/yyyy hh:mm:ss "
        "(ví dụ 15/04/2017 9:05:33) hoặc yyyy-mm-dd hh:mm:ss.",
        "cannot read the timestamp «{value}»: expected dd/mm/yyyy hh:mm:ss "
        "(e.g. 15/04/2017 9:05:33) or yyyy-mm-dd hh:mm:ss.",
    ),
    "survey_missing_timestamp": (
        "thiếu dấu thời gian.",
        "the timestamp is missing.",
    ),
    "survey_no_timestamp_column": (
        "chưa chọn cột nào là dấu thời gian (Dấu thời gian/Timestamp).",
        "no column is mapped to the timestamp (Dấu thời gian/Timestamp).",
    ),
    "survey_mixed_date_order": (
        "cột dấu thời gian có cả ngày dạng ngày/tháng lẫn tháng/ngày (ví dụ «{value}» và "
        "«{detail}»); hãy đặt vùng (locale) của bảng tính về Việt Nam rồi nhập lại.",
        "the timestamp column mixes day/month and month/day dates (e.g. «{value}» and "
        "«{detail}»); set the spreadsheet's locale to Vietnam and import again.",
    ),
    "survey_all_blank": (
        "phiếu không có câu trả lời nào (mọi câu hỏi và ý kiến đều để trống).",
        "the response has no answers (every question and the comment are blank).",
    ),
    "survey_unknown_question": (
        "«{value}» không phải mã của một câu hỏi thang 1–5 trong bộ câu hỏi.",
        "«{value}» is not the code of a 1–5 question of the questionnaire.",
    ),
    "survey_duplicate": (
        "phiếu trùng với phiếu đã có ở dòng {detail} (cùng thời điểm, kênh, câu trả lời và "
        "ý kiến), có thể do bấm gửi hai lần.",
        "the response is identical to the one in row {detail} (same time, channel, answers "
        "and comment); it was probably submitted twice.",
    ),
    "survey_duplicate_column": (
        "cột này được gán cùng mục «{detail}» với một cột đứng trước; chỉ cột đầu tiên được đọc.",
        "this column is mapped to «{detail}» like an earlier column; only the first is read.",
    ),
}


def _message(kind: str, lang: str, **params: Any) -> str:
    """The fallback text of a problem kind in one language."""
    vi, en = _MESSAGES[kind]
    return (en if lang == "en" else vi).format(**params)


@dataclass(frozen=True)
class SurveyProblem:
    """Something wrong in a survey response, located as a person sees it in the sheet.

    Its fields match sheets.values.Problem, so reform.i18n.describe_problem can render it
    once the catalog has the "problem.survey_*" keys; until then `message` speaks.
    """

    tab: str
    kind: str
    row: int | None = None  # as numbered in the sheet: the header is row 1
    column: str | None = None  # the header as written
    column_letter: str | None = None
    value: str = ""
    detail: str = ""
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def cell(self) -> str:
        """A1 reference of the cell, when the problem is in one."""
        if self.column_letter and self.row:
            return f"{self.column_letter}{self.row}"
        return ""

    def message(self, lang: str = "vi") -> str:
        """One sentence: where (row, column) and what is wrong."""
        where = []
        if self.row:
            where.append(("row {}" if lang == "en" else "dòng {}").format(self.row))
        if self.column:
            where.append(("column «{}»" if lang == "en" else "cột «{}»").format(self.column))
        text = _message(
            self.kind, lang, value=self.value, column=self.column or "", detail=self.detail
        )
        if not where:
            return text[:1].upper() + text[1:]
        prefix = ", ".join(where)
        return f"{prefix[:1].upper()}{prefix[1:]}: {text}"


class SurveyInputError(ValueError):
    """A value of a survey response that cannot be read; says which value, in vi and en."""

    def __init__(self, kind: str, value: Any) -> None:
        self.kind = kind
        self.value = _display(value)
        vi = _message(kind, "vi", value=self.value, column="", detail="")
        en = _message(kind, "en", value=self.value, column="", detail="")
        super().__init__(f"{vi[:1].upper()}{vi[1:]} / {en[:1].upper()}{en[1:]}")


class AnswerError(SurveyInputError):
    """An answer that is not a level of the 1–5 scale."""


class TimestampError(SurveyInputError):
    """A timestamp that is not in one of Google Forms' formats."""


def _display(raw: Any) -> str:
    """The raw value as a short string for messages."""
    text = "" if raw is None else str(raw)
    return text if len(text) <= 80 else text[:77] + "…"


def _is_blank(raw: Any) -> bool:
    """True for None, NaN, NA, NaT and whitespace-only text."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    try:
        return bool(pd.isna(raw))
    except (TypeError, ValueError):
        return False


def _text(raw: Any) -> str | None:
    """Stripped NFC text, None when blank."""
    if _is_blank(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return unicodedata.normalize("NFC", str(raw)).strip()


# --- questions ------------------------------------------------------------------------------


def _question_rows(questions: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict]:
    """The questionnaire as dicts in display order (order, then code)."""
    if isinstance(questions, pd.DataFrame):
        rows = questions.to_dict("records")
    else:
        rows = [dict(q) for q in questions]
    rows = [r for r in rows if _text(r.get("code"))]

    def position(row: dict) -> tuple[float, str]:
        order = row.get("order")
        return (math.inf if _is_blank(order) else float(order), str(row["code"]))

    return sorted(rows, key=position)


def is_scale(qtype: Any) -> bool:
    """Whether a question type is the 1–5 scale (any dash between 1 and 5)."""
    text = _text(qtype)
    return text is not None and _dashes(text) == _dashes(SCALE_TYPE)


def _dashes(text: str) -> str:
    """Folded, with every dash as "-": "Thang 1-5" typed by hand is still the scale."""
    return fold(re.sub(r"[-‐‑‒–—]", "-", text))


def scale_codes(questions: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[str]:
    """Codes of the 1–5 questions, active or not (old quarters keep their answers)."""
    return [str(q["code"]).strip() for q in _question_rows(questions) if is_scale(q.get("qtype"))]


# --- scores ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A satisfaction figure: the share of answers at 4 or 5, with n and its 95% interval."""

    label: str  # what was scored: "" overall, a factor, a question code, a field, a quarter
    n: int  # respondents with at least one 1–5 answer in scope
    answers: int
    satisfied: int
    share: float | None  # None when there are no answers
    low: float | None
    high: float | None

    @property
    def small(self) -> bool:
        """Fewer than 30 respondents: the page says the figure is uncertain."""
        return self.n < SMALL_SAMPLE

    def figure(self, lang: str = "vi") -> str:
        """The share with its interval and n, e.g. "78,5% (67,3–86,9%; n = 70)"."""
        if self.share is None:
            return f"{format_percent(None, lang)} (n = {self.n})"
        low = format_number(100 * (self.low or 0.0), lang, 1)
        high = format_percent(self.high, lang)
        return f"{format_percent(self.share, lang)} ({low}–{high}; n = {self.n})"


def _in_period(responses: pd.DataFrame, period: Period | None) -> pd.DataFrame:
    """The responses submitted within the period (all of them without one)."""
    if period is None:
        return responses
    submitted = pd.to_datetime(responses["submitted_at"], errors="coerce")
    return responses[period.contains(submitted).fillna(False).astype(bool)]


def _answer_grid(responses: pd.DataFrame, codes: Iterable[str]) -> pd.DataFrame:
    """The 1–5 answers of these codes as floats; anything else (blank, 0, 7, text) is NaN.

    Off-scale values are refused on entry and reported as problems of the tab, so here they
    are simply not answers rather than a reason to drop the whole response.
    """
    columns = [c for c in dict.fromkeys(codes) if c in responses.columns]
    grid = pd.DataFrame(
        {c: pd.to_numeric(responses[c], errors="coerce").astype("float64") for c in columns},
        index=responses.index,
    )
    return grid.where(grid.isin([float(v) for v in SCALE]))


def _score_grid(grid: pd.DataFrame, label: str) -> Score:
    """Score the answers of a grid (rows = respondents)."""
    valid = grid.notna()
    answers = int(valid.to_numpy().sum())
    satisfied = int(grid.isin([float(v) for v in SATISFIED_LEVELS]).to_numpy().sum())
    n = int(valid.any(axis=1).sum()) if len(grid.columns) else 0
    if answers == 0:
        return Score(label, n, 0, 0, None, None, None)
    share = satisfied / answers
    # Respondents, not answers, are the independent units (see the module docstring).
    low, high = wilson(share * n, n) or (None, None)
    return Score(label, n, answers, satisfied, share, low, high)


def score(
    responses: pd.DataFrame, codes: Iterable[str], period: Period | None = None, label: str = ""
) -> Score:
    """The index over these question codes (1–5 answers only), optionally within a period."""
    rows = _in_period(responses, period)
    return _score_grid(_answer_grid(rows, codes), label)


def by_factor(
    responses: pd.DataFrame,
    questions: pd.DataFrame | Iterable[Mapping[str, Any]],
    period: Period | None = None,
) -> list[Score]:
    """One score per SIPAS factor, in questionnaire order; a factor with no answers has n = 0.

    Each factor counts its own respondents: a person who skipped every question of the
    factor is not in its n.
    """
    rows = _in_period(responses, period)
    codes_by_factor: dict[str, list[str]] = {}
    for q in _question_rows(questions):
        if is_scale(q.get("qtype")):
            factor = _text(q.get("factor")) or ""
            codes_by_factor.setdefault(factor, []).append(str(q["code"]).strip())
    # Questions with no factor come last, under "" for the page to label.
    ordered = sorted(codes_by_factor, key=lambda f: f == "")
    return [_score_grid(_answer_grid(rows, codes_by_factor[f]), f) for f in ordered]


def by_question(
    responses: pd.DataFrame,
    questions: pd.DataFrame | Iterable[Mapping[str, Any]],
    period: Period | None = None,
) -> list[Score]:
    """One score per 1–5 question, weakest first (the points to improve); ties by code.

    Questions with no answers (no column, or nobody answered) come last.
    """
    rows = _in_period(responses, period)
    scores = [_score_grid(_answer_grid(rows, [code]), code) for code in scale_codes(questions)]
    return sorted(scores, key=lambda s: (s.share is None, s.share or 0.0, s.label))


def by_field(
    responses: pd.DataFrame, codes: Iterable[str], period: Period | None = None
) -> list[Score]:
    """One score per procedure field (Lĩnh vực) in Vietnamese order; blank fields as "", last."""
    rows = _in_period(responses, period)
    codes = list(codes)
    fields_ = rows["procedure_field"].map(lambda v: _text(v) or "")
    scores = [
        _score_grid(_answer_grid(rows[fields_ == name], codes), name)
        for name in sort_vietnamese(set(fields_) - {""})
    ]
    if (fields_ == "").any():
        scores.append(_score_grid(_answer_grid(rows[fields_ == ""], codes), ""))
    return scores


def scores_frame(scores: Sequence[Score]) -> pd.DataFrame:
    """Scores as a table for charts: label, n, answers, satisfied, share, low, high, small."""
    columns = [f.name for f in fields(Score)] + ["small"]
    return pd.DataFrame([{**asdict(s), "small": s.small} for s in scores], columns=columns)


# --- trend ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """The change of the index between two periods, in percentage points."""

    points: float  # current share − previous share, × 100
    low: float  # 95% interval of the difference, in points (Newcombe)
    high: float
    verdict: str  # "up", "down" or "within_noise"


def change(previous: Score, current: Score) -> Change | None:
    """The change from previous to current, and whether it is beyond the noise.

    Rule: Newcombe's hybrid score interval for a difference of two independent proportions
    (Newcombe 1998, method 10), built from the two Wilson intervals the page already shows,
    with respondents as n. The change is "up" or "down" when that 95% interval excludes 0,
    otherwise "within_noise". Unlike "the two intervals do not overlap" (which amounts to a
    much stricter test, about 99.5%) it is a true 95% rule; unlike the pooled z-test it stays
    sound at small n and at shares of 0 or 100%. None when either period has no answers.
    """
    if previous.share is None or current.share is None:
        return None
    p1, l1, u1 = previous.share, previous.low, previous.high
    p2, l2, u2 = current.share, current.low, current.high
    if None in (l1, u1, l2, u2):
        return None
    difference = p2 - p1
    low = difference - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = difference + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    verdict = "up" if low > 0 else "down" if high < 0 else "within_noise"
    return Change(100 * difference, 100 * low, 100 * high, verdict)


def quarter_label(year: int, quarter: int) -> str:
    """The plan's own notation for a quarter: "Quý I/2017"."""
    return f"Quý {ROMAN[quarter - 1]}/{year}"


QUARTERLY_COLUMNS = [
    "quarter",
    "label",
    "n",
    "answers",
    "satisfied",
    "share",
    "low",
    "high",
    "small",
    "change",
    "change_low",
    "change_high",
    "verdict",
]


def quarterly(responses: pd.DataFrame, codes: Iterable[str], year: int) -> pd.DataFrame:
    """The four quarters of a year: n, share, interval, small flag, and the change from the
    quarter before (Quý I is compared with Quý IV of the year before); empty quarters have
    n = 0 and no share."""
    codes = list(codes)
    previous = score(responses, codes, quarter_period(year - 1, 4))
    rows = []
    for quarter in (1, 2, 3, 4):
        current = score(responses, codes, quarter_period(year, quarter))
        delta = change(previous, current)
        rows.append(
            {
                "quarter": quarter,
                "label": quarter_label(year, quarter),
                "n": current.n,
                "answers": current.answers,
                "satisfied": current.satisfied,
                "share": current.share,
                "low": current.low,
                "high": current.high,
                "small": current.small,
                "change": delta.points if delta else None,
                "change_low": delta.low if delta else None,
                "change_high": delta.high if delta else None,
                "verdict": delta.verdict if delta else None,
            }
        )
        previous = current
    return pd.DataFrame(rows, columns=QUARTERLY_COLUMNS)


# --- response counts and pace ---------------------------------------------------------------


def counts_by_channel(
    responses: pd.DataFrame, period: Period, channels: Sequence[str] = ()
) -> pd.DataFrame:
    """Responses per channel in the period, most first; listed channels appear even at 0."""
    rows = _in_period(responses, period)
    counts = rows["channel"].map(lambda v: _text(v) or "").value_counts()
    table = {name: 0 for name in channels}
    table.update({str(k): int(v) for k, v in counts.items()})
    ordered = sorted(table.items(), key=lambda item: (-item[1], item[0]))
    return pd.DataFrame(ordered, columns=["channel", "count"]).astype({"count": "int64"})


def counts_by_week(responses: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Responses per ISO week (Monday–Sunday) overlapping the period, empty weeks at 0.

    The first and last weeks are cut at the period's ends (start, end, days say so), and
    count only the responses inside the period.
    """
    rows = _in_period(responses, period)
    days = pd.to_datetime(rows["submitted_at"], errors="coerce").dt.date
    monday = period.start - dt.timedelta(days=period.start.weekday())
    records = []
    while monday <= period.end:
        start = max(monday, period.start)
        end = min(monday + dt.timedelta(days=6), period.end)
        iso_year, week, _ = monday.isocalendar()
        records.append(
            {
                "iso_year": iso_year,
                "week": week,
                "start": start,
                "end": end,
                "days": (end - start).days + 1,
                "count": int(((days >= start) & (days <= end)).sum()),
            }
        )
        monday += dt.timedelta(days=7)
    columns = ["iso_year", "week", "start", "end", "days", "count"]
    return pd.DataFrame(records, columns=columns).astype({"count": "int64", "days": "int64"})


@dataclass(frozen=True)
class Pace:
    """Whether a period's responses are on pace to reach a target by its last day."""

    count: int
    target: int
    expected: int  # responses an even pace would have reached by as_of
    days_elapsed: int
    days_total: int
    finished: bool  # as_of is on or after the period's last day
    on_track: bool

    @property
    def remaining(self) -> int:
        """Responses still needed to reach the target."""
        return max(0, self.target - self.count)


def on_track(count: int, period: Period, as_of: dt.date, target: int = SMALL_SAMPLE) -> Pace:
    """Compare the count so far with an even pace towards the target over the period's days.

    Expected by as_of = floor(target × days elapsed / days in period), as_of counted; floor so
    that the first day of a quarter with no response yet is not already "behind". A finished
    period is on track only if it reached the target.
    """
    days_total = (period.end - period.start).days + 1
    days_elapsed = min(max((as_of - period.start).days + 1, 0), days_total)
    expected = target * days_elapsed // days_total
    finished = as_of >= period.end
    return Pace(
        count=count,
        target=target,
        expected=expected,
        days_elapsed=days_elapsed,
        days_total=days_total,
        finished=finished,
        on_track=count >= expected,
    )


# --- comments -------------------------------------------------------------------------------

COMMENT_COLUMNS = ["submitted_at", "channel", "procedure_field", "respondent_type", "comment"]


def comments(responses: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The period's free-text comments, newest first; the contact column is never read."""
    rows = _in_period(responses, period)
    text = rows["comment"].map(_text)
    kept = rows[text.notna()]
    # Only named, non-personal columns are copied: contact and consent stay behind.
    table = pd.DataFrame({c: kept[c] for c in COMMENT_COLUMNS if c in kept.columns})
    table["comment"] = text[text.notna()]
    table = table.reindex(columns=COMMENT_COLUMNS)
    return table.sort_values("submitted_at", ascending=False, kind="stable").reset_index(drop=True)


# --- reading imported values ----------------------------------------------------------------

# The five SIPAS levels (QĐ 2640/QĐ-BNV), folded, with the variants forms use for the middle
# level and the English labels of a form made from text_en.
_LEVELS: dict[str, int] = {
    "rat khong hai long": 1,
    "hoan toan khong hai long": 1,
    "khong hai long": 2,
    "binh thuong": 3,
    "trung binh": 3,
    "phan van": 3,
    "hai long": 4,
    "rat hai long": 5,
    "hoan toan hai long": 5,
    "very dissatisfied": 1,
    "dissatisfied": 2,
    "neutral": 3,
    "neither satisfied nor dissatisfied": 3,
    "satisfied": 4,
    "very satisfied": 5,
}
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _key(text: Any) -> str:
    """A matching key: folded, punctuation as spaces, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", fold(str(text))).split())


def _scale_number(text: str, raw: Any) -> int:
    """A number typed as an answer: a whole number from 1 to 5."""
    value = float(text.replace(",", "."))
    if not value.is_integer() or int(value) not in SCALE:
        raise AnswerError("survey_out_of_range", raw)
    return int(value)


def answer_value(raw: Any) -> int | None:
    """A 1–5 answer from a number or a level label ("Hài lòng", "rat hai long", "4 - Hài lòng").

    None for a blank cell; AnswerError (a ValueError) for anything else, naming the value.
    """
    if _is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise AnswerError("survey_not_an_answer", raw)
    if isinstance(raw, (int, float)) or hasattr(raw, "__index__"):
        number = float(raw)
        if not math.isfinite(number) or not number.is_integer() or int(number) not in SCALE:
            raise AnswerError("survey_out_of_range", raw)
        return int(number)
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if _NUMBER.fullmatch(text):
        return _scale_number(text, raw)
    key = _key(text)
    if key in _LEVELS:
        return _LEVELS[key]
    if key.isdigit():  # "4.", "(4)": a number with punctuation around it
        return _scale_number(key, raw)
    # A number with its label, either way round: "4 - Hài lòng", "Rất hài lòng (5)".
    match = re.fullmatch(r"(\d+) (.+)", key) or re.fullmatch(r"(.+) (\d+)", key)
    if match:
        number, label = match.groups()
        if not number.isdigit():
            number, label = label, number
        level = _LEVELS.get(label)
        if level is not None and number.isdigit() and int(number) == level:
            return level
    raise AnswerError("survey_not_an_answer", raw)


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_forms_timestamp(raw: Any, month_first: bool = False) -> dt.datetime:
    """A Google Forms timestamp as a datetime to the second.

    Forms writes into a Vietnamese-locale sheet as d/m/yyyy H:mm:ss ("15/04/2017 9:05:33");
    that is the default. A US-locale sheet writes M/d/yyyy H:mm:ss, which cannot be told
    apart for days 1–12, so it is read only with month_first=True (forms_rows decides it for
    the whole column). Also read: ISO "2017-04-15 09:05:33" (or with T), a date without a
    time (midnight), a datetime, and a sheet's serial number. Anything else: TimestampError.
    """
    if isinstance(raw, bool) or _is_blank(raw):
        raise TimestampError("survey_bad_timestamp", raw)
    if isinstance(raw, pd.Timestamp):  # before datetime: a Timestamp is one, with nanoseconds
        return _to_second(raw.to_pydatetime(warn=False))
    if isinstance(raw, dt.datetime):
        return _to_second(raw)
    if isinstance(raw, dt.date):
        return dt.datetime(raw.year, raw.month, raw.day)
    if isinstance(raw, (int, float)):
        if not 1 <= raw <= 2_958_465:  # 31/12/9999
            raise TimestampError("survey_bad_timestamp", raw)
        return _to_second(_SERIAL_EPOCH + dt.timedelta(days=float(raw)))
    text = str(raw).strip()
    match = _DMY.fullmatch(text)
    try:
        if match:
            first, second, year = (int(g) for g in match.group(1, 2, 3))
            day, month = (second, first) if month_first else (first, second)
            hour, minute, sec = (int(g or 0) for g in match.group(4, 5, 6))
            return dt.datetime(year, month, day, hour, minute, sec)
        match = _ISO.fullmatch(text)
        if match:
            year, month, day, hour, minute, sec = (int(g or 0) for g in match.groups())
            return dt.datetime(year, month, day, hour, minute, sec)
    except ValueError:
        pass  # day 31 of a 30-day month, month 13, hour 24 …
    raise TimestampError("survey_bad_timestamp", raw)


def _to_second(value: dt.datetime) -> dt.datetime:
    """To the nearest second, naive: as the store keeps datetimes."""
    value = value.replace(tzinfo=None)
    return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)


def _date_order(texts: Iterable[str]) -> tuple[bool | None, str, str]:
    """Whether d/m/yyyy texts are month-first: False, True, or None when they disagree.

    A first number above 12 proves day-first, a second one above 12 proves month-first; with
    no proof either way the Vietnamese order (day first) is assumed. Also returns one
    example of each order for the message.
    """
    day_first_example = month_first_example = ""
    for text in texts:
        match = _DMY.fullmatch(text.strip())
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second and not day_first_example:
            day_first_example = text
        elif second > 12 >= first and not month_first_example:
            month_first_example = text
    if day_first_example and month_first_example:
        return None, day_first_example, month_first_example
    return bool(month_first_example), day_first_example, month_first_example


# --- mapping a Forms tab --------------------------------------------------------------------

# Headers of the non-answer columns, folded: the tab's own labels, Google's, and common ones.
_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "submitted_at": (
        "Dấu thời gian",
        "Timestamp",
        "Thời gian",
        "Thời điểm gửi",
        "Ngày giờ",
        "Submitted at",
    ),
    "channel": ("Kênh", "Kênh khảo sát", "Channel"),
    "procedure_field": ("Lĩnh vực", "Lĩnh vực thủ tục", "Field", "Procedure field"),
    "respondent_type": ("Đối tượng", "Loại đối tượng", "Respondent type", "Respondent"),
    "comment": (
        "Ý kiến khác",
        "Ý kiến",
        "Góp ý",
        "Góp ý khác",
        "Comment",
        "Comments",
        "Other comments",
    ),
    # Personal: only the tab's own labels; an address Forms collected is not guessed.
    "contact": ("Liên hệ (nếu đồng ý)", "Liên hệ", "Contact"),
    "consent": ("Đồng ý liên hệ", "Consent"),
}
_FIELD_BY_LABEL = {_key(label): target for target, ls in _FIELD_LABELS.items() for label in ls}
# The default questionnaire's non-scale questions (sheets.demo.default_questionnaire).
_FIELD_BY_QUESTION_CODE = {
    "linh_vuc": "procedure_field",
    "doi_tuong": "respondent_type",
    "y_kien": "comment",
}


def _question_role(question: Mapping[str, Any]) -> str | None:
    """What a question's column holds: its code for a 1–5 question, else a record field."""
    code = str(question["code"]).strip()
    if is_scale(question.get("qtype")):
        return code
    if code.casefold() in _FIELD_BY_QUESTION_CODE:
        return _FIELD_BY_QUESTION_CODE[code.casefold()]
    if code in FIELD_TARGETS:
        return code
    text = _key(question.get("text_vi") or "")
    if "linh vuc" in text:
        return "procedure_field"
    if "ca nhan" in text and "doanh nghiep" in text:
        return "respondent_type"
    if fold(str(question.get("qtype") or "")) == "van ban":
        return "comment"
    return None


def match_questions(
    headers: Sequence[Any],
    questions: pd.DataFrame | Iterable[Mapping[str, Any]],
    remembered: Mapping[str, str | None] | None = None,
) -> dict[str, str | None]:
    """Map a Forms tab's headers to question codes or record fields (None: not read).

    In this order: (a) a remembered choice, matched on the exact or folded header (a
    remembered None means "skip this column" and is kept); (b) the question text, Vietnamese
    or English, folded; (c) the record fields' labels (Dấu thời gian/Timestamp, Lĩnh vực,
    Đối tượng, Ý kiến khác, Kênh …); (d) a code in brackets, "… [TC1]", or a row of a Forms
    grid whose label is a question text; (e) a header starting with a code, "TC1. …".
    Each code or field goes to one column only: remembered choices first, then the first
    header that guesses it.
    """
    rows = _question_rows(questions)
    targets = {str(q["code"]).strip() for q in rows if is_scale(q.get("qtype"))}
    targets |= set(FIELD_TARGETS)
    by_text: dict[str, str | None] = {}
    code_by_key: dict[str, str] = {}
    for q in rows:
        role = _question_role(q)
        for text in (q.get("text_vi"), q.get("text_en")):
            if _text(text):
                by_text.setdefault(_key(text), role)
        if is_scale(q.get("qtype")):
            code_by_key[str(q["code"]).strip().casefold()] = str(q["code"]).strip()
    remembered_by_key = {_key(h): c for h, c in (remembered or {}).items()}

    result: dict[str, str | None] = {}
    used: set[str] = set()
    pending: list[str] = []
    for raw_header in headers:
        header = "" if raw_header is None else str(raw_header)
        if header in result:
            continue
        result[header] = None
        if remembered and header in remembered:
            choice = remembered[header]
        elif _key(header) in remembered_by_key:
            choice = remembered_by_key[_key(header)]
        else:
            pending.append(header)
            continue
        if choice is None:
            continue  # a column the person chose to skip
        if choice in targets and choice not in used:
            result[header] = choice
            used.add(choice)
        else:
            pending.append(header)  # the question was removed since: guess again

    def guess(header: str) -> str | None:
        key = _key(header)
        if key in by_text:
            return by_text[key]
        if key in _FIELD_BY_LABEL:
            return _FIELD_BY_LABEL[key]
        for inside in re.findall(r"\[([^\]]+)\]|\(([^)]+)\)", header):
            label = _key(inside[0] or inside[1])
            if label.replace(" ", "_") in code_by_key:
                return code_by_key[label.replace(" ", "_")]
            if label in by_text:
                return by_text[label]
        start = re.match(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*[.:)\-–]", header) or re.match(
            r"\s*([A-Za-z]+[0-9][A-Za-z0-9_]*)\s", header
        )
        if start and start.group(1).casefold() in code_by_key:
            return code_by_key[start.group(1).casefold()]
        return None

    for header in pending:
        target = guess(header)
        if target is not None and target not in used:
            result[header] = target
            used.add(target)
    return result


# --- reading a Forms tab --------------------------------------------------------------------


def forms_rows(
    table: Sequence[Sequence[Any]],
    mapping: Mapping[str, str | None],
    channel: str = FORMS_CHANNEL,
    tab: str = "",
    questions: pd.DataFrame | Iterable[Mapping[str, Any]] | None = None,
) -> tuple[list[dict[str, Any]], list[SurveyProblem]]:
    """Phiếu khảo sát records from a Forms response grid (header row first), and the problems.

    A row with any problem is left out whole, with one problem per bad cell (rows numbered as
    in the sheet, header = row 1). A row with no 1–5 answer and no comment is a problem, not
    a record; fully empty rows are skipped. Records hold the fields and the mapped codes
    only, so they can go straight to the store; `channel` fills rows without a channel column.
    Given the questionnaire, a column mapped to a code that is not a 1–5 question (say, a
    remembered choice for a question since removed) is refused and not read.
    """
    if not table:
        return [], []
    headers = ["" if h is None else str(h) for h in table[0]]
    problems: list[SurveyProblem] = []
    known = set(scale_codes(questions)) if questions is not None else None
    index_by_target: dict[str, int] = {}
    for i, header in enumerate(headers):
        target = mapping.get(header)
        if target is None:
            continue
        if known is not None and target not in FIELD_TARGETS and target not in known:
            problems.append(
                SurveyProblem(tab, "survey_unknown_question", 1, header, _letter(i), target)
            )
            continue
        if target in index_by_target:
            problems.append(
                SurveyProblem(
                    tab, "survey_duplicate_column", 1, header, _letter(i), "", target, "warning"
                )
            )
            continue
        index_by_target[target] = i
    if "submitted_at" not in index_by_target:
        problems.append(SurveyProblem(tab, "survey_no_timestamp_column", 1))
        return [], problems
    time_index = index_by_target["submitted_at"]
    body = [list(row) for row in table[1:]]

    stamps = [r[time_index] for r in body if time_index < len(r) and isinstance(r[time_index], str)]
    month_first, day_first_example, month_first_example = _date_order(stamps)
    if month_first is None:
        problems.append(
            SurveyProblem(
                tab,
                "survey_mixed_date_order",
                None,
                headers[time_index],
                _letter(time_index),
                day_first_example,
                month_first_example,
            )
        )
        return [], problems

    records: list[dict[str, Any]] = []
    columns = _FormsColumns(tab, headers, index_by_target, month_first, channel)
    for offset, cells in enumerate(body):
        padded = cells + [None] * (len(headers) - len(cells))
        if all(_is_blank(c) for c in padded):
            continue
        record, row_problems = columns.read(padded, offset + 2)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    return records, problems


@dataclass(frozen=True)
class _FormsColumns:
    """Where each record field and code sits in a Forms tab, and how its dates are written."""

    tab: str
    headers: list[str]
    index_by_target: dict[str, int]
    month_first: bool
    channel: str

    def cell(self, cells: list[Any], target: str) -> Any:
        """The raw cell of a target, None when the tab has no such column."""
        i = self.index_by_target.get(target)
        return None if i is None else cells[i]

    def problem(self, kind: str, row: int, target: str, raw: Any) -> SurveyProblem:
        """A problem located at the target's cell."""
        i = self.index_by_target[target]
        return SurveyProblem(self.tab, kind, row, self.headers[i], _letter(i), _display(raw))

    def read(self, cells: list[Any], row: int) -> tuple[dict[str, Any] | None, list[SurveyProblem]]:
        """One row as a record, or None and its problems (one per bad cell)."""
        problems: list[SurveyProblem] = []
        codes = [t for t in self.index_by_target if t not in FIELD_TARGETS]
        record: dict[str, Any] = {}
        raw_time = self.cell(cells, "submitted_at")
        if _is_blank(raw_time):
            problems.append(self.problem("survey_missing_timestamp", row, "submitted_at", ""))
        else:
            try:
                record["submitted_at"] = parse_forms_timestamp(raw_time, self.month_first)
            except TimestampError as error:
                problems.append(self.problem(error.kind, row, "submitted_at", raw_time))
        record["channel"] = _text(self.cell(cells, "channel")) or self.channel
        for target in ("procedure_field", "respondent_type"):
            record[target] = _text(self.cell(cells, target))
        for code in codes:
            raw = self.cell(cells, code)
            try:
                record[code] = answer_value(raw)
            except AnswerError as error:
                problems.append(self.problem(error.kind, row, code, raw))
        record["comment"] = _text(self.cell(cells, "comment"))
        for target in ("contact", "consent"):
            if target in self.index_by_target:
                record[target] = _text(self.cell(cells, target))
        answered = any(not _is_blank(self.cell(cells, c)) for c in codes)
        if not answered and record["comment"] is None:
            problems.append(SurveyProblem(self.tab, "survey_all_blank", row))
        return (None if problems else record), problems


def _letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- duplicates and validation --------------------------------------------------------------


def _answers(record: Mapping[str, Any], codes: Iterable[str] | None) -> dict[str, Any]:
    """The record's non-blank answers: the given codes, or every non-field column."""
    keys = list(codes) if codes is not None else [k for k in record if k not in _NOT_ANSWERS]
    found: dict[str, Any] = {}
    for key in keys:
        value = record.get(key)
        if _is_blank(value):
            continue
        try:
            found[str(key)] = answer_value(value)
        except AnswerError:
            found[str(key)] = _text(value)
    return found


def response_key(record: Mapping[str, Any], codes: Iterable[str] | None = None) -> str:
    """A stable fingerprint of a response: time to the second, channel, answers, comment.

    Blank answers are left out, so a record with only the mapped codes matches the stored
    row with every code column. Field corrections made later (Lĩnh vực, Đối tượng) do not
    change the key, so a corrected row is still recognised on re-import. `codes` limits the
    answers to those columns; without it every column that is not a field is an answer.
    """
    raw_time = record.get("submitted_at")
    try:
        stamp = "" if _is_blank(raw_time) else parse_forms_timestamp(raw_time).isoformat()
    except TimestampError:
        stamp = str(raw_time)
    comment = _text(record.get("comment"))
    canonical = {
        "submitted_at": stamp,
        "channel": fold(_text(record.get("channel")) or ""),
        "answers": dict(sorted(_answers(record, codes).items())),
        "comment": " ".join(comment.split()) if comment else "",
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _existing_keys(existing: pd.DataFrame | None, codes: Iterable[str] | None) -> dict[str, Any]:
    """Key → sheet row (or index) of the stored responses."""
    if existing is None or existing.empty:
        return {}
    codes = list(codes) if codes is not None else None
    keys: dict[str, Any] = {}
    for index, row in zip(existing.index, existing.to_dict("records"), strict=True):
        where = row.get("_row")
        keys.setdefault(response_key(row, codes), index if _is_blank(where) else int(where))
    return keys


def new_only(
    records: Iterable[Mapping[str, Any]],
    existing: pd.DataFrame | None,
    codes: Iterable[str] | None = None,
) -> list[dict[str, Any]]:
    """The records not yet stored (nor repeated earlier in the batch), in their order.

    Pass the stored rows with archived ones included, so a row archived by hand is not
    brought back by the next import.
    """
    codes = list(codes) if codes is not None else None
    seen = set(_existing_keys(existing, codes))
    fresh: list[dict[str, Any]] = []
    for record in records:
        key = response_key(record, codes)
        if key in seen:
            continue
        seen.add(key)
        fresh.append(dict(record))
    return fresh


def duplicate_of(
    record: Mapping[str, Any], existing: pd.DataFrame | None, codes: Iterable[str] | None = None
) -> Any:
    """The sheet row of a stored response identical to this one (a double submission)."""
    return _existing_keys(existing, codes).get(response_key(record, codes))


def validate_response(
    record: Mapping[str, Any],
    questions: pd.DataFrame | Iterable[Mapping[str, Any]],
    existing: pd.DataFrame | None = None,
    tab: str = "Phiếu khảo sát",
) -> list[SurveyProblem]:
    """What stops a response from being saved: answers off the 1–5 scale, codes that are not
    1–5 questions, no answer at all, and (given the stored rows) a double submission."""
    known = set(scale_codes(questions))
    problems: list[SurveyProblem] = []
    answered = False
    for key, value in record.items():
        if key in _NOT_ANSWERS or _is_blank(value):
            continue
        if key not in known:
            problems.append(
                SurveyProblem(tab, "survey_unknown_question", None, str(key), None, str(key))
            )
            continue
        try:
            answer_value(value)
            answered = True
        except AnswerError as error:
            problems.append(SurveyProblem(tab, error.kind, None, str(key), None, _display(value)))
    if not answered and not problems and _text(record.get("comment")) is None:
        problems.append(SurveyProblem(tab, "survey_all_blank"))
    if existing is not None:
        row = duplicate_of(record, existing)
        if row is not None:
            problems.append(SurveyProblem(tab, "survey_duplicate", detail=str(row)))
    return problems
