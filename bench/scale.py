"""Performance at scale: the embedded store and the overview's figures on a large workbook.

    python bench/scale.py                              # 100,000 responses, 20,000 feedback,
                                                       # 50,000 dossier rows, 1,000 tasks
    python bench/scale.py --responses 2000 --feedback 500 --dossiers 600 --tasks 50
    python bench/scale.py --db /tmp/scale.db           # keep the store (reused if filled)
    python bench/scale.py --no-pages                   # skip the AppTest runs

Generates a synthetic workbook of valid rows (seeded, years 2022 to this year, every channel,
category, field and unit) into a fresh embedded store, then prints, for each step: the rows
involved, wall-clock seconds (time.perf_counter; best of 3 for the cheap figures) and peak
traced Python memory in MiB (tracemalloc, measured in a separate run so that tracing does not
slow the timed runs). Then one AppTest run of the overview page and of the Khảo sát page
against that store. Rows are written straight through LocalBackend.append_rows in batches
(Store.append validates every cell; its cost per 1,000 rows is measured and printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reform import dossiers as ds  # noqa: E402
from reform import feedback as fb  # noqa: E402
from reform import metrics  # noqa: E402
from reform import overview as ov  # noqa: E402
from reform import surveys as sv  # noqa: E402
from reform import tasks as rt  # noqa: E402
from sheets import schema as sc  # noqa: E402
from sheets.demo import default_questionnaire  # noqa: E402
from sheets.local import LocalBackend  # noqa: E402
from sheets.store import Store, Workbook  # noqa: E402

APP = ROOT / "app.py"
BATCH = 10_000  # rows per append_rows call (one transaction each)
FIRST_YEAR = 2022

UNITS = (
    "Ban lãnh đạo Sở",
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Kế hoạch – Tài chính",
    "Phòng Quản lý công nghiệp",
    "Phòng Quản lý thương mại",
    "Phòng Quản lý năng lượng",
    "Phòng Kỹ thuật an toàn – Môi trường",
    "Trung tâm Khuyến công",
    "Chi cục Quản lý thị trường",
)
FIELDS = (
    "An toàn thực phẩm",
    "Công nghiệp – Khoa học công nghệ",
    "Hóa chất",
    "Thương mại",
    "Điện lực",
    "Xúc tiến thương mại",
    "Kinh doanh khí",
    "Vật liệu nổ công nghiệp",
    "Lưu thông hàng hóa",
    "Xuất nhập khẩu",
    "Công nghiệp địa phương",
    "Đầu tư, xây dựng",
)
# Answers 1–5: mostly satisfied, a thin tail of unhappy respondents.
ANSWER_WEIGHTS = (0.03, 0.06, 0.16, 0.44, 0.31)
CHANNEL_WEIGHTS = (0.45, 0.25, 0.18, 0.04, 0.08)
DEADLINES = (
    "Thường xuyên",
    "Hằng tháng",
    "Hằng quý",
    "Trong Quý I/{y}",
    "Trong Quý III/{y}",
    "Trước ngày 15/4/{y}",
    "Trong Tháng 5/{y}",
    "Tháng 12/{y}",
    "Năm {y}",
)
COMMENTS = (
    "Thủ tục nhanh gọn, cán bộ nhiệt tình.",
    "Thời gian chờ còn lâu, đề nghị bố trí thêm quầy.",
    "Hướng dẫn nộp hồ sơ trực tuyến chưa rõ ràng.",
    "Rất hài lòng với thái độ phục vụ.",
    "Đề nghị niêm yết phí, lệ phí rõ hơn.",
)


# --- generation -----------------------------------------------------------------------------


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _cells(schema: sc.TabSchema, record: dict[str, Any], n: int) -> list[Any]:
    record = {"id": f"b{schema.key[:3]}{n:07d}", "version": 1, **record}
    return [record.get(f.code) for f in schema.fields]


def gen_plans(years: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "number": f"{100 + i}/KH-SCT",
            "issued_on": dt.date(y, 1, 10),
            "year": y,
            "title": f"Kế hoạch cải cách hành chính năm {y}",
            "agency": "Sở Công Thương",
        }
        for i, y in enumerate(years)
    ]


def gen_tasks(rng: random.Random, count: int, years: list[int], today: dt.date) -> list[dict]:
    out, numbers = [], dict.fromkeys(years, 0)
    for i in range(count):
        year = years[i % len(years)]
        numbers[year] += 1
        section = sc.TASKS.field("section").choices[rng.randrange(4)]
        text = rng.choice(DEADLINES).format(y=year)
        due = dt.date(year, rng.randrange(1, 13), 28) if rng.random() < 0.4 else None
        past = dt.date(year, 12, 31) < today
        status = rng.choices(
            sc.TASK_STATUSES, (0.1, 0.25, 0.6, 0.05) if past else (0.3, 0.4, 0.25, 0.05)
        )[0]
        done = status == "Hoàn thành"
        marks = (
            "; ".join(f"Quý {r}/{year}" for r in ("I", "II")[: rng.randrange(3)])
            if "quý" in text.lower()
            else None
        )
        out.append(
            {
                "plan_number": f"{100 + years.index(year)}/KH-SCT",
                "year": year,
                "section": section,
                "number": numbers[year],
                "content": f"Nhiệm vụ cải cách hành chính số {numbers[year]} năm {year}",
                "deadline_text": text,
                "due_date": due,
                "lead_unit": rng.choice(UNITS),
                "support_units": rng.choice(UNITS) if rng.random() < 0.5 else None,
                "status": status,
                "progress": 100 if done else rng.randrange(0, 100, 10),
                "completed_on": min(_day(rng, dt.date(year, 2, 1), dt.date(year, 12, 31)), today)
                if done
                else None,
                "periods_done": marks or None,
            }
        )
    return out


def gen_activities(rng: random.Random, tasks: list[dict], today: dt.date) -> list[dict]:
    out = []
    for n in range(len(tasks) * 3):
        task = tasks[n % len(tasks)]
        year = task["year"]
        out.append(
            {
                "date": _day(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)),
                "type": rng.choice(sc.ACTIVITY_TYPES),
                "title": f"Hoạt động {n} cho nhiệm vụ {task['section']}.{task['number']}",
                "task_ref": f"{task['section']}.{task['number']}",
                "unit": task["lead_unit"],
                "quantity": rng.randrange(1, 500),
            }
        )
    return out


def gen_responses(rng: random.Random, count: int, start: dt.date, end: dt.date) -> Iterator[dict]:
    span = (end - start).days
    codes = sc.DEFAULT_QUESTION_CODES
    for _ in range(count):
        day = start + dt.timedelta(days=rng.randrange(span + 1))
        if day.weekday() >= 5:  # the desk is closed at weekends: move to Friday
            day -= dt.timedelta(days=day.weekday() - 4)
        at = dt.datetime(day.year, day.month, day.day, rng.randrange(7, 17), rng.randrange(60))
        # A respondent's answers move together: pick a mood, then answer around it.
        mood = rng.choices((1, 2, 3, 4, 5), ANSWER_WEIGHTS)[0]
        record: dict[str, Any] = {
            "submitted_at": at,
            "channel": rng.choices(sc.SURVEY_CHANNELS, CHANNEL_WEIGHTS)[0],
            "procedure_field": rng.choice(FIELDS),
            "respondent_type": rng.choices(sc.RESPONDENT_TYPES, (0.7, 0.3))[0],
        }
        for code in codes:
            if rng.random() < 0.04:
                continue  # skipped question
            record[code] = min(5, max(1, mood + rng.choice((-1, 0, 0, 0, 1))))
        if rng.random() < 0.08:
            record["comment"] = rng.choice(COMMENTS)
            if rng.random() < 0.3:
                record["contact"], record["consent"] = "0912345678", True
        yield record


def gen_feedback(rng: random.Random, count: int, start: dt.date, today: dt.date) -> Iterator[dict]:
    for n in range(count):
        received = _day(rng, start, today)
        due = received + dt.timedelta(days=14)
        age = (today - received).days
        if age > 60:
            status = rng.choices(sc.FEEDBACK_STATUSES, (0.01, 0.03, 0.86, 0.06, 0.04))[0]
        else:
            status = rng.choices(sc.FEEDBACK_STATUSES, (0.3, 0.4, 0.25, 0.03, 0.02))[0]
        answered = status == "Đã trả lời"
        answered_on = (
            min(received + dt.timedelta(days=rng.randrange(1, 25)), today) if answered else None
        )
        yield {
            "code": None,
            "received_on": received,
            "category": rng.choice(sc.FEEDBACK_CATEGORIES),
            "channel": rng.choice(sc.FEEDBACK_CHANNELS),
            "subject": f"Phản ánh số {n}",
            "content": f"Nội dung phản ánh, kiến nghị số {n} về thủ tục hành chính.",
            "procedure_field": rng.choice(FIELDS),
            "sender_name": "Nguyễn Văn A" if rng.random() < 0.6 else None,
            "assigned_unit": rng.choice(UNITS) if status != "Mới" else None,
            "status": status,
            "due_date": due,
            "answer": "Đã trả lời bằng văn bản." if answered else None,
            "answered_on": answered_on,
            "reason": "Không thuộc thẩm quyền." if status == "Không xử lý" else None,
        }


def gen_dossiers(rng: random.Random, count: int, today: dt.date) -> Iterator[dict]:
    """Months from January FIRST_YEAR to last month, as many fields per month as the count
    asks (the named fields first, then numbered ones), numbers that balance and carry over."""
    months = [
        (y, m)
        for y in range(FIRST_YEAR, today.year + 1)
        for m in range(1, 13)
        if (y, m) < (today.year, today.month)
    ]
    per_month = -(-count // len(months))
    names = [
        FIELDS[i] if i < len(FIELDS) else f"{FIELDS[i % len(FIELDS)]} {i // len(FIELDS) + 1}"
        for i in range(per_month)
    ]
    pending = {name: (rng.randrange(20), rng.randrange(3)) for name in names}
    made = 0
    for year, month in months:
        for name in names:
            if made == count:
                return
            within, overdue = pending[name]
            carried = within + overdue
            online, direct, post = rng.randrange(80), rng.randrange(60), rng.randrange(10)
            received = carried + online + direct + post
            late = rng.randrange(3)
            left_within, left_overdue = rng.randrange(20), rng.randrange(3)
            resolved = max(0, received - left_within - left_overdue)
            left_within = received - resolved - left_overdue
            if left_within < 0:
                left_within, left_overdue = 0, received - resolved
            late = min(late, resolved)
            early = rng.randrange(resolved - late + 1)
            on_time = resolved - late - early
            pending[name] = (left_within, left_overdue)
            made += 1
            yield {
                "year": year,
                "month": month,
                "procedure_field": name,
                "carried_over": carried,
                "new_online": online,
                "new_direct": direct,
                "new_post": post,
                "resolved_early": early,
                "resolved_on_time": on_time,
                "resolved_late": late,
                "pending_within": left_within,
                "pending_overdue": left_overdue,
                # Now and then a month short of apology letters, for the checks to find.
                "apology_letters": max(0, late + left_overdue - (rng.random() < 0.02)),
                "online_level3": 40,
                "online_level4": 25 + (year - FIRST_YEAR) * 5,
            }


@dataclass
class Generated:
    path: Path
    rows: dict[str, int]
    seconds: float
    store_append_per_1000: float | None


def _write(backend: LocalBackend, schema: sc.TabSchema, records: Any) -> int:
    batch: list[list[Any]] = []
    n = 0
    for record in records:
        batch.append(_cells(schema, record, n))
        n += 1
        if len(batch) == BATCH:
            backend.append_rows(schema.name, batch)
            batch = []
    backend.append_rows(schema.name, batch)
    return n


def time_store_append(rng: random.Random, today: dt.date) -> float:
    """Seconds for Store.append of 1,000 survey responses (validated, audited) in a new store."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(LocalBackend(f"sqlite:///{tmp}/append.db"))
        store.init()
        store.append("survey_questions", default_questionnaire(), actor="bench", audit=False)
        records = list(gen_responses(rng, 1_000, dt.date(today.year, 1, 1), today))
        started = time.perf_counter()
        store.append("survey_responses", records, actor="bench")
        seconds = time.perf_counter() - started
        store.backend.engine.dispose()
    return seconds


