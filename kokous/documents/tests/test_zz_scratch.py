import pytest
from django.db import connection
from kokous.demo.services import demo_load
from kokous.documents.models import StoredDocument
from kokous.documents.tests.conftest import shared_database

@pytest.fixture(scope="module")
def info(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_database(django_db_blocker):
        print("in_atomic", connection.in_atomic_block, len(connection.savepoint_ids), connection.run_on_commit)
        demo_load()
        print("after demo", StoredDocument.objects.count(), connection.run_on_commit)
    return 1

def test_x(info):
    pass
