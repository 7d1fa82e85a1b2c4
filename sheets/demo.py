"""Default survey questionnaire and the demo dataset (Plan 21/KH-SCT of 2017, Khánh Hòa).

The tasks are transcribed from the appendix table of Kế hoạch số 21/KH-SCT (05/04/2017).
Everything else (tracking, activities, surveys, feedback, dossier counts, indices) is
synthetic and marked `is_demo`. Generation is deterministic: every builder uses its own
`random.Random(2017)` and never reads the clock.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from typing import Any

from sheets import schema

Record = dict[str, Any]

SEED = 2017
YEAR = 2017
PLAN_NUMBER = "21/KH-SCT"
SITE = "https://sct.khanhhoa.gov.vn"

# Fields (lĩnh vực) of the Department's procedures used across the demo tabs.
FIELDS = (
    "Điện lực",
    "Thương mại",
    "An toàn thực phẩm",
    "Hóa chất",
    "Công nghiệp – Khoa học công nghệ",
)

UNIT_LEADERSHIP = "Ban lãnh đạo Sở"
UNIT_OFFICE = "Văn phòng Sở"
UNIT_OFFICE_SHORT = "Văn phòng"
UNIT_OTHERS = "Các phòng, ban, đơn vị có liên quan"

# Vietnam's public holidays in 2017 (days off, including substitute days).
HOLIDAYS_2017 = frozenset(
    [
        dt.date(2017, 1, 2),  # Tết Dương lịch (1/1 fell on a Sunday)
        *(
            dt.date(2017, 1, 26) + dt.timedelta(days=i) for i in range(7)
        ),  # Tết Nguyên đán
        dt.date(2017, 4, 6),  # Giỗ Tổ Hùng Vương
        dt.date(2017, 5, 1),  # Quốc tế Lao động
        dt.date(2017, 5, 2),  # substitute day for 30/4 (a Sunday)
        dt.date(2017, 9, 4),  # substitute day for 2/9 (a Saturday)
    ]
)

SCALE_LABELS = "Rất không hài lòng; Không hài lòng; Bình thường; Hài lòng; Rất hài lòng"


# --- helpers -----------------------------------------------------------------------------


def _bullets(*items: str) -> str:
    """Join items as one "- " bullet per line."""
    return "\n".join(f"- {item}" for item in items)


def _slug(text: str) -> str:
    """ASCII URL slug of a Vietnamese text."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_working_day(day: dt.date) -> bool:
    """Whether a 2017 date is a working day (Monday–Friday, not a public holiday)."""
    return day.weekday() < 5 and day not in HOLIDAYS_2017


def _on_working_day(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _add_working_days(day: dt.date, count: int) -> dt.date:
    """The date `count` working days after `day`."""
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """All working days from start to end, inclusive."""
    days = (start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if is_working_day(d)]


# --- default questionnaire (product data, not demo) --------------------------------------

_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "TC1",
        (
            "Ông/Bà hài lòng thế nào với việc tìm thông tin về thủ tục cần làm (trên trang web "
            "của Sở, tại bảng niêm yết hoặc qua điện thoại)?"
        ),
        (
            "How satisfied are you with finding information about the procedure you needed "
            "(on the Department's website, on the notice boards or by phone)?"
        ),
    ),
    (
        "TC2",
        (
            "Ông/Bà đánh giá thế nào về nơi tiếp nhận hồ sơ: chỗ ngồi chờ, sự sạch sẽ và các "
            "trang thiết bị phục vụ người đến làm thủ tục?"
        ),
        (
            "How do you rate the place where dossiers are received: waiting seats, "
            "cleanliness and the equipment available to visitors?"
        ),
    ),
    (
        "TC3",
        (
            "Ông/Bà hài lòng thế nào với các cách nộp hồ sơ và nhận kết quả mà Sở cung cấp "
            "(trực tiếp, trực tuyến, qua bưu điện)?"
        ),
        (
            "How satisfied are you with the ways the Department offers to submit a dossier "
            "and receive the result (in person, online, by post)?"
        ),
    ),
    (
        "TT1",
        "Ông/Bà đánh giá thế nào về việc thủ tục được công khai đầy đủ, rõ ràng, dễ hiểu?",
        (
            "How do you rate how fully, clearly and understandably the procedure is made "
            "public?"
        ),
    ),
    (
        "TT2",
        (
            "Ông/Bà đánh giá thế nào về số lượng giấy tờ phải nộp (hợp lý, không bị yêu cầu "
            "thêm giấy tờ ngoài quy định)?"
        ),
        (
            "How do you rate the number of documents you had to submit (reasonable, nothing "
            "requested beyond the rules)?"
        ),
    ),
    (
        "TT3",
        (
            "Ông/Bà đánh giá thế nào về thời hạn giải quyết và phí, lệ phí của thủ tục so với "
            "nội dung đã công khai?"
        ),
        (
            "How do you rate the processing time and the fees of the procedure compared with "
            "what was published?"
        ),
    ),
    (
        "CC1",
        (
            "Ông/Bà hài lòng thế nào với thái độ của công chức: lịch sự, tận tình, tôn trọng "
            "người đến làm thủ tục?"
        ),
        (
            "How satisfied are you with the civil servants' attitude: courteous, helpful and "
            "respectful towards visitors?"
        ),
    ),
    (
        "CC2",
        (
            "Ông/Bà hài lòng thế nào với việc công chức hướng dẫn hồ sơ rõ ràng, đầy đủ ngay "
            "từ lần đầu?"
        ),
        (
            "How satisfied are you that the civil servant explained the dossier clearly and "
            "completely the first time?"
        ),
    ),
    (
        "CC3",
        (
            "Ông/Bà đánh giá thế nào về việc công chức giải quyết công việc đúng quy định, "
            "không gây phiền hà, không đòi hỏi thêm chi phí?"
        ),
        (
            "How do you rate whether the civil servant handled your matter according to the "
            "rules, without causing trouble or asking for extra payments?"
        ),
    ),
    (
        "KQ1",
        "Ông/Bà hài lòng thế nào với kết quả nhận được: đúng quy định, thông tin chính xác?",
        (
            "How satisfied are you with the result you received: in line with the rules, "
            "with accurate information?"
        ),
    ),
    (
        "KQ2",
        "Ông/Bà hài lòng thế nào với việc nhận kết quả đúng hoặc trước ngày hẹn?",
        "How satisfied are you with receiving the result on or before the appointed date?",
    ),
    (
        "KQ3",
        (
            "Ông/Bà đánh giá thế nào về việc Sở thông báo tiến độ hồ sơ và, nếu hồ sơ bị chậm, "
            "có xin lỗi và hẹn lại ngày trả kết quả?"
        ),
        (
            "How do you rate how the Department kept you informed of your dossier's progress "
            "and, if it was late, apologized and set a new return date?"
        ),
    ),
    (
        "PA1",
        (
            "Ông/Bà đánh giá thế nào về việc gửi góp ý, phản ánh, kiến nghị đến Sở (hộp thư góp "
            "ý, điện thoại, đường dây nóng, trang web) có dễ dàng không?"
        ),
        (
            "How do you rate how easy it is to send suggestions, reports or recommendations "
            "to the Department (suggestion box, phone, hotline, website)?"
        ),
    ),
    (
        "PA2",
        (
            "Ông/Bà hài lòng thế nào với việc góp ý, phản ánh, kiến nghị của mình được tiếp "
            "nhận và trả lời kịp thời?"
        ),
        (
            "How satisfied are you that your suggestion, report or recommendation was "
            "received and answered in good time?"
        ),
    ),
    (
        "PA3",
        (
            "Ông/Bà hài lòng thế nào với nội dung trả lời của Sở đối với góp ý, phản ánh, kiến "
            "nghị: rõ ràng, thỏa đáng?"
        ),
        (
            "How satisfied are you with the content of the Department's answer to your "
            "suggestion, report or recommendation: clear and satisfactory?"
        ),
    ),
)

_FACTOR_BY_PREFIX = dict(
    zip(("TC", "TT", "CC", "KQ", "PA"), schema.SURVEY_FACTORS, strict=True)
)


def default_questionnaire() -> list[Record]:
    """The product's default satisfaction questionnaire (tab `survey_questions`)."""
    records: list[Record] = []
    for order, (code, text_vi, text_en) in enumerate(_QUESTIONS, start=1):
        records.append(
            {
                "id": f"question-{code}",
                "code": code,
                "factor": _FACTOR_BY_PREFIX[code[:2]],
                "text_vi": text_vi,
                "text_en": text_en,
                "qtype": "Thang 1–5",
                "options": SCALE_LABELS,
                "active": True,
                "order": order,
                "is_demo": False,
            }
        )
    extra = (
        (
            "LINH_VUC",
            "Ông/Bà vừa thực hiện thủ tục thuộc lĩnh vực nào?",
            "Which field does the procedure you have just completed belong to?",
            "Một lựa chọn",
            "; ".join(FIELDS),
        ),
        (
            "DOI_TUONG",
            "Ông/Bà làm thủ tục với tư cách cá nhân hay doanh nghiệp?",
            "Are you completing the procedure as an individual or for a business?",
            "Một lựa chọn",
            "; ".join(schema.RESPONDENT_TYPES),
        ),
        (
            "Y_KIEN",
            "Ông/Bà có ý kiến nào khác để Sở phục vụ tốt hơn không? (không bắt buộc)",
            (
                "Do you have any other comments to help the Department serve you better? "
                "(optional)"
            ),
            "Văn bản",
            None,
        ),
    )
    for order, (code, text_vi, text_en, qtype, options) in enumerate(
        extra, start=len(records) + 1
    ):
        records.append(
            {
                "id": f"question-{code}",
                "code": code,
                "factor": None,
                "text_vi": text_vi,
                "text_en": text_en,
                "qtype": qtype,
                "options": options,
                "active": True,
                "order": order,
                "is_demo": False,
            }
        )
    return records


