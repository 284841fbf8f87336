"""A server Scene relies on that does not answer is a clear 503 with Retry-After, never a 500."""

from dataclasses import replace

from asyncpg.exceptions import CannotConnectNowError
from litestar.testing import AsyncTestClient
from sqlalchemy.exc import DBAPIError
from urllib3.exceptions import MaxRetryError

from scene_api.app import create_app
from scene_api.lib.embedded import EmbeddedRedis, free_port
from scene_api.lib.errors import service_down
from tests.helpers import PHONES


async def test_redis_down_answers_503_reads_keep_working_and_it_recovers_without_a_restart(
    settings, tmp_path
):
    redis = EmbeddedRedis(tmp_path, free_port())
    redis.start()
    try:
        async with AsyncTestClient(app=create_app(replace(settings, redis_url=redis.url))) as client:
            redis.stop()
            code = await client.post("/api/v1/auth/otp/request", json={"phone": PHONES[0]})
            urdu = await client.post(
                "/api/v1/auth/otp/request", json={"phone": PHONES[1]}, headers={"Accept-Language": "ur"}
            )
            read = await client.get("/api/v1/activities")
            redis.start()
            again = await client.post("/api/v1/auth/otp/request", json={"phone": PHONES[2]})
    finally:
        redis.stop()

    assert code.status_code == 503
    assert code.headers["retry-after"] == "5"
    error = code.json()["error"]
    assert error["code"] == "service_unavailable"
    assert error["details"] == {"retry_after": 5}
    assert urdu.status_code == 503
    assert urdu.json()["error"]["message"] != error["message"]
    assert read.status_code == 200
    assert again.status_code == 200


def test_postgres_and_s3_outages_count_as_a_service_down():
    starting_up = DBAPIError("SELECT 1", None, CannotConnectNowError("the database system is starting up"))
    s3_refused = MaxRetryError(None, "/scene-media/avatars/x.webp")  # type: ignore[arg-type]

    assert service_down(starting_up)
    assert service_down(s3_refused)
    assert service_down(ConnectionRefusedError(111, "Connection refused"))
    assert not service_down(ValueError("a bug of ours stays a 500"))
