"""The report's heading and closing blocks: who issues it, its number, place and date, who
signs it and who receives it, as NĐ 30/2020/NĐ-CP (Phụ lục I) lays them out.

Values come from settings; what is not set is read from the data (the newest plan's agency,
number and signer: "Sở Công Thương tỉnh Khánh Hòa" gives "UBND TỈNH KHÁNH HÒA", "SỞ CÔNG
THƯƠNG" and "Khánh Hòa"; "21/KH-SCT" gives "BC-SCT"), and what cannot be read stays a visible
"[…]" for the clerk to fill. Nothing about one agency is written here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from reform.i18n import t
from reform.report_period import REPORT_LANG

# "Sở Công Thương tỉnh Khánh Hòa", "Sở Tài chính thành phố Đà Nẵng", "… TP. Hồ Chí Minh".
_LOCALITY = re.compile(r"^(?P<agency>.+?)\s+(?P<kind>tỉnh|thành phố|tp\.?)\s+(?P<name>.+)$", re.I)
_PLAN_SUFFIX = re.compile(r"/\s*KH\s*-\s*(?P<rest>[^\s/]+)\s*$", re.I)
_LIST_SEPARATORS = re.compile(r"[;\n]+")
CLERK_SPACE = "\u00a0" * 7  # the blank before "/BC-…" that the clerk fills with the number


@dataclass(frozen=True)
class ReportHeading:
    parent_agency: str  # "UBND TỈNH KHÁNH HÒA"
    agency: str  # "Sở Công Thương": uppercase in the heading, as is in the text
    number: str  # "" leaves the space for the clerk
    number_suffix: str  # "BC-SCT"
    place: str  # "Khánh Hòa"
    date: dt.date
    signer: str
    signer_title: tuple[str, ...]  # ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    recipients: tuple[str, ...]  # the last one is the archive line, "Lưu: VT"

    @property
    def number_line(self) -> str:
        """ "Số:       /BC-SCT", or "Số: 12/BC-SCT" when the number is set."""
        if "/" in self.number:
            return f"Số: {self.number}"
        number = self.number or CLERK_SPACE
        return f"Số: {number}/{self.number_suffix}"

    @property
    def date_line(self) -> str:
        """ "Khánh Hòa, ngày 05 tháng 01 năm 2018"."""
        return f"{self.place}, {document_date(self.date)}"


def document_date(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2018", "ngày 15 tháng 4 năm 2017".

    NĐ 30/2020/NĐ-CP, Phụ lục I, mục II.5.b: a day below 10 and the months 1 and 2 are
    written with a leading 0 (so that nobody can add a digit in front of them).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _clean(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def agency_name(configured: object, plans: pd.DataFrame | None) -> str:
    """The agency from the agency_name setting, else from the newest plan's row."""
    name = _clean(configured)
    if name or plans is None or plans.empty:
        return name
    newest = plans.sort_values("year", ascending=False)
    return next((a for a in map(_clean, newest["agency"]) if a), "")


def _newest(plans: pd.DataFrame | None, column: str) -> str:
    if plans is None or plans.empty:
        return ""
    newest = plans.sort_values(["year", "issued_on"], ascending=False, na_position="last")
    return next((v for v in map(_clean, newest[column]) if v), "")


def split_agency(name: str) -> tuple[str, str, str]:
    """ "Sở Công Thương tỉnh Khánh Hòa" → ("Sở Công Thương", "tỉnh", "Khánh Hòa");
    ("Văn phòng", "", "") when no province or city is named."""
    match = _LOCALITY.match(_clean(name))
    if not match:
        return _clean(name), "", ""
    kind = match.group("kind").lower()
    kind = "thành phố" if kind.startswith("tp") else kind
    return match.group("agency"), kind, match.group("name")


def split_list(text: object) -> tuple[str, ...]:
    """A setting's list: items separated by ";" or new lines."""
    return tuple(_clean(p) for p in _LIST_SEPARATORS.split(str(text or "")) if _clean(p))


def _placeholder(key: str) -> str:
    return t(f"report.placeholder.{key}", REPORT_LANG)


def _recipients(text: object) -> tuple[str, ...]:
    """The setting's recipients, else Sở Nội vụ (it receives CCHC reports); then the archive."""
    items = split_list(text) or (t("report.default_recipient", REPORT_LANG),)
    if not any(i.casefold().startswith("lưu") for i in items):
        items = (*items, t("report.archive", REPORT_LANG))
    return items


def report_heading(
    agency: str,
    plans: pd.DataFrame | None,
    date: dt.date,
    *,
    parent_agency: str = "",
    number_suffix: str = "",
    number: str = "",
    place: str = "",
    signer: str = "",
    signer_title: str = "",
    recipients: str = "",
) -> ReportHeading:
    """The heading from the settings' values, read from the data where they are empty."""
    short, kind, locality = split_agency(agency)
    derived_parent = f"UBND {kind} {locality}".upper() if locality else ""
    suffix_match = _PLAN_SUFFIX.search(_newest(plans, "number"))
    derived_suffix = f"BC-{suffix_match.group('rest').upper()}" if suffix_match else ""
    # The head of a Sở is its Giám đốc; any other agency's title is left for the user.
    derived_title = "GIÁM ĐỐC" if short.casefold().startswith("sở ") else ""
    titles = split_list(signer_title) or (derived_title or _placeholder("signer_title"),)
    return ReportHeading(
        parent_agency=_clean(parent_agency) or derived_parent or _placeholder("parent_agency"),
        agency=short or _placeholder("agency"),
        number=_clean(number),
        number_suffix=_clean(number_suffix) or derived_suffix or _placeholder("number_suffix"),
        place=_clean(place) or locality or _placeholder("place"),
        date=date,
        signer=_clean(signer) or _newest(plans, "signer") or _placeholder("signer"),
        signer_title=titles,
        recipients=_recipients(recipients),
    )
