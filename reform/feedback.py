"""Citizens' feedback: lookup codes, due dates, status and publishing rules, figures, limits.

The legal frame (DOMAIN.md, "Rules with their sources"):
- NĐ 20/2008/NĐ-CP, amended by NĐ 48/2013/NĐ-CP: a phản ánh comments on an administrative
  regulation, a kiến nghị adds a proposed solution; items outside the body's competence are
  forwarded to the competent body within 5 working days and the sender is told; the result
  of the handling is made public (website, media, or a letter to the sender).
- TT 11/2014/TT-BCT (Industry and Trade sector): the handling is reported within 5 working
  days, 3 for items received online, 10 for complex ones.
- Working days: reform.working_days (weekends and public holidays off; the day of receipt is
  not counted, Bộ luật Dân sự 2015 Điều 147.2).
Every number is a default of `DueRules`, which the UI turns into settings.

Records are mappings with the codes of the Phản ánh kiến nghị tab (sheets/schema.py FEEDBACK);
frames are the store's typed frames (dates as datetime64, archived rows left out). Problems
are returned as `Problem` values whose `key` a page looks up in the catalog as
"problem.<key>", with `params` for its placeholders.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import secrets
import statistics
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pandas as pd

from reform.locale import vietnamese_sort_key
from reform.metrics import wilson
from reform.working_days import DEFAULT_CALENDAR, WorkingCalendar

__all__ = [
    "ANSWERED",
    "CATEGORIES",
    "CHANNELS",
    "CLOSED",
    "CODE_ALPHABET",
    "DEFAULT_RULES",
    "FORWARDED",
    "IN_PROGRESS",
    "NEW",
    "NOT_HANDLED",
    "PERSONAL_FIELDS",
    "PUBLIC_FIELDS",
    "STATUSES",
    "DueRules",
    "LookupAnswer",
    "OnTimeShare",
    "Problem",
    "attention_by_unit",
    "attention_items",
    "check_record",
    "check_submission",
    "check_transition",
    "default_due",
    "due_for",
    "find_by_code",
    "handling_days",
    "is_well_formed",
    "lookup_code",
    "may_publish",
    "median_handling_days",
    "normalize_code",
    "on_time_share",
    "open_by_status_and_unit",
    "public_entries",
    "public_entry",
    "received_by_month",
    "status_for_lookup",
]

# The choices of the Phản ánh kiến nghị tab, as in sheets/schema.py (reform imports no storage;
# tests/test_feedback_domain.py checks that both agree).
CATEGORIES = ("Phản ánh", "Kiến nghị", "Vướng mắc", "Góp ý")
CHANNELS = (
    "Trực tiếp",
    "Điện thoại",
    "Email",
    "Văn bản/thư",
    "Trang web",
    "Hộp thư góp ý",
    "Đường dây nóng",
)
NEW = "Mới"
IN_PROGRESS = "Đang xử lý"
ANSWERED = "Đã trả lời"
FORWARDED = "Chuyển cơ quan có thẩm quyền"
NOT_HANDLED = "Không xử lý"
STATUSES = (NEW, IN_PROGRESS, ANSWERED, FORWARDED, NOT_HANDLED)
CLOSED = (ANSWERED, FORWARDED, NOT_HANDLED)
OPEN = (NEW, IN_PROGRESS)

# Senders' personal data: never on a public page nor in a lookup answer.
PERSONAL_FIELDS = ("sender_name", "sender_phone", "sender_email", "sender_address")
# What a public page may show of a published item (NĐ 20/2008: the result is made public);
# `content` is the public wording when the publisher wrote one.
PUBLIC_FIELDS = (
    "category",
    "procedure_field",
    "received_on",
    "content",
    "answer",
    "answered_on",
    "answer_doc_no",
)

# --- lookup codes ---------------------------------------------------------------------------

# No 0/O, 1/I/L: 31 symbols that read aloud and copy by hand without confusion (the demo
# data's codes use the same alphabet). 8 symbols drawn with `secrets` give 31**8 ≈ 8.5·10^11
# codes, 39.6 bits: with 10,000 items on file, a guess hits one with odds about 1 in 85
# million, so a code cannot be guessed through the lookup form.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_GROUP = 4  # shown and stored as "K7MA-4QX9"
_CODE_SEPARATORS = frozenset(" -_.\u2010\u2011\u2012\u2013\u2014\u2212\u00a0\t")
_CODE_SET = frozenset(CODE_ALPHABET)


def lookup_code() -> str:
    """A new unguessable lookup code, grouped for reading aloud: "K7MA-4QX9"."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{symbols[:CODE_GROUP]}-{symbols[CODE_GROUP:]}"


