"""Chỉ số: yearly reform and satisfaction indices."""

from ui.placeholder import planned_page
from ui.router import start_page

start_page("indices")

planned_page(
    "indices",
    "indices",
    ["year", "index_name", "scope", "score", "max_score", "rank", "ranked_units", "source_url"],
    sort_by=["index_name", "year"],
)
