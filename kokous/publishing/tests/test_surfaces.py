"""Nothing non-public on any public surface (issue 6; DOMAIN.md items 6-7).

One region holds meetings at every stage (planned, agenda sent, held, published), a
confidential item, items public after the decision and an item whose private persons' names
have been removed after the appeal period; since issue 11 also a news draft and a news item
scheduled for tomorrow, an unpublished survey, a resident's written answer, a hidden comment
and imported minutes with an item its document marks secret. Every text that the public may
not read yet, or not at all, carries a marker. The test then reads the site as the public
does: it starts from the front page, the sitemap, the feeds, the calendars and the roots of
both APIs, follows every link it finds (HTML links, URLs in JSON, XML and iCalendar, PDFs
included) and fails if any response carries a marker. Each surface also has its own tests of
each rule; this one proves that no surface was forgotten and no link leads round the rule."""

import io
import json
import re
from collections import deque
from urllib.parse import parse_qs, quote_plus, urlencode, urlsplit

import pypdf
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client

from kokous.documents.tests.builders import SECRET, small_meeting
from kokous.documents.tests.conftest import documents_stored_in
from kokous.meetings.models import AgendaItem, Meeting, Publicity
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db

# Texts the public must never read, and where they are.
CONFIDENTIAL_PROPOSAL = "Luottamusehdotus7731"  # the confidential item's proposal
CONFIDENTIAL_DECISION = "Luottamuspäätös7732"  # the confidential item's decision
EARLY_DECISION = "Keskeneräinen8841"  # decisions of minutes not yet published
EARLY_AFTER_DECISION = "Ennenaikainen8842"  # "public after the decision" before it
PLANNED_TITLE = "Suunnitteilla9951"  # the titles of an agenda not yet sent
PLANNED_TEXT = "Luonnosteksti9952"  # and its texts
PRIVATE_NAME = "Matti Kivilahtinen"  # removed after the appeal period
ONLINE_LINK = "Verkkolinkki6621"  # the members' online meeting link
PRIVATE_FORMS = ("Kivilahtinen", "Kivilahtise", "kivilahtinen", "kivilahtise")
# Issue 11: what the newer surfaces hold that the public may never read.
NEWS_DRAFT = "Uutisluonnos4471"  # a news item still a draft
NEWS_FUTURE = "Tulevauutinen4472"  # a news item published for tomorrow
SURVEY_HIDDEN = "Piilokysely5561"  # a survey not published
ANSWER_TEXT = "Vastausteksti5562"  # a resident's written answer (never public)
COMMENT_HIDDEN = "Piilokommentti5563"  # a comment staff hid
IMPORTED_SECRET = "Salainentuonti5564"  # an imported item marked secret in its document
MARKERS = (
    NEWS_DRAFT,
    NEWS_FUTURE,
    SURVEY_HIDDEN,
    ANSWER_TEXT,
    COMMENT_HIDDEN,
    IMPORTED_SECRET,
    SECRET,
    CONFIDENTIAL_PROPOSAL,
    CONFIDENTIAL_DECISION,
    EARLY_DECISION,
    EARLY_AFTER_DECISION,
    PLANNED_TITLE,
    PLANNED_TEXT,
    ONLINE_LINK,
    *PRIVATE_FORMS,
)
# What the public does read, so that the crawl is known to have reached the content.
PUBLIC_MARKERS = (
    "Hyväksytään palveluverkko.",
    "[yksityishenkilö]",
    "Henkilöstöasia",
    "Julkinenuutinen4473",  # a published news item
    "Julkinenkysely5565",  # a published survey, and its results' summary
    "Julkinenkommentti5566",  # a comment left visible
    "Tuotuasia5567",  # the title of the imported secret item (a title stays public)
)

