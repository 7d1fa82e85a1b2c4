"""A small workbook for the report's tests, with every figure worked out by hand below.

Agency "Sở Công Thương tỉnh Phú Yên" (not the demo's province, so nothing can come from the
demo), plan 07/KH-SCT of 2018; the report is for 2018-Q2 (01/04–30/06/2018).

Tasks at 30/06/2018 (judged on 01/07/2018):
  I.1  Trong Quý II/2018, done 20/05/2018                  → done
  I.2  Trước ngày 15/5/2018 (due 14/05), in progress 40%   → in progress, overdue (due date)
  I.3  Trong Quý III/2018, done 10/08/2018 (after Q2)      → in progress at 30/06, not overdue
  II.1 Hằng tháng, in progress 50%, web posts in April and May, none in June
       → in progress, overdue (Tháng 6/2018 missed); in Q2: 2 months met, 1 missed
  II.2 Trong Quý IV/2018, not started                      → not started, not overdue
  By section: I 3 (1 done, 2 in progress, 1 overdue); II 2 (1 in progress, 1 not started,
  1 overdue). By lead unit: Văn phòng Sở (with its alias "Văn phòng") 4, Phòng Quản lý
  thương mại 1.
Activities in Q2: 2 web posts (quantity 1 each), 1 leaflet run of 300: 3 activities. Web posts:
  April 1, May 1, June 0 against a minimum of 1 → 2/3 months, June missed.
Survey (Q2): 4 responses, answers TC1 (5, 3, 2, 5) and TT1 (4, 4, 1, 5): 5 of 8 answers at 4
  or 5 → 62,5%, n = 4; TC1 50,0%, TT1 75,0%. A Q1 response (all 5) is outside the period.
Feedback received in Q2: 3 (Phản ánh, Kiến nghị, Góp ý). Two answered (09/04 → 12/04: 3
  working days; 16/04 → 20/04: 4), one published; one open since 04/06, due 11/06, late.
  Median 3,5 working days; on time 2 of 3 = 66,7%. One item of March is outside.
Dossiers (Thương mại, April and May; July is outside): received 2 + 26 = 28 (online 8,
  direct 17, post 1); resolved 26 (early or on time 23, late 3); pending at the end of May 2,
  none overdue; apology letters 3; on time 23/26 = 88,5%; online 8/26 = 30,8%.
Indices: PAR INDEX (Sở) 85.5/100, rank 3 of 20 in 2018; 80/100, rank 5 in 2017 → +5,50
  points, up 2 places.
"""

from __future__ import annotations

import datetime as dt
import math

from sheets.store import Store

PLAN = "07/KH-SCT"
AGENCY = "Sở Công Thương tỉnh Phú Yên"
SIGNER = "Trần Văn An"
OFFICE = "Văn phòng Sở"
TRADE = "Phòng Quản lý thương mại"
Z95 = 1.959963984540054


def wilson(successes: float, n: int) -> tuple[float, float]:
    """The 95% Wilson interval, written out again here so the tests do not reuse the code."""
    p = successes / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def _task(section: str, number: int, content: str, deadline: str, **extra: object) -> dict:
    return {
        "plan_number": PLAN,
        "year": 2018,
        "section": section,
        "number": number,
        "content": content,
        "deadline_text": deadline,
        "lead_unit": OFFICE,
        **extra,
    }


