"""The public site's views: read-only, server-rendered; only this layer decides what "today" is."""

from .deadlines import deadlines_ics, deadlines_page, published_figures
from .membership import choose_language, home, membership_on_date, ping, state_list, state_page

__all__ = [
    "choose_language",
    "deadlines_ics",
    "deadlines_page",
    "home",
    "membership_on_date",
    "ping",
    "published_figures",
    "state_list",
    "state_page",
]
