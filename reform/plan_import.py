"""Import a plan's appendix task table from pasted text (tab-separated) or a .docx file.

Pure Python: no Streamlit, pandas or SQL. python-docx is imported lazily by the .docx reader.
Every interpretation the parser makes is recorded as an `Assumption`, in Vietnamese and English.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from reform.locale import fold

__all__ = [
    "FIELDS",
    "Assumption",
    "ParsedPlan",
    "ParsedTask",
    "PlanImportError",
    "parse_plan_docx",
    "parse_plan_text",
]

# Task fields filled from table columns, in output order.
FIELDS = ("number", "content", "deadline_text", "lead_unit", "support_units", "method")
REQUIRED_FIELDS = ("number", "content", "deadline_text", "lead_unit")

_FIELD_LABELS_VI = {
    "number": "STT",
    "content": "nội dung",
    "deadline_text": "thời gian hoàn thành",
    "lead_unit": "chủ trì",
    "support_units": "phối hợp",
    "method": "thực hiện",
}

_HTML_TAG = re.compile(r"<[^<>]*>")
_NUMBER = re.compile(r"^(\d{1,3})\s*[.)]?$")
_ROMAN = re.compile(r"^(?P<roman>[IVXLC]+)\s*(?:[.):]\s*|\s+|$)(?P<title>.*)$")
_SEPARATOR = re.compile(r"^[-_=–—.*\s]+$")
_BULLET = re.compile(r"(?:^|\s)[-–•+]\s+")
_SPACES = re.compile(r"\s+")
_PLAN_NUMBER = re.compile(r"\bs[ố]\s*:?\s*(\d+)\s*/\s*(KH[-A-ZĐ0-9]*)", re.IGNORECASE)
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SHORT_DATE = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_BODY_ITEM = re.compile(r"^(\d{1,2})[.)]\s+(.{3,150}?)\s*:?\s*$")


class PlanImportError(ValueError):
    """Raised when no task table with the required headers is found."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        """Keep both the Vietnamese and the English message."""
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.message_en = message_en


@dataclass
class ParsedTask:
    """One task row of the appendix table, after cleaning and renumbering."""

    section: str
    number: int
    content: str
    deadline_text: str
    lead_unit: str | None
    support_units: str | None
    method: str | None
    # Line numbers (text) or 1-based table row numbers (docx); not part of equality.
    source_rows: list[int] = field(default_factory=list, compare=False)

    @property
    def ref(self) -> str:
        """Task reference such as "II.3"."""
        return f"{self.section}.{self.number}"


@dataclass
class Assumption:
    """One interpretation the parser made, explained in Vietnamese and English."""

    kind: str
    message: str
    message_en: str
    # Line numbers (text) or 1-based table row numbers (docx) the assumption is about.
    rows: list[int] = field(default_factory=list)


@dataclass
class ParsedPlan:
    """The tasks, the assumptions made, the column mapping and the plan's metadata."""

    tasks: list[ParsedTask]
    # Assumptions depend on the source's layout (blank lines, junk after the table), so two
    # sources of the same table compare equal even if their assumption lists differ.
    assumptions: list[Assumption] = field(default_factory=list, compare=False)
    columns: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str | None] = field(default_factory=dict)
    number: str | None = None
    date: dt.date | None = None
    year: int | None = None
    title: str | None = None

    def assumptions_of(self, kind: str) -> list[Assumption]:
        """Assumptions of one kind."""
        return [item for item in self.assumptions if item.kind == kind]


@dataclass
class _Row:
    """A table row as cell texts, with where it came from."""

    cells: list[str]
    ref: int
    merged_across: bool = False


@dataclass
class _Draft:
    """A task being assembled from one or more rows."""

    section: str
    number: int
    values: dict[str, list[str]]
    rows: list[int]


# --- public API ------------------------------------------------------------------------------


def parse_plan_text(text: str) -> ParsedPlan:
    """Parse a plan pasted from Word or uploaded as tab-separated text."""
    text = _clean_text(text)
    lines = text.split("\n")
    rows = [
        _Row([cell.strip() for cell in line.split("\t")], number)
        for number, line in enumerate(lines, start=1)
    ]
    return _parse(rows, lines, source="text")