def generate(
    path: Path,
    responses: int,
    feedback: int,
    dossiers: int,
    tasks: int,
    today: dt.date,
    seed: int = 8,
    time_append: bool = True,
) -> Generated:
    """A new embedded store at `path` filled with synthetic valid rows."""
    rng = random.Random(seed)
    started = time.perf_counter()
    backend = LocalBackend(f"sqlite:///{path}")
    Store(backend).init()
    years = list(range(FIRST_YEAR, today.year + 1))
    start = dt.date(FIRST_YEAR, 1, 1)
    task_records = gen_tasks(rng, tasks, years, today)
    rows = {
        "plans": _write(backend, sc.PLANS, gen_plans(years)),
        "units": _write(backend, sc.UNITS, ({"name": u, "active": True} for u in UNITS)),
        "survey_questions": _write(backend, sc.SURVEY_QUESTIONS, default_questionnaire()),
        "tasks": _write(backend, sc.TASKS, task_records),
        "activities": _write(backend, sc.ACTIVITIES, gen_activities(rng, task_records, today)),
        "survey_responses": _write(
            backend,
            sc.SURVEY_RESPONSES,
            gen_responses(rng, responses, start, today - dt.timedelta(days=1)),
        ),
        "feedback": _write(backend, sc.FEEDBACK, gen_feedback(rng, feedback, start, today)),
        "dossiers": _write(backend, sc.DOSSIERS, gen_dossiers(rng, dossiers, today)),
    }
    seconds = time.perf_counter() - started
    backend.engine.dispose()
    per_1000 = time_store_append(rng, today) if time_append else None
    return Generated(path, rows, seconds, per_1000)


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Figure:
    what: str
    rows: int
    seconds: float
    peak_mib: float | None
    result: Any = None
    error: str | None = None


