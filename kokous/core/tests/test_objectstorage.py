"""Attachments in S3-compatible object storage (kokous.core.objectstorage): configured from the
environment, stored in a private bucket, read back through the publication rule. The bucket is
moto's in-process S3, the one thing here that stands in for something outside the system."""

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.test import Client
from moto import mock_aws

from kokous.core.objectstorage import S3_BACKEND, s3_storages
from kokous.documents.tests.builders import everything_meeting
from kokous.documents.tests.conftest import documents_stored_in

pytestmark = pytest.mark.django_db

BUCKET = "kokous-test"
ENVIRONMENT = {
    "KOKOUS_S3_BUCKET": BUCKET,
    "KOKOUS_S3_REGION": "eu-north-1",
    "KOKOUS_S3_ACCESS_KEY_ID": "test-key",
    "KOKOUS_S3_SECRET_ACCESS_KEY": "test-secret",
    "KOKOUS_S3_PREFIX": "kymenlaakso/",
}


def test_no_bucket_keeps_the_files_on_the_server():
    assert s3_storages({}) == {}
    assert s3_storages({"KOKOUS_S3_BUCKET": "  "}) == {}


def test_a_bucket_holds_attachments_and_documents_under_their_own_prefixes():
    configured = s3_storages(ENVIRONMENT)
    assert set(configured) == {"default", "documents"}
    for name, entry in configured.items():
        assert entry["BACKEND"] == S3_BACKEND
        options = entry["OPTIONS"]
        assert options["bucket_name"] == BUCKET
        assert options["location"] == f"kymenlaakso/{name}"
        assert options["default_acl"] == "private"
        assert options["file_overwrite"] is False
        assert options["endpoint_url"] is None  # AWS itself unless an endpoint is named
    minio = s3_storages({**ENVIRONMENT, "KOKOUS_S3_ENDPOINT_URL": "http://minio:9000"})
    assert minio["default"]["OPTIONS"]["endpoint_url"] == "http://minio:9000"


@pytest.fixture
def bucket(settings, tmp_path: Path, monkeypatch) -> Iterator[object]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        s3 = boto3.client(
            "s3",
            region_name="eu-north-1",
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
        )
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": s3_storages(ENVIRONMENT)["default"]}
        with documents_stored_in(tmp_path / "documents"):
            yield s3


def test_attachments_are_stored_in_the_bucket_and_served_by_the_publication_rule(bucket):
    board = everything_meeting()
    matter = board.item("matter")
    public, confidential = matter.attachments.order_by("number")
    keys = {
        entry["Key"]: entry["Size"]
        for entry in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]  # type: ignore[attr-defined]
    }
    # Every attachment is an object under the prefix, of the size recorded.
    for attachment in (public, confidential):
        key = f"kymenlaakso/default/{attachment.file.name}"
        assert keys[key] == attachment.size
    # The bucket is private: no one reads an object without the keys.
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=f"kymenlaakso/default/{public.file.name}")  # type: ignore[attr-defined]
    assert not [g for g in acl["Grants"] if "AllUsers" in str(g.get("Grantee", {}).get("URI"))]
    # Kokous serves the public one from the bucket, the confidential one to no one anonymous.
    client = Client()
    response = client.get(f"/attachments/{public.pk}/")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    stored = bucket.get_object(Bucket=BUCKET, Key=f"kymenlaakso/default/{public.file.name}")  # type: ignore[attr-defined]
    assert served == stored["Body"].read()
    assert served.startswith(b"%PDF")
    assert client.get(f"/attachments/{confidential.pk}/").status_code == 404
