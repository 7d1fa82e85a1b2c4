"""Locale-aware parsing of USER_ENTERED input and rendering of numbers, dates and times."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

EPOCH = datetime(1899, 12, 30)

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class LocaleInfo:
    """What a spreadsheet locale changes: separators, date order and default patterns."""

    decimal: str
    group: str
    date_order: str  # "MDY" or "DMY"
    date_pattern: str
    time_pattern: str
    currency: str


_US = LocaleInfo(".", ",", "MDY", "M/d/yyyy", "h:mm:ss am/pm", '"$"#,##0.00')
_LOCALES: dict[str, LocaleInfo] = {
    "en_US": _US,
    "en_GB": LocaleInfo(".", ",", "DMY", "dd/MM/yyyy", "HH:mm:ss", '"£"#,##0.00'),
    "en_AU": LocaleInfo(".", ",", "DMY", "d/MM/yyyy", "h:mm:ss am/pm", '"$"#,##0.00'),
    "vi_VN": LocaleInfo(",", ".", "DMY", "dd/MM/yyyy", "HH:mm:ss", '#,##0 "₫"'),
    "vi": LocaleInfo(",", ".", "DMY", "dd/MM/yyyy", "HH:mm:ss", '#,##0 "₫"'),
    "fr_FR": LocaleInfo(",", "\u202f", "DMY", "dd/MM/yyyy", "HH:mm:ss", '#,##0.00 "€"'),
    "de_DE": LocaleInfo(",", ".", "DMY", "dd.MM.yyyy", "HH:mm:ss", '#,##0.00 "€"'),
}


def locale_info(code: str | None) -> LocaleInfo:
    """The LocaleInfo of a locale code (en_US when unknown)."""
    if not code:
        return _US
    if code in _LOCALES:
        return _LOCALES[code]
    lang = code.split("_")[0]
    return _LOCALES.get(lang, _US)


# ---------------------------------------------------------------- serial numbers


def serial_from_datetime(value: datetime) -> float:
    """A spreadsheet serial number (days since 1899-12-30) for a datetime."""
    delta = value - EPOCH
    serial = delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    return float(int(serial)) if serial == int(serial) else serial


def datetime_from_serial(serial: float) -> datetime:
    """The datetime of a spreadsheet serial number (rounded to the millisecond)."""
    return EPOCH + timedelta(milliseconds=round(serial * 86_400_000))


# ---------------------------------------------------------------- parsing input


@dataclass(frozen=True)
class Parsed:
    """The outcome of typing a string into a cell."""

    value: object  # str, float or bool
    number_format: dict | None = None
    formula: str | None = None


_NUM = r"(?:\d+(?:{d}\d*)?|{d}\d+)"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*([AaPp][Mm])?$")


def _number_patterns(info: LocaleInfo) -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = re.escape(info.decimal)
    g = re.escape(info.group) if info.group.strip() else r"[\s\u00a0\u202f]"
    plain = re.compile(r"^([+-]?)(" + _NUM.format(d=d) + r")(?:[eE]([+-]?\d+))?$")
    grouped = re.compile(r"^([+-]?)(\d{1,3}(?:" + g + r"\d{3})+)(?:" + d + r"(\d*))?$")
    return plain, grouped


def _parse_number(text: str, info: LocaleInfo) -> Parsed | None:
    plain, grouped = _number_patterns(info)
    body = text
    currency = None
    percent = False
    if body.endswith("%"):
        percent = True
        body = body[:-1].strip()
    for symbol in ("$", "€", "£", "₫"):
        if body.startswith(symbol) or body.startswith("-" + symbol):
            currency = symbol
            body = body.replace(symbol, "", 1).strip()
            break
        if body.endswith(symbol):
            currency = symbol
            body = body[: -len(symbol)].strip()
            break
    m = plain.match(body)
    if m:
        sign, digits, exponent = m.groups()
        decimals = digits.split(info.decimal)[1] if info.decimal in digits else ""
        value = float(digits.replace(info.decimal, "."))
        if exponent is not None:
            value *= 10 ** int(exponent)
        value = -value if sign == "-" else value
        fmt = None
        if exponent is not None:
            fmt = {"type": "SCIENTIFIC", "pattern": "0.00E+00"}
        grouping = False
    else:
        m = grouped.match(body)
        if not m:
            return None
        sign, int_part, decimals = m.groups()
        decimals = decimals or ""
        value = float(re.sub(r"\D", "", int_part) + "." + (decimals or "0"))
        value = -value if sign == "-" else value
        fmt = None
        grouping = True
    places = len(decimals)
    frac = ("." + "0" * places) if places else ""
    if percent:
        value /= 100
        pattern = "0.00%" if places else "0%"
        return Parsed(_clean_float(value), {"type": "PERCENT", "pattern": pattern})
    if currency:
        pattern = f'"{currency}"#,##0.00' if currency != "₫" else '#,##0 "₫"'
        return Parsed(_clean_float(value), {"type": "CURRENCY", "pattern": pattern})
    if grouping:
        fmt = {"type": "NUMBER", "pattern": "#,##0" + frac}
    return Parsed(_clean_float(value), fmt)


def _clean_float(value: float) -> float:
    rounded = round(value, 12)
    return rounded if abs(rounded - value) < 1e-9 * max(1.0, abs(value)) else value


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < 30 else 1900
    return year


def _parse_time(text: str) -> tuple[float, str] | None:
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    second = int(m.group(3) or 0)
    millis = int((m.group(4) or "0").ljust(3, "0"))
    ampm = m.group(5)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    fraction = (hour * 3600 + minute * 60 + second + millis / 1000) / 86400
    pattern = ("hh" if len(m.group(1)) == 2 else "h") + ":mm"
    if m.group(3) is not None:
        pattern += ":ss"
    if ampm:
        pattern += " am/pm"
    return fraction, pattern


_ISO_DATE = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_LOCAL_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?$")


def _parse_date(text: str, info: LocaleInfo) -> Parsed | None:
    date_part, _, time_part = text.strip().partition(" ")
    time_part = time_part.strip()
    m = _ISO_DATE.match(date_part)
    try:
        if m:
            year, sep, month, day = int(m.group(1)), m.group(2), m.group(3), m.group(4)
            when = date(year, int(month), int(day))
            pattern = (
                f"yyyy{sep}{'mm' if len(month) == 2 else 'm'}{sep}{'dd' if len(day) == 2 else 'd'}"
            )
        else:
            m = _LOCAL_DATE.match(date_part)
            if not m:
                return None
            first, sep, second, year_text = m.groups()
            if year_text is None and sep == ".":
                return None
            if info.date_order == "MDY":
                month, day = first, second
            else:
                day, month = first, second
            year = _year(year_text) if year_text else date.today().year
            when = date(year, int(month), int(day))
            mm = "mm" if len(month) == 2 else "m"
            dd = "dd" if len(day) == 2 else "d"
            parts = [mm, dd] if info.date_order == "MDY" else [dd, mm]
            if year_text:
                parts.append("yyyy" if len(year_text) == 4 else "yy")
            pattern = sep.join(parts)
    except ValueError:
        return None
    serial = serial_from_datetime(datetime(when.year, when.month, when.day))
    if time_part:
        parsed_time = _parse_time(time_part)
        if parsed_time is None:
            return None
        fraction, time_pattern = parsed_time
        return Parsed(
            serial + fraction, {"type": "DATE_TIME", "pattern": f"{pattern} {time_pattern}"}
        )
    return Parsed(serial, {"type": "DATE", "pattern": pattern})


def parse_user_entered(text: str, locale: str | None = None) -> Parsed:
    """What Google stores when a person (or USER_ENTERED) types this string into a cell."""
    if text.startswith("'"):
        return Parsed(text[1:])
    if text.startswith("=") and len(text) > 1:
        return Parsed(None, formula=text)
    stripped = text.strip()
    if not stripped:
        return Parsed(text)
    upper = stripped.upper()
    if upper in ("TRUE", "FALSE"):
        return Parsed(upper == "TRUE")
    info = locale_info(locale)
    number = _parse_number(stripped, info)
    if number is not None:
        return number
    parsed_date = _parse_date(stripped, info)
    if parsed_date is not None:
        return parsed_date
    parsed_time = _parse_time(stripped)
    if parsed_time is not None:
        fraction, pattern = parsed_time
        return Parsed(fraction, {"type": "TIME", "pattern": pattern})
    return Parsed(text)


def to_number(text: str, locale: str | None = None) -> float | None:
    """The number a string means (for formulas and sorting), or None."""
    parsed = parse_user_entered(text.strip(), locale) if text.strip() else None
    if parsed is not None and isinstance(parsed.value, float) and parsed.formula is None:
        return parsed.value
    return None


# ---------------------------------------------------------------- rendering numbers


def general(value: float, locale: str | None = None) -> str:
    """Google's automatic number format: integers in full, else ~10 significant digits."""
    info = locale_info(locale)
    if math.isinf(value) or math.isnan(value):
        return "#NUM!"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        sign = "-" if exponent.startswith("-") else "+"
        text = f"{mantissa}E{sign}{abs(int(exponent)):02d}"
    return text.replace(".", info.decimal)