def parse_plan_docx(path_or_file: str | os.PathLike[str] | IO[bytes]) -> ParsedPlan:
    """Parse a plan from a .docx file: the task table and the paragraphs' metadata."""
    import docx  # lazy: only this reader needs python-docx

    if isinstance(path_or_file, os.PathLike):
        path_or_file = os.fspath(path_or_file)
    document = docx.Document(path_or_file)
    paragraphs = [_clean_text(paragraph.text) for paragraph in document.paragraphs]
    lines = [line for paragraph in paragraphs for line in paragraph.split("\n")]
    last_error: PlanImportError | None = None
    for table in document.tables:
        rows = _docx_rows(table)
        try:
            return _parse(rows, lines, source="docx")
        except PlanImportError as error:
            last_error = error
    if last_error is not None:
        raise last_error
    raise PlanImportError("Tài liệu không có bảng nào.", "The document contains no table.")


# --- readers ---------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    """Normalize line endings, non-breaking spaces and Unicode form (NFC)."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def _docx_rows(table: Any) -> list[_Row]:
    """Rows of a python-docx table as a grid, blanking the repeats of merged cells."""
    rows: list[_Row] = []
    above: list[Any] = []
    for index, row in enumerate(table.rows, start=1):
        tcs: list[Any] = [None] * row.grid_cols_before
        texts: list[str] = [""] * row.grid_cols_before
        for cell in row.cells:
            tc = cell._tc
            col = len(tcs)
            repeat = (tcs and tcs[-1] is tc) or (col < len(above) and above[col] is tc)
            tcs.append(tc)
            texts.append("" if repeat else _clean_text(cell.text).strip())
        tcs.extend([None] * row.grid_cols_after)
        texts.extend([""] * row.grid_cols_after)
        real = [tc for tc in tcs if tc is not None]
        merged = len(real) > 1 and all(tc is real[0] for tc in real)
        rows.append(_Row(texts, index, merged_across=merged))
        above = tcs
    return rows


# --- header ----------------------------------------------------------------------------------


def _field_of(label: str) -> str | None:
    """The task field a header label names, if any."""
    key = fold(label).strip(" .:")
    if not key:
        return None
    if key in {"stt", "tt", "so tt", "so thu tu"}:
        return "number"
    if "chu tri" in key:
        return "lead_unit"
    if "phoi hop" in key:
        return "support_units"
    if any(word in key for word in ("thoi gian", "thoi han", "tien do")):
        return "deadline_text"
    if "noi dung" in key or "nhiem vu" in key:
        return "content"
    if key in {"thuc hien", "cach thuc thuc hien", "hinh thuc thuc hien", "bien phap"}:
        return "method"
    if "ket qua du kien" in key or "hinh thuc" in key or "cach thuc" in key:
        return "method"
    return None


def _find_header(rows: Sequence[_Row]) -> tuple[int, int, dict[str, int], dict[str, str]] | None:
    """Locate the header: (first row index, row count, field -> column, field -> label)."""
    for index, row in enumerate(rows):
        found = {_field_of(cell) for cell in row.cells}
        if "number" not in found or "content" not in found:
            continue
        header_rows = [row]
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is not None and _is_subheader(following, row):
            header_rows.append(following)
        width = max(len(item.cells) for item in header_rows)
        mapping: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col in range(width):
            parts = [item.cells[col] for item in header_rows if col < len(item.cells)]
            parts = [part for part in parts if part]
            for part in reversed(parts):  # the sub-header is the more specific label
                name = _field_of(part)
                if name is not None and name not in mapping:
                    mapping[name] = col
                    labels[name] = " / ".join(_SPACES.sub(" ", part) for part in parts)
                    break
        if all(name in mapping for name in REQUIRED_FIELDS):
            return index, len(header_rows), mapping, labels
    return None


def _is_subheader(row: _Row, header: _Row) -> bool:
    """Whether a row continues a two-row header (CHỦ TRÌ / PHỐI HỢP under a merged cell)."""
    names = [_field_of(cell) for cell in row.cells if cell]
    if not names or any(name is None for name in names):
        return False
    new = {name for name in names} - {_field_of(cell) for cell in header.cells}
    return bool(new) or all(
        not cell or (col < len(header.cells) and cell == header.cells[col])
        for col, cell in enumerate(row.cells)
    )


# --- body ------------------------------------------------------------------------------------


