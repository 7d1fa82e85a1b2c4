"""The app's pages: key, file, icon and URL path, by menu section.

The title of each page is the catalog entry nav.<key>; a section's title is its own key.
"""

from __future__ import annotations

PAGES: dict[str, list[tuple[str, str, str, str | None]]] = {
    "": [
        # The default page lives at the root URL, so it has no path of its own.
        ("overview", "pages/overview.py", ":material/dashboard:", None),
    ],
    "nav.section.work": [
        ("plan", "pages/plan.py", ":material/checklist:", "plan"),
        ("activities", "pages/activities.py", ":material/campaign:", "activities"),
        ("surveys", "pages/surveys.py", ":material/sentiment_satisfied:", "surveys"),
        ("feedback", "pages/feedback.py", ":material/forum:", "feedback"),
        ("onestop", "pages/onestop.py", ":material/assignment_turned_in:", "onestop"),
        ("indices", "pages/indices.py", ":material/leaderboard:", "indices"),
        ("report", "pages/bao_cao.py", ":material/description:", "bao_cao"),
    ],
    "nav.section.public": [
        ("public", "pages/public.py", ":material/public:", "public"),
        # The file is named like its URL: a first visitor's deep link (before the router has
        # run once) is resolved by file name, and a QR code must never meet "page not found".
        ("survey_form", "pages/khao_sat.py", ":material/rate_review:", "khao_sat"),
        ("feedback_form", "pages/gop_y.py", ":material/contact_support:", "gop_y"),
        ("display", "pages/man_hinh.py", ":material/tv:", "man_hinh"),
    ],
    "nav.section.admin": [
        ("data", "pages/data.py", ":material/table_view:", "data"),
        ("users", "pages/users.py", ":material/group:", "users"),
        ("audit", "pages/audit.py", ":material/history:", "audit"),
    ],
    "nav.section.account": [
        ("login", "pages/login.py", ":material/login:", "login"),
    ],
}


KIOSK_PAGE = "survey_form"  # the only page a kiosk (a tablet at the desk) ever shows
DISPLAY_PAGE = "display"  # the only page the desk's TV (?display=1) ever shows


def page_file(key: str) -> str:
    """The file of a page."""
    return next(path for pages in PAGES.values() for k, path, *_ in pages if k == key)


def page_keys() -> list[str]:
    """Every page key, in menu order."""
    return [key for pages in PAGES.values() for key, *_ in pages]
