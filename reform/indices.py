"""The yearly indices (PAR INDEX, SIPAS, PCI, PAPI, DDCI …): each one's series over the years,
and the rows to publish for a year next to the year before (the plan asks for last year's
indices and rankings to be made public before 15/4, seed I.3).

A rank is better when its number is smaller: 1 is first. A change of rank is given as places
moved up, so that a positive number is always good news.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from reform.locale import vietnamese_sort_key

COMMON_INDICES = ("PAR INDEX", "SIPAS", "PCI", "PAPI", "DDCI")
SCOPES = ("Sở", "Tỉnh")  # the department's own first, then the province's
RANK_ASCENDING = True  # rank 1 is the best: a chart's rank axis is reversed so up is better
SERIES_COLUMNS = [
    "year",
    "index_name",
    "scope",
    "score",
    "max_score",
    "score_share",
    "rank",
    "ranked_units",
    "source_url",
]
PUBLICATION_COLUMNS = [
    *SERIES_COLUMNS,
    "previous_score",
    "previous_share",
    "previous_rank",
    "previous_ranked_units",
    "score_change",
    "share_change",
    "places_up",
]


def index_name(value: object) -> str:
    """An index's name as shown and grouped: NFC, single spaces, and the common ones in their
    usual spelling ("par  index" is PAR INDEX); anything else as typed."""
    text = " ".join(unicodedata.normalize("NFC", str(value or "")).split())
    for common in COMMON_INDICES:
        if text.casefold() == common.casefold():
            return common
    return text


def index_order(name: str) -> tuple:
    """The common indices in their usual order, then the others alphabetically."""
    if name in COMMON_INDICES:
        return (0, COMMON_INDICES.index(name), ())
    return (1, 0, vietnamese_sort_key(name))


def places_up(previous_rank: object, rank: object) -> int | None:
    """Places gained from one year to the next (8th → 5th is 3); None without both ranks."""
    if previous_rank is None or rank is None or pd.isna(previous_rank) or pd.isna(rank):
        return None
    change = int(previous_rank) - int(rank)
    return change if RANK_ASCENDING else -change


def series(indices: pd.DataFrame) -> pd.DataFrame:
    """Every index's rows over the years, one per year, index and scope, with the score as a
    share of its maximum; in index order, scope and year. A repeated year keeps its last row."""
    if indices.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    rows = indices.dropna(subset=["year"]).copy()
    rows["index_name"] = rows["index_name"].map(index_name)
    rows["scope"] = rows["scope"].map(lambda s: str(s).strip())
    rows["year"] = rows["year"].astype(int)
    score = pd.to_numeric(rows["score"], errors="coerce").astype(float)
    top = pd.to_numeric(rows["max_score"], errors="coerce").astype(float)
    rows["score"] = score
    rows["max_score"] = top
    rows["score_share"] = (score / top).where(top > 0)
    rows = rows.drop_duplicates(["year", "index_name", "scope"], keep="last")
    keys = [
        (index_order(n), _scope_order(s), y)
        for n, s, y in zip(rows["index_name"], rows["scope"], rows["year"], strict=True)
    ]
    rows = rows.iloc[sorted(range(len(rows)), key=keys.__getitem__)]
    return rows[SERIES_COLUMNS].reset_index(drop=True)


def _scope_order(scope: str) -> int:
    return SCOPES.index(scope) if scope in SCOPES else len(SCOPES)


def years(indices: pd.DataFrame) -> list[int]:
    """The years with index rows, newest first."""
    return sorted({int(y) for y in indices["year"].dropna()}, reverse=True)


def year_rows(indices: pd.DataFrame, year: int) -> pd.DataFrame:
    """A year's indices, in index order and scope."""
    rows = series(indices)
    return rows[rows["year"] == year].reset_index(drop=True)


def publication(indices: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows to publish for a year: the department's indices, then the province's, each
    with the year before's score and rank, the change in score and the places moved up."""
    rows = series(indices)
    current = rows[rows["year"] == year]
    if current.empty:
        return pd.DataFrame(columns=PUBLICATION_COLUMNS)
    before = rows[rows["year"] == year - 1].set_index(["index_name", "scope"])
    out = []
    for _, row in current.iterrows():
        key = (row["index_name"], row["scope"])
        previous = before.loc[key] if key in before.index else None
        record = row.to_dict()
        record["previous_score"] = None if previous is None else previous["score"]
        record["previous_share"] = None if previous is None else previous["score_share"]
        record["previous_rank"] = None if previous is None else previous["rank"]
        record["previous_ranked_units"] = None if previous is None else previous["ranked_units"]
        record["score_change"] = _difference(record["score"], record["previous_score"])
        record["share_change"] = _difference(record["score_share"], record["previous_share"])
        record["places_up"] = places_up(record["previous_rank"], record["rank"])
        out.append(record)
    table = pd.DataFrame(out, columns=PUBLICATION_COLUMNS)
    keys = [
        (_scope_order(s), index_order(n))
        for s, n in zip(table["scope"], table["index_name"], strict=True)
    ]
    table = table.iloc[sorted(range(len(table)), key=keys.__getitem__)]
    return table.reset_index(drop=True)


def _difference(value: object, previous: object) -> float | None:
    if value is None or previous is None or pd.isna(value) or pd.isna(previous):
        return None
    return float(value) - float(previous)


def existing_row(indices: pd.DataFrame, year: int, name: str, scope: str) -> pd.Series | None:
    """The row already holding this year, index and scope, if any."""
    wanted = index_name(name)
    same = indices[
        (indices["year"] == year)
        & indices["index_name"].map(lambda n: index_name(n) == wanted).astype(bool)
        & (indices["scope"].map(lambda s: str(s).strip()) == scope)
    ]
    return None if same.empty else same.iloc[0]


def check_entry(record: dict) -> list[str]:
    """What is wrong with an index row about to be saved, as kinds: no name, a score above
    its maximum, a rank below the number of units ranked."""
    problems = []
    if not index_name(record.get("index_name")):
        problems.append("no_name")
    score, top = record.get("score"), record.get("max_score")
    if score is not None and top is not None and float(score) > float(top):
        problems.append("score_above_max")
    rank, units = record.get("rank"), record.get("ranked_units")
    if rank is not None and units is not None and int(rank) > int(units):
        problems.append("rank_above_units")
    return problems