def normalize_code(text: object) -> str | None:
    """The canonical "XXXX-XXXX" form of a typed code, or None when it is not well formed."""
    if not isinstance(text, str):
        return None
    folded = unicodedata.normalize("NFKC", text).upper()
    symbols = "".join(ch for ch in folded if ch not in _CODE_SEPARATORS)
    if len(symbols) != CODE_LENGTH or not set(symbols) <= _CODE_SET:
        return None
    return f"{symbols[:CODE_GROUP]}-{symbols[CODE_GROUP:]}"


def is_well_formed(text: object) -> bool:
    """Whether a typed code could be a lookup code (case, spaces and dashes ignored)."""
    return normalize_code(text) is not None


def find_by_code(frame: pd.DataFrame, text: object) -> dict[str, Any] | None:
    """The item with this lookup code, or None for an unknown or ill-formed code alike."""
    code = normalize_code(text)
    if code is None or frame.empty or "code" not in frame.columns:
        return None
    matches = frame[frame["code"].map(normalize_code) == code]
    if "archived" in matches.columns:
        matches = matches[~matches["archived"].fillna(False).astype(bool)]
    if len(matches) != 1:  # none, or a clash staff must sort out: answer neutrally
        return None
    return matches.iloc[0].to_dict()


# --- values ---------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    """None, NaN, NaT, or text with nothing but spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NaT or value is pd.NA


def _day(value: object) -> dt.date | None:
    """A date from a date, datetime, Timestamp or ISO text; None when missing."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):  # Timestamp included
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        stamp = pd.Timestamp(str(value))
    except ValueError:
        return None
    return None if stamp is pd.NaT else stamp.date()


def _text(value: object) -> str | None:
    """Stripped NFC text, or None when blank."""
    if _blank(value):
        return None
    return unicodedata.normalize("NFC", str(value)).strip()


def _flag(value: object) -> bool:
    """A checkbox value: True, "Có", "x", 1 are ticked."""
    if _blank(value):
        return False
    if isinstance(value, str):
        return value.strip().casefold() in ("có", "co", "x", "true", "1", "yes")
    return bool(value)


# --- due dates ------------------------------------------------------------------------------

# TT 11/2014/TT-BCT: the handling is reported within 5 working days, 3 for online items,
# 10 for complex ones.
ANSWER_DAYS = 5
ONLINE_ANSWER_DAYS = 3
COMPLEX_ANSWER_DAYS = 10
# NĐ 20/2008/NĐ-CP (amended by NĐ 48/2013/NĐ-CP): an item outside the body's competence is
# forwarded to the competent body within 5 working days.
FORWARD_DAYS = 5
# The channels that count as "online" for TT 11/2014/TT-BCT.
ONLINE_CHANNELS = ("Email", "Trang web")


@dataclass(frozen=True)
class DueRules:
    """How many working days an item gets; each number is a setting with a legal default."""

    answer_days: int = ANSWER_DAYS
    online_answer_days: int = ONLINE_ANSWER_DAYS
    complex_answer_days: int = COMPLEX_ANSWER_DAYS
    forward_days: int = FORWARD_DAYS
    # Per category; a category not listed gets answer_days. All four default to it: neither
    # NĐ 20/2008 nor TT 11/2014 sets a different period for one of them.
    category_days: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(CATEGORIES, ANSWER_DAYS))
    )
    online_channels: tuple[str, ...] = ONLINE_CHANNELS
    calendar: WorkingCalendar = DEFAULT_CALENDAR

    def days_for(
        self,
        category: str | None,
        *,
        channel: str | None = None,
        complex_case: bool = False,
        forwarding: bool = False,
    ) -> int:
        """The period in working days: forwarding, else complex, else online, else category."""
        if forwarding:
            return self.forward_days
        if complex_case:
            return self.complex_answer_days
        if channel in self.online_channels:
            return self.online_answer_days
        return self.category_days.get(category or "", self.answer_days)


DEFAULT_RULES = DueRules()


def default_due(
    category: str | None,
    received_on: dt.date,
    rules: DueRules = DEFAULT_RULES,
    *,
    channel: str | None = None,
    complex_case: bool = False,
    forwarding: bool = False,
) -> dt.date:
    """The due date of an item, in working days after the day of receipt."""
    days = rules.days_for(
        category, channel=channel, complex_case=complex_case, forwarding=forwarding
    )
    start = _day(received_on)
    if start is None:
        raise ValueError("received_on is required to compute a due date")
    return rules.calendar.add_working_days(start, days)


def due_for(record: Mapping[str, Any], rules: DueRules = DEFAULT_RULES) -> dt.date | None:
    """The record's due date as set, else its default; None without a receipt date."""
    due = _day(record.get("due_date"))
    if due is not None:
        return due
    received = _day(record.get("received_on"))
    if received is None:
        return None
    return default_due(record.get("category"), received, rules, channel=record.get("channel"))


