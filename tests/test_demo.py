"""Tests for sheets.demo: the transcribed plan tasks, the questionnaire and the demo data."""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sheets import schema
from sheets.demo import FIELDS, default_questionnaire, demo_records, is_working_day

Record = dict[str, Any]

SEED_PATH = Path(__file__).resolve().parents[2] / "shared/seed/000_1b10cacbbaa3dcb5.txt"
HTML_TAG = re.compile(r"<ul[^>]*>")
DEMO_TABS = (
    "plans",
    "tasks",
    "activities",
    "units",
    "survey_responses",
    "feedback",
    "dossiers",
    "indices",
)
STORE_FIELDS = ("version", "updated_at", "archived")


# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def data() -> dict[str, list[Record]]:
    """The demo dataset, built once for the module."""
    return demo_records()


@pytest.fixture(scope="module")
def tasks(data: dict[str, list[Record]]) -> dict[str, Record]:
    """Tasks keyed by their reference, e.g. "II.3"."""
    return {f"{t['section']}.{t['number']}": t for t in data["tasks"]}


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The source plan's text."""
    if not SEED_PATH.exists():
        pytest.skip(f"seed file not found: {SEED_PATH}")
    return SEED_PATH.read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    """Words of a cell with HTML list tags and bullet dashes removed."""
    return [w for w in HTML_TAG.sub(" ", text).split() if w != "-"]


def seed_rows(seed_text: str) -> list[dict[str, str]]:
    """The appendix table's task rows; a row without a number continues the previous one."""
    lines = seed_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("STT\t"))
    rows: list[dict[str, str]] = []
    for line in lines[start + 1 :]:
        if "\t" not in line:
            continue
        cells = (line.split("\t") + [""] * 6)[:6]
        number = cells[0].strip()
        if number.startswith("---"):
            continue
        if not number:
            if rows:  # continuation row (the SMS row after II.3)
                rows[-1]["content"] += " " + cells[1]
            continue
        rows.append(
            {
                "number": number,
                "content": cells[1],
                "deadline": cells[2].strip(),
                "lead": cells[3].strip(),
                "support": cells[4].strip(),
                "method": cells[5],
            }
        )
    return rows


T = schema.FieldType
PYTHON_TYPES: dict[schema.FieldType, tuple[type, ...]] = {
    T.TEXT: (str,),
    T.URL: (str,),
    T.PHONE: (str,),
    T.CHOICE: (str,),
    T.INTEGER: (int,),
    T.DECIMAL: (int, float),
    T.DATE: (dt.date,),
    T.DATETIME: (dt.datetime,),
    T.BOOL: (bool,),
}


def field_errors(field: schema.Field, value: Any) -> list[str]:
    """Problems of one non-empty value against its field definition."""
    code, kind = field.code, field.type
    wrong_type = (
        not isinstance(value, PYTHON_TYPES[kind])
        or (isinstance(value, bool) and kind is not T.BOOL)
        or (isinstance(value, dt.datetime) and kind is T.DATE)
    )
    if wrong_type:
        return [f"{code}: {type(value).__name__} is not a valid {kind}"]
    errors: list[str] = []
    if kind is T.CHOICE and value not in field.choices:
        errors.append(f"{code}: {value!r} not in {field.choices}")
    if kind is T.URL and not re.fullmatch(r"https?://\S+", value):
        errors.append(f"{code}: not a URL: {value!r}")
    if kind is T.PHONE and not re.fullmatch(r"0\d{9,10}", value):
        errors.append(f"{code}: not a phone number: {value!r}")
    limit = field.max_length
    if isinstance(value, str) and limit is not None and len(value) > limit:
        errors.append(f"{code}: longer than {limit}")
    if kind in (T.INTEGER, T.DECIMAL):
        if field.min_value is not None and value < field.min_value:
            errors.append(f"{code}: {value} < {field.min_value}")
        if field.max_value is not None and value > field.max_value:
            errors.append(f"{code}: {value} > {field.max_value}")
    return errors