# --- plan and tasks (transcribed from the appendix table) ---------------------------------

# Deadline texts as printed, and the date each one is tracked against.
DEADLINE_DATES = {
    "Trong Quý I/2017": dt.date(2017, 3, 31),
    "Trước ngày 15/4/2017": dt.date(2017, 4, 14),
    "Trong Tháng 5/2017": dt.date(2017, 5, 31),
}

_ONGOING = "Thường xuyên"

# (section, number, content, deadline_text, lead_unit, support_units, method).
# Section I's header is missing in the table (the plan's body names it). In section II the
# table numbers the rows 1., 2., 3., 3, 4, 5: the second "3" is task 4 and the next shift;
# the unnumbered SMS row after II.3 was split off by a page break and is merged into II.3.
_TABLE: tuple[tuple[str, int, str, str, str, str | None, str], ...] = (
    (
        "I",
        1,
        (
            "Tổ chức phổ biến, quán triệt toàn diện mục tiêu, nhiệm vụ, giải pháp và trách "
            "nhiệm thực hiện CCHC tại Kế hoạch CCHC tỉnh giai đoạn 2016 - 2020, Kế hoạch CCHC "
            "năm 2017 của UBND tỉnh và của Sở đến các phòng, ban, cơ quan, đơn vị trực thuộc, "
            "trong Quý I/2017."
        ),
        "Trong Quý I/2017",
        UNIT_LEADERSHIP,
        UNIT_OFFICE,
        _bullets(
            "Phổ biến tại các buổi đọc báo đầu giờ hàng ngày, trong cuộc họp giao ban tuần, "
            "quý.",
            "KH CCHC của tỉnh, của Sở gửi đến tận phòng, ban, đơn vị trực thuộc.",
        ),
    ),
    (
        "I",
        2,
        (
            "Tổ chức phổ biến, quán triệt các văn bản, chỉ đạo về CCHC của Tỉnh ủy, HĐND tỉnh, "
            "UBND tỉnh đến toàn bộ công chức, viên chức"
        ),
        "Thực hiện thường xuyên",
        UNIT_LEADERSHIP,
        UNIT_OFFICE,
        _bullets(
            "Phổ biến tại các buổi đọc báo đầu giờ hàng ngày, trong cuộc họp giao ban tuần, "
            "quý, Ngày pháp luật, đăng thông tin trên Trang thông tin điện tử và gửi qua hệ "
            "thống Quản lý văn bản và điều hành (E-office).",
        ),
    ),
    (
        "I",
        3,
        _bullets(
            "Tổ chức công bố chỉ số và xếp hạng CCHC, chỉ số mức độ hài lòng năm 2016 của "
            "Sở Công Thương;",
            "Công khai các Báo cáo chỉ số hài lòng năm 2016 của Sở Công Thương.",
        ),
        "Trước ngày 15/4/2017",
        UNIT_LEADERSHIP,
        UNIT_OFFICE,
        _bullets(
            "Theo Kế hoạch thực hiện Ngày Pháp luật của Sở.",
            "Phổ biến tại các giao ban hàng tuần đồng thời ban hành công văn gửi tới các "
            "phòng, ban, đơn vị trực thuộc để toàn bộ công chức, viên chức nắm rõ những mặt "
            "đã làm được, những hạn chế, yếu kém và các giải pháp phải thực hiện để khắc "
            "phục.",
            "Niêm yết báo cáo chỉ số hài lòng trên trang thông tin điện tử của Sở và tại Bộ "
            "phận Tiếp nhận và trả kết quả.",
        ),
    ),
    (
        "I",
        4,
        _bullets(
            "Xây dựng Kế hoạch hành động nâng cao chỉ số hài lòng đến công chức, viên chức "
            "trong tháng 5/2017;",
            "Phổ biến Kết quả thực hiện Chỉ số năng lực cạnh tranh cấp tỉnh (PCI), Chỉ số "
            "CCHC của tỉnh (PARI), Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh năm "
            "2016)",
        ),
        "Trong Tháng 5/2017",
        UNIT_OFFICE,
        None,
        _bullets(
            "Xây dựng Kế hoạch hành động và gửi tới các phòng, ban đơn vị thuộc Sở.",
            "Phổ biến các chỉ số trong Ngày Pháp luật và các buổi giao ban hàng tuần.",
        ),
    ),
    (
        "I",
        5,
        _bullets(
            "Tổ chức lấy ý kiến khách hàng có giao dịch thủ tục hành chính, sử dụng dịch vụ.",
            "Công bố số liệu về mức độ hài lòng của Sở, Kết quả giải quyết hồ sơ thủ tục "
            "hành chính theo cơ chế một cửa.",
        ),
        "Thực hiện thường xuyên, và công bố kết quả theo hàng Quý.",
        UNIT_OFFICE,
        None,
        _bullets(
            "Thiết kế câu hỏi khảo sát mức độ hài lòng; phát phiếu khảo sát tới khách hàng "
            "bằng hình thức trực tiếp, hoặc gửi qua email.",
            "Niêm yết công khai Kết quả khảo sát ý kiến khách hàng và số liệu kết quả giải "
            "quyết hồ sơ thủ tục hành chính tại Bộ phận Tiếp nhận và trả kết quả và trên "
            "Cổng thông tin điện tử của Sở",
        ),
    ),
    (
        "I",
        6,
        (
            "Duy trì và nâng cấp các ứng dụng đã được xây dựng, cập nhật trên Trang thông tin "
            "điện tử của cơ quan; đăng tin bài về cải cách hành chính mỗi tháng trên trang web "
            "của Sở."
        ),
        _ONGOING,
        UNIT_OFFICE,
        None,
        _bullets("Đăng tin về cải cách hành chính trên Cổng thông tin điện tử của Sở."),
    ),
    (
        "II",
        1,
        _bullets(
            "Tiếp tục rà soát, hoàn thiện các pano, bảng tuyên truyền trực quan về cải cách "
            "hành chính tại trụ sở cơ quan, đơn vị, tại Bộ phận một cửa; duy trì các khẩu "
            "hiệu: “Sự hài lòng của nhân dân là mục tiêu phục vụ của cơ quan hành chính nhà "
            "nước”, “Dân chủ, nhanh gọn, đúng luật”; “Hãy nộp hồ sơ điện tử để giảm giấy tờ, "
            "thời gian và chi phí”;",
        ),
        _ONGOING,
        UNIT_OFFICE,
        None,
        _bullets("Rà soát và thay thế mới các pano đã cũ, rách bằng các pano mới;"),
    ),
    (
        "II",
        2,
        _bullets(
            "Công khai quy tắc giao tiếp, ứng xử của công chức, viên chức làm việc tại Bộ "
            "phận Tiếp nhận và trả kết quả,",
        ),
        _ONGOING,
        UNIT_OFFICE_SHORT,
        None,
        (
            "Niêm yết Quy tắc ứng xử tại Bộ phận Tiếp nhận và trả kết quả, đồng thời đăng thông "
            "tin trên Trang thông tin điện tử, kết hợp in phát cho mỗi công chức tại Bộ phận "
            "Tiếp nhận và trả kết quả."
        ),
    ),
    (
        "II",
        3,
        _bullets(
            "In và phát tờ rơi hướng dẫn thực hiện thủ tục trực tuyến qua mạng Internet ở "
            "mức độ 3, 4 tại Bộ phận Tiếp nhận và trả kết quả; Tờ rơi hướng dẫn dịch vụ "
            "chuyển phát nhanh kết quả giải quyết thủ tục hành chính và cước phí; tờ rơi "
            "hướng dẫn thực hiện thủ tục hành chính qua dịch vụ bưu chính công ích.",
            # The unnumbered row after II.3 (split off by a page break).
            "Niêm yết hướng dẫn ứng dụng dịch vụ tin nhắn (SMS) tự động thông báo tiến độ, "
            "kết quả giải quyết hồ sơ; hướng dẫn tra cứu tiến độ hồ sơ bằng tin nhắn",
        ),
        _ONGOING,
        UNIT_OFFICE_SHORT,
        None,
        (
            "Phát tờ rơi tại Bộ phận Tiếp nhận và trả kết quả, và niêm yết các bảng hướng dẫn "
            "tại Bộ phận Tiếp nhận và trả kết quả và tại Cổng thông tin điện tử của Sở"
        ),
    ),
    (
        "II",
        4,
        _bullets(
            "Công khai nội dung trả lời vướng mắc, phản ánh kiến nghị, góp ý của khách hàng",
        ),
        _ONGOING,
        UNIT_OFFICE_SHORT,
        None,
        _bullets(
            "Niêm yết công khai tại Bộ phận “một cửa”, trên Trang thông tin điện tử và trả "
            "lời cho khách hàng bằng văn bản hoặc qua mạng tin học.",
        ),
    ),
    (
        "II",
        5,
        _bullets(
            "Công khai đầy đủ, kịp thời và hướng dẫn rõ các quy định, cơ chế, chính sách do "
            "cơ quan Nhà nước có thẩm quyền ban hành thông qua tập huấn, đối thoại và các "
            "kênh thông tin đại chúng, thư điện tử, trang thông tin điện tử; giao trách rõ "
            "ràng về việc tiếp nhận, xử lý, trả lời các vướng mắc.",
        ),
        _ONGOING,
        UNIT_OTHERS,
        UNIT_OFFICE,
        _bullets(
            "Thực hiện thông qua gửi văn bản tới từng cá nhân, công dân bằng email hoặc qua "
            "bưu điện và đăng các thông tin trên Trang điện tử của Sở",
        ),
    ),
    (
        "II",
        6,
        _bullets(
            "Chỉ đạo công chức, viên chức giao tiếp văn minh lịch sự, hòa nhã, tận tình; "
            "giải quyết công việc nhanh chóng, chuyên nghiệp; sẵn sàng giúp đỡ người dân, "
            "doanh nghiệp; thực hiện nghiêm các quy định tại Quyết định số 14/2015/QĐ -UBND "
            "của UBND tỉnh về hướng dẫn hồ sơ ban đầu, tiếp nhận hồ sơ, bổ sung hồ sơ, từ "
            "chối giải quyết, xin lỗi và hẹn lại thời gian trả kết quả hồ sơ trễ hẹn.",
        ),
        _ONGOING,
        UNIT_OFFICE,
        None,
        # The cell ends mid-sentence in the source; kept as printed.
        "Công văn chỉ đạo công chức tại Bộ phận một cửa và các công văn",
    ),
)

