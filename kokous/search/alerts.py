"""Saved searches with e-mail alerts: a resident's search that mails them the new public
decisions it finds.

The subscription follows the newsletter's (`kokous.news.services`): double opt-in through a
signed link that expires, the same answer whatever the address, at most one confirmation mail
every few minutes per search, a link that ends it in every message (with the one-click
`List-Unsubscribe` headers of RFC 8058), and mail sent through the task queue after commit.
Unconfirmed requests are deleted once their link has expired.

What the public may read is never decided here: the alerts read the public search
(`kokous.search.selectors.search` with the `PUBLIC` audience), whose documents are built
through `kokous.publishing.rules`; a decision is in it only when its public agenda-item
document carries a decision type, i.e. when the rule makes the decision public. A confidential
item's decision never is, so it is never mailed.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import BooleanField, Case, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.dateformat import format as date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokous.core.mail import list_message
from kokous.core.timeutil import local_date
from kokous.meetings.models import AgendaItem, Meeting
from kokous.news.services import site_url
from kokous.organisations.models import Body, Organisation
from kokous.publishing import rules
from kokous.search.forms import decision_type_label, search_languages
from kokous.search.models import Kind, SavedSearch
from kokous.search.query import query_parse
from kokous.search.selectors import PUBLIC, Hit, SearchFilter, search

logger = logging.getLogger(__name__)

# As the newsletter's: a confirmation link is valid for a week, and a new one is mailed at
# most every few minutes per saved search, however often the form is sent.
CONFIRMATION_MAX_AGE = dt.timedelta(days=7)
CONFIRMATION_INTERVAL = dt.timedelta(minutes=5)
CONFIRMATION_SALT = "kokous.search.saved_search_confirm"
# Saved searches one address may hold (confirmed or not); asking for more does nothing, so
# that nobody can flood an address with confirmation mails by varying the search.
MAX_SEARCHES_PER_ADDRESS = 20

# How far back each run looks again (see `saved_searches_notify`): longer than the search
# index ever lags behind a publication (the task queue's delay).
OVERLAP = dt.timedelta(days=2)
# Minutes dated more than this before a saved search's window are not news, whenever they
# were put on the web (a bulk load or an import of old minutes).
MAX_BACKDATE = dt.timedelta(days=14)
# Decisions listed in one message; the rest are counted, with a link to the search.
MAX_LISTED = 50
_PAGE_SIZE = 100
_MAX_PAGES = 20

# Filters a saved search keeps: those of `SearchFilter` but the kinds (alerts are about
# decisions), by the body's id rather than its address, which may change.
_FILTER_KEYS = ("body", "organisation", "date_from", "date_to", "decision_type")


# The search a saved search stands for ---------------------------------------------------------


def saved_search_filters_dump(filters: SearchFilter | None) -> dict[str, Any]:
    """The filters as a saved search stores them: only those set, dates as yyyy-mm-dd."""
    if filters is None:
        return {}
    stored: dict[str, Any] = {}
    for key in _FILTER_KEYS:
        value = getattr(filters, key)
        if value:
            stored[key] = value.isoformat() if isinstance(value, dt.date) else value
    return stored


def saved_search_filters_load(stored: dict[str, Any]) -> SearchFilter:
    """The search filter of a saved search's stored filters, for decisions (agenda items)."""

    def date(key: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(stored[key])) if stored.get(key) else None
        except ValueError:
            return None

    def number(key: str) -> int | None:
        value = str(stored.get(key) or "")
        return int(value) if value.isdigit() else None

    return SearchFilter(
        body=number("body"),
        organisation=number("organisation"),
        date_from=date("date_from"),
        date_to=date("date_to"),
        kinds=(Kind.ITEM,),
        decision_type=str(stored.get("decision_type") or ""),
    )


