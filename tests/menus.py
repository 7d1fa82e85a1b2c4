"""The pages each kind of visitor has in the menu, written out by hand (not read from the
code under test): the access tests, in-process and in the browser, check against these."""

PUBLIC_PAGES = ["public", "survey_form", "feedback_form", "display"]  # open to everyone
INTERNAL_PAGES = [  # what a viewer (leadership) reads, in menu order
    "overview",
    "plan",
    "activities",
    "surveys",
    "feedback",
    "onestop",
    "indices",
    "report",
]
ALL_PAGES = [*INTERNAL_PAGES, *PUBLIC_PAGES, "data", "users", "audit"]