def measure(what: str, rows: int, action: Callable[[], Any], repeat: int = 3) -> Figure:
    """Best wall-clock of `repeat` plain runs, then one traced run for the peak memory."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    try:
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return Figure(what, rows, best, peak / 2**20, result)


def measure_load(store: Store, repeat: int = 3) -> tuple[Figure, Workbook]:
    figure = measure(
        "Store.load(force=True): read + parse every tab",
        0,
        lambda: store.load(force=True),
        repeat,
    )
    book: Workbook = figure.result
    figure.rows = sum(t.row_count for t in book.tabs.values())
    return figure, book


def measure_figures(book: Workbook, today: dt.date, repeat: int = 3) -> list[Figure]:
    """Every overview figure, then the heavier figures of the plan, survey, feedback and
    one-stop pages, for the newest plan year (as the overview opens)."""
    tasks, activities = book.frame("tasks"), book.frame("activities")
    responses, questions = book.frame("survey_responses"), book.frame("survey_questions")
    feedback, dossiers = book.frame("feedback"), book.frame("dossiers")
    year = metrics.plan_years(tasks, book.frame("plans"))[0]
    as_of = metrics.as_of_for_year(year, today)
    quarter = metrics.last_complete_quarter(year, as_of) or 1
    period = metrics.quarter_period(year, quarter)
    codes = sv.scale_codes(questions) or list(sc.DEFAULT_QUESTION_CODES)
    year_tasks = int((tasks["year"] == year).sum())
    received = pd_year(feedback["received_on"], year)
    year_items = feedback[received]
    year_dossiers = int((dossiers["year"] == year).sum())
    n_r, n_f, n_d = len(responses), len(feedback), len(dossiers)
    q = sv.quarter_label(year, quarter)
    span = ov.latest_span("quarter", [year], today)  # the period the overview opens on
    sources = ov.Sources(tasks, activities, responses, feedback, dossiers, codes)
    steps: list[tuple[str, int, Callable[[], Any]]] = [
        # The overview page (pages/overview.py), in the order it computes them: the five
        # figures for the quarter and for the quarter before, then "Cần chú ý".
        (
            f"overview: overview.figures {span.param()}",
            len(tasks) + n_r + n_f + n_d,
            lambda: ov.figures(sources, span, today, 1),
        ),
        (
            f"overview: overview.figures {span.previous().param()}",
            len(tasks) + n_r + n_f + n_d,
            lambda: ov.figures(sources, span.previous(), today, 1),
        ),
        (
            f"overview: overview.attention {span.param()}",
            len(tasks) + n_r + n_f + n_d,
            lambda: ov.attention(sources, span, today, 1, 30),
        ),
        (
            f"overview: metrics.satisfaction_by_quarter {year}",
            n_r,
            lambda: metrics.satisfaction_by_quarter(responses, codes, year),
        ),
        (
            f"overview: metrics.dossiers_by_month {year}",
            n_d,
            lambda: metrics.dossiers_by_month(dossiers, year),
        ),
        # Kế hoạch.
        (
            f"plan: tasks.period_table {year}",
            year_tasks,
            lambda: rt.period_table(tasks, activities, year, as_of),
        ),
        (
            f"plan: tasks.task_states {year}",
            year_tasks,
            lambda: rt.task_states(tasks, activities, year, as_of, 14),
        ),
        # Khảo sát.
        (f"surveys: surveys.quarterly {year}", n_r, lambda: sv.quarterly(responses, codes, year)),
        (
            f"surveys: surveys.by_question {q}",
            n_r,
            lambda: sv.by_question(responses, questions, period),
        ),
        (
            f"surveys: surveys.by_factor {q}",
            n_r,
            lambda: sv.by_factor(responses, questions, period),
        ),
        (f"surveys: surveys.by_field {q}", n_r, lambda: sv.by_field(responses, codes, period)),
        (
            f"surveys: surveys.counts_by_channel {q}",
            n_r,
            lambda: sv.counts_by_channel(responses, period, sc.SURVEY_CHANNELS),
        ),
        (f"surveys: surveys.comments {q}", n_r, lambda: sv.comments(responses, period)),
        # Phản ánh kiến nghị.
        (
            f"feedback: feedback.on_time_share {year}",
            n_f,
            lambda: fb.on_time_share(feedback, year, as_of),
        ),
        (
            f"feedback: feedback.median_handling_days {year}",
            len(year_items),
            lambda: fb.median_handling_days(year_items),
        ),
        (
            f"feedback: feedback.received_by_month {year}",
            n_f,
            lambda: fb.received_by_month(feedback, year),
        ),
        (
            "feedback: feedback.open_by_status_and_unit",
            n_f,
            lambda: fb.open_by_status_and_unit(feedback),
        ),
        # Một cửa.
        (
            f"onestop: dossiers.figures_by month {year}",
            year_dossiers,
            lambda: ds.figures_by(dossiers, year, "month"),
        ),
        (
            f"onestop: dossiers.figures_by quarter {year}",
            year_dossiers,
            lambda: ds.figures_by(dossiers, year, "quarter"),
        ),
        (
            f"onestop: dossiers.figures_by field {q}",
            year_dossiers,
            lambda: ds.figures_by(dossiers, year, "procedure_field", quarter),
        ),
        (
            f"onestop: dossiers.check_dossiers {year}",
            n_d,
            lambda: ds.check_dossiers(dossiers, year),
        ),
    ]
    return [measure(what, rows, action, repeat) for what, rows, action in steps]


def pd_year(series: Any, year: int) -> Any:
    import pandas as pd

    return (pd.to_datetime(series, errors="coerce").dt.year == year).fillna(False).astype(bool)


@contextmanager
def app_env(db: Path) -> Iterator[None]:
    """The app's settings pointed at this store, restored afterwards."""
    wanted = {"REFORM_DB_PATH": str(db), "REFORM_LANGUAGE": "vi", "REFORM_DATABASE_URL": None}
    saved = {k: os.environ.get(k) for k in wanted}
    for key, value in wanted.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def measure_pages(db: Path, rows: int, timeout: float = 600) -> list[Figure]:
    """One AppTest run of the overview (a new app process's first run: the store opens and
    loads), a second run of it, and the Khảo sát page opened from there. A page that fails
    is reported with its error (`error` set, no seconds) instead of stopping the run."""
    from streamlit.testing.v1 import AppTest

    figures: list[Figure] = []
    with app_env(db):
        at = AppTest.from_file(str(APP), default_timeout=timeout)
        at.session_state["lang"] = "vi"
        runs = (
            ("AppTest overview page, first run (store opens + loads)", None),
            ("AppTest overview page, rerun", None),
            ("AppTest Khảo sát page (pages/surveys.py)", "pages/surveys.py"),
        )
        for what, page in runs:
            if page:
                at.switch_page(page)
            started = time.perf_counter()
            try:
                at.run()
                error = _error(at)
            except Exception as exc:  # noqa: BLE001 (a timeout, or the app failing to start)
                error = f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - started
            if error:
                shown = None
            elif page:
                shown = at.title[0].value if at.title else None
            else:
                shown = [m.value for m in at.metric]
            figures.append(Figure(what, rows, seconds, None, shown, error))
            if error:
                break
    return figures


