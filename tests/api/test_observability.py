"""Metrics, security headers and request limits of the API."""

from tests.helpers import PHONES, activity_payload, create_member, sign_in


async def test_metrics_report_requests_and_state_counts(client, runtime):
    host = await create_member(runtime, PHONES[0], handle="host")
    headers = await sign_in(runtime, host)
    activity = (await client.post("/api/v1/activities", json=activity_payload(), headers=headers)).json()
    guest = await create_member(runtime, PHONES[1], handle="guest")
    await client.post(
        f"/api/v1/activities/{activity['id']}/requests", json={}, headers=await sign_in(runtime, guest)
    )
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert 'scene_rows_by_status{kind="join_requests",status="pending"} 1.0' in body
    assert "scene_api_requests_total" in body
    assert 'path="/api/v1/activities/{activity_id}/requests"' in body


async def test_security_headers_on_every_response(client):
    for path in ("/health/live", "/api/v1/activities", "/api/v1/nowhere"):
        response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "default-src 'none'" in response.headers["content-security-policy"]
    docs = await client.get("/docs")
    assert "script-src" in docs.headers["content-security-policy"]


async def test_oversized_bodies_are_refused(client, runtime):
    host = await create_member(runtime, PHONES[0], handle="host")
    headers = await sign_in(runtime, host)
    huge = activity_payload(description="x" * (runtime.settings.max_request_bytes + 1))
    response = await client.post("/api/v1/activities", json=huge, headers=headers)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
