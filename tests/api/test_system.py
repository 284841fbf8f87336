async def test_health_ready(client):
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "s3": "ok"}
    assert response.headers["x-request-id"]


async def test_activities_empty(client):
    response = await client.get("/api/v1/activities")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}