def _parse(rows: Sequence[_Row], lines: Sequence[str], source: str) -> ParsedPlan:
    """Parse rows (text lines or docx table rows) into a plan."""
    header = _find_header(rows)
    if header is None:
        raise PlanImportError(
            "Không tìm thấy bảng nhiệm vụ: cần các cột STT, NỘI DUNG/NHIỆM VỤ, THỜI GIAN "
            "HOÀN THÀNH và CHỦ TRÌ (thêm PHỐI HỢP, THỰC HIỆN hoặc KẾT QUẢ DỰ KIẾN nếu có).",
            "No task table found: it needs the columns STT, NỘI DUNG/NHIỆM VỤ, THỜI GIAN "
            "HOÀN THÀNH and CHỦ TRÌ (plus PHỐI HỢP, THỰC HIỆN or KẾT QUẢ DỰ KIẾN if present).",
        )
    start, height, mapping, labels = header
    header_refs = [rows[start + offset].ref for offset in range(height)]
    unit = "dòng" if source == "text" else "hàng"
    assumptions = [
        Assumption(
            "header_found",
            f"Tìm thấy bảng nhiệm vụ; tiêu đề bảng gồm {height} {unit}. Cột: "
            + "; ".join(
                f"{labels[name]} → {_FIELD_LABELS_VI[name]}" for name in FIELDS if name in labels
            )
            + ".",
            f"Found the task table; its header spans {height} "
            + ("line(s)" if source == "text" else "row(s)")
            + ". Columns: "
            + "; ".join(f"{labels[name]} → {name}" for name in FIELDS if name in labels)
            + ".",
            header_refs,
        )
    ]
    parser = _BodyParser(mapping, assumptions)
    parser.run(rows[start + height :])
    sections = parser.sections
    missing = [roman for roman, title in sections.items() if title is None]
    for roman in missing:
        sections[roman] = _infer_section_title(
            roman, sections, lines[: _first_table_line(lines, rows, start, source)]
        )
    parser.report_inferred_sections()
    tasks = parser.tasks()
    number, date, year, title = _metadata(lines)
    return ParsedPlan(
        tasks=tasks,
        assumptions=parser.assumptions,
        columns={name: labels[name] for name in FIELDS if name in labels},
        sections=sections,
        number=number,
        date=date,
        year=year,
        title=title,
    )


def _first_table_line(lines: Sequence[str], rows: Sequence[_Row], start: int, source: str) -> int:
    """How many leading lines are body text before the table (all of them for docx)."""
    return rows[start].ref - 1 if source == "text" else len(lines)