def saved_search_describe(*, filters: SearchFilter | dict[str, Any] | None) -> list[str]:
    """The filters of a search in words, one line each, in the active language."""
    if isinstance(filters, dict):
        filters = saved_search_filters_load(filters)
    if filters is None:
        return []
    lines = []
    if filters.body:
        body = Body.objects.filter(pk=filters.body).first()
        if body is not None:
            lines.append(_("Body: %(body)s") % {"body": body.name})
    if filters.organisation:
        organisation = Organisation.objects.filter(pk=filters.organisation).first()
        if organisation is not None:
            lines.append(_("Organisation: %(name)s") % {"name": organisation})
    if filters.decision_type:
        lines.append(
            _("Type of decision: %(type)s") % {"type": decision_type_label(filters.decision_type)}
        )
    if filters.date_from or filters.date_to:
        start = date_format(filters.date_from, "j.n.Y") if filters.date_from else ""
        end = date_format(filters.date_to, "j.n.Y") if filters.date_to else ""
        if start and end:
            lines.append(_("Meetings from %(start)s to %(end)s") % {"start": start, "end": end})
        elif start:
            lines.append(_("Meetings from %(start)s on") % {"start": start})
        else:
            lines.append(_("Meetings until %(end)s") % {"end": end})
    return lines


def saved_search_page_url(saved_search: SavedSearch) -> str:
    """The absolute address of the public search page showing the saved search's decisions,
    newest first."""
    filters = saved_search_filters_load(saved_search.filters)
    params: list[tuple[str, str]] = [("q", saved_search.query), ("type", Kind.ITEM)]
    if filters.body:
        slug = Body.objects.filter(pk=filters.body).values_list("slug", flat=True).first()
        if slug:
            params.append(("body", slug))
    if filters.date_from:
        params.append(("from", filters.date_from.isoformat()))
    if filters.date_to:
        params.append(("to", filters.date_to.isoformat()))
    if filters.decision_type:
        params.append(("decision_type", filters.decision_type))
    params.append(("order", "date"))
    return site_url(reverse("search:page")) + "?" + urlencode(params)


def saved_search_cancel_url(saved_search: SavedSearch) -> str:
    return site_url(reverse("search_alerts:cancel", kwargs={"token": saved_search.token}))