# --- statuses, publishing -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Something a person must fix: a catalog key ("problem.<key>"), its field, parameters."""

    key: str
    field: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    severity: str = "error"  # "error" blocks the write; "warning" is shown and let through

    @property
    def is_error(self) -> bool:
        """Whether the problem blocks the write."""
        return self.severity == "error"


# Which status may follow which. A closed item may be reopened (Đang xử lý) to correct it;
# nothing goes back to Mới, which means "not looked at yet".
ALLOWED_MOVES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        NEW: frozenset(STATUSES),
        IN_PROGRESS: frozenset({IN_PROGRESS, ANSWERED, FORWARDED, NOT_HANDLED}),
        ANSWERED: frozenset({ANSWERED, IN_PROGRESS}),
        FORWARDED: frozenset({FORWARDED, IN_PROGRESS}),
        NOT_HANDLED: frozenset({NOT_HANDLED, IN_PROGRESS}),
    }
)


def may_publish(record: Mapping[str, Any]) -> bool:
    """Whether the item may be made public: it is answered and the answer is written."""
    # NĐ 20/2008: what is made public is the result of the handling, so only an answer.
    return record.get("status") == ANSWERED and _text(record.get("answer")) is not None


def check_record(record: Mapping[str, Any], rules: DueRules = DEFAULT_RULES) -> list[Problem]:
    """What the record's status requires and it lacks, and a publish switch without an answer."""
    problems: list[Problem] = []
    status = record.get("status")
    if status not in STATUSES:
        return [Problem("feedback_unknown_status", "status", {"value": status})]
    received = _day(record.get("received_on"))
    answered_on = _day(record.get("answered_on"))
    if status == IN_PROGRESS and _text(record.get("assigned_unit")) is None:
        problems.append(Problem("feedback_unit_required", "assigned_unit", severity="warning"))
    if status == ANSWERED:
        if _text(record.get("answer")) is None:
            problems.append(Problem("feedback_answer_required", "answer"))
        if answered_on is None:
            problems.append(Problem("feedback_answered_on_required", "answered_on"))
    if status == FORWARDED:
        # NĐ 20/2008 (amended by NĐ 48/2013): forwarded to the competent body within 5
        # working days, and the sender is told where: the notice goes in `answer`, the day
        # it was sent in `answered_on`, the letter's number in `answer_doc_no`.
        if _text(record.get("answer")) is None:
            problems.append(Problem("feedback_forward_notice_required", "answer"))
        if answered_on is None:
            problems.append(Problem("feedback_forward_date_required", "answered_on"))
        elif received is not None:
            limit = default_due(record.get("category"), received, rules, forwarding=True)
            if answered_on > limit:
                problems.append(
                    Problem(
                        "feedback_forward_late",
                        "answered_on",
                        {"due": limit, "days": rules.forward_days},
                        severity="warning",
                    )
                )
    if status == NOT_HANDLED and _text(record.get("reason")) is None:
        # A refusal is a handling result too (NĐ 20/2008): the sender is told why.
        problems.append(Problem("feedback_reason_required", "reason"))
    if answered_on is not None and received is not None and answered_on < received:
        problems.append(Problem("feedback_answered_before_received", "answered_on"))
    if _flag(record.get("published")) and not may_publish(record):
        problems.append(Problem("feedback_publish_needs_answer", "published"))
    return problems