def fill(store: Store) -> Store:
    """Write the small workbook into an empty store."""
    day = dt.date
    store.append(
        "plans",
        [
            {
                "number": PLAN,
                "issued_on": day(2018, 3, 15),
                "year": 2018,
                "title": "Kế hoạch tuyên truyền cải cách hành chính năm 2018",
                "agency": AGENCY,
                "signer": SIGNER,
            }
        ],
    )
    store.append("units", [{"name": OFFICE, "aliases": "Văn phòng"}, {"name": TRADE}])
    store.append(
        "tasks",
        [
            _task(
                "I",
                1,
                "Phổ biến Kế hoạch đến công chức",
                "Trong Quý II/2018",
                due_date=day(2018, 6, 30),
                status="Hoàn thành",
                progress=100,
                completed_on=day(2018, 5, 20),
                evidence_url="https://example.gov.vn/i1",
            ),
            _task(
                "I",
                2,
                "- Khảo sát ý kiến khách hàng;\n- Công bố kết quả",
                "Trước ngày 15/5/2018",
                due_date=day(2018, 5, 14),
                lead_unit=TRADE,
                status="Đang thực hiện",
                progress=40,
            ),
            _task(
                "I",
                3,
                "Hội nghị sơ kết",
                "Trong Quý III/2018",
                due_date=day(2018, 9, 30),
                status="Hoàn thành",
                progress=100,
                completed_on=day(2018, 8, 10),
            ),
            _task(
                "II",
                1,
                "Đăng tin cải cách hành chính",
                "Hằng tháng",
                lead_unit="Văn phòng",
                status="Đang thực hiện",
                progress=50,
            ),
            _task(
                "II",
                2,
                "Phát tờ rơi",
                "Trong Quý IV/2018",
                due_date=day(2018, 12, 31),
                status="Chưa thực hiện",
                progress=0,
            ),
        ],
    )
    store.append(
        "activities",
        [
            {
                "date": day(2018, 4, 10),
                "type": "Tin bài trên trang web",
                "title": "Tin tháng 4",
                "task_ref": "II.1",
                "unit": OFFICE,
                "quantity": 1,
                "evidence_url": "https://example.gov.vn/tin-4",
            },
            {
                "date": day(2018, 5, 15),
                "type": "Tin bài trên trang web",
                "title": "Tin tháng 5",
                "task_ref": "ii-1",
                "unit": OFFICE,
                "quantity": 1,
            },
            {
                "date": day(2018, 5, 20),
                "type": "Tờ rơi",
                "title": "Phát tờ rơi",
                "task_ref": "II.2",
                "unit": OFFICE,
                "quantity": 300,
            },
            {
                "date": day(2018, 7, 2),
                "type": "Tin bài trên trang web",
                "title": "Tin tháng 7",
                "task_ref": "II.1",
                "unit": OFFICE,
                "quantity": 1,
            },
        ],
    )
    store.append(
        "survey_questions",
        [
            {
                "code": "TC1",
                "factor": "Tiếp cận dịch vụ",
                "text_vi": "Tìm thông tin dễ không?",
                "qtype": "Thang 1–5",
                "active": True,
                "order": 1,
            },
            {
                "code": "TT1",
                "factor": "Thủ tục hành chính",
                "text_vi": "Thủ tục rõ ràng không?",
                "qtype": "Thang 1–5",
                "active": True,
                "order": 2,
            },
        ],
    )
    answers = [(5, 4), (3, 4), (2, 1), (5, 5)]
    store.append(
        "survey_responses",
        [
            {
                "submitted_at": dt.datetime(2018, 4, 2 + i, 9, 0),
                "channel": "Phiếu giấy",
                "TC1": tc,
                "TT1": tt,
            }
            for i, (tc, tt) in enumerate(answers)
        ]
        + [
            {
                "submitted_at": dt.datetime(2018, 3, 20, 9, 0),
                "channel": "Phiếu giấy",
                "TC1": 5,
                "TT1": 5,
            }
        ],
    )
    store.append(
        "feedback",
        [
            {
                "received_on": day(2018, 4, 9),
                "category": "Phản ánh",
                "channel": "Trực tiếp",
                "content": "Niêm yết thiếu",
                "status": "Đã trả lời",
                "answer": "Đã bổ sung",
                "answered_on": day(2018, 4, 12),
                "published": True,
            },
            {
                "received_on": day(2018, 4, 16),
                "category": "Kiến nghị",
                "channel": "Trực tiếp",
                "content": "Thêm ghế chờ",
                "status": "Đã trả lời",
                "answer": "Đã thêm",
                "answered_on": day(2018, 4, 20),
            },
            {
                "received_on": day(2018, 6, 4),
                "category": "Góp ý",
                "channel": "Trực tiếp",
                "content": "Mở cửa sớm hơn",
                "status": "Mới",
            },
            {
                "received_on": day(2018, 3, 5),
                "category": "Phản ánh",
                "channel": "Trực tiếp",
                "content": "Ngoài kỳ",
                "status": "Mới",
            },
        ],
    )
    base = {"year": 2018, "procedure_field": "Thương mại", "pending_overdue": 0}
    store.append(
        "dossiers",
        [
            {
                **base,
                "month": 4,
                "carried_over": 2,
                "new_online": 3,
                "new_direct": 10,
                "new_post": 1,
                "resolved_early": 4,
                "resolved_on_time": 8,
                "resolved_late": 1,
                "pending_within": 3,
                "apology_letters": 1,
            },
            {
                **base,
                "month": 5,
                "carried_over": 3,
                "new_online": 5,
                "new_direct": 7,
                "new_post": 0,
                "resolved_early": 5,
                "resolved_on_time": 6,
                "resolved_late": 2,
                "pending_within": 2,
                "apology_letters": 2,
            },
            {
                **base,
                "month": 7,
                "carried_over": 2,
                "new_online": 50,
                "new_direct": 0,
                "new_post": 0,
                "resolved_early": 0,
                "resolved_on_time": 52,
                "resolved_late": 0,
                "pending_within": 0,
                "apology_letters": 0,
            },
        ],
    )
    store.append(
        "indices",
        [
            {
                "year": 2018,
                "index_name": "PAR INDEX",
                "scope": "Sở",
                "score": 85.5,
                "max_score": 100,
                "rank": 3,
                "ranked_units": 20,
            },
            {
                "year": 2017,
                "index_name": "PAR INDEX",
                "scope": "Sở",
                "score": 80,
                "max_score": 100,
                "rank": 5,
                "ranked_units": 20,
            },
        ],
    )
    return store