class _BodyParser:
    """Walks the table body row by row and builds the tasks."""

    def __init__(self, mapping: dict[str, int], assumptions: list[Assumption]) -> None:
        """Start with the column mapping and the assumptions found so far."""
        self.mapping = mapping
        self.assumptions = assumptions
        self.drafts: list[_Draft] = []
        self.sections: dict[str, str | None] = {}
        self.inferred: dict[str, list[int]] = {}
        self.section: str | None = None
        self.blank_rows: list[int] = []
        self.printed: dict[int, int] = {}  # id(draft) -> number as printed

    def run(self, rows: Iterable[_Row]) -> None:
        """Classify every row: section, task, continuation, or skipped."""
        rows = list(rows)
        for position, row in enumerate(rows):
            cells = [cell for cell in row.cells if cell]
            if not cells:
                self.blank_rows.append(row.ref)
                continue
            if all(_SEPARATOR.match(cell) for cell in cells):
                self._skip(row, "dòng phân cách (chỉ có dấu gạch)", "a separator row (dashes only)")
                continue
            if self._section_row(row, cells):
                continue
            if len(row.cells) == 1:
                # A line without tabs that is not a section header is not part of the table.
                later = any(len(other.cells) > 1 for other in rows[position + 1 :])
                if later:
                    self._skip(row, "dòng không có cột (không có tab)", "a line without columns")
                else:
                    self._skip(row, "văn bản sau bảng", "text after the table")
                continue
            self._task_row(row, self._cell(row, "number"))
        if self.blank_rows:
            self.assumptions.append(
                Assumption(
                    "row_skipped",
                    f"Bỏ qua {len(self.blank_rows)} dòng trống trong bảng.",
                    f"Skipped {len(self.blank_rows)} empty row(s) in the table.",
                    list(self.blank_rows),
                )
            )

    def _cell(self, row: _Row, name: str) -> str:
        """The raw cell of one field in a row ('' when absent)."""
        col = self.mapping.get(name)
        if col is None or col >= len(row.cells):
            return ""
        return row.cells[col]

    def _skip(self, row: _Row, reason_vi: str, reason_en: str) -> None:
        """Record a skipped row."""
        preview = _SPACES.sub(" ", " ".join(cell for cell in row.cells if cell))[:60]
        self.assumptions.append(
            Assumption(
                "row_skipped",
                f"Bỏ qua {reason_vi}: “{preview}”.",
                f"Skipped {reason_en}: “{preview}”.",
                [row.ref],
            )
        )

    def _section_row(self, row: _Row, cells: list[str]) -> bool:
        """Handle a section row ("II. …" alone, "II." in the STT cell, or merged across)."""
        number_cell = self._cell(row, "number")
        match = None
        title = ""
        if number_cell and _ROMAN.match(number_cell) and not _NUMBER.match(number_cell):
            match = _ROMAN.match(number_cell)
            rest = [cell for cell in cells if cell != number_cell]
            title = " ".join([match.group("title"), *rest]) if match else ""
        elif len(cells) == 1:
            match = _ROMAN.match(cells[0])
            title = match.group("title") if match else cells[0]
        if match is not None and _roman_value(match.group("roman")) is None:
            match = None
        if match is None and not (row.merged_across and len(cells) == 1):
            return False
        if match is not None:
            roman = match.group("roman")
        else:
            roman = _to_roman(len(self.sections) + 1)
            self.assumptions.append(
                Assumption(
                    "section_inferred",
                    f"Dòng gộp ngang “{cells[0][:60]}” được coi là tiêu đề mục {roman}.",
                    f"The merged row “{cells[0][:60]}” is taken as the header of section {roman}.",
                    [row.ref],
                )
            )
        self.section = roman
        self.sections[roman] = _normalize_inline(_strip_html(title)[0]) or None
        return True

    def _task_row(self, row: _Row, number_cell: str) -> None:
        """Start a new task or continue the previous one."""
        values = {name: self._cell(row, name) for name in FIELDS if name != "number"}
        html_fields = [name for name, value in values.items() if _HTML_TAG.search(value)]
        if html_fields:
            names_vi = ", ".join(_FIELD_LABELS_VI[name] for name in html_fields)
            self.assumptions.append(
                Assumption(
                    "html_removed",
                    f"Đã bỏ thẻ HTML còn sót (như <ul …>) trong ô: {names_vi}.",
                    "Removed leftover HTML tags (such as <ul …>) from the cell(s): "
                    + ", ".join(html_fields)
                    + ".",
                    [row.ref],
                )
            )
        number_match = _NUMBER.match(number_cell)
        previous = self.drafts[-1] if self.drafts else None
        if (
            number_match is None
            and previous is not None
            and not values["deadline_text"]
            and not values["lead_unit"]
        ):
            self._continue(previous, row, values, number_cell)
            return
        section = self._section_for(row, number_match)
        in_section = [draft for draft in self.drafts if draft.section == section]
        expected = in_section[-1].number + 1 if in_section else 1
        if number_match is None:
            self.assumptions.append(
                Assumption(
                    "renumbered",
                    f"Dòng không có số thứ tự nhưng có thời hạn/đơn vị chủ trì: coi là nhiệm "
                    f"vụ mới {section}.{expected}.",
                    f"A row without a number but with a deadline or lead unit is taken as a "
                    f"new task {section}.{expected}.",
                    [row.ref],
                )
            )
        else:
            printed = int(number_match.group(1))
            if printed != expected:
                shifted = bool(in_section) and self.printed.get(id(in_section[-1])) == printed - 1
                duplicate = any(draft.number == printed for draft in in_section)
                if shifted:
                    why_vi = "dời theo số đã sửa ở dòng trên"
                    why_en = "shifts after the correction above"
                elif duplicate:
                    why_vi = "trùng với nhiệm vụ trước"
                    why_en = "duplicates an earlier task"
                else:
                    why_vi = "không liền mạch"
                    why_en = "breaks the sequence"
                self.assumptions.append(
                    Assumption(
                        "renumbered",
                        f"Mục {section}: số thứ tự “{number_cell}” {why_vi}; đánh lại thành "
                        f"{expected} theo thứ tự các dòng.",
                        f"Section {section}: number “{number_cell}” {why_en}; renumbered "
                        f"{expected} by row order.",
                        [row.ref],
                    )
                )
        draft = _Draft(
            section, expected, {name: [value] for name, value in values.items()}, [row.ref]
        )
        if number_match is not None:
            self.printed[id(draft)] = int(number_match.group(1))
        self.drafts.append(draft)

    def _section_for(self, row: _Row, number_match: re.Match[str] | None) -> str:
        """The section a new task belongs to, inferring a missing section header."""
        if self.section is None:
            self.section = _to_roman(1)
            self.sections.setdefault(self.section, None)
            self.inferred.setdefault(self.section, []).append(row.ref)
            return self.section
        restarts = number_match is not None and int(number_match.group(1)) == 1
        current = [draft for draft in self.drafts if draft.section == self.section]
        if restarts and current:
            value = _roman_value(self.section) or len(self.sections)
            self.section = _to_roman(value + 1)
            self.sections.setdefault(self.section, None)
            self.inferred.setdefault(self.section, []).append(row.ref)
        elif self.section in self.inferred:
            self.inferred[self.section].append(row.ref)
        return self.section

    def _continue(self, previous: _Draft, row: _Row, values: dict[str, str], stt: str) -> None:
        """Merge an unnumbered row without deadline or lead unit into the previous task."""
        for name, value in values.items():
            if value:
                previous.values[name].append(value)
        previous.rows.append(row.ref)
        shown = f" (“{stt}”)" if stt else ""
        ref = f"{previous.section}.{previous.number}"
        self.assumptions.append(
            Assumption(
                "continuation_merged",
                f"Dòng không có số thứ tự{shown}, thời hạn và đơn vị chủ trì được coi là phần "
                f"tiếp theo của nhiệm vụ {ref} (bị tách do ngắt trang) và gộp vào.",
                f"A row without number{shown}, deadline or lead unit is taken as the rest of "
                f"task {ref} (split by a page break) and merged into it.",
                [row.ref],
            )
        )

    def report_inferred_sections(self) -> None:
        """Record one assumption per section whose header row was missing."""
        for roman, refs in self.inferred.items():
            numbers = [draft.number for draft in self.drafts if draft.section == roman]
            span = f"{min(numbers)}–{max(numbers)}" if numbers else "?"
            title = self.sections.get(roman)
            named_vi = f" (“{title}”, tên lấy từ phần nội dung kế hoạch)" if title else ""
            named_en = f" (“{title}”, named after the plan's body)" if title else ""
            self.assumptions.append(
                Assumption(
                    "section_inferred",
                    f"Bảng thiếu dòng tiêu đề mục {roman}: các nhiệm vụ {span} được xếp vào "
                    f"mục {roman}{named_vi}.",
                    f"The table lacks the header row of section {roman}: tasks {span} are put "
                    f"in section {roman}{named_en}.",
                    refs[:1],
                )
            )

    def tasks(self) -> list[ParsedTask]:
        """The finished tasks with clean text."""
        result = []
        for draft in self.drafts:
            cleaned = {name: _clean_cell(parts) for name, parts in draft.values.items()}
            result.append(
                ParsedTask(
                    section=draft.section,
                    number=draft.number,
                    content=cleaned["content"] or "",
                    deadline_text=cleaned["deadline_text"] or "",
                    lead_unit=cleaned["lead_unit"],
                    support_units=cleaned["support_units"],
                    method=cleaned["method"],
                    source_rows=list(draft.rows),
                )
            )
        return result