def _error(at: Any) -> str | None:
    """The first exception the page raised, from its stack (the message is redacted)."""
    if not at.exception:
        return None
    found = at.exception[0]
    lines = [str(x) for x in (getattr(found, "stack", None) or [])]
    return (lines[-1].strip() if lines else "") or str(found.value)


# --- report ---------------------------------------------------------------------------------


def table(figures: list[Figure]) -> str:
    header = ("what", "rows", "seconds", "peak MiB")
    lines = [
        (
            f.what,
            f"{f.rows:,}",
            "failed" if f.error else f"{f.seconds:.3f}",
            "–" if f.peak_mib is None else f"{f.peak_mib:,.1f}",
        )
        for f in figures
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    out = []
    for n, row in enumerate([header, *lines]):
        cells = [
            row[0].ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)),
        ]
        out.append(" | ".join(cells))
        if n == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def peak_rss_mib() -> float:
    """The process's peak resident memory (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def machine() -> str:
    return (
        f"{os.cpu_count()} CPUs ({platform.machine()}, {platform.processor() or 'unknown CPU'}), "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--feedback", type=int, default=20_000)
    parser.add_argument("--dossiers", type=int, default=50_000)
    parser.add_argument("--tasks", type=int, default=1_000)
    parser.add_argument("--db", type=Path, help="store file (default: a temporary one)")
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest runs")
    args = parser.parse_args(argv)
    today = dt.date.today()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "scale.db"
        if path.exists() and path.stat().st_size > 0:
            print(f"# reusing {path} (delete it to generate again)")
            generated = None
        else:
            generated = generate(
                path, args.responses, args.feedback, args.dossiers, args.tasks, today
            )
        print(f"Machine: {machine()}; today {today.isoformat()}")
        if generated:
            written = sum(generated.rows.values())
            print(
                f"Generated {written:,} rows in {generated.seconds:.1f} s "
                f"({', '.join(f'{k} {v:,}' for k, v in generated.rows.items())}), written "
                f"straight through LocalBackend.append_rows in batches of {BATCH:,} rows."
            )
            if generated.store_append_per_1000 is not None:
                per = generated.store_append_per_1000
                print(
                    f"For comparison Store.append (validation + audit) takes {per:.2f} s per "
                    f"1,000 survey responses here: ~{per * written / 1000:.0f} s for all rows."
                )
        print(f"Store file: {path} ({path.stat().st_size / 2**20:,.1f} MiB)\n")
        store = Store(LocalBackend(f"sqlite:///{path}"))
        load, book = measure_load(store)
        problems = book.problems
        print(f"Loaded {load.rows:,} valid rows; {len(problems)} problems reported by the load.")
        figures = [load, *measure_figures(book, today)]
        if not args.no_pages:
            figures += measure_pages(path, load.rows)
        store.backend.engine.dispose()
        print(table(figures))
        for f in figures:
            if f.error:
                print(f"! {f.what} failed after {f.seconds:.1f} s: {f.error}")
        print(
            f"\nseconds: best of 3 (AppTest: one run); peak MiB: tracemalloc's peak of Python "
            f"allocations during one more run (– not traced).\nProcess peak RSS: "
            f"{peak_rss_mib():,.0f} MiB."
        )
        slow = [f for f in figures if f.seconds > 2 and not f.what.startswith("AppTest")]
        # Sorted by what they cost, so the heaviest show first.
        slow.sort(key=lambda f: -f.seconds)
        if slow:
            print("Over 2 s: " + "; ".join(f"{f.what} ({f.seconds:.1f} s)" for f in slow))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
