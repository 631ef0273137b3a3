"""Object storage: the attachments and stored documents in an S3-compatible bucket (AWS S3,
MinIO, Ceph, UpCloud, …) through django-storages, when KOKOUS_S3_BUCKET is set; otherwise in
folders on the app server. Read by the settings, so it imports nothing of Django."""

from collections.abc import Mapping
from typing import Any

S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_storages(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The `STORAGES` entries "default" (attachments, news files, imported originals) and
    "documents" (the stored PDFs) in one bucket under two prefixes, or none when no bucket is
    named. The bucket stays private: every file is read through Kokous's views, which apply the
    publication rule, never by a bucket address; names are never overwritten."""
    bucket = environ.get("KOKOUS_S3_BUCKET", "").strip()
    if not bucket:
        return {}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("KOKOUS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("KOKOUS_S3_REGION") or None,
        "access_key": environ.get("KOKOUS_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("KOKOUS_S3_SECRET_ACCESS_KEY") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    prefix = environ.get("KOKOUS_S3_PREFIX", "").strip("/")
    return {
        name: {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {**options, "location": "/".join(p for p in (prefix, name) if p)},
        }
        for name in ("default", "documents")
    }
