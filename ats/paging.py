"""Paging the long HTML lists: a page of rows, and the pager template `_pager.html` under it."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

# Rows per page of an HTML list (the pipeline board pages its columns by its own size).
LIST_PAGE_SIZE = 50


def page_of(rows: Any, request: HttpRequest, *, per_page: int | None = None) -> Page:
    """The page `?page=` asks for (the first for a bad number, the last past the end) of a
    queryset (two queries: the count and the page) or a list; LIST_PAGE_SIZE rows a page
    unless `per_page` says otherwise."""
    return Paginator(rows, per_page or LIST_PAGE_SIZE).get_page(request.GET.get("page"))