def check_transition(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    rules: DueRules = DEFAULT_RULES,
) -> list[Problem]:
    """Problems with saving `new` over `old` (None for a new item): the move, then the record."""
    problems: list[Problem] = []
    before = old.get("status") if old is not None else None
    after = new.get("status")
    if before in ALLOWED_MOVES and after in STATUSES and after not in ALLOWED_MOVES[before]:
        problems.append(Problem("feedback_status_move", "status", {"old": before, "new": after}))
    return problems + check_record(new, rules)


def public_entry(record: Mapping[str, Any]) -> dict[str, Any]:
    """Only what a public page may show: no sender's data, no assignee, no internal reason."""
    wording = _text(record.get("public_content")) or _text(record.get("content"))
    entry: dict[str, Any] = {
        "category": _text(record.get("category")),
        "procedure_field": _text(record.get("procedure_field")),
        "received_on": _day(record.get("received_on")),
        "content": wording,
        "answer": _text(record.get("answer")),
        "answered_on": _day(record.get("answered_on")),
        "answer_doc_no": _text(record.get("answer_doc_no")),
    }
    return entry


def public_entries(frame: pd.DataFrame) -> pd.DataFrame:
    """The published items that may be public, newest answer first, public fields only."""
    rows = [
        public_entry(record)
        for record in frame.to_dict("records")
        if _flag(record.get("published")) and may_publish(record)
    ]
    entries = pd.DataFrame(rows, columns=list(PUBLIC_FIELDS))
    if entries.empty:
        return entries
    order = entries["answered_on"].map(lambda d: d or dt.date.min)
    return entries.loc[order.sort_values(ascending=False, kind="stable").index].reset_index(
        drop=True
    )


@dataclass(frozen=True)
class LookupAnswer:
    """What the sender sees for a lookup code; the same neutral answer when none matches."""

    found: bool
    status: str | None = None
    received_on: dt.date | None = None
    due_date: dt.date | None = None
    answer: str | None = None  # only once published
    answered_on: dt.date | None = None  # only once published
    answer_doc_no: str | None = None  # only once published


NOT_FOUND = LookupAnswer(found=False)


def status_for_lookup(
    record: Mapping[str, Any] | None, rules: DueRules = DEFAULT_RULES
) -> LookupAnswer:
    """The status of a looked-up item, with its answer only once it is published."""
    if record is None:
        return NOT_FOUND
    published = _flag(record.get("published")) and may_publish(record)
    return LookupAnswer(
        found=True,
        status=record.get("status") if record.get("status") in STATUSES else None,
        received_on=_day(record.get("received_on")),
        due_date=due_for(record, rules) if record.get("status") in OPEN else None,
        answer=_text(record.get("answer")) if published else None,
        answered_on=_day(record.get("answered_on")) if published else None,
        answer_doc_no=_text(record.get("answer_doc_no")) if published else None,
    )


# --- input limits ---------------------------------------------------------------------------


def check_submission(record: Mapping[str, Any], max_length: int) -> list[Problem]:
    """What stops a submission: empty content, content over max_length, an unknown choice."""
    problems: list[Problem] = []
    content = _text(record.get("content"))
    if content is None:
        problems.append(Problem("feedback_content_empty", "content"))
    elif len(content) > max_length:
        problems.append(
            Problem(
                "feedback_content_too_long",
                "content",
                {"limit": max_length, "length": len(content)},
            )
        )
    category = record.get("category")
    if category not in CATEGORIES:
        problems.append(Problem("feedback_unknown_category", "category", {"value": category}))
    channel = record.get("channel")
    if not _blank(channel) and channel not in CHANNELS:
        problems.append(Problem("feedback_unknown_channel", "channel", {"value": channel}))
    return problems


