"""`{% media_nonced form.media %}`: a form's assets with the request's CSP nonce.

The rich-text editor's assets include an import map, an inline `<script type="importmap">`,
which the content security policy runs only with the nonce of the response
(django-js-asset's `Media` sets it on every tag it renders)."""

from typing import Any

from django import forms, template
from js_asset.media import Media

register = template.Library()


@register.simple_tag(takes_context=True)
def media_nonced(context: dict[str, Any], media: forms.Media) -> str:
    request = context.get("request")
    # str(): django-csp's lazy nonce is falsy until read, and reading it puts it in the header.
    nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else ""
    return Media.from_media(media).render(attrs={"nonce": nonce} if nonce else None)
