"""Template helpers of the public site: canonical addresses, the current menu entry, section
numbers as the documents print them ("5 §") and query strings for filtered lists."""

from django import template
from django.forms import BoundField
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString

from kokous.core.timeutil import format_fi_date
from kokous.publishing import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, query: str = "") -> str:
    """The page's absolute address without its query string (or with `query`)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """`path` as an absolute address on this site."""
    request: HttpRequest | None = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def aria_current(context: template.Context, path: str) -> SafeString:
    """` aria-current="page"` on the menu entry of the page itself, ` aria-current="true"` on
    the entry of the section the page is in (the front page is no section)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return SafeString("")
    if request.path == path:
        return format_html(' aria-current="{}"', "page")
    if path != "/" and request.path.startswith(path):
        return format_html(' aria-current="{}"', "true")
    return SafeString("")


@register.filter
def section(number: int | None) -> str:
    """A section number as the documents print it: 5 §."""
    return f"{number} §" if number is not None else ""


@register.filter
def handling_line(handling: selectors.HandlingView) -> str:
    """One handling of a case: 12.1.2022 5 § Aluehallitus."""
    return f"{format_fi_date(handling.date)} {handling.section_number} § {handling.body_name}"


@register.filter
def first_line(text: str) -> str:
    return selectors.first_line(text)


@register.simple_tag
def query_without(query: QueryDict, *names: str) -> str:
    """The query string `query` without the parameters `names` (e.g. the page number)."""
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()


@register.filter
def with_error(field: BoundField) -> SafeString:
    """A form field's widget marked invalid and described by its error message, which the
    template puts in an element with the id `<field id>-error`."""
    return field.as_widget(
        attrs={"aria-invalid": "true", "aria-describedby": f"{field.auto_id}-error"}
    )
