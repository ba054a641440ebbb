"""A real S3-compatible server on loopback: moto's, in a thread of the test process, on a
free port, once per run; each test gets a bucket of its own, created with boto3, and the
site's two storages in it, configured as ``DJANGO_S3_*`` would (``config.media``)."""

import hashlib
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from email.message import Message

import boto3
import pytest

from config.media import bucket_storages
from tests.partnerships.conftest import home_city, make_agreement, pdf_upload, torez  # noqa: F401

CREDENTIALS = {"aws_access_key_id": "vestnik-test", "aws_secret_access_key": "vestnik-test"}
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class Bucket:
    endpoint: str
    name: str
    client: object

    @property
    def media_url(self) -> str:
        return f"{self.endpoint}/{self.name}/media/"

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(entry["Key"] for entry in listed.get("Contents", ()))

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def digests(self) -> dict[str, str]:
        return {key: hashlib.sha256(self.read(key)).hexdigest() for key in self.keys()}

    def url(self, key: str) -> str:
        return f"{self.endpoint}/{self.name}/{key}"


def anonymous_get(url: str) -> tuple[int, Message, bytes]:
    """What a browser gets at ``url``: no credentials, no signature (headers by any case)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, refused.read()


def new_bucket(endpoint: str) -> Bucket:
    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **CREDENTIALS)
    name = f"vestnik-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name)
    return Bucket(endpoint, name, client)


def storage_environment(bucket: Bucket) -> dict[str, str]:
    """The same configuration as environment variables, for a ``manage.py`` of its own."""
    return {
        "DJANGO_S3_BUCKET": bucket.name,
        "DJANGO_S3_ENDPOINT_URL": bucket.endpoint,
        "DJANGO_S3_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "DJANGO_S3_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "DJANGO_S3_REGION": REGION,
    }


@pytest.fixture
def s3_media(s3_endpoint, settings):
    """The site's media in a new bucket: public under ``media/``, private under ``private/``."""
    bucket = new_bucket(s3_endpoint)
    media = bucket_storages(
        bucket=bucket.name,
        endpoint_url=s3_endpoint,
        access_key=CREDENTIALS["aws_access_key_id"],
        secret_key=CREDENTIALS["aws_secret_access_key"],
        region=REGION,
    )
    settings.STORAGES = {**settings.STORAGES, **media.storages}
    settings.MEDIA_URL = media.media_url
    assert bucket.media_url == settings.MEDIA_URL
    return bucket
