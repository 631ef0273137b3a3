"""Signing in and out from the public pages."""

import pytest

from kokous.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_page_and_a_wrong_password(client):
    UserFactory(username="sihteeri")
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'autocomplete="current-password"' in response.content.decode()
    response = client.post("/accounts/login/", {"username": "sihteeri", "password": "väärä"})
    assert response.status_code == 200
    assert "Käyttäjätunnus tai salasana oli väärin" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_and_out(client):
    UserFactory(username="sihteeri")
    response = client.post("/accounts/login/", {"username": "sihteeri", "password": "kokous-test"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert "Kirjaudu ulos" in client.get("/").content.decode()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session
