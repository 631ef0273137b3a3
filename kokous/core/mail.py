"""E-mail that a reader can end: newsletters and search alerts."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives


def site_host() -> str:
    """The site's host name, as list identifiers name it."""
    return urlsplit(settings.KOKOUS_SITE_URL).hostname or "localhost"


def list_message(
    *, subject: str, text: str, html: str, to: str, unsubscribe_url: str, list_name: str
) -> EmailMultiAlternatives:
    """A message of a mailing list (RFC 2369 and 8058): text and HTML, with the one-click
    `List-Unsubscribe` link and the list's identifier (`list_name` under the site's host)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{list_name}.{site_host()}>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