def _language(value: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return value if value in codes else settings.LANGUAGE_CODE


def _query_normalise(query: str) -> str:
    return " ".join(query.replace("\x00", " ").split())[:500]


# Subscribing ----------------------------------------------------------------------------------


def _row_check(saved_search: SavedSearch) -> str:
    # Ties a confirmation link to the row it was made for: a link outlives its row (cancelled,
    # or removed unconfirmed), and a later row may get the same id.
    return salted_hmac(CONFIRMATION_SALT, saved_search.token).hexdigest()[:16]


def saved_search_confirmation_token(*, saved_search: SavedSearch, language: str) -> str:
    """The signed key of a saved search's confirmation link (valid CONFIRMATION_MAX_AGE)."""
    return signing.dumps(
        {"p": saved_search.pk, "h": _row_check(saved_search), "l": language},
        salt=CONFIRMATION_SALT,
        compress=True,
    )


@transaction.atomic
def saved_search_create(
    *, email: str, query: str, filters: SearchFilter | None = None, language: str
) -> SavedSearch | None:
    """Ask for the alerts of a search: an unconfirmed saved search, and a confirmation link
    mailed to the address (after commit); nothing else is sent before the link is followed.

    The same address and search again makes no second saved search: the link is mailed again
    (at most every CONFIRMATION_INTERVAL), also when it is confirmed already. The language of
    the e-mails travels signed in the link and takes effect on confirmation, so that nobody
    changes another person's alerts by typing their address. The caller learns nothing of
    whether the address was known; None when the address already holds
    MAX_SEARCHES_PER_ADDRESS other searches (nothing is done). Raises ValidationError for an
    invalid address or a search with no words to look for."""
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from exc
    text = _query_normalise(query)
    if not query_parse(text, languages=search_languages()):
        raise ValidationError(
            {"query": _("Write the words to search for: the alert needs at least one.")},
            code="empty",
        )
    language = _language(language)
    stored = saved_search_filters_dump(filters)
    existing = [
        saved
        for saved in SavedSearch.objects.select_for_update().filter(email=address)
        if saved.query == text and saved.filters == stored
    ]
    if existing:
        saved_search = existing[0]
    elif SavedSearch.objects.filter(email=address).count() >= MAX_SEARCHES_PER_ADDRESS:
        return None
    else:
        saved_search = SavedSearch.objects.create(
            email=address,
            query=text,
            filters=stored,
            language=language,
            token=secrets.token_urlsafe(32),
        )
    now = timezone.now()
    last = saved_search.confirmation_sent_at
    if last is not None and now - last < CONFIRMATION_INTERVAL:
        return saved_search
    saved_search.confirmation_sent_at = now
    saved_search.save(update_fields=["confirmation_sent_at"])
    token = saved_search_confirmation_token(saved_search=saved_search, language=language)
    from kokous.search.alert_tasks import saved_search_confirmation_send

    pk = saved_search.pk
    transaction.on_commit(
        lambda: saved_search_confirmation_send.enqueue(
            saved_search_id=pk, token=token, language=language
        )
    )
    return saved_search


def saved_search_confirmation_message(
    *, saved_search: SavedSearch, token: str, language: str
) -> EmailMultiAlternatives:
    """The e-mail with the link that confirms a saved search."""
    with translation.override(_language(language)):
        context = {
            "saved_search": saved_search,
            "filters": saved_search_describe(filters=saved_search.filters),
            "confirm_url": site_url(reverse("search_alerts:confirm", kwargs={"token": token})),
            "days": CONFIRMATION_MAX_AGE.days,
        }
        subject = _("Confirm your search alert")
        text = render_to_string("search/alerts/email/confirm.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[saved_search.email]
    )


def _invalid_link() -> ValidationError:
    return ValidationError(
        _(
            "This confirmation link is not valid or has expired. Ask for the alert again to "
            "get a new one."
        ),
        code="invalid",
    )


def saved_search_for_confirmation(*, token: str) -> tuple[SavedSearch, str]:
    """The saved search and chosen language of a confirmation link, changing nothing. Raises
    ValidationError for a link that is forged, expired, or whose saved search is gone."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise _invalid_link() from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        raise _invalid_link()
    saved_search = SavedSearch.objects.filter(pk=payload["p"]).first()
    if saved_search is None or not constant_time_compare(
        str(payload.get("h", "")), _row_check(saved_search)
    ):
        raise _invalid_link()
    return saved_search, _language(str(payload.get("l", "")))


@transaction.atomic
def saved_search_confirm(*, token: str) -> SavedSearch:
    """Confirm a saved search with the signed token of its link: from now on it mails the
    decisions that become public (`notified_until` starts now, so nothing older is sent), in
    the language chosen when it was asked for. Confirming again changes nothing else. Raises
    ValidationError for an invalid or expired link."""
    found, language = saved_search_for_confirmation(token=token)
    saved_search = SavedSearch.objects.select_for_update().get(pk=found.pk)
    saved_search.language = language
    fields = ["language"]
    if saved_search.confirmed_at is None:
        now = timezone.now()
        saved_search.confirmed_at = now
        saved_search.notified_until = now
        saved_search.notified_items = {}
        fields += ["confirmed_at", "notified_until", "notified_items"]
    saved_search.save(update_fields=fields)
    return saved_search


@transaction.atomic
def saved_search_cancel(*, token: str) -> bool:
    """End a saved search by its token (the link and List-Unsubscribe header of every message
    it sends, and of the confirmation page): it is deleted with the address. False for an
    unknown token (cancelled already, or never there)."""
    deleted, _counts = SavedSearch.objects.filter(token=token).delete()
    return bool(deleted)


def saved_searches_unconfirmed_remove(*, now: dt.datetime | None = None) -> int:
    """Delete the saved searches whose confirmation link has expired unfollowed; returns how
    many."""
    expired = (now or timezone.now()) - CONFIRMATION_MAX_AGE
    stale = SavedSearch.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).exclude(
        confirmation_sent_at__gte=expired
    )
    deleted, _counts = stale.delete()
    return deleted


# Notifying --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """A decided agenda item of minutes that became public at `at`; `date` is its meeting's."""

    item_id: int
    at: dt.datetime
    date: dt.date


@dataclass
class NotifyReport:
    sent: int = 0  # messages sent
    decisions: int = 0  # decisions listed in them
    removed: int = 0  # unconfirmed saved searches deleted
    failed: int = 0  # messages that could not be sent (tried again on the next run)


def _window_start(saved_search: SavedSearch) -> dt.datetime:
    confirmed = saved_search.confirmed_at
    assert confirmed is not None
    notified = saved_search.notified_until or confirmed
    return max(confirmed, notified - OVERLAP)


def minutes_public_since(*, since: dt.datetime, now: dt.datetime) -> dict[int, dt.datetime]:
    """The meetings whose minutes became public after `since` (until `now`), with the time
    they did: when the meeting's history last entered the state the publication rule calls
    public (`rules.minutes_public_q`). Minutes dated more than MAX_BACKDATE before `since`
    are left out (old minutes loaded or imported now are not news)."""
    meetings = list(
        Meeting.objects.filter(
            rules.minutes_public_q(),
            minutes_published_on__gte=local_date(since) - MAX_BACKDATE,
        ).values_list("pk", flat=True)
    )
    if not meetings:
        return {}
    history = (
        Meeting.history.filter(id__in=meetings, history_date__lte=now)
        .annotate(
            public=Case(
                When(rules.minutes_public_q(), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .order_by("id", "history_date", "history_id")
        .values_list("id", "public", "history_date")
    )
    became: dict[int, dt.datetime] = {}
    for pk, public, when in history:
        if not public:
            became.pop(pk, None)
        else:
            became.setdefault(pk, when)
    return {pk: when for pk, when in became.items() if when > since}


def _published_items(*, since: dt.datetime, now: dt.datetime) -> dict[int, Published]:
    meetings = minutes_public_since(since=since, now=now)
    if not meetings:
        return {}
    items = AgendaItem.objects.filter(meeting_id__in=meetings).values_list(
        "pk", "meeting_id", "meeting__start"
    )
    return {
        pk: Published(item_id=pk, at=meetings[meeting_id], date=start.date())
        for pk, meeting_id, start in items
    }


def _matches(
    saved_search: SavedSearch, fresh: dict[int, Published], now: dt.datetime
) -> list[tuple[Hit, Published]]:
    """The public decisions among `fresh` that the saved search finds, newest first."""
    stored = saved_search_filters_load(saved_search.filters)
    first = min(published.date for published in fresh.values()) - dt.timedelta(days=1)
    last = max(published.date for published in fresh.values()) + dt.timedelta(days=1)
    date_from = max(first, stored.date_from) if stored.date_from else first
    date_to = min(last, stored.date_to) if stored.date_to else last
    if date_from > date_to:
        return []
    filters = SearchFilter(
        body=stored.body,
        organisation=stored.organisation,
        date_from=date_from,
        date_to=date_to,
        kinds=(Kind.ITEM,),
        decision_type=stored.decision_type,
    )
    with translation.override(saved_search.language):
        languages = search_languages()
    found: list[tuple[Hit, Published]] = []
    for page in range(1, _MAX_PAGES + 1):
        result = search(
            q=saved_search.query,
            audience=PUBLIC,
            filters=filters,
            order="date",
            page=page,
            page_size=_PAGE_SIZE,
            languages=languages,
            now=now,
        )
        for hit in result.hits:
            published = fresh.get(hit.object_id)
            # A public decision: the rule left the decision in the public document.
            if hit.kind == Kind.ITEM and hit.decision_type and published is not None:
                found.append((hit, published))
        if not result.has_next:
            break
    return found


def saved_search_alert_message(
    *, saved_search: SavedSearch, hits: list[Hit]
) -> EmailMultiAlternatives:
    """The e-mail listing new decisions of a saved search, in its language, with the
    one-click cancel headers of RFC 8058."""
    cancel = saved_search_cancel_url(saved_search)
    listed = hits[:MAX_LISTED]
    with translation.override(saved_search.language):
        decisions = [
            {
                "title": hit.title,
                "body": hit.body.name if hit.body else "",
                "date": hit.date,
                "decision_type": decision_type_label(hit.decision_type),
                "url": site_url(hit.url),
                "snippet": hit.snippet,
                "snippet_text": " ".join(html.unescape(strip_tags(hit.snippet)).split()),
            }
            for hit in listed
        ]
        context = {
            "saved_search": saved_search,
            "filters": saved_search_describe(filters=saved_search.filters),
            "decisions": decisions,
            "more": len(hits) - len(listed),
            "search_url": saved_search_page_url(saved_search),
            "cancel_url": cancel,
        }
        subject = ngettext(
            "%(count)d new decision: %(query)s",
            "%(count)d new decisions: %(query)s",
            len(hits),
        ) % {"count": len(hits), "query": saved_search.query}
        text = render_to_string("search/alerts/email/alert.txt", context)
        html_body = render_to_string("search/alerts/email/alert.html", context)
    return list_message(
        subject=subject,
        text=text,
        html=html_body,
        to=saved_search.email,
        unsubscribe_url=cancel,
        list_name="search-alerts",
    )


def saved_searches_notify(*, now: dt.datetime | None = None) -> NotifyReport:
    """Mail each confirmed saved search the public decisions it finds that are new to it, one
    message a saved search, and advance its `notified_until`; delete expired unconfirmed
    requests. Idempotent: a second run sends nothing already sent. Run by the task
    `saved_searches_notify_task` and `kokous search_alerts_send` (hourly or daily).

    What is new: a decision whose minutes became public after the saved search was last
    notified, not one whose search document was written since. The index is rebuilt and its
    documents rewritten whenever anything about an item changes (a correction, the removal of
    personal data after the appeal period, `kokous search-reindex`), so `indexed_at` says
    nothing of news. Nor is the minutes' publication date enough: it is a date, not a time
    (a decision published before confirmation on the same day would be sent), and it may be
    set a few days back. So the time is read from the meeting's history: when it last
    entered the state the publication rule calls public. Each run looks back OVERLAP before
    the last one, for decisions the index had not caught up with yet (the index is updated
    through the task queue after the publication), and remembers in `notified_items` what it
    mailed for as long as it could come up again: a decision is mailed once however often
    the run goes or the index is rebuilt.

    Each saved search is claimed before its message goes, by a conditional UPDATE of
    `notified_until`, so two runs side by side never send the same message; a message that
    fails is undone and tried again on the next run."""
    now = now or timezone.now()
    report = NotifyReport(removed=saved_searches_unconfirmed_remove(now=now))
    searches = list(SavedSearch.objects.filter(confirmed_at__isnull=False).order_by("pk"))
    if not searches:
        return report
    starts = {saved.pk: _window_start(saved) for saved in searches}
    published = _published_items(since=min(starts.values()), now=now)
    connection: BaseEmailBackend | None = None
    mail_down = False
    try:
        for saved in searches:
            since = starts[saved.pk]
            known = saved.notified_items if isinstance(saved.notified_items, dict) else {}
            fresh = {
                pk: item
                for pk, item in published.items()
                if since < item.at <= now and str(pk) not in known
            }
            matches = _matches(saved, fresh, now) if fresh and not mail_down else []
            # Kept: what could come up again (became public after the next run's start).
            next_start = max(saved.confirmed_at or now, now - OVERLAP)
            remembered = {
                key: value
                for key, value in known.items()
                if (_parse_time(value) or next_start) > next_start
            }
            remembered.update({str(hit.object_id): item.at.isoformat() for hit, item in matches})
            if mail_down:
                continue
            if not _claim(saved, until=now, items=remembered):
                continue  # another run has it
            if not matches:
                continue
            if connection is None:
                connection = get_connection()
                try:
                    connection.open()
                except Exception as exc:  # noqa: BLE001 - all is tried again on the next run
                    logger.warning("Search alerts: mail server unreachable: %s", exc)
                    _unclaim(saved, until=now, previous=(saved.notified_until, known))
                    mail_down = True
                    continue
            message = saved_search_alert_message(
                saved_search=saved, hits=[hit for hit, _item in matches]
            )
            message.connection = connection
            try:
                message.send()
            except Exception as exc:  # noqa: BLE001 - undone, tried again on the next run
                logger.warning("Search alert %s failed: %s", saved.pk, exc)
                _unclaim(saved, until=now, previous=(saved.notified_until, known))
                report.failed += 1
            else:
                report.sent += 1
                report.decisions += len(matches)
    finally:
        if connection is not None:
            connection.close()
    return report


def _parse_time(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _claim(saved: SavedSearch, *, until: dt.datetime, items: dict[str, str]) -> bool:
    """Move the saved search's `notified_until` on from the value this run read; False when
    another run has moved it meanwhile."""
    return bool(
        SavedSearch.objects.filter(
            pk=saved.pk, confirmed_at__isnull=False, notified_until=saved.notified_until
        ).update(notified_until=until, notified_items=items)
        if saved.notified_until is not None
        else SavedSearch.objects.filter(
            pk=saved.pk, confirmed_at__isnull=False, notified_until__isnull=True
        ).update(notified_until=until, notified_items=items)
    )


def _unclaim(
    saved: SavedSearch,
    *,
    until: dt.datetime,
    previous: tuple[dt.datetime | None, dict[str, Any]],
) -> None:
    notified_until, items = previous
    SavedSearch.objects.filter(pk=saved.pk, notified_until=until).update(
        notified_until=notified_until, notified_items=items
    )