# Demo tracking at the end of 2017: (status, progress, completed_on, evidence path, notes).
_TRACKING: dict[str, tuple[str, int, dt.date | None, str | None, str | None]] = {
    "I.1": (
        "Hoàn thành",
        100,
        dt.date(2017, 3, 28),
        "/van-ban/ke-hoach-cai-cach-hanh-chinh-nam-2017",
        None,
    ),
    "I.2": ("Đang thực hiện", 80, None, "/tin-tuc/cai-cach-hanh-chinh", None),
    "I.3": (
        "Hoàn thành",
        100,
        dt.date(2017, 4, 12),
        "/tin-tuc/cai-cach-hanh-chinh/cong-bo-chi-so-cai-cach-hanh-chinh-nam-2016",
        None,
    ),
    "I.4": (
        "Hoàn thành",
        100,
        dt.date(2017, 6, 9),
        "/van-ban/ke-hoach-hanh-dong-nang-cao-chi-so-hai-long",
        (
            "Hoàn thành chậm: Kế hoạch hành động ban hành ngày 06/6/2017, "
            "phổ biến tại Ngày Pháp luật tháng 6."
        ),
    ),
    "I.5": (
        "Đang thực hiện",
        75,
        None,
        "/tin-tuc/cai-cach-hanh-chinh/ket-qua-khao-sat-y-kien-khach-hang",
        "Đã công bố kết quả Quý I, II, III; kết quả Quý IV công bố đầu năm 2018.",
    ),
    "I.6": (
        "Đang thực hiện",
        90,
        None,
        "/tin-tuc/cai-cach-hanh-chinh",
        "Tháng 8/2017 chưa có tin bài về cải cách hành chính.",
    ),
    "II.1": ("Đang thực hiện", 70, None, None, None),
    "II.2": (
        "Đang thực hiện",
        90,
        None,
        "/tin-tuc/cai-cach-hanh-chinh/quy-tac-ung-xu-tai-bo-phan-mot-cua",
        None,
    ),
    "II.3": (
        "Đang thực hiện",
        60,
        None,
        None,
        (
            "Đã phát tờ rơi; chưa niêm yết hướng dẫn dịch vụ tin nhắn (SMS), chờ kế hoạch "
            "triển khai của cấp trên."
        ),
    ),
    "II.4": ("Đang thực hiện", 80, None, "/hoi-dap", None),
    "II.5": (
        "Chưa thực hiện",
        0,
        None,
        None,
        "Chưa nhận được báo cáo kết quả từ các phòng, ban, đơn vị.",
    ),
    "II.6": ("Đang thực hiện", 85, None, None, None),
}


def _plans() -> list[Record]:
    """The plan record."""
    return [
        {
            "id": "demo-plan-21-KH-SCT",
            "number": PLAN_NUMBER,
            "issued_on": dt.date(2017, 4, 5),
            "year": YEAR,
            "title": "Kế hoạch tuyên truyền công tác cải cách hành chính năm 2017 của Sở "
            "Công Thương",
            "agency": "Sở Công Thương tỉnh Khánh Hòa",
            "signer": "Nguyễn Ngọc Minh",
            "is_demo": True,
        }
    ]


def _tasks() -> list[Record]:
    """The 12 tasks of the appendix table with demo tracking."""
    records: list[Record] = []
    for section, number, content, deadline, lead, support, method in _TABLE:
        ref = f"{section}.{number}"
        status, progress, completed_on, evidence, notes = _TRACKING[ref]
        records.append(
            {
                "id": f"demo-task-{section}-{number}",
                "plan_number": PLAN_NUMBER,
                "year": YEAR,
                "section": section,
                "number": number,
                "content": content,
                "deadline_text": deadline,
                "due_date": DEADLINE_DATES.get(deadline),
                "lead_unit": lead,
                "support_units": support,
                "method": method,
                "status": status,
                "progress": progress,
                "completed_on": completed_on,
                "evidence_url": f"{SITE}{evidence}" if evidence else None,
                "notes": notes,
                "is_demo": True,
            }
        )
    return records


def _units() -> list[Record]:
    """The units named in the table."""
    units = (
        ("ban-lanh-dao-so", UNIT_LEADERSHIP, None),
        ("van-phong-so", UNIT_OFFICE, UNIT_OFFICE_SHORT),
        ("cac-phong-ban-don-vi", UNIT_OTHERS, None),
    )
    return [
        {
            "id": f"demo-unit-{key}",
            "name": name,
            "aliases": aliases,
            "email": None,
            "active": True,
            "is_demo": True,
        }
        for key, name, aliases in units
    ]


# --- activities ------------------------------------------------------------------------------

_WEB = "Tin bài trên trang web"
_LEAFLET = "Tờ rơi"
_PANEL = "Pano/bảng"
_LAW_DAY = "Ngày Pháp luật"
_MEETING = "Hội nghị/giao ban"
_EOFFICE = "Văn bản qua E-office"
_OTHER = "Khác"

