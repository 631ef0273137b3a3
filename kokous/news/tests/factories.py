"""Helpers of the news tests: news made through the services, uploads."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kokous.news.models import News
from kokous.news.services import news_create

# The smallest file that `filetype` recognises as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "tiedote.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_news(
    title: str,
    *,
    status: str = News.Status.PUBLISHED,
    publish_at: dt.datetime | None = None,
    categories=(),
    **values,
) -> News:
    """A news item, published an hour ago unless told otherwise."""
    if status == News.Status.PUBLISHED and publish_at is None:
        publish_at = timezone.now() - dt.timedelta(hours=1)
    return news_create(
        title=title, status=status, publish_at=publish_at, categories=categories, **values
    )


def read(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