def _round_half_up(value: float, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def is_date_pattern(pattern: str) -> bool:
    """True when a number format pattern formats dates or times."""
    stripped = re.sub(r'"[^"]*"|\\.', "", pattern)
    if re.search(r"[0#?]", stripped) and not re.search(r"[yYdDhHsS]", stripped):
        return False
    return bool(re.search(r"[yYdDhHsSmM]", stripped))


def _split_sections(pattern: str) -> list[str]:
    sections, current, quoted = [], "", False
    for ch in pattern:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += ch
    sections.append(current)
    return sections


def _format_numeric(value: float, pattern: str, info: LocaleInfo) -> str:
    sections = _split_sections(pattern)
    section = sections[0]
    negative_section = False
    if value < 0 and len(sections) > 1 and sections[1]:
        section = sections[1]
        negative_section = True
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    # Separate literals from the digit placeholders.
    prefix, suffix, core = "", "", ""
    i = 0
    seen_digit = False
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            literal = section[i + 1 : end]
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            literal = section[i + 1]
            i += 2
        elif ch == "[":
            end = section.find("]", i)
            inner = section[i + 1 : end if end > 0 else len(section)]
            literal = inner[1:].split("-")[0] if inner.startswith("$") else ""
            i = (end + 1) if end > 0 else len(section)
        elif ch in "0#?,.":
            core += ch
            seen_digit = True
            i += 1
            continue
        elif ch in "Ee" and seen_digit and i + 1 < len(section) and section[i + 1] in "+-":
            core += section[i : i + 2]
            i += 2
            while i < len(section) and section[i] in "0#":
                core += section[i]
                i += 1
            continue
        elif ch == "_" and i + 1 < len(section):
            literal = " "
            i += 2
        elif ch == "*" and i + 1 < len(section):
            literal = ""
            i += 2
        else:
            literal = ch
            i += 1
        if seen_digit:
            suffix += literal
        else:
            prefix += literal
    number = abs(value) if negative_section or value >= 0 else -value
    if "%" in prefix + suffix:
        number *= 100
    scientific = re.search(r"[Ee][+-]", core)
    if scientific:
        mantissa_pattern, exp_pattern = core[: scientific.start()], core[scientific.start() + 2 :]
        places = len(mantissa_pattern.split(".")[1]) if "." in mantissa_pattern else 0
        exponent = 0 if number == 0 else math.floor(math.log10(number))
        mantissa = number / (10**exponent) if number else 0.0
        text_mantissa = f"{_round_half_up(mantissa, places)}"
        sign = "-" if exponent < 0 else "+"
        body = f"{text_mantissa}E{sign}{abs(exponent):0{max(1, len(exp_pattern))}d}"
        body = body.replace(".", info.decimal)
    else:
        int_pattern, _, frac_pattern = core.partition(".")
        grouping = "," in int_pattern
        int_pattern = int_pattern.replace(",", "")
        trailing_commas = len(core) - len(core.rstrip(","))
        number /= 1000**trailing_commas if not frac_pattern else 1
        min_frac = frac_pattern.count("0")
        max_frac = len(frac_pattern.replace(",", ""))
        rounded = _round_half_up(number, max_frac)
        text = f"{rounded:f}"
        int_digits, _, frac_digits = text.partition(".")
        frac_digits = frac_digits.ljust(max_frac, "0")
        while len(frac_digits) > min_frac and frac_digits.endswith("0"):
            frac_digits = frac_digits[:-1]
        min_int = int_pattern.count("0")
        if int_digits == "0" and min_int == 0:
            int_digits = ""
        int_digits = int_digits.rjust(min_int, "0")
        if grouping and int_digits:
            groups = []
            while len(int_digits) > 3:
                groups.insert(0, int_digits[-3:])
                int_digits = int_digits[:-3]
            groups.insert(0, int_digits)
            int_digits = info.group.join(groups)
        body = int_digits + (info.decimal + frac_digits if frac_digits else "")
        if not body:
            body = "0"
    sign = "-" if value < 0 and not negative_section and body.strip("0.,") else ""
    return sign + prefix + body + suffix


def _format_datetime(value: float, pattern: str) -> str:
    moment = datetime_from_serial(value)
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == '"':
            end = pattern.find('"', i + 1)
            end = len(pattern) if end < 0 else end
            tokens.append(("lit", pattern[i + 1 : end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(pattern):
            tokens.append(("lit", pattern[i + 1]))
            i += 2
            continue
        if ch == "[":
            end = pattern.find("]", i)
            inner = pattern[i + 1 : end].lower() if end > 0 else ""
            if inner in ("h", "hh", "m", "mm", "s", "ss"):
                tokens.append(("elapsed", inner))
            i = end + 1 if end > 0 else len(pattern)
            continue
        upper = pattern[i:].upper()
        for marker in ("AM/PM", "A/P"):
            if upper.startswith(marker):
                tokens.append(("ampm", pattern[i : i + len(marker)]))
                i += len(marker)
                break
        else:
            if ch.lower() in "ydhsm":
                j = i
                while j < len(pattern) and pattern[j].lower() == ch.lower():
                    j += 1
                tokens.append((ch.lower(), str(j - i)))
                i = j
            elif ch == "." and tokens and tokens[-1][0] == "s" and pattern[i + 1 : i + 2] == "0":
                j = i + 1
                while j < len(pattern) and pattern[j] == "0":
                    j += 1
                tokens.append(("frac", str(j - i - 1)))
                i = j
            else:
                tokens.append(("lit", ch))
                i += 1
    twelve = any(kind == "ampm" for kind, _ in tokens)
    out = []
    for index, (kind, arg) in enumerate(tokens):
        n = int(arg) if arg.isdigit() else 0
        if kind == "lit":
            out.append(arg)
        elif kind == "y":
            out.append(f"{moment.year % 100:02d}" if n <= 2 else f"{moment.year:04d}")
        elif kind == "d":
            if n == 1:
                out.append(str(moment.day))
            elif n == 2:
                out.append(f"{moment.day:02d}")
            else:
                name = DAYS[moment.weekday()]
                out.append(name[:3] if n == 3 else name)
        elif kind == "h":
            hour = moment.hour
            if twelve:
                hour = hour % 12 or 12
            out.append(f"{hour:02d}" if n >= 2 else str(hour))
        elif kind == "s":
            out.append(f"{moment.second:02d}" if n >= 2 else str(moment.second))
        elif kind == "frac":
            out.append("." + f"{moment.microsecond // 1000:03d}"[:n])
        elif kind == "m":
            before = [k for k, _ in tokens[:index] if k not in ("lit",)]
            after = [k for k, _ in tokens[index + 1 :] if k not in ("lit",)]
            minutes = (before and before[-1] == "h") or (after and after[0] == "s")
            if minutes and n <= 2:
                out.append(f"{moment.minute:02d}" if n == 2 else str(moment.minute))
            elif n == 1:
                out.append(str(moment.month))
            elif n == 2:
                out.append(f"{moment.month:02d}")
            elif n == 3:
                out.append(MONTHS[moment.month - 1][:3])
            elif n == 5:
                out.append(MONTHS[moment.month - 1][0])
            else:
                out.append(MONTHS[moment.month - 1])
        elif kind == "ampm":
            pm = moment.hour >= 12
            if arg.upper() == "A/P":
                text = "P" if pm else "A"
            else:
                text = "PM" if pm else "AM"
            out.append(text if arg[0].isupper() else text.lower())
        elif kind == "elapsed":
            total_seconds = round(value * 86400)
            unit = {"h": 3600, "m": 60, "s": 1}[arg[0]]
            out.append(f"{total_seconds // unit:0{len(arg)}d}")
    return "".join(out)


def default_pattern(kind: str, locale: str | None) -> str:
    """Google's default pattern for a number format type in a locale."""
    info = locale_info(locale)
    return {
        "DATE": info.date_pattern,
        "TIME": info.time_pattern,
        "DATE_TIME": f"{info.date_pattern} {info.time_pattern}",
        "NUMBER": "#,##0.00",
        "PERCENT": "0.00%",
        "CURRENCY": info.currency,
        "SCIENTIFIC": "0.00E+00",
        "TEXT": "@",
    }.get(kind, "")


def is_date_format(number_format: dict | None) -> bool:
    """True when a numberFormat renders dates or times."""
    if not number_format:
        return False
    kind = number_format.get("type")
    if kind in ("DATE", "TIME", "DATE_TIME"):
        return True
    pattern = number_format.get("pattern") or ""
    return (
        kind in (None, "NUMBER_FORMAT_TYPE_UNSPECIFIED")
        and bool(pattern)
        and is_date_pattern(pattern)
    )


def format_number(value: float, number_format: dict | None, locale: str | None) -> str:
    """The formatted value Google shows for a number under a numberFormat."""
    if not number_format:
        return general(value, locale)
    kind = number_format.get("type") or "NUMBER_FORMAT_TYPE_UNSPECIFIED"
    pattern = number_format.get("pattern") or default_pattern(kind, locale)
    if kind == "TEXT" or not pattern or pattern in ("@", "General"):
        return general(value, locale)
    info = locale_info(locale)
    try:
        if is_date_format(number_format) or is_date_pattern(pattern):
            return _format_datetime(value, pattern)
        return _format_numeric(value, pattern, info)
    except (ValueError, OverflowError, ArithmeticError):
        return general(value, locale)
