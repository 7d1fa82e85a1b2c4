"""Màn hình tại quầy: the one-stop desk's TV (?display=1), or, from the menu, how to open it."""

from ui.context import page_title
from ui.display import about_view, in_display, rotating_display
from ui.router import start_page

start_page("display")


def main() -> None:
    """On the TV, the rotating panels and nothing else; otherwise the link to open there."""
    if in_display():
        rotating_display()
        return
    page_title("display")
    about_view()


main()