def record_errors(tab_key: str, record: Record) -> list[str]:
    """Problems of one record against its tab's schema."""
    tab = schema.tab(tab_key)
    rid = record.get("id")
    errors = [f"{rid}: unknown field {c}" for c in sorted(set(record) - set(tab.codes))]
    errors += [f"{rid}: store field {c} set" for c in STORE_FIELDS if c in record]
    for field in tab.fields:
        value = record.get(field.code)
        if value is None or value == "":
            if field.required:
                errors.append(f"{rid}: {field.code} is required")
            continue
        errors += [f"{rid}: {e}" for e in field_errors(field, value)]
    return errors


def all_strings(value: Any) -> list[str]:
    """Every string inside nested dicts and lists."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in all_strings(v)]
    return []


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    days = (start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sum(is_working_day(d) for d in days)


def quarter(record: Record) -> int:
    """Quarter (1–4) of a survey response."""
    return (record["submitted_at"].month - 1) // 3 + 1


# --- whole dataset -----------------------------------------------------------------------


def test_tabs_present(data: dict[str, list[Record]]) -> None:
    assert set(data) == set(DEMO_TABS)
    assert all(data[key] for key in DEMO_TABS)


def test_deterministic() -> None:
    assert demo_records() == demo_records()
    assert default_questionnaire() == default_questionnaire()


@pytest.mark.parametrize("tab_key", DEMO_TABS)
def test_records_validate_against_schema(
    data: dict[str, list[Record]], tab_key: str
) -> None:
    errors = [e for r in data[tab_key] for e in record_errors(tab_key, r)]
    assert errors == []


def test_questionnaire_validates_against_schema() -> None:
    errors = [
        e for r in default_questionnaire() for e in record_errors("survey_questions", r)
    ]
    assert errors == []


@pytest.mark.parametrize("tab_key", DEMO_TABS)
def test_ids_unique_demo_and_flagged(
    data: dict[str, list[Record]], tab_key: str
) -> None:
    ids = [r["id"] for r in data[tab_key]]
    assert len(ids) == len(set(ids))
    assert all(isinstance(i, str) and i.startswith("demo-") for i in ids)
    assert all(r["is_demo"] is True for r in data[tab_key])


def test_text_is_nfc_and_free_of_html(data: dict[str, list[Record]]) -> None:
    texts = all_strings(data) + all_strings(default_questionnaire())
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert not [t for t in texts if "<ul" in t or "</" in t or "style=" in t]


# --- plan ----------------------------------------------------------------------------------


def test_plan(data: dict[str, list[Record]]) -> None:
    (plan,) = data["plans"]
    assert plan["number"] == "21/KH-SCT"
    assert plan["issued_on"] == dt.date(2017, 4, 5)
    assert plan["year"] == 2017
    assert plan["title"] == (
        "Kế hoạch tuyên truyền công tác cải cách hành chính năm 2017 của Sở Công Thương"
    )
    assert plan["agency"] == "Sở Công Thương tỉnh Khánh Hòa"
    assert plan["signer"] == "Nguyễn Ngọc Minh"


# --- tasks: transcription --------------------------------------------------------------------


def test_twelve_tasks_six_per_section(data: dict[str, list[Record]]) -> None:
    records = data["tasks"]
    assert len(records) == 12
    for section in ("I", "II"):
        numbers = [t["number"] for t in records if t["section"] == section]
        assert numbers == [1, 2, 3, 4, 5, 6]
    assert all(t["plan_number"] == "21/KH-SCT" and t["year"] == 2017 for t in records)


def test_sms_row_merged_into_ii_3(tasks: dict[str, Record]) -> None:
    content = tasks["II.3"]["content"]
    assert "Niêm yết hướng dẫn ứng dụng dịch vụ tin nhắn (SMS)" in content
    assert content.splitlines()[0].startswith("- In và phát tờ rơi hướng dẫn")
    assert content.splitlines()[1].startswith("- Niêm yết hướng dẫn ứng dụng dịch vụ")
    others = [
        ref for ref, t in tasks.items() if ref != "II.3" and "SMS" in t["content"]
    ]
    assert others == []


def test_second_three_is_task_ii_4(tasks: dict[str, Record]) -> None:
    assert tasks["II.4"]["content"] == (
        "- Công khai nội dung trả lời vướng mắc, phản ánh kiến nghị, góp ý của khách hàng"
    )
    assert tasks["II.5"]["content"].startswith("- Công khai đầy đủ, kịp thời")
    assert tasks["II.6"]["content"].startswith(
        "- Chỉ đạo công chức, viên chức giao tiếp"
    )


@pytest.mark.parametrize(
    ("ref", "lead", "support"),
    [
        ("I.1", "Ban lãnh đạo Sở", "Văn phòng Sở"),
        ("I.2", "Ban lãnh đạo Sở", "Văn phòng Sở"),
        ("I.3", "Ban lãnh đạo Sở", "Văn phòng Sở"),
        ("I.4", "Văn phòng Sở", None),
        ("I.5", "Văn phòng Sở", None),
        ("I.6", "Văn phòng Sở", None),
        ("II.1", "Văn phòng Sở", None),
        ("II.2", "Văn phòng", None),
        ("II.3", "Văn phòng", None),
        ("II.4", "Văn phòng", None),
        ("II.5", "Các phòng, ban, đơn vị có liên quan", "Văn phòng Sở"),
        ("II.6", "Văn phòng Sở", None),
    ],
)
def test_units_per_task(
    tasks: dict[str, Record], ref: str, lead: str, support: str | None
) -> None:
    assert tasks[ref]["lead_unit"] == lead
    assert tasks[ref]["support_units"] == support


@pytest.mark.parametrize(
    ("ref", "deadline", "due"),
    [
        ("I.1", "Trong Quý I/2017", dt.date(2017, 3, 31)),
        ("I.2", "Thực hiện thường xuyên", None),
        ("I.3", "Trước ngày 15/4/2017", dt.date(2017, 4, 14)),
        ("I.4", "Trong Tháng 5/2017", dt.date(2017, 5, 31)),
        ("I.5", "Thực hiện thường xuyên, và công bố kết quả theo hàng Quý.", None),
        ("I.6", "Thường xuyên", None),
        ("II.1", "Thường xuyên", None),
        ("II.3", "Thường xuyên", None),
        ("II.6", "Thường xuyên", None),
    ],
)
def test_deadlines(
    tasks: dict[str, Record], ref: str, deadline: str, due: dt.date | None
) -> None:
    assert tasks[ref]["deadline_text"] == deadline
    assert tasks[ref]["due_date"] == due


def test_plan_wording_and_typos_kept(tasks: dict[str, Record]) -> None:
    assert "giao trách rõ ràng" in tasks["II.5"]["content"]
    assert "Quyết định số 14/2015/QĐ -UBND" in tasks["II.6"]["content"]
    assert tasks["I.4"]["content"].endswith("cấp tỉnh năm 2016)")
    assert tasks["II.6"]["method"] == (
        "Công văn chỉ đạo công chức tại Bộ phận một cửa và các công văn"
    )
    assert tasks["I.1"]["content"].startswith("Tổ chức phổ biến, quán triệt toàn diện")
    assert "\n" not in tasks["I.1"]["content"]  # one sentence, no bullet: as printed


def test_bullets_one_per_line(data: dict[str, list[Record]]) -> None:
    for task in data["tasks"]:
        for text in (task["content"], task["method"]):
            lines = text.splitlines()
            if len(lines) > 1 or text.startswith("-"):
                assert all(line.startswith("- ") for line in lines), text
            assert all(line == line.strip() for line in lines)
            assert not re.search(r"[.;,][ \t]+-[ \t]", text), text  # no inline bullet


def test_bullet_counts_match_seed(
    data: dict[str, list[Record]], seed_text: str
) -> None:
    for task, row in zip(data["tasks"], seed_rows(seed_text), strict=True):
        for key, cell in (("content", row["content"]), ("method", row["method"])):
            cell = HTML_TAG.sub(" ", cell).strip()
            if cell.startswith("- "):
                bullets = len(re.findall(r"(?:^|\s)- ", cell))
                assert len(task[key].splitlines()) == bullets, (task["id"], key)


def test_tasks_match_seed_table(data: dict[str, list[Record]], seed_text: str) -> None:
    rows = seed_rows(seed_text)
    assert [r["number"] for r in rows] == [
        "1", "2", "3", "4", "5", "6", "1.", "2.", "3.", "3", "4", "5",
    ]  # fmt: skip
    for task, row in zip(data["tasks"], rows, strict=True):
        assert words(task["content"]) == words(row["content"]), task["id"]
        assert words(task["method"]) == words(row["method"]), task["id"]
        assert task["deadline_text"] == row["deadline"], task["id"]
        assert task["lead_unit"] == row["lead"], task["id"]
        assert task["support_units"] == (row["support"] or None), task["id"]


def test_task_words_appear_in_seed(
    data: dict[str, list[Record]], seed_text: str
) -> None:
    seed_flat = " ".join(words(seed_text))
    seed_words = set(seed_flat.split())
    for task in data["tasks"]:
        for text in (task["content"], task["method"]):
            assert set(words(text)) <= seed_words, task["id"]
            for line in text.splitlines():
                assert " ".join(words(line)) in seed_flat, (task["id"], line)


# --- tasks: demo tracking ----------------------------------------------------------------


def test_task_tracking_end_of_2017(data: dict[str, list[Record]]) -> None:
    records = data["tasks"]
    dated = [t for t in records if t["due_date"] is not None]
    assert len(dated) == 3
    assert all(t["status"] == "Hoàn thành" for t in dated)
    assert all(abs((t["completed_on"] - t["due_date"]).days) <= 14 for t in dated)
    assert sum(t["completed_on"] > t["due_date"] for t in dated) == 1
    ongoing = [t for t in records if t["due_date"] is None]
    statuses = Counter(t["status"] for t in ongoing)
    assert statuses["Chưa thực hiện"] == 1
    assert statuses["Đang thực hiện"] == len(ongoing) - 1
    for task in records:
        done = task["status"] == "Hoàn thành"
        assert (task["completed_on"] is not None) == done
        assert (task["progress"] == 100) == done or task["status"] == "Đang thực hiện"
        if task["status"] == "Chưa thực hiện":
            assert task["progress"] == 0
        if task["evidence_url"]:
            assert task["evidence_url"].startswith("https://sct.khanhhoa.gov.vn/")


def test_units(data: dict[str, list[Record]], tasks: dict[str, Record]) -> None:
    units = {u["name"]: u for u in data["units"]}
    assert set(units) == {
        "Ban lãnh đạo Sở",
        "Văn phòng Sở",
        "Các phòng, ban, đơn vị có liên quan",
    }
    assert units["Văn phòng Sở"]["aliases"] == "Văn phòng"
    assert all(u["active"] is True for u in units.values())
    known = set(units) | {"Văn phòng"}
    for task in tasks.values():
        assert task["lead_unit"] in known
        assert task["support_units"] in known | {None}


# --- activities ----------------------------------------------------------------------------


def test_activity_volume_and_types(
    data: dict[str, list[Record]], tasks: dict[str, Record]
) -> None:
    records = data["activities"]
    assert 50 <= len(records) <= 70
    types = Counter(a["type"] for a in records)
    for kind in (
        "Tin bài trên trang web",
        "Tờ rơi",
        "Pano/bảng",
        "Ngày Pháp luật",
        "Hội nghị/giao ban",
        "Văn bản qua E-office",
    ):
        assert types[kind] >= 1, kind
    assert types["Ngày Pháp luật"] >= 9
    assert all(a["date"].year == 2017 and is_working_day(a["date"]) for a in records)
    assert all(a["task_ref"] in tasks for a in records)
    assert all(a["quantity"] >= 100 for a in records if a["type"] == "Tờ rơi")


def test_web_posts_every_month_but_one(data: dict[str, list[Record]]) -> None:
    posts = [a for a in data["activities"] if a["type"] == "Tin bài trên trang web"]
    months = {a["date"].month for a in posts}
    assert set(range(1, 13)) - months == {8}
    i6_months = {a["date"].month for a in posts if a["task_ref"] == "I.6"}
    assert i6_months == months
    assert all(
        a["evidence_url"].startswith("https://sct.khanhhoa.gov.vn/") for a in posts
    )


# --- survey ------------------------------------------------------------------------------------


def test_questionnaire() -> None:
    questions = default_questionnaire()
    assert all(q["is_demo"] is False and q["active"] is True for q in questions)
    scale = [q for q in questions if q["qtype"] == "Thang 1–5"]
    assert len(scale) == 15
    assert tuple(q["code"] for q in scale) == schema.DEFAULT_QUESTION_CODES
    assert [q["order"] for q in scale] == list(range(1, 16))
    prefixes = ("TC", "TT", "CC", "KQ", "PA")
    factor = dict(zip(prefixes, schema.SURVEY_FACTORS, strict=True))
    assert all(q["factor"] == factor[q["code"][:2]] for q in scale)
    assert len({q["text_vi"] for q in questions}) == len(questions)
    assert all(q["text_en"] and q["text_en"].isascii() for q in questions)
    extra = {q["code"]: q for q in questions if q not in scale}
    assert [extra[c]["order"] for c in ("LINH_VUC", "DOI_TUONG", "Y_KIEN")] == [
        16,
        17,
        18,
    ]
    assert all(q["factor"] is None for q in extra.values())
    assert extra["LINH_VUC"]["qtype"] == "Một lựa chọn"
    assert extra["LINH_VUC"]["options"] == "; ".join(FIELDS)
    assert extra["DOI_TUONG"]["qtype"] == "Một lựa chọn"
    assert extra["DOI_TUONG"]["options"] == "Cá nhân; Doanh nghiệp"
    assert extra["Y_KIEN"]["qtype"] == "Văn bản"


def test_survey_volumes(data: dict[str, list[Record]]) -> None:
    counts = Counter(quarter(r) for r in data["survey_responses"])
    assert counts[1] < 30
    assert counts[1] == 24
    assert counts[1] < counts[2] < counts[3] < counts[4]
    assert 60 <= counts[2] <= 80 and 85 <= counts[3] <= 105 and 100 <= counts[4] <= 120


def test_survey_rows(data: dict[str, list[Record]]) -> None:
    rows = data["survey_responses"]
    office = (dt.time(7, 30), dt.time(17, 0))
    for row in rows:
        at = row["submitted_at"]
        assert at.year == 2017 and is_working_day(at.date())
        assert office[0] <= at.time() <= office[1]
        assert not (dt.time(11, 30) < at.time() < dt.time(13, 30))
        assert row["procedure_field"] in FIELDS
        assert row["contact"] is None and row["consent"] is False
    channels = Counter(r["channel"] for r in rows)
    assert channels["Phiếu giấy"] + channels["Tại quầy (kiosk)"] >= 0.8 * len(rows)
    comments = sum(bool(r["comment"]) for r in rows)
    assert 0.05 * len(rows) <= comments <= 0.15 * len(rows)
    answers = [r[c] for r in rows for c in schema.DEFAULT_QUESTION_CODES]
    skipped = answers.count(None)
    assert 0 < skipped < 0.05 * len(answers)


def test_survey_trend_and_factors(data: dict[str, list[Record]]) -> None:
    rows = data["survey_responses"]

    def mean(selected: list[Record], prefixes: tuple[str, ...]) -> float:
        values = [
            r[c]
            for r in selected
            for c in schema.DEFAULT_QUESTION_CODES
            if c[:2] in prefixes
        ]
        return statistics.mean(v for v in values if v is not None)

    every = ("TC", "TT", "CC", "KQ", "PA")
    by_quarter = [
        mean([r for r in rows if quarter(r) == q], every) for q in (1, 2, 3, 4)
    ]
    assert by_quarter[3] > by_quarter[0]
    assert by_quarter[2] > by_quarter[0]
    assert mean(rows, ("TT",)) < mean(rows, ("CC",)) - 0.3
    assert mean(rows, ("TT",)) == min(mean(rows, (p,)) for p in every)


# --- feedback --------------------------------------------------------------------------------


def test_feedback(data: dict[str, list[Record]]) -> None:
    items = data["feedback"]
    assert 35 <= len(items) <= 45
    codes = [f["code"] for f in items]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}", c) for c in codes)
    assert all(f["received_on"].year == 2017 for f in items)
    assert {f["received_on"].month for f in items} == set(range(1, 13))
    for item in items:
        assert item["procedure_field"] in (*FIELDS, None)
        assert working_days_between(item["received_on"], item["due_date"]) == 7
        if item["sender_phone"] is not None:
            assert item["sender_phone"].startswith("0")
        if item["sender_email"] is not None:
            assert item["sender_email"].endswith("@example.com")
        if item["sender_address"] is not None:
            assert "mẫu" in item["sender_address"].lower()
        if item["answered_on"] is not None:
            assert item["answered_on"] >= item["received_on"]
        if item["published"]:
            assert item["public_content"]
            personal = (item["sender_name"], item["sender_phone"], item["sender_email"])
            assert not [p for p in personal if p and p in item["public_content"]]


def test_feedback_statuses(data: dict[str, list[Record]]) -> None:
    items = data["feedback"]
    by_status: dict[str, list[Record]] = {}
    for item in items:
        by_status.setdefault(item["status"], []).append(item)
    answered = by_status["Đã trả lời"]
    assert len(answered) > len(items) / 2
    for item in answered:
        assert item["answer"] and item["answered_by"] and item["answered_on"]
        assert re.fullmatch(r"\d+/SCT-VP", item["answer_doc_no"])
    assert sum(f["published"] for f in answered) >= len(answered) / 2
    assert any(f["answered_on"] > f["due_date"] for f in answered)
    assert len(by_status["Chuyển cơ quan có thẩm quyền"]) == 1
    (rejected,) = by_status["Không xử lý"]
    assert rejected["reason"]
    open_items = by_status["Mới"] + by_status["Đang xử lý"]
    assert 3 <= len(open_items) <= 7
    for item in open_items:
        assert item["received_on"] >= dt.date(2017, 11, 1)
        assert item["answer"] is None and item["answered_on"] is None
        assert item["published"] is False
    assert all(not f["published"] for f in items if f["status"] != "Đã trả lời")


# --- dossiers ------------------------------------------------------------------------------


def test_dossier_grid(data: dict[str, list[Record]]) -> None:
    rows = data["dossiers"]
    keys = [(r["year"], r["month"], r["procedure_field"]) for r in rows]
    assert sorted(keys) == sorted((2017, m, f) for m in range(1, 13) for f in FIELDS)


def test_dossier_consistency(data: dict[str, list[Record]]) -> None:
    rows = {(r["month"], r["procedure_field"]): r for r in data["dossiers"]}
    for (month, field), r in rows.items():
        if month == 1:
            assert r["carried_over"] == 0
        else:
            previous = rows[(month - 1, field)]
            assert (
                r["carried_over"]
                == previous["pending_within"] + previous["pending_overdue"]
            )
        received = r["carried_over"] + r["new_online"] + r["new_direct"] + r["new_post"]
        resolved = r["resolved_early"] + r["resolved_on_time"] + r["resolved_late"]
        pending = r["pending_within"] + r["pending_overdue"]
        assert received == resolved + pending, (month, field)
        assert r["apology_letters"] >= r["resolved_late"], (month, field)


def test_dossier_online_services_grow(data: dict[str, list[Record]]) -> None:
    rows = data["dossiers"]
    for field in FIELDS:
        series = sorted(
            (r for r in rows if r["procedure_field"] == field), key=lambda r: r["month"]
        )
        for level in ("online_level3", "online_level4"):
            values = [r[level] for r in series]
            assert values == sorted(values), (field, level)
            assert max(values) <= 20
    total = {
        m: sum(r["online_level3"] for r in rows if r["month"] == m) for m in (1, 12)
    }
    assert total[12] > total[1]
    assert sum(r["new_online"] for r in rows if r["month"] == 12) > sum(
        r["new_online"] for r in rows if r["month"] == 1
    )


# --- indices -------------------------------------------------------------------------------


def test_indices(data: dict[str, list[Record]]) -> None:
    rows = data["indices"]
    keys = {(r["index_name"], r["year"]) for r in rows}
    names = ("PAR INDEX", "SIPAS", "PCI", "PAPI")
    assert keys == {(n, y) for n in names for y in (2015, 2016, 2017)}
    assert len(rows) == 12
    scope = {"PAR INDEX": "Sở", "SIPAS": "Sở", "PCI": "Tỉnh", "PAPI": "Tỉnh"}
    for r in rows:
        assert r["scope"] == scope[r["index_name"]]
        assert 0 < r["score"] <= r["max_score"]
        assert 1 <= r["rank"] <= r["ranked_units"]
        assert r["source_url"].startswith("https://")
        if r["scope"] == "Tỉnh":
            assert r["ranked_units"] == 63
        else:
            assert 15 <= r["ranked_units"] <= 25
        if r["index_name"] == "PCI":
            assert r["max_score"] == 100
