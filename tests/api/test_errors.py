"""Every error answers {"error": {"code", "message", "details"}} with the right 4xx."""

from scene_api.i18n import ur


async def test_unknown_route_is_a_json_404(client):
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    body = response.json()["error"]
    assert body["code"] == "not_found"
    assert body["message"]


async def test_bad_query_parameter_names_the_field(client):
    response = await client.get("/api/v1/activities", params={"type": "quidditch"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "type" in error["details"]["fields"]


async def test_limit_out_of_range_is_422(client):
    response = await client.get("/api/v1/activities", params={"limit": 1000})
    assert response.status_code == 422
    assert "limit" in response.json()["error"]["details"]["fields"]


async def test_forged_cursor_is_422_not_500(client):
    response = await client.get("/api/v1/activities", params={"cursor": "not-a-cursor!"})
    assert response.status_code == 422
    assert "cursor" in response.json()["error"]["message"]


async def test_unknown_activity_is_404(client):
    response = await client.get("/api/v1/activities/0192f3c4-0000-7000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_request_id_is_echoed(client):
    response = await client.get("/health/live", headers={"X-Request-ID": "trace-123"})
    assert response.headers["x-request-id"] == "trace-123"


async def test_openapi_docs_are_served(client):
    schema = await client.get("/docs/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/activities" in schema.json()["paths"]
    page = await client.get("/docs")
    assert page.status_code == 200


async def test_a_refused_value_is_explained_in_the_readers_language(client):
    english = await client.get("/api/v1/activities", params={"skill": "high"})
    urdu = await client.get("/api/v1/activities", params={"skill": "high"}, headers={"Accept-Language": "ur"})

    assert english.json()["error"]["details"]["fields"]["skill"].startswith("Expected `int")
    assert urdu.status_code == 422
    said = urdu.json()["error"]
    assert said["code"] == "invalid"
    assert said["details"]["fields"]["skill"] == ur.MESSAGES["validation"]["whole_number"]
    assert said["message"] == ur.MESSAGES["validation"]["invalid"].format(
        names="skill", problems=ur.MESSAGES["validation"]["whole_number"]
    )