# --- figures --------------------------------------------------------------------------------


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as datetime64, NaT where missing or unreadable."""
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[column], errors="coerce")


def _statuses(frame: pd.DataFrame) -> pd.Series:
    """The status column, empty where missing."""
    if "status" not in frame.columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame["status"].fillna("")


def received_by_month(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Items received per month of the year: month, dimension, value, count (zeros included)."""
    # dimension is "category" or "channel"; every known value has its 12 months, values found
    # outside the lists are added after them, and a missing value is "".
    received = _dates(frame, "received_on")
    rows = frame[(received.dt.year == year).fillna(False).astype(bool)]
    months = received[rows.index].dt.month
    parts = []
    for dimension, known in (("category", CATEGORIES), ("channel", CHANNELS)):
        values = (
            rows[dimension].fillna("").astype(str)
            if dimension in rows.columns
            else pd.Series("", index=rows.index, dtype=object)
        )
        counts = pd.crosstab(months, values) if len(rows) else pd.DataFrame()
        extra = [v for v in counts.columns if v not in known]
        columns = [*known, *sorted(extra, key=vietnamese_sort_key)]
        grid = counts.reindex(index=range(1, 13), columns=columns, fill_value=0)
        long = (
            grid.rename_axis(index="month", columns="value")
            .stack(future_stack=True)
            .rename("count")
        )
        long = long.reset_index().assign(dimension=dimension)
        parts.append(long)
    result = pd.concat(parts, ignore_index=True)
    result["count"] = result["count"].fillna(0).astype("int64")
    result["month"] = result["month"].astype("int64")
    return result[["month", "dimension", "value", "count"]]


def _unit_order(units: list[object]) -> list[object]:
    """Units in Vietnamese order, the unassigned (None) last."""
    named = sorted({u for u in units if isinstance(u, str)}, key=vietnamese_sort_key)
    return [*named, None] if any(not isinstance(u, str) for u in units) else named


def _units(frame: pd.DataFrame) -> pd.Series:
    """The assigned unit of each row, None when unassigned."""
    if "assigned_unit" not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=object)
    return frame["assigned_unit"].map(_text).astype(object)


def open_by_status_and_unit(frame: pd.DataFrame) -> pd.DataFrame:
    """Open items counted by unit and status: unit (None = unassigned), status, count."""
    status = _statuses(frame)
    is_open = status.isin(OPEN)
    rows = pd.DataFrame({"unit": _units(frame)[is_open], "status": status[is_open]})
    counts = rows.groupby(["unit", "status"], dropna=False).size().rename("count").reset_index()
    counts["unit"] = counts["unit"].astype(object).where(counts["unit"].notna(), None)
    unit_rank = {u: i for i, u in enumerate(_unit_order(counts["unit"].tolist()))}
    counts = counts.assign(
        _u=counts["unit"].map(lambda u: unit_rank[u]),
        _s=counts["status"].map(STATUSES.index),
    ).sort_values(["_u", "_s"])
    counts["count"] = counts["count"].astype("int64")
    return counts.drop(columns=["_u", "_s"]).reset_index(drop=True)


def handling_days(frame: pd.DataFrame, rules: DueRules = DEFAULT_RULES) -> pd.Series:
    """Working days from receipt to answer of each answered item (same day = 0)."""
    received = _dates(frame, "received_on")
    answered = _dates(frame, "answered_on")
    done = (_statuses(frame) == ANSWERED) & received.notna() & answered.notna()
    days = [
        rules.calendar.working_days_between(r.date(), a.date())
        for r, a in zip(received[done], answered[done], strict=True)
    ]
    return pd.Series(days, index=frame.index[done], dtype="int64", name="handling_days")


def median_handling_days(frame: pd.DataFrame, rules: DueRules = DEFAULT_RULES) -> float | None:
    """The median handling time in working days of the answered items; None when none."""
    days = handling_days(frame, rules)
    return float(statistics.median(days.tolist())) if len(days) else None


@dataclass(frozen=True)
class OnTimeShare:
    """Answered on time among the items whose outcome is known at as_of."""

    year: int
    as_of: dt.date
    n: int  # answered by as_of, plus still unanswered past their due date
    on_time: int
    late_answered: int
    late_open: int
    share: float | None
    interval: tuple[float, float] | None  # Wilson 95%