SKIPPED_PREFIXES = ("/staff/", "/accounts/", "/admin/", "/i18n/", "/static/", "/newsletter/")
START = [
    "/",
    "/sitemap.xml",
    "/robots.txt",
    "/meetings/",
    "/decisions/",
    "/feeds/decisions.rss",
    "/feeds/decisions.atom",
    "/calendar/meetings.ics",
    "/news/",
    "/news/feed.rss",
    "/news/feed.atom",
    "/participation/",
    "/preparation/",
    "/api/v1/",
    "/api/v1/search/?q=Luottamus",
    "/api/paatos/v1/case/",
    "/api/paatos/v1/action/",
    "/api/paatos/v1/event/",
    "/api/paatos/v1/person/",
    "/api/paatos/v1/organization/",
    "/api/paatos/v1/membership/",
    "/api/paatos/v1/post/",
    "/api/paatos/v1/function/",
]
# Every marker searched for on every search surface: the index must not hold it either.
SEARCH_WORDS = [*MARKERS, "Luottamus", "Henkilöstöasia", "Palveluverkko"]
START += [
    f"{path}?{urlencode({'q': word})}"
    for word in SEARCH_WORDS
    for path in ("/search/", "/search/feed.rss", "/search/feed.atom", "/api/v1/search/")
]
START += [f"/decisions/?{urlencode({'q': word})}" for word in SEARCH_WORDS]
MAX_FETCHES = 2500
URL_IN_TEXT = re.compile(r"https?://testserver(/[^\s\"'<>\\]*)")


