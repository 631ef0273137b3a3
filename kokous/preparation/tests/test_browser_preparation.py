"""The preparation pages in a real browser (Debian's Chromium through Playwright): the
Kymenlaakso demo's timeline, annual cycle, organisation chart and a group's task board pass
axe-core's WCAG 2.1 A and AA rules, and each picture is labelled."""

import pytest
from playwright.sync_api import Page, expect

from kokous.core.tests.browser import axe_check
from kokous.demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORG = "/preparation/kymenlaakson-hyvinvointialue"


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url


def test_the_preparation_pages_pass_axe(live_server, demo, page: Page):
    _open(page, f"{live_server.url}{ORG}/")
    axe_check(page)
    page.get_by_role("link", name="Johtamisen rakenteet ja välineet: valmistelusuunnitelma").click()
    timeline = page.get_by_role(
        "img", name="Aikajana: Johtamisen rakenteet ja välineet: valmistelusuunnitelma"
    )
    expect(timeline).to_be_visible()
    expect(page.locator("g.task.late").first).to_be_visible()  # late by the demo clock
    axe_check(page)
    for path, name in (("annual-cycle/?year=2022", "Vuosikello 2022"),
                       ("organisation-chart/", "Organisaatiokaavio")):  # fmt: skip
        _open(page, f"{live_server.url}{ORG}/{path}")
        expect(page.get_by_role("img", name=name, exact=False)).to_be_visible()
        axe_check(page)


def test_a_group_lead_sees_the_board_and_updates_a_task(live_server, demo, page: Page):
    _open(page, f"{live_server.url}/accounts/login/?next=/staff/preparation/")
    page.fill("input[name=username]", "tyoryhma")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("h1")).to_have_text("Omat tehtävät")
    axe_check(page)
    page.get_by_role("link", name="Johtamisen ja osaamisen valmistelutyöryhmä").first.click()
    expect(page.locator("h1")).to_contain_text("Tehtävätaulu")
    axe_check(page)
    page.get_by_role("link", name="Vuosikellon rakentaminen toiminnan tueksi").click()
    page.fill("input[name=progress]", "35")
    axe_check(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator(".messages")).to_contain_text("Tehtävä tallennettiin.")