# (month, day, type, title, task_ref, unit, quantity). No web post in August (a gap).
_ACTIVITIES: tuple[tuple[int, int, str, str, str, str, int | None], ...] = (
    (1, 6, _EOFFICE, ("Gửi Kế hoạch CCHC năm 2017 của UBND tỉnh và của Sở đến các phòng, "
     "ban, đơn vị trực thuộc"), "I.1", UNIT_OFFICE, 1),
    (1, 10, _WEB, "Sở Công Thương triển khai Kế hoạch cải cách hành chính năm 2017",
     "I.6", UNIT_OFFICE, 1),
    (1, 16, _MEETING, "Giao ban quý: quán triệt Kế hoạch cải cách hành chính năm 2017",
     "I.1", UNIT_LEADERSHIP, 35),
    (1, 20, _LAW_DAY, ("Ngày Pháp luật tháng 01/2017: phổ biến văn bản chỉ đạo về CCHC của "
     "UBND tỉnh"), "I.2", UNIT_OFFICE, 48),
    (2, 8, _WEB, "Kết quả giải quyết thủ tục hành chính tháng 01/2017", "I.6",
     UNIT_OFFICE, 1),
    (2, 15, _EOFFICE, ("Gửi văn bản chỉ đạo về cải cách hành chính của UBND tỉnh đến toàn "
     "bộ công chức, viên chức"), "I.2", UNIT_OFFICE, 1),
    (2, 20, _PANEL, ("Thay mới pano khẩu hiệu “Sự hài lòng của nhân dân là mục tiêu phục vụ "
     "của cơ quan hành chính nhà nước” tại Bộ phận một cửa"), "II.1", UNIT_OFFICE, 2),
    (2, 22, _WEB, "Hướng dẫn nộp hồ sơ, nhận kết quả qua dịch vụ bưu chính công ích",
     "I.6", UNIT_OFFICE, 1),
    (3, 6, _MEETING, "Giao ban tuần: phổ biến Kế hoạch CCHC tỉnh giai đoạn 2016 - 2020",
     "I.1", UNIT_LEADERSHIP, 30),
    (3, 9, _WEB, "Phổ biến Kế hoạch cải cách hành chính giai đoạn 2016 - 2020 của tỉnh",
     "I.6", UNIT_OFFICE, 1),
    (3, 15, _LEAFLET, "In và phát tờ rơi hướng dẫn dịch vụ công trực tuyến mức độ 3, 4",
     "II.3", UNIT_OFFICE, 500),
    (3, 17, _LAW_DAY, ("Ngày Pháp luật tháng 3/2017: quán triệt Quyết định số "
     "14/2015/QĐ-UBND đối với công chức Bộ phận một cửa"), "I.2", UNIT_OFFICE, 46),
    (3, 20, _EOFFICE, ("Công văn chỉ đạo công chức tại Bộ phận một cửa thực hiện nghiêm "
     "Quyết định số 14/2015/QĐ-UBND"), "II.6", UNIT_OFFICE, 1),
    (3, 31, _OTHER, ("Niêm yết nội dung trả lời vướng mắc, phản ánh, kiến nghị Quý I/2017 "
     "tại Bộ phận một cửa"), "II.4", UNIT_OFFICE, 6),
    (4, 4, _EOFFICE, "Báo cáo kết quả khảo sát ý kiến khách hàng Quý I/2017", "I.5",
     UNIT_OFFICE, 1),
    (4, 7, _WEB, ("Kế hoạch tuyên truyền công tác cải cách hành chính năm 2017 của Sở "
     "Công Thương"), "I.6", UNIT_OFFICE, 1),
    (4, 10, _MEETING, "Giao ban tuần: công bố chỉ số CCHC, chỉ số mức độ hài lòng năm 2016",
     "I.3", UNIT_LEADERSHIP, 32),
    (4, 11, _EOFFICE, ("Công văn phổ biến chỉ số và xếp hạng CCHC, chỉ số hài lòng năm 2016 "
     "đến các phòng, ban, đơn vị"), "I.3", UNIT_OFFICE, 1),
    (4, 12, _WEB, ("Công bố chỉ số cải cách hành chính và chỉ số hài lòng năm 2016 của Sở "
     "Công Thương"), "I.6", UNIT_OFFICE, 1),
    (4, 13, _PANEL, ("Niêm yết báo cáo chỉ số hài lòng năm 2016 tại Bộ phận Tiếp nhận và "
     "trả kết quả"), "I.3", UNIT_OFFICE, 1),
    (4, 14, _WEB, "Kết quả khảo sát ý kiến khách hàng Quý I/2017", "I.5", UNIT_OFFICE, 1),
    (4, 20, _LAW_DAY, ("Ngày Pháp luật tháng 4/2017: công bố chỉ số CCHC, chỉ số hài lòng "
     "năm 2016"), "I.3", UNIT_OFFICE, 51),
    (5, 10, _LEAFLET, ("Tờ rơi hướng dẫn thực hiện thủ tục hành chính qua dịch vụ bưu chính "
     "công ích"), "II.3", UNIT_OFFICE, 500),
    (5, 17, _WEB, "Danh mục thủ tục hành chính cung cấp dịch vụ công trực tuyến mức độ 3",
     "I.6", UNIT_OFFICE, 1),
    (5, 19, _LAW_DAY, ("Ngày Pháp luật tháng 5/2017: phổ biến văn bản mới về cải cách hành "
     "chính"), "I.2", UNIT_OFFICE, 44),
    (6, 5, _MEETING, ("Giao ban tuần: phổ biến kết quả PCI, PAR INDEX, PAPI năm 2016 của "
     "tỉnh"), "I.4", UNIT_LEADERSHIP, 31),
    (6, 6, _EOFFICE, ("Ban hành Kế hoạch hành động nâng cao chỉ số hài lòng, gửi các phòng, "
     "ban, đơn vị"), "I.4", UNIT_OFFICE, 1),
    (6, 9, _LAW_DAY, ("Ngày Pháp luật tháng 6/2017: phổ biến Kế hoạch hành động nâng cao "
     "chỉ số hài lòng và các chỉ số PCI, PAR INDEX, PAPI"), "I.4", UNIT_OFFICE, 49),
    (6, 13, _PANEL, "Niêm yết Quy tắc ứng xử tại Bộ phận Tiếp nhận và trả kết quả", "II.2",
     UNIT_OFFICE, 1),
    (6, 14, _WEB, "Quy tắc ứng xử của công chức tại Bộ phận Tiếp nhận và trả kết quả",
     "I.6", UNIT_OFFICE, 1),
    (6, 30, _OTHER, ("Niêm yết nội dung trả lời vướng mắc, phản ánh, kiến nghị Quý II/2017 "
     "tại Bộ phận một cửa"), "II.4", UNIT_OFFICE, 8),
    (7, 6, _EOFFICE, "Báo cáo kết quả khảo sát ý kiến khách hàng Quý II/2017", "I.5",
     UNIT_OFFICE, 1),
    (7, 7, _WEB, "Kết quả khảo sát ý kiến khách hàng Quý II/2017", "I.5", UNIT_OFFICE, 1),
    (7, 10, _PANEL, ("Niêm yết kết quả khảo sát Quý II/2017 và số liệu giải quyết hồ sơ "
     "một cửa"), "I.5", UNIT_OFFICE, 1),
    (7, 12, _LEAFLET, ("Tờ rơi hướng dẫn dịch vụ chuyển phát nhanh kết quả giải quyết thủ "
     "tục hành chính và cước phí"), "II.3", UNIT_OFFICE, 300),
    (7, 14, _MEETING, "Hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm 2017",
     "I.2", UNIT_LEADERSHIP, 55),
    (7, 20, _WEB, "Sơ kết công tác cải cách hành chính 6 tháng đầu năm 2017", "I.6",
     UNIT_OFFICE, 1),
    (7, 21, _LAW_DAY, ("Ngày Pháp luật tháng 7/2017: cập nhật tình hình, kết quả CCHC 6 "
     "tháng"), "I.2", UNIT_OFFICE, 47),
    (8, 16, _EOFFICE, "Gửi văn bản chỉ đạo của UBND tỉnh về nâng cao chỉ số PCI, PAR INDEX",
     "I.2", UNIT_OFFICE, 1),
    (9, 11, _EOFFICE, ("Công văn nhắc nhở công chức Bộ phận một cửa về hướng dẫn hồ sơ một "
     "lần, đầy đủ"), "II.6", UNIT_OFFICE, 1),
    (9, 13, _WEB, ("Hướng dẫn tra cứu tiến độ giải quyết hồ sơ trên Trang thông tin điện "
     "tử"), "I.6", UNIT_OFFICE, 1),
    (9, 15, _LAW_DAY, "Ngày Pháp luật tháng 9/2017: phổ biến văn bản chỉ đạo về CCHC",
     "I.2", UNIT_OFFICE, 45),
    (9, 20, _LEAFLET, "In bổ sung tờ rơi hướng dẫn dịch vụ công trực tuyến mức độ 3, 4",
     "II.3", UNIT_OFFICE, 500),
    (9, 29, _OTHER, ("Niêm yết nội dung trả lời vướng mắc, phản ánh, kiến nghị Quý III/2017 "
     "tại Bộ phận một cửa"), "II.4", UNIT_OFFICE, 7),
    (10, 5, _EOFFICE, "Báo cáo kết quả khảo sát ý kiến khách hàng Quý III/2017", "I.5",
     UNIT_OFFICE, 1),
    (10, 6, _WEB, "Kết quả khảo sát ý kiến khách hàng Quý III/2017", "I.5", UNIT_OFFICE, 1),
    (10, 9, _MEETING, "Giao ban quý III/2017: đánh giá kết quả cải cách hành chính", "I.2",
     UNIT_LEADERSHIP, 33),
    (10, 11, _PANEL, ("Niêm yết kết quả khảo sát Quý III/2017 và số liệu giải quyết hồ sơ "
     "một cửa"), "I.5", UNIT_OFFICE, 1),
    (10, 20, _LAW_DAY, ("Ngày Pháp luật tháng 10/2017: phổ biến quy định mới về thủ tục hành "
     "chính"), "I.2", UNIT_OFFICE, 50),
    (10, 25, _WEB, "Trả lời vướng mắc của doanh nghiệp về thủ tục đăng ký khuyến mại",
     "I.6", UNIT_OFFICE, 1),
    (11, 9, _WEB, "Công khai kết quả giải quyết hồ sơ một cửa 10 tháng năm 2017", "I.6",
     UNIT_OFFICE, 1),
    (11, 15, _LEAFLET, ("Tờ rơi hướng dẫn thực hiện thủ tục hành chính qua dịch vụ bưu chính "
     "công ích (in bổ sung)"), "II.3", UNIT_OFFICE, 300),
    (11, 17, _LAW_DAY, ("Ngày Pháp luật tháng 11/2017: hưởng ứng Ngày Pháp luật Việt Nam "
     "9/11"), "I.2", UNIT_OFFICE, 52),
    (11, 22, _PANEL, ("Thay mới pano “Hãy nộp hồ sơ điện tử để giảm giấy tờ, thời gian và "
     "chi phí”"), "II.1", UNIT_OFFICE, 1),
    (12, 6, _WEB, "Hướng dẫn nộp hồ sơ trực tuyến mức độ 3, 4", "I.6", UNIT_OFFICE, 1),
    (12, 15, _LAW_DAY, ("Ngày Pháp luật tháng 12/2017: tổng kết công tác phổ biến pháp luật "
     "và CCHC"), "I.2", UNIT_OFFICE, 49),
    (12, 21, _WEB, "Tổng kết công tác cải cách hành chính năm 2017", "I.6", UNIT_OFFICE, 1),
    (12, 26, _MEETING, "Hội nghị tổng kết công tác năm 2017, cập nhật thông tin CCHC",
     "I.2", UNIT_LEADERSHIP, 60),
    (12, 28, _OTHER, ("Niêm yết nội dung trả lời vướng mắc, phản ánh, kiến nghị Quý IV/2017 "
     "tại Bộ phận một cửa"), "II.4", UNIT_OFFICE, 9),
    (12, 29, _EOFFICE, "Báo cáo kết quả cải cách hành chính năm 2017 gửi Sở Nội vụ", "I.2",
     UNIT_OFFICE, 1),
)  # fmt: skip

