"""Tab schemas: every tab's name, its fields, their sheet headers, types and rules.

A field has a code that the code uses (`due_date`) and a Vietnamese header label that
staff see in the sheet (`Hạn hoàn thành`). Tab names and labels are the ones staff already use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"
    BOOL = "bool"
    URL = "url"
    PHONE = "phone"


@dataclass(frozen=True)
class Field:
    """One column of a tab."""

    code: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    personal: bool = False  # name, phone, email, address: never on a public page
    min_value: float | None = None
    max_value: float | None = None
    max_length: int | None = None
    system: bool = False  # id, version, updated_at, archived, is_demo: kept by the store
    plain: bool = False  # a year, month or list number: shown without thousands separators


@dataclass(frozen=True)
class TabSchema:
    """One tab of the workbook."""

    key: str
    name: str
    fields: tuple[Field, ...]
    description: str = ""
    _by_code: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        codes = [f.code for f in self.fields]
        if len(set(codes)) != len(codes):
            raise ValueError(f"duplicate field code in tab {self.name}")
        self._by_code.update({f.code: f for f in self.fields})

    def field(self, code: str) -> Field:
        """The field with this code."""
        return self._by_code[code]

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.fields]

    @property
    def labels(self) -> list[str]:
        return [f.label for f in self.fields]

    @property
    def personal_codes(self) -> list[str]:
        return [f.code for f in self.fields if f.personal]


# Columns every tab has. `id` is stable across sorts and edits; `version` counts the app's
# writes to a row, so an edit based on an older read is detected instead of overwriting.
ID = Field("id", "ID", required=True, system=True)
VERSION = Field("version", "Phiên bản", FieldType.INTEGER, min_value=0, system=True, plain=True)
UPDATED_AT = Field("updated_at", "Cập nhật lúc", FieldType.DATETIME, system=True)
ARCHIVED = Field("archived", "Lưu trữ", FieldType.BOOL, system=True)
IS_DEMO = Field("is_demo", "Dữ liệu mẫu", FieldType.BOOL, system=True)
SYSTEM_FIELDS = (ID, VERSION, UPDATED_AT, ARCHIVED, IS_DEMO)

LONG_TEXT = 10_000  # Google Sheets holds at most 50,000 characters in a cell

TASK_STATUSES = ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Tạm dừng")
ACTIVITY_TYPES = (
    "Tin bài trên trang web",
    "Tờ rơi",
    "Pano/bảng",
    "Ngày Pháp luật",
    "Hội nghị/giao ban",
    "Văn bản qua E-office",
    "Email",
    "Khác",
)
# The five SIPAS factors (QĐ 2640/QĐ-BNV 2017; QĐ 1001/QĐ-BNV for 2023–2026).
SURVEY_FACTORS = (
    "Tiếp cận dịch vụ",
    "Thủ tục hành chính",
    "Công chức",
    "Kết quả giải quyết",
    "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị",
)
QUESTION_TYPES = ("Thang 1–5", "Có/Không", "Một lựa chọn", "Văn bản")
SURVEY_CHANNELS = ("Phiếu giấy", "Tại quầy (kiosk)", "Trực tuyến", "Email", "Google Forms")
RESPONDENT_TYPES = ("Cá nhân", "Doanh nghiệp")
FEEDBACK_CATEGORIES = ("Phản ánh", "Kiến nghị", "Vướng mắc", "Góp ý")
FEEDBACK_CHANNELS = (
    "Trực tiếp",
    "Điện thoại",
    "Email",
    "Văn bản/thư",
    "Trang web",
    "Hộp thư góp ý",
    "Đường dây nóng",
)
FEEDBACK_STATUSES = (
    "Mới",
    "Đang xử lý",
    "Đã trả lời",
    "Chuyển cơ quan có thẩm quyền",
    "Không xử lý",
)
FEEDBACK_CLOSED = ("Đã trả lời", "Chuyển cơ quan có thẩm quyền", "Không xử lý")
INDEX_SCOPES = ("Tỉnh", "Sở")
USER_ROLES = ("Xem", "Biên tập", "Quản trị")  # viewer (leadership), editor (staff), admin
AUDIT_ACTIONS = ("Thêm", "Sửa", "Lưu trữ", "Nhập", "Xóa dữ liệu mẫu")

# The default questionnaire's answer columns in Phiếu khảo sát: one column per question code,
# as in a Google Forms response tab. Questions added later arrive as extra columns and are
# kept; results are computed per question code.
DEFAULT_QUESTION_CODES = tuple(
    f"{prefix}{n}" for prefix in ("TC", "TT", "CC", "KQ", "PA") for n in (1, 2, 3)
)

T = FieldType


def _tab(key: str, name: str, fields: list[Field], description: str = "") -> TabSchema:
    return TabSchema(key, name, tuple([ID, *fields, *SYSTEM_FIELDS[1:]]), description)


PLANS = _tab(
    "plans",
    "Kế hoạch",
    [
        Field("number", "Số kế hoạch", required=True),
        Field("issued_on", "Ngày ban hành", T.DATE),
        Field("year", "Năm", T.INTEGER, required=True, min_value=2000, max_value=2100, plain=True),
        Field("title", "Tên kế hoạch", required=True, max_length=1000),
        Field("agency", "Cơ quan ban hành"),
        Field("signer", "Người ký"),
    ],
)

TASKS = _tab(
    "tasks",
    "Nhiệm vụ",
    [
        Field("plan_number", "Số kế hoạch", required=True),
        Field("year", "Năm", T.INTEGER, required=True, min_value=2000, max_value=2100, plain=True),
        Field("section", "Phần", T.CHOICE, required=True, choices=("I", "II", "III", "IV")),
        Field("number", "STT", T.INTEGER, required=True, min_value=1, plain=True),
        Field("content", "Nội dung, nhiệm vụ cụ thể", required=True, max_length=LONG_TEXT),
        Field("deadline_text", "Thời gian hoàn thành", max_length=1000),
        Field("due_date", "Hạn hoàn thành", T.DATE),
        Field("lead_unit", "Chủ trì", required=True),
        Field("support_units", "Phối hợp"),
        Field("method", "Thực hiện", max_length=LONG_TEXT),
        Field("status", "Trạng thái", T.CHOICE, choices=TASK_STATUSES),
        Field("progress", "Tiến độ (%)", T.INTEGER, min_value=0, max_value=100),
        Field("completed_on", "Ngày hoàn thành", T.DATE),
        Field("evidence_url", "Minh chứng", T.URL),
        Field("notes", "Ghi chú", max_length=LONG_TEXT),
        # Completion marks of a recurring task, one period each: "Quý I/2017; Tháng 5/2017".
        Field("periods_done", "Kỳ đã hoàn thành", max_length=2000),
    ],
)

ACTIVITIES = _tab(
    "activities",
    "Hoạt động",
    [
        Field("date", "Ngày", T.DATE, required=True),
        Field("type", "Loại hình", T.CHOICE, required=True, choices=ACTIVITY_TYPES),
        Field("title", "Nội dung", required=True, max_length=LONG_TEXT),
        Field("task_ref", "Nhiệm vụ"),
        Field("unit", "Đơn vị"),
        Field("quantity", "Số lượng", T.INTEGER, min_value=0),
        Field("evidence_url", "Minh chứng", T.URL),
        Field("note", "Ghi chú", max_length=LONG_TEXT),
    ],
)

UNITS = _tab(
    "units",
    "Đơn vị",
    [
        Field("name", "Tên đơn vị", required=True),
        Field("aliases", "Tên gọi khác"),
        Field("email", "Email"),
        Field("active", "Đang hoạt động", T.BOOL),
    ],
)

SURVEY_QUESTIONS = _tab(
    "survey_questions",
    "Câu hỏi khảo sát",
    [
        Field("code", "Mã câu hỏi", required=True),
        Field("factor", "Yếu tố", T.CHOICE, choices=SURVEY_FACTORS),
        Field("text_vi", "Câu hỏi", required=True, max_length=1000),
        Field("text_en", "Câu hỏi (tiếng Anh)", max_length=1000),
        Field("qtype", "Loại câu hỏi", T.CHOICE, required=True, choices=QUESTION_TYPES),
        Field("options", "Các lựa chọn", max_length=2000),
        Field("active", "Đang dùng", T.BOOL),
        Field("order", "Thứ tự", T.INTEGER, plain=True),
        # The column header this question has in a Google Forms response tab, remembered
        # from the last import's mapping screen.
        Field("forms_header", "Tiêu đề trên Google Forms", max_length=1000),
    ],
)

SURVEY_RESPONSES = _tab(
    "survey_responses",
    "Phiếu khảo sát",
    [
        Field("submitted_at", "Dấu thời gian", T.DATETIME, required=True),
        Field("channel", "Kênh", T.CHOICE, required=True, choices=SURVEY_CHANNELS),
        Field("procedure_field", "Lĩnh vực"),
        Field("respondent_type", "Đối tượng", T.CHOICE, choices=RESPONDENT_TYPES),
        *[
            Field(code, code, T.INTEGER, min_value=1, max_value=5)
            for code in DEFAULT_QUESTION_CODES
        ],
        Field("comment", "Ý kiến khác", max_length=LONG_TEXT),
        Field("contact", "Liên hệ (nếu đồng ý)", personal=True),
        Field("consent", "Đồng ý liên hệ", T.BOOL),
    ],
)

FEEDBACK = _tab(
    "feedback",
    "Phản ánh kiến nghị",
    [
        Field("code", "Mã tra cứu"),
        Field("received_on", "Ngày tiếp nhận", T.DATE, required=True),
        Field("category", "Loại", T.CHOICE, required=True, choices=FEEDBACK_CATEGORIES),
        Field("channel", "Kênh tiếp nhận", T.CHOICE, choices=FEEDBACK_CHANNELS),
        Field("subject", "Tiêu đề", max_length=500),
        Field("content", "Nội dung", required=True, max_length=LONG_TEXT),
        Field("procedure_field", "Lĩnh vực"),
        Field("sender_name", "Họ tên người gửi", personal=True),
        Field("sender_phone", "Điện thoại", T.PHONE, personal=True),
        Field("sender_email", "Email người gửi", personal=True),
        Field("sender_address", "Địa chỉ", personal=True),
        Field("sender_org", "Tổ chức, doanh nghiệp"),
        Field("assigned_unit", "Đơn vị xử lý"),
        Field("assignee", "Người xử lý"),
        Field("status", "Trạng thái", T.CHOICE, required=True, choices=FEEDBACK_STATUSES),
        Field("due_date", "Hạn trả lời", T.DATE),
        Field("answer", "Nội dung trả lời", max_length=LONG_TEXT),
        Field("answered_by", "Người trả lời"),
        Field("answered_on", "Ngày trả lời", T.DATE),
        Field("answer_doc_no", "Số văn bản trả lời"),
        Field("published", "Công khai", T.BOOL),
        Field("public_content", "Nội dung công khai", max_length=LONG_TEXT),
        Field("reason", "Lý do không xử lý", max_length=2000),
    ],
)

# One row per month and field (lĩnh vực). received = carried over + new online + new direct
# + new by post (BCCI); resolved = early + on time + late; pending = within deadline + overdue.
_COUNT = {"type": T.INTEGER, "min_value": 0}
DOSSIERS = _tab(
    "dossiers",
    "Hồ sơ một cửa",
    [
        Field("year", "Năm", T.INTEGER, required=True, min_value=2000, max_value=2100, plain=True),
        Field("month", "Tháng", T.INTEGER, required=True, min_value=1, max_value=12, plain=True),
        Field("procedure_field", "Lĩnh vực", required=True),
        Field("carried_over", "Kỳ trước chuyển sang", **_COUNT),
        Field("new_online", "Mới tiếp nhận trực tuyến", **_COUNT),
        Field("new_direct", "Mới tiếp nhận trực tiếp", **_COUNT),
        Field("new_post", "Mới tiếp nhận qua BCCI", **_COUNT),
        Field("resolved_early", "Giải quyết trước hạn", **_COUNT),
        Field("resolved_on_time", "Giải quyết đúng hạn", **_COUNT),
        Field("resolved_late", "Giải quyết quá hạn", **_COUNT),
        Field("pending_within", "Đang giải quyết trong hạn", **_COUNT),
        Field("pending_overdue", "Đang giải quyết quá hạn", **_COUNT),
        Field("apology_letters", "Phiếu xin lỗi và hẹn lại", **_COUNT),
        Field("online_level3", "DVC trực tuyến mức độ 3", **_COUNT),
        Field("online_level4", "DVC trực tuyến mức độ 4", **_COUNT),
    ],
)

INDICES = _tab(
    "indices",
    "Chỉ số",
    [
        Field("year", "Năm", T.INTEGER, required=True, min_value=2000, max_value=2100, plain=True),
        Field("index_name", "Chỉ số", required=True),
        Field("scope", "Phạm vi", T.CHOICE, required=True, choices=INDEX_SCOPES),
        Field("score", "Điểm", T.DECIMAL, min_value=0),
        Field("max_score", "Điểm tối đa", T.DECIMAL, min_value=0),
        Field("rank", "Xếp hạng", T.INTEGER, min_value=1),
        Field("ranked_units", "Số đơn vị xếp hạng", T.INTEGER, min_value=1),
        Field("source_url", "Nguồn", T.URL),
    ],
)

USERS = _tab(
    "users",
    "Người dùng",
    [
        Field("email", "Email", required=True),
        Field("name", "Họ tên"),
        Field("role", "Vai trò", T.CHOICE, required=True, choices=USER_ROLES),
        Field("unit", "Đơn vị"),
        Field("active", "Đang hoạt động", T.BOOL),
    ],
)

AUDIT = _tab(
    "audit",
    "Nhật ký",
    [
        Field("at", "Thời điểm", T.DATETIME, required=True),
        Field("actor", "Người thực hiện"),
        Field("action", "Thao tác", T.CHOICE, required=True, choices=AUDIT_ACTIONS),
        Field("tab", "Bảng", required=True),
        Field("record_id", "Mã bản ghi"),
        Field("changes", "Thay đổi", max_length=45_000),
    ],
)

TABS: tuple[TabSchema, ...] = (
    PLANS,
    TASKS,
    ACTIVITIES,
    UNITS,
    SURVEY_QUESTIONS,
    SURVEY_RESPONSES,
    FEEDBACK,
    DOSSIERS,
    INDICES,
    USERS,
    AUDIT,
)
TABS_BY_KEY: dict[str, TabSchema] = {t.key: t for t in TABS}


SCALE_TYPE = QUESTION_TYPES[0]
_ANSWER_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,29}")


def answer_field(code: str) -> Field:
    """The Phiếu khảo sát column of a 1–5 question: headed by the question's code."""
    return Field(code, code, FieldType.INTEGER, min_value=1, max_value=5)


def with_answer_columns(responses: TabSchema, question_codes: list[str]) -> TabSchema:
    """Phiếu khảo sát with a column for every 1–5 question of the questionnaire.

    Staff may add questions to Câu hỏi khảo sát at any time: each new code becomes an answer
    column (added at the end of the tab on the first answer), and old responses, which have
    no such column, simply have no answer to it. A code that is not a plain identifier, or
    that would clash with another column, is left out (the questionnaire's check says so).
    """
    taken = {c.casefold() for c in responses.codes} | {
        lab.casefold() for lab in responses.labels
    }
    extra = []
    for code in question_codes:
        code = str(code).strip()
        if _ANSWER_CODE.fullmatch(code) and code.casefold() not in taken:
            taken.add(code.casefold())
            extra.append(answer_field(code))
    if not extra:
        return responses
    system = [f for f in responses.fields if f.system and f.code != "id"]
    own = [f for f in responses.fields if not f.system or f.code == "id"]
    return TabSchema(
        responses.key, responses.name, tuple([*own, *extra, *system]), responses.description
    )


def tab(key: str) -> TabSchema:
    """The schema of the tab with this key (`tasks`, `feedback`, …)."""
    return TABS_BY_KEY[key]
