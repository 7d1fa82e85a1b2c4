"""A small formula evaluator: arithmetic, comparisons, references and common functions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from . import formats
from .a1 import col_index, col_letters


@dataclass(frozen=True)
class ErrorValue:
    """A spreadsheet error such as #DIV/0! or #NAME?."""

    code: str

    def __str__(self) -> str:
        """The error as Google shows it."""
        return self.code


class _Fail(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Context(Protocol):
    """What the evaluator needs from the spreadsheet."""

    locale: str | None

    def cell(self, sheet: str | None, row: int, col: int) -> Any:
        """The effective value of one cell (None when empty)."""

    def area(
        self, sheet: str | None, row1: int, col1: int, row2: int | None, col2: int | None
    ) -> list[list[Any]]:
        """Effective values of a block of cells; None bounds run to the grid's edge."""

    def named(self, name: str) -> tuple[str, int, int, int, int] | None:
        """A named range as (sheet, row1, col1, row2, col2), or None."""


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"]|"")*")
  | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?
        (?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d*)?
          |\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}(?![\w(])
          |\$?\d+:\$?\d+)(?![\w(])
    )
  | (?P<func>[A-Za-z_][A-Za-z0-9_.]*(?=\s*\())
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<error>\#(?:DIV/0!|N/A|NAME\?|NUM!|REF!|VALUE!|NULL!|ERROR!))
  | (?P<op><>|<=|>=|[-+*/^&%=<>(),;{}])
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise _Fail("#ERROR!")
        pos = m.end()
        kind = m.lastgroup or ""
        if kind != "ws":
            tokens.append((kind, m.group()))
    return tokens


@dataclass
class _Ref:
    sheet: str | None
    row1: int
    col1: int
    row2: int | None
    col2: int | None
    single: bool


def _parse_ref(text: str) -> _Ref:
    sheet = None
    if "!" in text:
        sheet_part, _, text = text.rpartition("!")
        sheet = sheet_part[1:-1].replace("''", "'") if sheet_part.startswith("'") else sheet_part
    text = text.replace("$", "")
    left, _, right = text.partition(":")

    def point(part: str) -> tuple[int | None, int | None]:
        m = re.match(r"^([A-Za-z]*)(\d*)$", part)
        if not m:
            raise _Fail("#REF!")
        letters, digits = m.groups()
        return (int(digits) - 1 if digits else None, col_index(letters) if letters else None)

    r1, c1 = point(left)
    if not right:
        if r1 is None or c1 is None:
            raise _Fail("#NAME?")
        return _Ref(sheet, r1, c1, r1, c1, True)
    r2, c2 = point(right)
    return _Ref(sheet, r1 or 0, c1 or 0, r2, c2, False)


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _Fail("#ERROR!")
        self.pos += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token[1] != text:
            raise _Fail("#ERROR!")

    def parse(self) -> Any:
        node = self.comparison()
        if self.peek() is not None:
            raise _Fail("#ERROR!")
        return node

    def comparison(self) -> Any:
        node = self.concat()
        while (token := self.peek()) and token[1] in ("=", "<>", "<", ">", "<=", ">="):
            self.take()
            node = ("cmp", token[1], node, self.concat())
        return node

    def concat(self) -> Any:
        node = self.additive()
        while (token := self.peek()) and token[1] == "&":
            self.take()
            node = ("&", node, self.additive())
        return node

    def additive(self) -> Any:
        node = self.term()
        while (token := self.peek()) and token[1] in ("+", "-"):
            self.take()
            node = (token[1], node, self.term())
        return node

    def term(self) -> Any:
        node = self.power()
        while (token := self.peek()) and token[1] in ("*", "/"):
            self.take()
            node = (token[1], node, self.power())
        return node

    def power(self) -> Any:
        node = self.unary()
        while (token := self.peek()) and token[1] == "^":
            self.take()
            node = ("^", node, self.unary())
        return node

    def unary(self) -> Any:
        token = self.peek()
        if token and token[1] in ("-", "+"):
            self.take()
            operand = self.unary()
            return ("neg", operand) if token[1] == "-" else ("pos", operand)
        return self.postfix()

    def postfix(self) -> Any:
        node = self.primary()
        while (token := self.peek()) and token[1] == "%":
            self.take()
            node = ("/", node, ("num", 100.0))
        return node

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "number":
            return ("num", float(text))
        if kind == "string":
            return ("str", text[1:-1].replace('""', '"'))
        if kind == "error":
            return ("err", text)
        if kind == "ref":
            return ("ref", _parse_ref(text))
        if kind == "func":
            self.expect("(")
            args: list[Any] = []
            if self.peek() and self.peek()[1] == ")":  # type: ignore[index]
                self.take()
                return ("call", text.upper(), args)
            while True:
                token = self.peek()
                if token and token[1] in (",", ";", ")"):
                    args.append(("blank",))
                else:
                    args.append(self.comparison())
                token = self.take()
                if token[1] == ")":
                    return ("call", text.upper(), args)
                if token[1] not in (",", ";"):
                    raise _Fail("#ERROR!")
        if kind == "name":
            upper = text.upper()
            if upper in ("TRUE", "FALSE"):
                return ("bool", upper == "TRUE")
            return ("name", text)
        if text == "(":
            node = self.comparison()
            self.expect(")")
            return node
        if text == "{":
            rows: list[list[Any]] = [[]]
            while True:
                rows[-1].append(self.comparison())
                token = self.take()
                if token[1] == "}":
                    return ("array", rows)
                if token[1] == ";":
                    rows.append([])
                elif token[1] != ",":
                    raise _Fail("#ERROR!")
        raise _Fail("#ERROR!")


# ---------------------------------------------------------------- coercions


def _raise_if_error(value: Any) -> Any:
    if isinstance(value, ErrorValue):
        raise _Fail(value.code)
    return value


def _number(value: Any, locale: str | None) -> float:
    value = _raise_if_error(value)
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        number = formats.to_number(value, locale)
        if number is None:
            raise _Fail("#VALUE!")
        return number
    raise _Fail("#VALUE!")


def _text(value: Any, locale: str | None) -> str:
    value = _raise_if_error(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return formats.general(value, locale)
    return str(value)


def _truth(value: Any, locale: str | None) -> bool:
    value = _raise_if_error(value)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        if value.upper() in ("TRUE", "FALSE"):
            return value.upper() == "TRUE"
        raise _Fail("#VALUE!")
    raise _Fail("#VALUE!")


def _flatten(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if isinstance(value, _Area):
            for row in value.rows:
                out.extend(row)
        else:
            out.append(value)
    return out


@dataclass
class _Area:
    rows: list[list[Any]]

    def first(self) -> Any:
        return self.rows[0][0] if self.rows and self.rows[0] else None


def _scalar(value: Any) -> Any:
    return value.first() if isinstance(value, _Area) else value


def _compare(op: str, left: Any, right: Any) -> bool:
    def rank(value: Any) -> tuple[int, Any]:
        if value is None:
            return (0, 0.0)
        if isinstance(value, bool):
            return (2, value)
        if isinstance(value, (int, float)):
            return (0, float(value))
        return (1, str(value).casefold())

    left, right = _raise_if_error(left), _raise_if_error(right)
    if left is None and isinstance(right, str):
        left = ""
    if right is None and isinstance(left, str):
        right = ""
    a, b = rank(left), rank(right)
    if a[0] != b[0]:
        result = (a[0] > b[0]) - (a[0] < b[0])
    else:
        result = (a[1] > b[1]) - (a[1] < b[1])
    return {
        "=": result == 0,
        "<>": result != 0,
        "<": result < 0,
        ">": result > 0,
        "<=": result <= 0,
        ">=": result >= 0,
    }[op]


def _criteria(criterion: Any, locale: str | None) -> Callable[[Any], bool]:
    if isinstance(criterion, str):
        m = re.match(r"^(<>|<=|>=|=|<|>)?(.*)$", criterion, re.S)
        op, operand = (m.group(1) or "=") if m else "=", m.group(2) if m else criterion
        number = formats.to_number(operand, locale)
        target: Any = number if number is not None else operand
        if op == "=" and isinstance(target, str) and ("*" in target or "?" in target):
            pattern = re.compile(
                "^" + re.escape(target).replace(r"\*", ".*").replace(r"\?", ".") + "$", re.I | re.S
            )
            return lambda v: isinstance(v, str) and bool(pattern.match(v))
        return lambda v: v is not None and _safe_compare(op, v, target)
    return lambda v: _safe_compare("=", v, criterion)


def _safe_compare(op: str, left: Any, right: Any) -> bool:
    try:
        if isinstance(right, float) and isinstance(left, str):
            return False
        return _compare(op, left, right)
    except _Fail:
        return False


# ---------------------------------------------------------------- functions


def _numbers(args: list[Any]) -> list[float]:
    out = []
    for value in _flatten(args):
        _raise_if_error(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.append(float(value))
    return out


def _round(value: float, places: int, mode: str) -> float:
    factor = 10.0**places
    scaled = value * factor
    if mode == "up":
        result = math.ceil(abs(scaled) - 1e-9) * (1 if scaled >= 0 else -1)
    elif mode == "down":
        result = math.floor(abs(scaled) + 1e-9) * (1 if scaled >= 0 else -1)
    else:
        result = math.floor(abs(scaled) + 0.5 + 1e-9) * (1 if scaled >= 0 else -1)
    return result / factor


class Evaluator:
    """Evaluates one formula against a Context."""

    def __init__(self, context: Context) -> None:
        """Bind the evaluator to a spreadsheet context."""
        self.ctx = context

    def evaluate(self, formula: str) -> Any:
        """The effective value of a formula (float, str, bool or ErrorValue)."""
        text = formula[1:] if formula.startswith("=") else formula
        try:
            node = _Parser(_tokenize(text)).parse()
            value = _scalar(self._eval(node))
            if value is None:
                return 0.0
            if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
                return ErrorValue("#NUM!")
            return value
        except _Fail as fail:
            return ErrorValue(fail.code)
        except RecursionError:
            return ErrorValue("#REF!")

    def _eval(self, node: Any) -> Any:
        kind = node[0]
        locale = self.ctx.locale
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "bool":
            return node[1]
        if kind == "blank":
            return None
        if kind == "err":
            raise _Fail(node[1])
        if kind == "ref":
            ref: _Ref = node[1]
            if ref.single:
                return self.ctx.cell(ref.sheet, ref.row1, ref.col1)
            return _Area(self.ctx.area(ref.sheet, ref.row1, ref.col1, ref.row2, ref.col2))
        if kind == "name":
            named = self.ctx.named(node[1])
            if named is None:
                raise _Fail("#NAME?")
            sheet, r1, c1, r2, c2 = named
            return _Area(self.ctx.area(sheet, r1, c1, r2, c2))
        if kind == "array":
            return _Area([[_scalar(self._eval(item)) for item in row] for row in node[1]])
        if kind == "neg":
            return -_number(_scalar(self._eval(node[1])), locale)
        if kind == "pos":
            return _scalar(self._eval(node[1]))
        if kind == "call":
            return self._call(node[1], node[2])
        left = _scalar(self._eval(node[2] if kind == "cmp" else node[1]))
        right = _scalar(self._eval(node[3] if kind == "cmp" else node[2]))
        if kind == "cmp":
            return _compare(node[1], left, right)
        if kind == "&":
            return _text(left, locale) + _text(right, locale)
        a, b = _number(left, locale), _number(right, locale)
        if kind == "+":
            return a + b
        if kind == "-":
            return a - b
        if kind == "*":
            return a * b
        if kind == "/":
            if b == 0:
                raise _Fail("#DIV/0!")
            return a / b
        if kind == "^":
            try:
                return float(a**b)
            except (OverflowError, ZeroDivisionError, TypeError) as exc:
                raise _Fail("#NUM!") from exc
        raise _Fail("#ERROR!")

    def _call(self, name: str, arg_nodes: list[Any]) -> Any:
        locale = self.ctx.locale
        if name in ("IF",):
            if not 2 <= len(arg_nodes) <= 3:
                raise _Fail("#N/A")
            condition = _truth(_scalar(self._eval(arg_nodes[0])), locale)
            if condition:
                return _scalar(self._eval(arg_nodes[1]))
            return _scalar(self._eval(arg_nodes[2])) if len(arg_nodes) == 3 else False
        if name == "IFERROR":
            try:
                value = _scalar(self._eval(arg_nodes[0]))
                _raise_if_error(value)
                return value
            except _Fail:
                return _scalar(self._eval(arg_nodes[1])) if len(arg_nodes) > 1 else ""
        handler = _FUNCTIONS.get(name)
        if handler is None:
            raise _Fail("#NAME?")
        args = [self._eval(node) for node in arg_nodes]
        return handler(args, locale)


def _scalars(args: list[Any]) -> list[Any]:
    return [_scalar(arg) for arg in args]


def _f_sum(args: list[Any], locale: str | None) -> Any:
    total = 0.0
    for arg in args:
        if isinstance(arg, _Area):
            total += sum(_numbers([arg]))
        else:
            total += _number(arg, locale)
    return total


def _f_average(args: list[Any], locale: str | None) -> Any:
    values = _numbers(args)
    if not values:
        raise _Fail("#DIV/0!")
    return sum(values) / len(values)


def _f_minmax(pick: Callable[[list[float]], float]) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        values = _numbers(args)
        return pick(values) if values else 0.0

    return handler


def _f_count(args: list[Any], locale: str | None) -> Any:
    return float(len(_numbers(args)))


def _f_counta(args: list[Any], locale: str | None) -> Any:
    return float(sum(1 for v in _flatten(args) if v is not None and v != ""))


def _f_countblank(args: list[Any], locale: str | None) -> Any:
    return float(sum(1 for v in _flatten(args) if v is None or v == ""))


def _f_countif(args: list[Any], locale: str | None) -> Any:
    match = _criteria(_scalar(args[1]), locale)
    return float(sum(1 for v in _flatten([args[0]]) if match(v)))


def _f_sumif(args: list[Any], locale: str | None) -> Any:
    match = _criteria(_scalar(args[1]), locale)
    keys = _flatten([args[0]])
    values = _flatten([args[2]]) if len(args) > 2 else keys
    return sum(
        float(v)
        for k, v in zip(keys, values, strict=False)
        if match(k) and isinstance(v, (int, float)) and not isinstance(v, bool)
    )


def _f_concat(args: list[Any], locale: str | None) -> Any:
    return "".join(_text(v, locale) for v in _flatten(args))


def _f_textjoin(args: list[Any], locale: str | None) -> Any:
    sep = _text(_scalar(args[0]), locale)
    skip = _truth(_scalar(args[1]), locale)
    parts = [_text(v, locale) for v in _flatten(args[2:])]
    return sep.join(p for p in parts if p or not skip)


def _text_fn(fn: Callable[[str], Any]) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        return fn(_text(_scalar(args[0]), locale))

    return handler


def _f_left(args: list[Any], locale: str | None) -> Any:
    n = int(_number(_scalar(args[1]), locale)) if len(args) > 1 else 1
    return _text(_scalar(args[0]), locale)[:n]


def _f_right(args: list[Any], locale: str | None) -> Any:
    n = int(_number(_scalar(args[1]), locale)) if len(args) > 1 else 1
    text = _text(_scalar(args[0]), locale)
    return text[-n:] if n else ""


def _f_mid(args: list[Any], locale: str | None) -> Any:
    text = _text(_scalar(args[0]), locale)
    start = int(_number(_scalar(args[1]), locale))
    length = int(_number(_scalar(args[2]), locale))
    if start < 1 or length < 0:
        raise _Fail("#VALUE!")
    return text[start - 1 : start - 1 + length]


def _rounding(mode: str) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        value = _number(_scalar(args[0]), locale)
        places = int(_number(_scalar(args[1]), locale)) if len(args) > 1 else 0
        return _round(value, places, mode)

    return handler


def _math1(fn: Callable[[float], float]) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        try:
            return float(fn(_number(_scalar(args[0]), locale)))
        except (ValueError, OverflowError) as exc:
            raise _Fail("#NUM!") from exc

    return handler


def _f_mod(args: list[Any], locale: str | None) -> Any:
    a, b = (_number(v, locale) for v in _scalars(args[:2]))
    if b == 0:
        raise _Fail("#DIV/0!")
    return a - b * math.floor(a / b)


def _f_power(args: list[Any], locale: str | None) -> Any:
    a, b = (_number(v, locale) for v in _scalars(args[:2]))
    try:
        return float(a**b)
    except (OverflowError, ZeroDivisionError) as exc:
        raise _Fail("#NUM!") from exc


def _f_logic(kind: str) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        values = [_truth(v, locale) for v in _flatten(args) if v is not None]
        if kind == "AND":
            return all(values)
        return any(values)

    return handler


def _f_not(args: list[Any], locale: str | None) -> Any:
    return not _truth(_scalar(args[0]), locale)


def _f_date(args: list[Any], locale: str | None) -> Any:
    y, m, d = (int(_number(v, locale)) for v in _scalars(args[:3]))
    if y < 1900:
        y += 1900
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    try:
        base = datetime(y, m, 1)
    except ValueError as exc:
        raise _Fail("#NUM!") from exc
    return formats.serial_from_datetime(base) + d - 1


def _date_part(part: str) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        moment = formats.datetime_from_serial(_number(_scalar(args[0]), locale))
        return float(getattr(moment, part))

    return handler


def _f_today(args: list[Any], locale: str | None) -> Any:
    today = date.today()
    return formats.serial_from_datetime(datetime(today.year, today.month, today.day))


def _f_now(args: list[Any], locale: str | None) -> Any:
    return formats.serial_from_datetime(datetime.now())


def _f_value(args: list[Any], locale: str | None) -> Any:
    return _number(_scalar(args[0]), locale)


def _f_text(args: list[Any], locale: str | None) -> Any:
    value = _number(_scalar(args[0]), locale)
    pattern = _text(_scalar(args[1]), locale)
    return formats.format_number(value, {"type": "NUMBER", "pattern": pattern}, locale)


def _f_is(check: Callable[[Any], bool]) -> Callable[[list[Any], str | None], Any]:
    def handler(args: list[Any], locale: str | None) -> Any:
        return check(_scalar(args[0]))

    return handler


def _f_iserror(args: list[Any], locale: str | None) -> Any:
    return isinstance(_scalar(args[0]), ErrorValue)


def _f_hyperlink(args: list[Any], locale: str | None) -> Any:
    values = _scalars(args)
    return _text(values[1] if len(values) > 1 else values[0], locale)


def _f_vlookup(args: list[Any], locale: str | None) -> Any:
    key = _scalar(args[0])
    table = args[1].rows if isinstance(args[1], _Area) else [[args[1]]]
    index = int(_number(_scalar(args[2]), locale))
    exact = len(args) > 3 and not _truth(_scalar(args[3]), locale)
    best = None
    for row in table:
        if not row:
            continue
        if _safe_compare("=", row[0], key):
            best = row
            break
        if not exact and row[0] is not None and _safe_compare("<=", row[0], key):
            best = row
    if best is None:
        raise _Fail("#N/A")
    if index < 1 or index > len(best):
        raise _Fail("#REF!")
    return best[index - 1]


def _f_na(args: list[Any], locale: str | None) -> Any:
    raise _Fail("#N/A")


_FUNCTIONS: dict[str, Callable[[list[Any], str | None], Any]] = {
    "SUM": _f_sum,
    "AVERAGE": _f_average,
    "MIN": _f_minmax(min),
    "MAX": _f_minmax(max),
    "COUNT": _f_count,
    "COUNTA": _f_counta,
    "COUNTBLANK": _f_countblank,
    "COUNTIF": _f_countif,
    "SUMIF": _f_sumif,
    "CONCATENATE": _f_concat,
    "CONCAT": _f_concat,
    "TEXTJOIN": _f_textjoin,
    "LEN": _text_fn(lambda s: float(len(s))),
    "UPPER": _text_fn(str.upper),
    "LOWER": _text_fn(str.lower),
    "PROPER": _text_fn(str.title),
    "TRIM": _text_fn(lambda s: " ".join(s.split())),
    "LEFT": _f_left,
    "RIGHT": _f_right,
    "MID": _f_mid,
    "ROUND": _rounding("half"),
    "ROUNDUP": _rounding("up"),
    "ROUNDDOWN": _rounding("down"),
    "INT": _math1(math.floor),
    "ABS": _math1(abs),
    "SQRT": _math1(math.sqrt),
    "MOD": _f_mod,
    "POWER": _f_power,
    "AND": _f_logic("AND"),
    "OR": _f_logic("OR"),
    "NOT": _f_not,
    "DATE": _f_date,
    "YEAR": _date_part("year"),
    "MONTH": _date_part("month"),
    "DAY": _date_part("day"),
    "TODAY": _f_today,
    "NOW": _f_now,
    "VALUE": _f_value,
    "TEXT": _f_text,
    "ISBLANK": _f_is(lambda v: v is None),
    "ISNUMBER": _f_is(lambda v: isinstance(v, float) and not isinstance(v, bool)),
    "ISTEXT": _f_is(lambda v: isinstance(v, str)),
    "ISERROR": _f_iserror,
    "HYPERLINK": _f_hyperlink,
    "VLOOKUP": _f_vlookup,
    "NA": _f_na,
    "TRUE": lambda args, locale: True,
    "FALSE": lambda args, locale: False,
}


# ---------------------------------------------------------------- moving references


def _shift_point(index: int, start: int, count: int, delete: bool) -> int | None:
    if not delete:
        return index + count if index >= start else index
    if start <= index < start + count:
        return None
    return index - count if index >= start + count else index


def _shift_ref_text(text: str, dimension: str, start: int, count: int, delete: bool) -> str:
    """Shift one reference's cell part (A1, $B$2, A1:C9, A:A, 2:5); "#REF!" when deleted."""
    parts = text.split(":")
    parsed = []
    for part in parts:
        m = re.match(r"^(\$?)([A-Za-z]{0,3})(\$?)(\d*)$", part)
        if not m:
            return text
        parsed.append(list(m.groups()))
    index_of = 3 if dimension == "ROWS" else 1

    def value(p: list[str]) -> int | None:
        raw = p[index_of]
        if not raw:
            return None
        return int(raw) - 1 if dimension == "ROWS" else col_index(raw)

    def set_value(p: list[str], v: int) -> None:
        p[index_of] = str(v + 1) if dimension == "ROWS" else col_letters(v)

    if len(parsed) == 1:
        v = value(parsed[0])
        if v is None:
            return text
        moved = _shift_point(v, start, count, delete)
        if moved is None:
            return "#REF!"
        set_value(parsed[0], moved)
    else:
        first, last = value(parsed[0]), value(parsed[1])
        if first is None or last is None:
            return text
        if not delete:
            set_value(parsed[0], first + count if first >= start else first)
            set_value(parsed[1], last + count if last >= start else last)
        else:
            end = start + count
            if start <= first and last < end:
                return "#REF!"
            new_first = first if first < start else (start if first < end else first - count)
            new_last = last if last < start else (start - 1 if last < end else last - count)
            set_value(parsed[0], new_first)
            set_value(parsed[1], new_last)
    return ":".join("".join(p) for p in parsed)


def shift_references(
    formula: str,
    targets_sheet: Callable[[str | None], bool],
    dimension: str,
    start: int,
    count: int,
    delete: bool,
) -> str:
    """A formula after rows/columns were inserted or deleted in a sheet it refers to."""
    # targets_sheet(name) says whether a reference's sheet (None: unqualified) is the one changed.
    out = []
    pos = 0
    body = formula
    while pos < len(body):
        m = _TOKEN.match(body, pos)
        if not m:
            out.append(body[pos:])
            break
        token = m.group()
        if m.lastgroup == "ref":
            sheet = None
            cells = token
            if "!" in token:
                prefix, _, cells = token.rpartition("!")
                sheet = prefix[1:-1].replace("''", "'") if prefix.startswith("'") else prefix
                if targets_sheet(sheet):
                    shifted = _shift_ref_text(cells, dimension, start, count, delete)
                    token = "#REF!" if shifted == "#REF!" else f"{prefix}!{shifted}"
            elif targets_sheet(None):
                token = _shift_ref_text(cells, dimension, start, count, delete)
        out.append(token)
        pos = m.end()
    return "".join(out)