@pytest.fixture
def region(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with documents_stored_in(tmp_path / "documents"):
        published = small_meeting("published")
        AgendaItem.objects.filter(pk=published.confidential.pk).update(
            proposal=CONFIDENTIAL_PROPOSAL, decision=CONFIDENTIAL_DECISION
        )
        AgendaItem.objects.filter(pk=published.matter.pk).update(
            personal_data=True,
            private_persons=PRIVATE_NAME,
            preparation_text=f"<p>Hakija {PRIVATE_NAME} on hakenut lupaa.</p>",
            decision="Myönnetään Matti Kivilahtiselle lupa.",
            personal_data_removed_on="2026-01-05",
        )
        Meeting.objects.filter(pk=published.meeting.pk).update(
            online_url=f"https://teams.example/join/{ONLINE_LINK}"
        )
        held = small_meeting("held")
        AgendaItem.objects.filter(meeting=held.meeting).exclude(decision="").update(
            decision=EARLY_DECISION
        )
        AgendaItem.objects.filter(pk=held.after_decision.pk).update(
            preparation_text=f"<p>{EARLY_AFTER_DECISION}</p>"
        )
        sent = small_meeting("sent")
        AgendaItem.objects.filter(pk=sent.after_decision.pk).update(
            preparation_text=f"<p>{EARLY_AFTER_DECISION}</p>",
            proposal=EARLY_AFTER_DECISION,
        )
        planned = small_meeting("planned")
        AgendaItem.objects.filter(meeting=planned.meeting).update(
            title=PLANNED_TITLE, preparation_text=f"<p>{PLANNED_TEXT}</p>", proposal=PLANNED_TEXT
        )
        assert AgendaItem.objects.filter(publicity=Publicity.CONFIDENTIAL).count() == 4
        hidden = _newer_surfaces(published.meeting.body.organisation)
        search_reindex()  # as the task worker leaves it after these changes
        yield {
            "published": published,
            "held": held,
            "sent": sent,
            "planned": planned,
            "hidden": hidden,
        }


def _newer_surfaces(organisation) -> dict[str, str]:
    """News, participation and imported minutes, each with what the public may read and what
    it may not (issue 11's leak test covers them too)."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from kokous.importer.parse import parse_minutes
    from kokous.importer.services import minutes_import
    from kokous.news.models import News
    from kokous.news.tests.factories import make_news
    from kokous.participation import services as participation
    from kokous.participation.models import Question, Survey
    from kokous.participation.tests.factories import question_add, round_make, survey_make

    make_news("Julkinenuutinen4473")
    draft = make_news(NEWS_DRAFT, status=News.Status.DRAFT)
    future = make_news(NEWS_FUTURE, publish_at=timezone.now() + dt.timedelta(days=1))

    unpublished = survey_make(title=SURVEY_HIDDEN, published=False, organisation=organisation)
    survey = survey_make(title="Julkinenkysely5565", organisation=organisation, results_public=True)
    choice = question_add(survey, Question.Kind.SINGLE, "Kotikunta", options=("Kotka", "Hamina"))
    text = question_add(survey, Question.Kind.LONG_TEXT, "Mitä muuta?")
    participation.response_submit(
        survey=survey,
        values={choice.pk: [choice.options.first().pk], text.pk: ANSWER_TEXT},
    )
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1)
    )  # closed: its public summary is out

    comments = round_make(organisation=organisation)
    participation.comment_add(round=comments, text="Julkinenkommentti5566")
    hidden = participation.comment_add(round=comments, text=COMMENT_HIDDEN)
    staff = get_user_model().objects.create_user("moderaattori")
    participation.comment_hide(comment=hidden, reason="Asiaton", hidden_by=staff)

    document = (
        "Tuontilautakunta\n\nKokouksen aika 2.3.2021 klo 10.00 - 11.00\n\n"
        "Osallistujat\n\nAino Aaltonen\n\npuheenjohtaja\n\n"
        "1 § Tuotuasia5567\n\nSalassa pidettävä, JulkL 24 § 1 mom. 25 k\n\n"
        f"Hakijan tiedot: {IMPORTED_SECRET}.\n\nPäätös Myönnettiin.\n"
    )
    imported = minutes_import(
        parsed=parse_minutes(document),
        content=document.encode(),
        filename="tuonti.txt",
        organisation=organisation,
    ).meeting
    # Addresses of what is not public, which no public page links to.
    return {
        "draft_news": f"/news/{draft.slug}/",
        "future_news": f"/news/{future.slug}/",
        "unpublished_survey": f"/participation/surveys/{unpublished.slug}/",
        "unpublished_survey_results": f"/participation/surveys/{unpublished.slug}/results/",
        "imported_original": f"/staff/meetings/{imported.pk}/original/",
    }


def _text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        reader = pypdf.PdfReader(io.BytesIO(body))
        return " ".join(page.extract_text() or "" for page in reader.pages)
    text = body.decode("utf-8", errors="replace")
    if "json" in content_type:
        # Decoded, so that escaped characters (\u00e4) compare as the text they are.
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _links(response, text: str) -> set[str]:
    content_type = response.get("Content-Type", "")
    found = {match.group(1) for match in URL_IN_TEXT.finditer(text)}
    if content_type.startswith("text/html"):
        soup = BeautifulSoup(text, "html.parser")
        found |= {tag["href"] for tag in soup.select("a[href], link[href]")}
    return found


def _wanted(path: str) -> str | None:
    parts = urlsplit(path)
    if parts.scheme and parts.netloc != "testserver":
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    # Query strings only for languages and paging: month-by-month calendars go on forever.
    if parts.query and not re.fullmatch(r"(lang=\w+|page=[2-5]|format=json)", parts.query):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _search_hits(path: str, response, text: str) -> int:
    """How many results a search surface (or the decisions list) shows."""
    if path.startswith("/api/"):
        return len(json.loads(text)["results"])
    if "/feed." in path:
        return text.count("<item>") + text.count("<entry>")
    soup = BeautifulSoup(text, "html.parser")
    return len(soup.select("ol.search-hits > li, ol.decisions > li"))


def test_no_public_surface_exposes_what_is_not_public(region, settings):
    cache.clear()  # the API's rate limit counts per client
    settings.REST_FRAMEWORK = {
        **getattr(settings, "REST_FRAMEWORK", {}),
        "DEFAULT_THROTTLE_CLASSES": [],
    }
    client = Client()
    queue: deque[str] = deque(START)
    seen: set[str] = set(START)
    statuses: dict[str, int] = {}
    leaks: list[tuple[str, str]] = []
    public_seen: set[str] = set()
    while queue and len(statuses) < MAX_FETCHES:
        path = queue.popleft()
        response = client.get(path, HTTP_ACCEPT="*/*")
        statuses[path] = response.status_code
        if response.status_code in {301, 302}:
            target = _wanted(response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        text = _text_of(response)
        searched = parse_qs(urlsplit(path).query).get("q", [""])[0]
        if searched in MARKERS:
            # A search shows its words back (heading, form, links): what it found must be
            # nothing, and nothing else on the page may carry a marker.
            assert not _search_hits(path, response, text), path
            text = text.replace(searched, "").replace(quote_plus(searched), "")
        elif searched == "Palveluverkko":
            assert _search_hits(path, response, text), path  # the search surfaces do find
        leaks += [(path, marker) for marker in MARKERS if marker in text]
        public_seen |= {marker for marker in PUBLIC_MARKERS if marker in text}
        for link in _links(response, text):
            target = _wanted(link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)

    assert not leaks, leaks
    assert not [path for path, status in statuses.items() if status >= 500]
    assert len(statuses) < MAX_FETCHES, "the crawl did not finish"
    # The crawl reached every kind of surface and the public content itself.
    assert public_seen == set(PUBLIC_MARKERS)
    reached = " ".join(path for path, status in statuses.items() if status == 200)
    for surface in (
        "/items/",
        "/cases/",
        "/people/",
        "/bodies/",
        "/attachments/",
        "/agenda.pdf",
        "/minutes.pdf",
        "/extract.pdf",
        "/minutes/",
        "/meeting.ics",
        "/api/v1/meetings/",
        "/api/v1/agenda-items/",
        "/api/v1/votes/",
        "/api/paatos/v1/action/",
        "/news/",
        "/participation/surveys/",
        "/results/",
        "/participation/drafts/",
    ):
        assert surface in reached, surface


@pytest.mark.parametrize(
    "words", ["Kivilahtinen", "Kivilahtiselle", "Matti Kivilahtinen", "Luottamus"]
)
def test_no_search_finds_what_the_public_version_does_not_show(region, client, words):
    """A search echoes its words back, so the crawl above leaves searches out: here each
    search surface must simply find nothing."""
    import feedparser

    cache.clear()
    page = BeautifulSoup(client.get("/decisions/", {"q": words}).content, "html.parser")
    assert not page.select("a[href^='/items/']"), words
    for feed in ("/feeds/decisions.rss", "/feeds/decisions.atom"):
        assert feedparser.parse(client.get(feed, {"q": words}).content).entries == []
    for api in ("/api/v1/search/", "/api/v1/decisions/"):
        assert client.get(api, {"q": words}).json()["count"] == 0, api


def test_non_public_attachments_are_not_served_by_any_address(region, client):
    from kokous.meetings.models import Attachment

    published = region["published"]
    from django.core.files.base import ContentFile

    secret = Attachment(
        agenda_item=published.confidential,
        number=1,
        title="Liite",
        publicity=Publicity.PUBLIC,
    )
    secret.file.save("salainen.txt", ContentFile(SECRET.encode()), save=True)
    assert client.get(f"/attachments/{secret.pk}/").status_code == 404
    assert client.get(f"/media/{secret.file.name}").status_code == 404


def test_what_is_not_public_is_not_served_by_its_own_address(region, client):
    """The drafts, the scheduled news, the unpublished survey and an imported original answer
    the public with "not found" (or a sign-in), not with their content."""
    for name, path in region["hidden"].items():
        response = client.get(path)
        assert response.status_code in {302, 404}, (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), name
        text = response.content.decode()
        assert not [marker for marker in MARKERS if marker in text], name