_QUANTITY_NOTES = {
    _LAW_DAY: "Số lượng: số công chức, viên chức tham dự.",
    _MEETING: "Số lượng: số người tham dự.",
    _LEAFLET: "Số lượng: số tờ rơi đã in và phát.",
    _OTHER: "Số lượng: số nội dung trả lời được niêm yết.",
}


def _activities() -> list[Record]:
    """Communication activities carried out in 2017."""
    records: list[Record] = []
    for index, (month, day, kind, title, ref, unit, quantity) in enumerate(
        _ACTIVITIES, 1
    ):
        date = _on_working_day(dt.date(YEAR, month, day))
        url = None
        if kind == _WEB:
            url = f"{SITE}/tin-tuc/cai-cach-hanh-chinh/{_slug(title)}-{date:%Y%m%d}"
        records.append(
            {
                "id": f"demo-act-{index:04d}",
                "date": date,
                "type": kind,
                "title": title,
                "task_ref": ref,
                "unit": unit,
                "quantity": quantity,
                "evidence_url": url,
                "note": _QUANTITY_NOTES.get(kind),
                "is_demo": True,
            }
        )
    return records


# --- survey responses ----------------------------------------------------------------------

# (first day, last day, number of responses). Q1 is deliberately below 30.
_SURVEY_QUARTERS = (
    (dt.date(2017, 2, 13), dt.date(2017, 3, 31), 24),
    (dt.date(2017, 4, 3), dt.date(2017, 6, 30), 70),
    (dt.date(2017, 7, 3), dt.date(2017, 9, 29), 95),
    (dt.date(2017, 10, 2), dt.date(2017, 12, 29), 110),
)
# Mean score per factor (procedures weakest) and the quarterly improvement.
_FACTOR_MEANS = {"TC": 3.95, "TT": 3.45, "CC": 4.1, "KQ": 3.85, "PA": 3.6}
_QUARTER_GAIN = 0.12
_SURVEY_CHANNEL_WEIGHTS = {
    "Phiếu giấy": 55,
    "Tại quầy (kiosk)": 35,
    "Email": 5,
    "Trực tuyến": 5,
}
_FIELD_WEIGHTS = (22, 42, 16, 12, 8)
_SURVEY_COMMENTS = (
    "Công chức hướng dẫn nhiệt tình, dễ hiểu.",
    "Đề nghị bố trí thêm chỗ để xe cho người đến làm thủ tục.",
    "Buổi sáng phải chờ hơi lâu.",
    "Nên cho nộp trực tuyến nhiều thủ tục hơn.",
    "Giấy tờ còn nhiều, đề nghị giảm bớt bản sao.",
    "Trả kết quả đúng hẹn, cảm ơn Sở.",
    "Mong có tin nhắn báo khi hồ sơ có kết quả.",
    "Bảng niêm yết chữ nhỏ, khó đọc.",
    "Cước chuyển phát kết quả hợp lý.",
    "Cần hướng dẫn rõ hơn cách điền mẫu đơn.",
    "Nhân viên lịch sự, chu đáo.",
    "Trên trang web khó tìm biểu mẫu.",
    "Đề nghị có máy lấy số thứ tự.",
    "Phục vụ tốt, không có ý kiến thêm.",
)


