"""Files in an S3 bucket through the minio client (MinIO in production, SeaweedFS in development).

Uploads (avatars, event covers, venue photos) never write S3 inside a transaction: the service
checks what it must, ends its transaction (`Services.commit()`), stores the object under a new key,
then records the row that names it in a new short transaction. So a row never points at a missing
object; a commit that fails after the upload leaves an object nothing names (harmless), and the
object a new one replaces is removed by the `delete_files` job once the change is committed.
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from minio import Minio
from minio.error import S3Error

if TYPE_CHECKING:
    from scene_api.config import Settings


@dataclass
class StoredFile:
    body: bytes
    content_type: str


class Storage:
    """Thin async wrapper: the minio client is blocking, so calls run in a worker thread."""

    def __init__(
        self, endpoint: str, access_key: str, secret_key: str, bucket: str, *, secure: bool, region: str
    ):
        self.bucket = bucket
        self.client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )

    @classmethod
    def of(cls, settings: Settings) -> Storage:
        """The bucket the settings name."""
        return cls(
            settings.s3_endpoint,
            settings.s3_access_key,
            settings.s3_secret_key,
            settings.s3_bucket,
            secure=settings.s3_secure,
            region=settings.s3_region,
        )

    async def ensure_bucket(self) -> None:
        def create() -> None:
            if self.client.bucket_exists(self.bucket):
                return
            try:
                self.client.make_bucket(self.bucket)
            except S3Error as error:  # another process created it a moment ago
                if error.code not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                    raise

        await asyncio.to_thread(create)

    async def put(self, key: str, body: bytes, content_type: str) -> None:
        await asyncio.to_thread(
            self.client.put_object, self.bucket, key, io.BytesIO(body), len(body), content_type=content_type
        )

    async def get(self, key: str) -> StoredFile | None:
        def read() -> StoredFile | None:
            try:
                response = self.client.get_object(self.bucket, key)
            except S3Error as error:
                if error.code in {"NoSuchKey", "NoSuchBucket"}:
                    return None
                raise
            try:
                return StoredFile(
                    response.read(), response.headers.get("Content-Type", "application/octet-stream")
                )
            finally:
                response.close()
                response.release_conn()

        return await asyncio.to_thread(read)

    async def exists(self, key: str) -> bool:
        def stat() -> bool:
            try:
                self.client.stat_object(self.bucket, key)
            except S3Error:
                return False
            return True

        return await asyncio.to_thread(stat)

    async def delete(self, keys: list[str]) -> None:
        """Remove the files; a key that is already gone is no error (a retried job)."""

        def remove() -> None:
            for key in keys:
                self.client.remove_object(self.bucket, key)

        await asyncio.to_thread(remove)

    async def ping(self) -> None:
        await asyncio.to_thread(self.client.bucket_exists, self.bucket)