# --- cell text -------------------------------------------------------------------------------


def _strip_html(text: str) -> tuple[str, bool]:
    """Remove HTML tags and entities; say whether any tag was found."""
    found = bool(_HTML_TAG.search(text))
    return html.unescape(_HTML_TAG.sub(" ", text)), found


def _normalize_inline(text: str) -> str:
    """Collapse whitespace to single spaces."""
    return _SPACES.sub(" ", text).strip()


def _split_bullets(line: str) -> list[tuple[bool, str]]:
    """Split one line into (is_bullet, text) segments at "- " markers before a capital."""
    cuts: list[tuple[int, int]] = []
    for match in _BULLET.finditer(line):
        end = match.end()
        if match.start() == 0 or (end < len(line) and line[end].isupper()):
            cuts.append((match.start(), end))
    if not cuts:
        return [(False, line)]
    segments: list[tuple[bool, str]] = []
    if line[: cuts[0][0]].strip():
        segments.append((False, line[: cuts[0][0]]))
    for index, (_, end) in enumerate(cuts):
        stop = cuts[index + 1][0] if index + 1 < len(cuts) else len(line)
        segments.append((True, line[end:stop]))
    return segments


def _clean_cell(parts: Sequence[str]) -> str | None:
    """Clean cell text: no HTML, bullets one per line as "- …", whitespace normalised."""
    text = "\n".join(part for part in parts if part and part.strip())
    text = _strip_html(text)[0]
    segments: list[tuple[bool, str]] = []
    for line in text.split("\n"):
        if line.strip():
            segments.extend(_split_bullets(line.strip()))
    if not segments:
        return None
    if not any(is_bullet for is_bullet, _ in segments):
        return _normalize_inline(" ".join(piece for _, piece in segments)) or None
    lines: list[str] = []
    for is_bullet, piece in segments:
        piece = _normalize_inline(piece)
        if not piece:
            continue
        if is_bullet:
            lines.append(f"- {piece}")
        elif lines and lines[-1].startswith("- "):
            lines[-1] = f"{lines[-1]} {piece}"  # wrapped text of the previous bullet
        else:
            lines.append(piece)
    return "\n".join(lines) or None


