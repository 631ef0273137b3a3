"""Template filters of the participation pages."""

from typing import Any

from django import forms, template

from kokous.participation.charts import Bar, percent

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping|get_item:key`: a dictionary's value by a key held in a variable."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def field(form: forms.Form, name: str) -> forms.BoundField:
    """`form|field:name`: a form's bound field by a name held in a variable."""
    return form[name]


@register.filter
def share(bar: Bar, total: int) -> int:
    """`bar|share:total`: the bar's count as a whole percentage of those who answered."""
    return percent(bar.count, total)


@register.inclusion_tag("participation/_case.html")
def case_participation(case_id: int) -> dict[str, Any]:
    """The published surveys and comment rounds of a case, for its page's history."""
    from kokous.participation.selectors import case_consultations

    return {"consultations": case_consultations(case_id=case_id, public=True)}
