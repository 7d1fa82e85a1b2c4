"""The period a report covers: a quarter, a half-year or a year, as "2017-Q2", "2017-H1"
or "2017" on the command line and "quý II năm 2017" in the document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reform.i18n import t
from reform.metrics import ROMAN, quarter_period

REPORT_LANG = "vi"  # an official document: always Vietnamese
_PERIOD = re.compile(r"\s*(\d{4})\s*(?:[-/ ]\s*([QqHh])\s*([1-4]))?\s*")


class ReportPeriodError(ValueError):
    """A period that cannot be read; `text` is what was given."""

    def __init__(self, text: str) -> None:
        super().__init__(f"not a report period: {text!r} (2017-Q2, 2017-H1 or 2017)")
        self.text = text


@dataclass(frozen=True)
class ReportPeriod:
    """A quarter (kind "quarter", part 1–4), a half-year ("half", 1–2) or a year ("year")."""

    year: int
    kind: str = "year"
    part: int = 0

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """ "2017-Q2", "2017-H1", "2017" (any case, "/" or a space for "-")."""
        match = _PERIOD.fullmatch(str(text or ""))
        if not match:
            raise ReportPeriodError(str(text))
        year, letter, part = int(match.group(1)), match.group(2), match.group(3)
        if not 2000 <= year <= 2100:
            raise ReportPeriodError(str(text))
        if letter is None:
            return cls(year)
        if letter.upper() == "H" and int(part) > 2:
            raise ReportPeriodError(str(text))
        return cls(year, "quarter" if letter.upper() == "Q" else "half", int(part))

    @property
    def code(self) -> str:
        """As typed on the command line: "2017-Q2"."""
        if self.kind == "year":
            return str(self.year)
        return f"{self.year}-{'Q' if self.kind == 'quarter' else 'H'}{self.part}"

    @property
    def quarters(self) -> tuple[int, ...]:
        if self.kind == "quarter":
            return (self.part,)
        if self.kind == "half":
            return (1, 2) if self.part == 1 else (3, 4)
        return (1, 2, 3, 4)

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(m for q in self.quarters for m in range(3 * q - 2, 3 * q + 1))

    @property
    def start(self) -> dt.date:
        return quarter_period(self.year, self.quarters[0]).start

    @property
    def end(self) -> dt.date:
        return quarter_period(self.year, self.quarters[-1]).end

    def label_in(self, lang: str) -> str:
        """ "quý II năm 2017", "6 tháng đầu năm 2017", "năm 2017"."""
        key = {"quarter": "quarter", "half": f"half{self.part}", "year": "year"}[self.kind]
        roman = ROMAN[self.part - 1] if self.kind == "quarter" else ""
        return t(f"report.period.{key}", lang, year=self.year, roman=roman)

    @property
    def label(self) -> str:
        return self.label_in(REPORT_LANG)