# --- sections and metadata -------------------------------------------------------------------


def _roman_value(roman: str) -> int | None:
    """The value of a Roman numeral up to 399, or None if it is not well formed."""
    for value in range(1, 400):
        if _to_roman(value) == roman.upper():
            return value
    return None


def _to_roman(value: int) -> str:
    """A Roman numeral for a positive integer."""
    result = ""
    for amount, symbol in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= amount:
            result += symbol
            value -= amount
    return result


def _infer_section_title(
    roman: str, sections: dict[str, str | None], lines: Sequence[str]
) -> str | None:
    """Name a section without header from the plan's body, by its neighbours' numbering."""
    items = []
    for index, line in enumerate(lines):
        match = _BODY_ITEM.match(line.strip())
        if match:
            items.append((index, int(match.group(1)), match.group(2).strip().rstrip(":")))
    target = _roman_value(roman)
    if target is None:
        return None
    for other, title in sections.items():
        other_value = _roman_value(other)
        if title is None or other_value is None or other_value == target:
            continue
        for position, (_, number, text) in enumerate(items):
            if fold(text).strip(" .:") != fold(title).strip(" .:"):
                continue
            wanted = number + (target - other_value)
            neighbours = items[:position] if target < other_value else items[position + 1 :]
            ordered = reversed(neighbours) if target < other_value else iter(neighbours)
            for _, candidate_number, candidate in ordered:
                if candidate_number == wanted:
                    return candidate
    return None


def _metadata(lines: Sequence[str]) -> tuple[str | None, dt.date | None, int | None, str | None]:
    """Plan number, issue date, year and title found in the text lines."""
    number = None
    date = None
    for line in lines:
        match = _PLAN_NUMBER.search(line)
        if match:
            number = f"{match.group(1)}/{match.group(2).upper()}"
            date = _find_date(line[match.end() :])
            break
    if date is None:
        for line in lines:
            found = _LONG_DATE.search(line)
            if found:
                date = _make_date(found)
                if date is not None:
                    break
    title = _find_title(lines)
    year = date.year if date else None
    if year is None and title:
        found_year = _YEAR.search(title)
        year = int(found_year.group(1)) if found_year else None
    return number, date, year, title


def _find_date(text: str) -> dt.date | None:
    """The first "ngày 05 tháng 4 năm 2017" or "ngày 05/4/2017" date in a text."""
    for pattern in (_LONG_DATE, _SHORT_DATE):
        match = pattern.search(text)
        if match:
            return _make_date(match)
    return None


def _make_date(match: re.Match[str]) -> dt.date | None:
    """A date from day, month, year groups, or None if invalid."""
    day, month, year = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _find_title(lines: Sequence[str]) -> str | None:
    """The title: the "KẾ HOẠCH" heading and the lines that follow it up to a blank line."""
    for index, line in enumerate(lines):
        key = fold(line).strip(" *")
        if not key.startswith("ke hoach") or len(key) > 200 or "so" in key.split()[:4]:
            continue
        rest = line.strip(" *")[len("KẾ HOẠCH") :].strip()
        parts = [rest] if rest else []
        for following in lines[index + 1 : index + 4]:
            stripped = following.strip(" *")
            if not stripped or fold(stripped).startswith("can cu"):
                break
            parts.append(stripped)
        if not parts:
            continue
        body = _normalize_inline(
            " ".join(
                part.lower() if part.isupper() else part[:1].lower() + part[1:] for part in parts
            )
        )
        return f"Kế hoạch {body}"
    return None