def on_time_share(
    frame: pd.DataFrame, year: int, as_of: dt.date, rules: DueRules = DEFAULT_RULES
) -> OnTimeShare:
    """The share of the year's items answered by their due date, with n and Wilson's interval."""
    # Judged: items received in the year up to as_of and answered by as_of (on time when on or
    # before the due date), and items unanswered at as_of whose due date has passed (late).
    # Items not yet due, forwarded or not handled are left out. A missing due date is the
    # default one (DueRules).
    on_time = late_answered = late_open = 0
    for record in frame.to_dict("records"):
        received = _day(record.get("received_on"))
        if received is None or received.year != year or received > as_of:
            continue
        status = record.get("status")
        if status in (FORWARDED, NOT_HANDLED):
            continue
        due = due_for(record, rules)
        answered_on = _day(record.get("answered_on"))
        if status == ANSWERED and answered_on is not None and answered_on <= as_of:
            if due is None or answered_on <= due:
                on_time += 1
            else:
                late_answered += 1
        elif due is not None and due < as_of:
            late_open += 1
    n = on_time + late_answered + late_open
    return OnTimeShare(
        year=year,
        as_of=as_of,
        n=n,
        on_time=on_time,
        late_answered=late_answered,
        late_open=late_open,
        share=on_time / n if n else None,
        interval=wilson(on_time, n),
    )


ATTENTION_STATES = ("overdue", "due_soon")


def attention_items(
    frame: pd.DataFrame,
    as_of: dt.date,
    horizon_days: int,
    rules: DueRules = DEFAULT_RULES,
) -> pd.DataFrame:
    """Open items overdue or due within horizon_days working days, most overdue first."""
    # Adds to the frame's own columns: due (the default when unset), state ("overdue" when due
    # before as_of, else "due_soon") and working_days_left (negative: working days late).
    # Overdue means due before as_of, as in reform.overview.feedback_state.
    limit = rules.calendar.add_working_days(as_of, horizon_days)
    picked, dues, states, left = [], [], [], []
    is_open = _statuses(frame).isin(OPEN)
    for index, record in zip(frame.index, frame.to_dict("records"), strict=True):
        if not is_open[index]:
            continue
        due = due_for(record, rules)
        if due is None or due > limit:
            continue
        picked.append(index)
        dues.append(due)
        states.append("overdue" if due < as_of else "due_soon")
        left.append(rules.calendar.working_days_between(as_of, due))
    items = frame.loc[picked].assign(
        due=pd.Series(dues, index=picked, dtype=object),
        state=pd.Series(states, index=picked, dtype=object),
        working_days_left=pd.Series(left, index=picked, dtype="int64"),
    )
    return items.sort_values(["working_days_left", "due"], kind="stable").reset_index(drop=True)


def attention_by_unit(
    frame: pd.DataFrame,
    as_of: dt.date,
    horizon_days: int,
    rules: DueRules = DEFAULT_RULES,
) -> pd.DataFrame:
    """Per assigned unit: overdue, due_soon and most_overdue_days, the most overdue first."""
    items = attention_items(frame, as_of, horizon_days, rules)
    columns = ["unit", "overdue", "due_soon", "most_overdue_days"]
    if items.empty:
        return pd.DataFrame(columns=columns).astype(
            {"overdue": "int64", "due_soon": "int64", "most_overdue_days": "int64"}
        )
    units = _units(items)
    rows = []
    for unit in _unit_order(units.tolist()):
        mine = items[units.map(lambda u, unit=unit: u == unit)]
        late = mine[mine["state"] == "overdue"]
        rows.append(
            {
                "unit": unit,
                "overdue": len(late),
                "due_soon": int((mine["state"] == "due_soon").sum()),
                "most_overdue_days": int(max(0, -late["working_days_left"].min()))
                if len(late)
                else 0,
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(
        ["most_overdue_days", "overdue", "due_soon"], ascending=False, kind="stable"
    )
    return table.astype(
        {"overdue": "int64", "due_soon": "int64", "most_overdue_days": "int64"}
    ).reset_index(drop=True)