def _office_time(rng: random.Random, day: dt.date) -> dt.datetime:
    """A moment within office hours (7:30–11:30, 13:30–17:00) on `day`."""
    if rng.random() < 0.6:
        minutes = rng.randrange(7 * 60 + 30, 11 * 60 + 30)
    else:
        minutes = rng.randrange(13 * 60 + 30, 17 * 60)
    return dt.datetime.combine(
        day, dt.time(minutes // 60, minutes % 60, rng.randrange(60))
    )


def _score(rng: random.Random, mean: float) -> int:
    """One answer on the 1–5 scale around `mean`."""
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _survey_responses() -> list[Record]:
    """Satisfaction survey answers for the four quarters of 2017."""
    rng = random.Random(SEED)
    channels = list(_SURVEY_CHANNEL_WEIGHTS)
    channel_weights = list(_SURVEY_CHANNEL_WEIGHTS.values())
    rows: list[Record] = []
    for quarter, (start, end, count) in enumerate(_SURVEY_QUARTERS):
        days = _working_days(start, end)
        for _ in range(count):
            row: Record = {
                "submitted_at": _office_time(rng, rng.choice(days)),
                "channel": rng.choices(channels, channel_weights)[0],
                "procedure_field": rng.choices(FIELDS, _FIELD_WEIGHTS)[0],
                "respondent_type": "Doanh nghiệp" if rng.random() < 0.65 else "Cá nhân",
            }
            respondent_shift = rng.gauss(0, 0.3)
            for code in schema.DEFAULT_QUESTION_CODES:
                prefix = code[:2]
                skip = 0.06 if prefix == "PA" else 0.015
                if rng.random() < skip:
                    row[code] = None
                else:
                    mean = (
                        _FACTOR_MEANS[prefix]
                        + quarter * _QUARTER_GAIN
                        + respondent_shift
                    )
                    row[code] = _score(rng, mean)
            row["comment"] = (
                rng.choice(_SURVEY_COMMENTS) if rng.random() < 0.1 else None
            )
            row["contact"] = None
            row["consent"] = False
            rows.append(row)
    rows.sort(key=lambda r: r["submitted_at"])
    return [
        {"id": f"demo-sv-{i:04d}", **row, "is_demo": True}
        for i, row in enumerate(rows, 1)
    ]


# --- feedback -------------------------------------------------------------------------------

_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_ASSIGNEES = ("Lê Thị Mai", "Phạm Văn Hải", "Đặng Minh Quân", "Võ Thị Thanh")
_FAKE_SENDERS = (
    "Nguyễn Văn A", "Trần Thị B", "Lê Văn C", "Phạm Thị D", "Hoàng Văn E", "Võ Thị G",
    "Đặng Văn H", "Bùi Thị K", "Đỗ Văn L", "Huỳnh Thị M", "Ngô Văn N", "Dương Thị P",
)  # fmt: skip
_FAKE_ORGS = (
    "Công ty TNHH Mẫu Hải Âu",
    "Công ty Cổ phần Mẫu Biển Xanh",
    "Doanh nghiệp tư nhân Mẫu Phú Lộc",
    "Hợp tác xã Mẫu Tân Thành",
)
_LOCALITIES = (
    "phường Thử Nghiệm, TP. Nha Trang",
    "phường Mẫu, TP. Cam Ranh",
    "xã Mẫu, huyện Diên Khánh",
    "phường Mẫu, thị xã Ninh Hòa",
    "xã Thử Nghiệm, huyện Vạn Ninh",
)

_CATEGORY_SHORT = {"P": "Phản ánh", "K": "Kiến nghị", "V": "Vướng mắc", "G": "Góp ý"}
_CHANNEL_SHORT = {
    "TT": "Trực tiếp",
    "DT": "Điện thoại",
    "EM": "Email",
    "VB": "Văn bản/thư",
    "WEB": "Trang web",
    "HT": "Hộp thư góp ý",
    "DN": "Đường dây nóng",
}
_EL, _TM, _AT, _HC, _CN = FIELDS

# (month, day, field or None, category, channel, business?, subject, content, answer).
_FEEDBACK: tuple[tuple[int, int, str | None, str, str, bool, str, str, str | None], ...] = (
    (1, 9, _TM, "V", "TT", True, "Hồ sơ cấp Giấy phép bán lẻ sản phẩm rượu",
     ("Doanh nghiệp muốn biết hồ sơ đề nghị cấp Giấy phép bán lẻ sản phẩm rượu gồm những "
     "giấy tờ gì và thời hạn giải quyết bao lâu."),
     ("Thành phần hồ sơ và thời hạn giải quyết được niêm yết tại Bộ phận Tiếp nhận và trả "
     "kết quả và đăng trên Trang thông tin điện tử của Sở; công chức đã hướng dẫn trực "
     "tiếp và gửi danh mục giấy tờ cho doanh nghiệp.")),
    (1, 17, _EL, "V", "DT", True, "Thời hạn cấp Giấy phép hoạt động điện lực",
     ("Hỏi thời gian giải quyết hồ sơ cấp Giấy phép hoạt động điện lực trong lĩnh vực tư "
     "vấn giám sát thi công đường dây và trạm biến áp."),
     ("Thời hạn giải quyết theo thủ tục hành chính đã được công bố và niêm yết; Sở đề nghị "
     "doanh nghiệp theo dõi tiến độ hồ sơ trên Trang thông tin điện tử của Sở.")),
    (2, 8, _AT, "V", "EM", True, "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
     ("Cơ sở sản xuất bánh kẹo hỏi cơ quan nào cấp Giấy chứng nhận cơ sở đủ điều kiện an "
     "toàn thực phẩm và có cần xác nhận kiến thức an toàn thực phẩm trước không."),
     ("Cơ sở sản xuất bánh kẹo thuộc phạm vi quản lý của ngành Công Thương; hồ sơ nộp tại "
     "Bộ phận Tiếp nhận và trả kết quả của Sở. Sở đã gửi kèm hướng dẫn thành phần hồ sơ và "
     "lịch kiểm tra kiến thức an toàn thực phẩm.")),
    (2, 20, _HC, "K", "VB", True, "Đề nghị hướng dẫn lập biện pháp phòng ngừa sự cố hóa chất",
     ("Doanh nghiệp kinh doanh hóa chất công nghiệp đề nghị Sở hướng dẫn cách lập Biện pháp "
     "phòng ngừa, ứng phó sự cố hóa chất vì mẫu hiện hành khó áp dụng với kho nhỏ."),
     ("Sở tiếp thu kiến nghị, sẽ tổ chức tập huấn cho doanh nghiệp hóa chất trong Quý "
     "II/2017 và đã gửi tài liệu hướng dẫn qua thư điện tử.")),
    (3, 2, None, "G", "HT", False, "Bổ sung ghế chờ tại Bộ phận một cửa",
     ("Khu vực chờ tại Bộ phận Tiếp nhận và trả kết quả còn ít ghế, giờ cao điểm người dân "
     "phải đứng chờ."),
     ("Văn phòng Sở đã bố trí thêm ghế chờ và nước uống tại Bộ phận Tiếp nhận và trả kết "
     "quả. Cảm ơn Ông/Bà đã góp ý.")),
    (3, 14, _EL, "P", "DN", True, "Chậm trả kết quả hồ sơ cấp phép hoạt động điện lực",
     ("Hồ sơ nộp ngày 20/02/2017 nhưng đến ngày hẹn chưa nhận được kết quả và không được "
     "báo lý do."),
     ("Hồ sơ cần bổ sung tài liệu nhưng công chức chưa thông báo kịp thời. Sở đã gửi phiếu "
     "xin lỗi và hẹn lại, trả kết quả ngày 17/3/2017 và nhắc nhở công chức liên quan.")),
    (3, 27, _TM, "V", "WEB", True, "Đăng ký tổ chức hội chợ, triển lãm thương mại",
     ("Công ty dự định tổ chức hội chợ hàng tiêu dùng tại Nha Trang vào tháng 6, hỏi cần "
     "đăng ký trước bao lâu và nộp hồ sơ ở đâu."),
     ("Hồ sơ đăng ký tổ chức hội chợ, triển lãm thương mại nộp tại Bộ phận Tiếp nhận và trả "
     "kết quả của Sở hoặc qua dịch vụ bưu chính công ích; thời hạn đăng ký và mẫu đơn đã "
     "đăng trên Trang thông tin điện tử của Sở.")),
    (4, 5, _CN, "V", "EM", True, "Hồ sơ đề nghị hỗ trợ kinh phí khuyến công",
     ("Cơ sở sản xuất nhỏ ở huyện Diên Khánh hỏi điều kiện và hồ sơ để được hỗ trợ kinh phí "
     "khuyến công khi đầu tư máy móc."),
     ("Sở đã gửi hướng dẫn điều kiện, mức hỗ trợ và mẫu hồ sơ đề nghị hỗ trợ từ kinh phí "
     "khuyến công địa phương; cơ sở có thể liên hệ Trung tâm Khuyến công để được hướng dẫn "
     "lập đề án.")),
    (4, 18, None, "G", "HT", False, "Niêm yết rõ phí, lệ phí các thủ tục",
     "Đề nghị niêm yết phí, lệ phí của từng thủ tục bằng chữ to hơn tại bảng công khai.",
     ("Sở đã in lại bảng niêm yết thủ tục hành chính với cỡ chữ lớn hơn, ghi rõ phí, lệ phí "
     "của từng thủ tục.")),
    (4, 25, _AT, "P", "DT", False, "Lịch thẩm định cơ sở sản xuất rượu thủ công",
     ("Cơ sở sản xuất rượu thủ công phản ánh đã được hẹn thẩm định điều kiện sản xuất nhiều "
     "lần nhưng đoàn thẩm định chưa đến."),
     ("Sở đã liên hệ lại với cơ sở, bố trí thẩm định ngày 05/5/2017 và trả kết quả đúng hạn "
     "sau thẩm định.")),
    (5, 8, _HC, "V", "TT", True, "Điều kiện kinh doanh hóa chất tẩy rửa",
     ("Doanh nghiệp chỉ mua bán hóa chất tẩy rửa đóng gói sẵn hỏi có cần Giấy chứng nhận đủ "
     "điều kiện kinh doanh hóa chất không."),
     ("Sở đã hướng dẫn doanh nghiệp đối chiếu danh mục hóa chất sản xuất, kinh doanh có điều "
     "kiện; nếu hóa chất thuộc danh mục thì phải có Giấy chứng nhận trước khi kinh doanh.")),
    (5, 19, _EL, "K", "VB", True, "Đề nghị cho nộp hồ sơ cấp phép hoạt động điện lực trực tuyến",
     ("Doanh nghiệp ở Cam Ranh đề nghị cho nộp hồ sơ cấp phép hoạt động điện lực qua mạng để "
     "giảm việc đi lại."),
     ("Sở tiếp thu; thủ tục cấp Giấy phép hoạt động điện lực được cung cấp trực tuyến mức độ "
     "3 từ tháng 6/2017, hướng dẫn đăng trên Trang thông tin điện tử của Sở.")),
    (6, 1, _TM, "P", "EM", True, "Biểu mẫu trên trang web chưa cập nhật",
     "Mẫu đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu tải từ trang web của Sở là mẫu cũ.",
     ("Sở đã cập nhật biểu mẫu mới trên Trang thông tin điện tử và rà soát lại toàn bộ biểu "
     "mẫu lĩnh vực thương mại.")),
    (6, 12, _TM, "V", "TT", False, "Giấy phép bán lẻ sản phẩm thuốc lá",
     "Hộ kinh doanh hỏi nộp hồ sơ cấp Giấy phép bán lẻ sản phẩm thuốc lá ở đâu.",
     ("Giấy phép bán lẻ sản phẩm thuốc lá do cơ quan cấp huyện cấp; Sở đã hướng dẫn hộ kinh "
     "doanh nộp hồ sơ tại UBND cấp huyện nơi đặt điểm bán.")),
    (6, 26, _CN, "G", "WEB", True, "Góp ý chương trình khuyến công",
     "Đề xuất ưu tiên hỗ trợ các cơ sở chế biến nông sản ở huyện Khánh Sơn, Khánh Vĩnh.",
     "Sở tiếp thu và tổng hợp vào dự thảo chương trình khuyến công giai đoạn tới."),
    (7, 5, _EL, "V", "DT", True, "Huấn luyện, cấp thẻ an toàn điện cho công nhân",
     "Doanh nghiệp hỏi thủ tục huấn luyện và cấp thẻ an toàn điện cho công nhân vận hành.",
     ("Việc huấn luyện, sát hạch và cấp thẻ an toàn điện do đơn vị sử dụng lao động tổ chức "
     "theo quy định; Sở đã gửi văn bản hướng dẫn cho doanh nghiệp.")),
    (7, 13, None, "K", "HT", False, "Tiếp nhận hồ sơ vào sáng thứ Bảy",
     "Đề nghị Bộ phận một cửa tiếp nhận hồ sơ vào sáng thứ Bảy.",
     ("Sở ghi nhận kiến nghị; hiện chưa bố trí tiếp nhận ngày thứ Bảy, Ông/Bà có thể nộp hồ "
     "sơ trực tuyến hoặc qua dịch vụ bưu chính công ích.")),
    (7, 24, _AT, "V", "EM", True, "Xác nhận kiến thức an toàn thực phẩm cho người lao động",
     ("Doanh nghiệp hỏi thủ tục xác nhận kiến thức an toàn thực phẩm cho người lao động mới "
     "tuyển dụng."),
     ("Sở tổ chức kiểm tra kiến thức định kỳ; lịch kiểm tra và hồ sơ đăng ký đã đăng trên "
     "Trang thông tin điện tử của Sở.")),
    (8, 3, _HC, "P", "TT", True, "Phiếu hẹn trả kết quả ghi sai ngày",
     "Phiếu tiếp nhận hồ sơ ghi ngày hẹn trả kết quả rơi vào ngày nghỉ.",
     ("Do lỗi nhập liệu; Sở đã điều chỉnh phiếu hẹn, trả kết quả trước hạn và chấn chỉnh "
     "công chức tiếp nhận.")),
    (8, 16, _TM, "V", "WEB", True, "Đăng ký thực hiện khuyến mại",
     "Hỏi thủ tục đăng ký thực hiện khuyến mại theo hình thức bốc thăm trúng thưởng.",
     ("Sở đã gửi mẫu đơn và hướng dẫn nộp hồ sơ đăng ký thực hiện khuyến mại tại Bộ phận "
     "Tiếp nhận và trả kết quả hoặc qua dịch vụ công trực tuyến.")),
    (8, 28, None, "G", "EM", False, "Góp ý trang tra cứu hồ sơ",
     "Trang tra cứu tiến độ hồ sơ trên website của Sở khó tìm.",
     "Sở đã đưa liên kết tra cứu tiến độ hồ sơ lên trang chủ. Cảm ơn Ông/Bà đã góp ý."),
    (9, 7, _CN, "V", "VB", True, "Hồ sơ xác nhận ưu đãi sản xuất sản phẩm công nghiệp hỗ trợ",
     ("Doanh nghiệp cơ khí hỏi hồ sơ đề nghị xác nhận ưu đãi dự án sản xuất sản phẩm công "
     "nghiệp hỗ trợ."),
     ("Sở đã hướng dẫn thành phần hồ sơ, cơ quan tiếp nhận và thời hạn giải quyết bằng văn "
     "bản.")),
    (9, 18, _TM, "P", "DN", False, "Công chức hướng dẫn hồ sơ chưa đầy đủ",
     "Người dân phải đi lại hai lần vì lần đầu không được hướng dẫn đủ giấy tờ cần nộp.",
     ("Sở xin lỗi Ông/Bà; đã yêu cầu công chức hướng dẫn một lần, đầy đủ bằng phiếu hướng "
     "dẫn theo mẫu.")),
    (9, 27, _AT, "K", "VB", True, "Tập huấn an toàn thực phẩm cho cơ sở nhỏ",
     ("Doanh nghiệp đề nghị tổ chức tập huấn kiến thức an toàn thực phẩm cho cơ sở sản xuất nhỏ "
     "ở huyện Vạn Ninh."),
     "Sở tiếp thu, phối hợp tổ chức lớp tập huấn tại huyện Vạn Ninh trong tháng 11/2017."),
    (10, 4, _HC, "V", "EM", True, "Khai báo hóa chất nhập khẩu",
     "Doanh nghiệp hỏi cách khai báo hóa chất nhập khẩu.",
     ("Sở đã hướng dẫn doanh nghiệp thực hiện khai báo hóa chất nhập khẩu qua Cơ chế một cửa "
     "quốc gia theo hướng dẫn của Bộ Công Thương.")),
    (10, 12, None, "G", "HT", False, "Khen ngợi thái độ phục vụ",
     "Công chức tại Bộ phận một cửa hướng dẫn tận tình, trả kết quả trước hẹn.",
     "Sở cảm ơn ý kiến của Ông/Bà và sẽ tiếp tục duy trì chất lượng phục vụ."),
    (10, 20, _EL, "V", "TT", True, "Gia hạn Giấy phép hoạt động điện lực",
     "Doanh nghiệp hỏi thủ tục khi Giấy phép hoạt động điện lực sắp hết thời hạn.",
     ("Sở đã hướng dẫn doanh nghiệp nộp hồ sơ cấp lại Giấy phép trước khi hết thời hạn và "
     "thành phần hồ sơ cần chuẩn bị.")),
    (10, 30, _CN, "K", "WEB", True, "Đối thoại với doanh nghiệp cơ khí",
     ("Đề nghị Sở tổ chức đối thoại với doanh nghiệp cơ khí về chính sách hỗ trợ phát triển "
     "công nghiệp."),
     ("Sở tiếp thu và đưa nội dung vào hội nghị đối thoại doanh nghiệp công nghiệp tổ chức "
     "trong tháng 12/2017.")),
    (11, 6, _TM, "V", "DT", True, "Thời hạn Giấy phép bán buôn rượu",
     "Doanh nghiệp hỏi thời hạn hiệu lực của Giấy phép bán buôn sản phẩm rượu.",
     "Sở đã hướng dẫn thời hạn hiệu lực ghi trên Giấy phép và thủ tục cấp lại khi hết hạn."),
    (11, 14, _AT, "P", "DN", False, "Phản ánh quán ăn không bảo đảm vệ sinh",
     ("Người dân phản ánh một quán ăn trên địa bàn TP. Nha Trang không bảo đảm vệ sinh an "
     "toàn thực phẩm."),
     ("Nội dung thuộc thẩm quyền của ngành Y tế; Sở đã chuyển phản ánh đến Sở Y tế và thông "
     "báo cho người phản ánh.")),
    (11, 21, _TM, "G", "EM", False, "Thông báo kết quả hồ sơ bằng tin nhắn",
     "Đề nghị Sở gửi tin nhắn SMS khi hồ sơ có kết quả để người dân không phải đến hỏi.",
     ("Sở đang chuẩn bị dịch vụ tin nhắn tự động thông báo tiến độ, kết quả giải quyết hồ "
     "sơ theo kế hoạch của cấp trên, dự kiến áp dụng năm 2018.")),
    (11, 29, _HC, "V", "VB", True, "Huấn luyện an toàn hóa chất",
     "Doanh nghiệp hỏi đối tượng phải huấn luyện an toàn hóa chất và chu kỳ huấn luyện.",
     ("Sở đã gửi văn bản hướng dẫn đối tượng, nội dung và chu kỳ huấn luyện an toàn hóa "
     "chất.")),
    (12, 4, None, "P", "HT", False, "Phản ánh không ghi tên",
     ("Thư không ghi họ tên, địa chỉ, phản ánh chung về thái độ phục vụ, không nêu thời gian "
     "và hồ sơ cụ thể."),
     None),
    (12, 7, _EL, "V", "EM", True, "Hồ sơ cấp Giấy phép hoạt động phân phối điện",
     ("Hợp tác xã hỏi thành phần hồ sơ cấp Giấy phép hoạt động điện lực lĩnh vực phân phối "
     "điện nông thôn."),
     "Sở đã gửi danh mục thành phần hồ sơ và hướng dẫn nộp hồ sơ trực tuyến mức độ 3."),
    (12, 12, _TM, "V", "TT", False, "Cấp lại Giấy phép bán lẻ rượu bị mất",
     "Hộ kinh doanh bị mất Giấy phép bán lẻ sản phẩm rượu, hỏi thủ tục cấp lại.",
     "Sở đã hướng dẫn thủ tục cấp lại Giấy phép do bị mất và thành phần hồ sơ."),
    (12, 15, _CN, "K", "VB", True, "Hỗ trợ tham gia hội chợ công nghiệp nông thôn",
     ("Doanh nghiệp đề nghị hỗ trợ chi phí gian hàng khi tham gia hội chợ hàng công nghiệp "
     "nông thôn tiêu biểu."),
     None),
    (12, 19, _AT, "V", "EM", True, "Kiểm tra kiến thức an toàn thực phẩm đầu năm 2018",
     "Doanh nghiệp hỏi lịch kiểm tra kiến thức an toàn thực phẩm trong Quý I/2018.",
     None),
    (12, 22, _HC, "G", "WEB", True, "Góp ý dự thảo kế hoạch ứng phó sự cố hóa chất",
     ("Góp ý bổ sung phương án phối hợp với lực lượng phòng cháy chữa cháy trong dự thảo kế "
     "hoạch ứng phó sự cố hóa chất của tỉnh."),
     None),
    (12, 27, _TM, "V", "DT", False, "Đăng ký khuyến mại dịp Tết Nguyên đán",
     "Hỏi thời hạn đăng ký thực hiện khuyến mại dịp Tết Nguyên đán 2018.",
     None),
    (12, 28, _EL, "P", "EM", True, "Phản ánh chậm giải quyết hồ sơ",
     ("Doanh nghiệp phản ánh hồ sơ cấp Giấy phép hoạt động điện lực đã quá hạn nhưng chưa "
     "nhận được phiếu xin lỗi và hẹn lại."),
     None),
)  # fmt: skip

# Items whose status is not "Đã trả lời", by subject.
_FEEDBACK_STATUS = {
    "Phản ánh quán ăn không bảo đảm vệ sinh": "Chuyển cơ quan có thẩm quyền",
    "Phản ánh không ghi tên": "Không xử lý",
    "Hỗ trợ tham gia hội chợ công nghiệp nông thôn": "Đang xử lý",
    "Kiểm tra kiến thức an toàn thực phẩm đầu năm 2018": "Đang xử lý",
    "Góp ý dự thảo kế hoạch ứng phó sự cố hóa chất": "Đang xử lý",
    "Đăng ký khuyến mại dịp Tết Nguyên đán": "Mới",
    "Phản ánh chậm giải quyết hồ sơ": "Mới",
}
_REJECT_REASON = (
    "Thư không ghi họ tên, địa chỉ người gửi và nội dung không cụ thể, không đủ thông tin "
    "để xem xét, xử lý theo Nghị định 20/2008/NĐ-CP; lưu hồ sơ."
)


def _fake_org(index: int, content: str) -> str:
    """An obviously fake organization name that fits the sender's wording."""
    if content.startswith("Hợp tác xã"):
        return _FAKE_ORGS[-1]
    return _FAKE_ORGS[index % (len(_FAKE_ORGS) - 1)]


def _lookup_code(rng: random.Random, used: set[str]) -> str:
    """A new 8-character lookup code."""
    while True:
        code = "".join(rng.choice(_CODE_ALPHABET) for _ in range(8))
        if code not in used:
            used.add(code)
            return code


def _feedback() -> list[Record]:
    """Feedback, questions and recommendations received in 2017."""
    rng = random.Random(SEED)
    used: set[str] = set()
    records: list[Record] = []
    doc_base = 40
    for index, item in enumerate(_FEEDBACK):
        month, day, field, cat, chan, business, subject, content, answer = item
        received = _on_working_day(dt.date(YEAR, month, day))
        channel = _CHANNEL_SHORT[chan]
        status = _FEEDBACK_STATUS.get(subject, "Đã trả lời")
        anonymous = status == "Không xử lý"
        sender = _FAKE_SENDERS[index % len(_FAKE_SENDERS)]
        phone = f"0900000{index + 101:03d}"
        email = f"nguoigui{index + 1:02d}@example.com"
        has_phone = chan in ("DT", "DN", "TT", "VB") or rng.random() < 0.5
        has_email = chan in ("EM", "WEB") or rng.random() < 0.3
        address = (
            f"Số {rng.randrange(1, 200)} đường Mẫu, "
            f"{_LOCALITIES[index % len(_LOCALITIES)]}, tỉnh Khánh Hòa (địa chỉ mẫu)"
        )
        assignee = _ASSIGNEES[index % len(_ASSIGNEES)]
        unit = UNIT_OTHERS if field in (_HC, _CN) else UNIT_OFFICE
        record: Record = {
            "id": f"demo-fb-{index + 1:04d}",
            "code": _lookup_code(rng, used),
            "received_on": received,
            "category": _CATEGORY_SHORT[cat],
            "channel": channel,
            "subject": subject,
            "content": content,
            "procedure_field": field,
            "sender_name": None if anonymous else sender,
            "sender_phone": phone if has_phone and not anonymous else None,
            "sender_email": email if has_email and not anonymous else None,
            "sender_address": None if anonymous else address,
            "sender_org": _fake_org(index, content) if business else None,
            "assigned_unit": unit,
            "assignee": assignee,
            "status": status,
            "due_date": _add_working_days(received, 7),
            "answer": None,
            "answered_by": None,
            "answered_on": None,
            "answer_doc_no": None,
            "published": False,
            "public_content": None,
            "reason": None,
            "is_demo": True,
        }
        if status in ("Mới", "Đang xử lý"):
            if status == "Mới":
                record.update(assigned_unit=None, assignee=None)
        elif status == "Không xử lý":
            record.update(
                reason=_REJECT_REASON,
                answered_by=assignee,
                answered_on=_add_working_days(received, 2),
            )
        else:
            # Mostly answered within the deadline; every ninth item runs a few days late.
            delay = rng.randint(8, 10) if index % 9 == 5 else rng.randint(2, 7)
            answered_on = _add_working_days(received, delay)
            doc_no = doc_base + answered_on.timetuple().tm_yday * 9 + rng.randrange(9)
            record.update(
                answer=answer,
                answered_by=assignee,
                answered_on=answered_on,
                answer_doc_no=f"{doc_no}/SCT-VP",
            )
            if status == "Đã trả lời" and rng.random() < 0.75:
                record["published"] = True
                record["public_content"] = content  # the public wording of the question
        records.append(record)
    return records


# --- one-stop dossier statistics -------------------------------------------------------

# Per field: typical new dossiers a month, and online procedures (level 3 Jan→Dec,
# level 4 Jan→Dec).
_DOSSIER_PROFILE: dict[str, tuple[int, tuple[int, int], tuple[int, int]]] = {
    _EL: (22, (2, 5), (0, 1)),
    _TM: (58, (6, 14), (0, 3)),
    _AT: (18, (2, 5), (0, 1)),
    _HC: (11, (1, 4), (0, 1)),
    _CN: (7, (0, 2), (0, 0)),
}
_SEASON = {1: 0.9, 2: 0.6, 12: 1.15}


def _ramp(month: int, start: int, end: int) -> int:
    """A value growing from `start` in January to `end` in December."""
    return round(start + (end - start) * (month - 1) / 11)


def _dossiers() -> list[Record]:
    """Monthly one-stop dossier counts per field, consistent month to month."""
    rng = random.Random(SEED)
    records: list[Record] = []
    carried = dict.fromkeys(FIELDS, 0)
    for month in range(1, 13):
        for number, field in enumerate(FIELDS, 1):
            base, level3, level4 = _DOSSIER_PROFILE[field]
            online3 = _ramp(month, *level3)
            online4 = _ramp(month, *level4)
            new = max(1, round(base * _SEASON.get(month, 1.0) * rng.uniform(0.8, 1.2)))
            share = (0.03 + 0.025 * month) if online3 + online4 else 0.0
            new_online = round(new * share * rng.uniform(0.7, 1.3))
            new_post = sum(rng.random() < 0.05 for _ in range(new - new_online))
            new_direct = new - new_online - new_post
            available = carried[field] + new
            pending_within = min(available, round(new * rng.uniform(0.12, 0.25)))
            pending_overdue = (
                1 if available > pending_within and rng.random() < 0.12 else 0
            )
            resolved = available - pending_within - pending_overdue
            late = sum(rng.random() < 0.025 for _ in range(resolved))
            early = round((resolved - late) * rng.uniform(0.25, 0.45))
            on_time = resolved - late - early
            records.append(
                {
                    "id": f"demo-dossier-{YEAR}-{month:02d}-{number}",
                    "year": YEAR,
                    "month": month,
                    "procedure_field": field,
                    "carried_over": carried[field],
                    "new_online": new_online,
                    "new_direct": new_direct,
                    "new_post": new_post,
                    "resolved_early": early,
                    "resolved_on_time": on_time,
                    "resolved_late": late,
                    "pending_within": pending_within,
                    "pending_overdue": pending_overdue,
                    "apology_letters": late + pending_overdue,
                    "online_level3": online3,
                    "online_level4": online4,
                    "is_demo": True,
                }
            )
            carried[field] = pending_within + pending_overdue
    return records


# --- indices -------------------------------------------------------------------------------

# (name, scope, max score, ranked units, {year: (score, rank)}, source url pattern).
_INDICES: tuple[tuple[str, str, float, int, dict[int, tuple[float, int]], str], ...] = (
    ("PAR INDEX", "Sở", 100.0, 20, {2015: (79.62, 8), 2016: (83.15, 5), 2017: (86.4, 3)},
     ("https://sonoivu.khanhhoa.gov.vn/cai-cach-hanh-chinh/chi-so-cai-cach-hanh-chinh-"
     "cac-so-nganh-nam-{year}")),
    ("SIPAS", "Sở", 100.0, 20, {2015: (78.4, 7), 2016: (81.9, 6), 2017: (85.2, 4)},
     "https://sonoivu.khanhhoa.gov.vn/cai-cach-hanh-chinh/chi-so-hai-long-nam-{year}"),
    ("PCI", "Tỉnh", 100.0, 63, {2015: (59.82, 26), 2016: (61.2, 21), 2017: (63.05, 18)},
     "https://pcivietnam.vn/ho-so-tinh/khanh-hoa?nam={year}"),
    ("PAPI", "Tỉnh", 60.0, 63, {2015: (35.1, 40), 2016: (35.6, 38), 2017: (36.2, 33)},
     "https://papi.org.vn/bao-cao-papi-{year}"),
)  # fmt: skip


def _indices() -> list[Record]:
    """Synthetic index scores and rankings for 2015–2017."""
    records: list[Record] = []
    for name, scope, max_score, ranked, by_year, url in _INDICES:
        for year, (score, rank) in by_year.items():
            records.append(
                {
                    "id": f"demo-index-{year}-{_slug(name)}",
                    "year": year,
                    "index_name": name,
                    "scope": scope,
                    "score": score,
                    "max_score": max_score,
                    "rank": rank,
                    "ranked_units": ranked,
                    "source_url": url.format(year=year),
                    "is_demo": True,
                }
            )
    return records


def demo_records() -> dict[str, list[Record]]:
    """The whole demo dataset, keyed by tab key."""
    return {
        "plans": _plans(),
        "tasks": _tasks(),
        "activities": _activities(),
        "units": _units(),
        "survey_responses": _survey_responses(),
        "feedback": _feedback(),
        "dossiers": _dossiers(),
        "indices": _indices(),
    }
