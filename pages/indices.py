"""Chỉ số: yearly reform and satisfaction indices."""

from ui.placeholder import planned_page

planned_page(
    "indices",
    "indices",
    ["year", "index_name", "scope", "score", "max_score", "rank", "ranked_units", "source_url"],
    sort_by=["index_name", "year"],
)
