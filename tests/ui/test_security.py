"""The UI's response headers and same-origin sockets."""

from scene_ui.security import same_origin


async def test_pages_carry_the_security_headers(user):
    response = await user.http_client.get("/welcome")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_socket_requests_from_another_site_are_refused(user):
    response = await user.http_client.get(
        "/_nicegui_ws/socket.io/?EIO=4&transport=polling", headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403


def test_same_origin_rules():
    def scope(**headers):
        return {"headers": [(name.encode(), value.encode()) for name, value in headers.items()]}

    assert same_origin(scope(host="scene.pk"))
    assert same_origin(scope(host="scene.pk", origin="https://scene.pk"))
    assert not same_origin(scope(host="scene.pk", origin="https://evil.example"))
    assert same_origin(scope(host="ui:8080", origin="https://scene.pk", **{"x-forwarded-host": "scene.pk"}))
