"""The demo's news: the news articles of seeds 000, 002 and 004 (and seed 002's two job
postings, in the job-posting category), with the demo's communications user.

Called by the demo loader (`kokous.demo.services`) before it creates the demo users, so that
the communications person exists when `DEMO_USERS` names them. Idempotent like the rest of the
demo: a news item is found by its slug and only what differs from here is updated.

The texts are the seeds' own, in `demo_texts/`. Where the source page hid an e-mail address
from spam robots ("Tämä sähköpostiosoite on suojattu spamboteilta. Tarvitset JavaScript-tuen
nähdäksesi sen."), the notice is left out: the address itself is not in the seed.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from kokous.core.text import sanitize_html
from kokous.core.timeutil import helsinki_datetime
from kokous.demo import data
from kokous.news.defaults import news_defaults_ensure
from kokous.news.models import Category, News
from kokous.news.services import news_create
from kokous.organisations.models import Organisation, Person

TEXTS = Path(__file__).resolve().parent / "demo_texts"

COMMUNICATIONS_USERNAME = "viestinta"
# Invented for the demo: the seeds name nobody in communications. `DEMO_USERS` in
# kokous/demo/data.py names this person for the user "viestinta".
COMMUNICATIONS_PERSON = {
    "first_name": "Demo",
    "last_name": "Viestintä",
    "title": "viestintäsuunnittelija",
    "affiliation": "Kymenlaakson hyvinvointialue",
    "email": "demo.viestinta@demo.kokous.example",
}

# Category slugs (seeded by migration news/0002).
REFORM = "uudistus"
JOBS = "tyopaikat"
MEETINGS = "kokoukset-ja-paatokset"
GENERAL = "yleiset"

NEWS: list[dict[str, Any]] = [
    # Seed 000: Kymenlaakson hyvinvointialue, after the VATE meeting of 23.2.2022.
    {
        "slug": "vaten-asialistalla-aluevaltuuston-kokous-ja-kooste-vate-ajan-valmistelusta",
        "organisation": "kymenlaakson-hyvinvointialue",
        "title": "VATEn asialistalla aluevaltuuston kokous ja kooste VATE-ajan valmistelusta",
        "lead": "Kymenlaakson hyvinvointialueen väliaikainen valmistelutoimielin kokousti "
        "23. helmikuuta. Kokouksessa käsiteltiin valmistelutyön tilannetta, koostetta VATE-ajan "
        "valmistelusta ja aluevaltuuston ensimmäisen kokouksen sisältöä.",
        "body": "vate-asialistalla-aluevaltuuston-kokous.html",
        # Inferred: the seed gives the meeting day (23.2.) and the correction (24.2. klo 11.16),
        # not the publication time; the evening of the meeting day stands for it.
        "publish_at": (2022, 2, 23, 16, 0),
        "categories": [REFORM, MEETINGS],
        "contacts": "",
    },
    # Seed 004: Päijät-Häme, 13.4.2021.
    {
        "slug": "paijat-hameessa-sote-uudistusta-valmistelevat-tyoryhmat-luovat-pohjan",
        "organisation": "paijat-hameen-hyvinvointialue",
        "title": "Päijät-Hämeessä sote-uudistusta valmistelevat työryhmät luovat pohjan "
        "hyvinvointialueen väliaikaisen hallinnon työlle",
        "lead": "Päijät-Hämeen sote-uudistuksen valmistelutyöryhmien tavoitteena on luoda hyvä "
        "pohja väliaikaiselle valmistelutoimielimelle (VATE). Seitsemän työryhmää tekee kevään "
        "aikana ennakkotyötä, jotta VATE pääsee tarttumaan työhön nopeasti, jos sote-lait "
        "tulevat voimaan kesällä.",
        "body": "paijat-hame-tyoryhmat-luovat-pohjan.html",
        "publish_at": (2021, 4, 13, 12, 0),  # The date is the seed's; the time is inferred.
        "categories": [REFORM],
        "contacts": "",
    },
    # Seed 002: the news page of Kymenlaakson Liitto's reform site, January–February 2019. The
    # page gives no publication dates: each is inferred from what the text says (marked).
    {
        "slug": "kymsote-aloitti-toimintansa",
        "organisation": "kymenlaakson-liitto",
        "title": "Kymenlaakson sosiaali- ja terveyspalvelujen kuntayhtymä (Kymsote) aloitti "
        "toimintansa",
        "lead": "Koko Kymenlaakson kattava sosiaali- ja terveyspalvelut tarjoava kuntayhtymä "
        "(Kymsote) aloitti toimintansa vuodenvaihteessa.",
        "body": "kymsote-aloitti-toimintansa.html",
        "publish_at": (2019, 1, 2, 9, 0),  # Inferred: "aloitti toimintansa vuodenvaihteessa".
        "categories": [REFORM],
        "contacts": "",
    },
    {
        "slug": "muutosassistentti",
        "organisation": "kymenlaakson-liitto",
        "title": "Muutosassistentti",
        "lead": "Kymenlaakson Liitto hakee muutosassistenttia noin kahden kuukauden "
        "määräaikaiseen tehtävään. Hakuaika päättyy 23.1.2019 klo 15.00.",
        "body": "muutosassistentti.html",
        "publish_at": (2019, 1, 9, 9, 0),  # Inferred: two weeks before the closing date.
        "categories": [JOBS],
        "contacts": "Muutosjohtaja Jussi Lehtinen gsm 0400 644 206",
    },
    {
        "slug": "hallintoassistentti",
        "organisation": "kymenlaakson-liitto",
        "title": "Hallintoassistentti",
        "lead": "Kymenlaakson Liitto hakee hallintoassistenttia noin kuuden kuukauden "
        "määräaikaiseen tehtävään. Hakuaika päättyy 23.1.2019 klo 15.00.",
        "body": "hallintoassistentti.html",
        "publish_at": (2019, 1, 9, 9, 5),  # Inferred, as the posting beside it.
        "categories": [JOBS],
        "contacts": "maakuntajohtaja Jaakko Mikkola gsm 040 548 0311",
    },
    {
        "slug": "poliittisen-ohjausryhman-kokouksessa-21-1-2019-kasitellyt-asiat",
        "organisation": "kymenlaakson-liitto",
        "title": "Kymenlaakson maakuntauudistuksen poliittisen ohjausryhmän kokouksessa "
        "21.1.2019 käsitellyt asiat",
        "lead": "Poliittinen ohjausryhmä hyväksyi ICT II -rahoituksen loppuraportin, linjasi "
        "Kymenlaakson perustietotekniikkapalvelujen tuottajaksi Kaakkois-Suomen Tieto Oy:n ja "
        "merkitsi tiedoksi esivalmisteluvaiheen raportoinnin ja Kymsoten tilannekatsauksen.",
        "body": "poliittinen-ohjausryhma-21-1-2019.html",
        "publish_at": (2019, 1, 22, 10, 0),  # Inferred: the day after the meeting.
        "categories": [REFORM, MEETINGS],
        "contacts": "Lisätietoja poliittisen ohjausryhmän päätöksistä antaa maakuntajohtaja "
        "Jaakko Mikkola, jaakko.mikkola(a)kymenlaakso.fi, puh. 040 548 0311 tai muutosjohtaja "
        "Jussi Lehtinen, jussi.lehtinen(a)kymenlaakso.fi, p. 0400 644 206.",
    },
    {
        "slug": "kymenlaakson-osallisuuskysely",
        "organisation": "kymenlaakson-liitto",
        "title": "Kymenlaakson osallisuuskysely",
        "lead": "Olemme jatkaneet Kymenlaakson osallisuuskyselyn vastausaikaa 15.2.2019 saakka.",
        "body": "kymenlaakson-osallisuuskysely.html",
        "publish_at": (2019, 1, 31, 9, 0),  # Inferred: before the extended closing date.
        "categories": [GENERAL],
        "contacts": "",
    },
    {
        "slug": "kymenlaakson-skenaariot-kerro-mielipiteesi",
        "organisation": "kymenlaakson-liitto",
        "title": "Kymenlaakson skenaariot - Kerro mielipiteesi",
        "lead": "Kymenlaakson Liitto on käynnistänyt maakuntastrategiatyön "
        "tulevaisuustarkastelulla ja skenaarioiden laadinnalla. Kerro mielipiteesi "
        "työpajoissa työstetyistä Kymenlaakson maakunnan skenaarioista 2040.",
        "body": "kymenlaakson-skenaariot-kerro-mielipiteesi.html",
        # Inferred: first on the page, and the work "valmistuu helmikuussa 2019". The seed's
        # attachment (Skenaariotyo_Kymenlaakso.pdf, 558 kB) is not among the seeds: not loaded.
        "publish_at": (2019, 2, 4, 9, 0),
        "categories": [GENERAL],
        "contacts": "Muutosjohtaja Jussi Lehtinen, jussi.lehtinen(a)kymenlaakso.fi",
    },
]


def news_demo_load(*, loader: Any) -> None:
    """Load the communications person and user and the seeds' news through `loader` (the demo
    loader: its `ensure`, `report`, `people` and `organisations`)."""
    _communications_user(loader)
    news_defaults_ensure()
    categories = {category.slug: category for category in Category.objects.all()}
    for spec in NEWS:
        _news(loader, spec, categories)


def _communications_user(loader: Any) -> None:
    lookup = {
        "first_name": COMMUNICATIONS_PERSON["first_name"],
        "last_name": COMMUNICATIONS_PERSON["last_name"],
    }
    values = {k: v for k, v in COMMUNICATIONS_PERSON.items() if k not in lookup}
    person = loader.ensure(Person, lookup, **values)
    loader.people[person.full_name] = person
    # The user itself is made by the demo loader from DEMO_USERS; it is created here first
    # only so that it can join the communications group.
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=COMMUNICATIONS_USERNAME).first()
    if user is None:
        user = user_model._default_manager.create_user(
            COMMUNICATIONS_USERNAME, password=data.DEMO_PASSWORD
        )
        loader.report.created["User"] += 1
    group = news_defaults_ensure()
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        loader.report.updated["User groups"] += 1


def _news(loader: Any, spec: dict[str, Any], categories: dict[str, Category]) -> None:
    organisation = Organisation.objects.filter(slug=spec["organisation"]).first()
    values = {
        "title": spec["title"],
        "lead": spec["lead"],
        "body": (TEXTS / spec["body"]).read_text(encoding="utf-8").strip(),
        "organisation": organisation,
        "publish_at": helsinki_datetime(*spec["publish_at"]),
        "status": News.Status.PUBLISHED,
        "contacts": spec["contacts"],
    }
    wanted = [categories[slug] for slug in spec["categories"]]
    news = News.objects.filter(slug=spec["slug"]).first()
    if news is None:
        # Old news: never sent as a newsletter.
        news_create(slug=spec["slug"], categories=wanted, send_newsletter=False, **values)
        loader.report.created["News"] += 1
        return
    # The stored body is the sanitised one: compare like with like.
    values["body"] = sanitize_html(values["body"])
    news = loader.ensure(News, {"pk": news.pk}, **values)
    if set(news.categories.all()) != set(wanted):
        news.categories.set(wanted)
        loader.report.updated["News categories"] += 1
