"""Addresses that open a page already filtered, as the overview's "Cần chú ý" links do:
/plan?nam=2017&don_vi=Văn phòng Sở, /onestop?nam=2017&quy=3, /activities?nam=2017&thang=8,
/surveys?quy=2017-3. A picker takes the address's value as its first choice; after that the
picker is the user's."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st

T = TypeVar("T")

YEAR = "nam"
QUARTER = "quy"
MONTH = "thang"
UNIT = "don_vi"
TYPE = "loai"


def wanted(param: str, options: Sequence[T], parse: Callable[[str], T]) -> T | None:
    """The option the address names (?param=value), or None when it names none of them."""
    raw = st.query_params.get(param)
    if raw is None:
        return None
    try:
        value = parse(raw)
    except ValueError:
        return None
    return value if value in options else None


def index_of(param: str, options: Sequence[T], parse: Callable[[str], T], default: int = 0) -> int:
    """The picker's first choice: the address's value, else default."""
    value = wanted(param, options, parse)
    return list(options).index(value) if value is not None else default
