"""The API reference works without the internet: /docs loads Swagger UI from the API itself."""

import re
from urllib.parse import urlsplit

from scene_api.lib import api_docs

ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


async def test_the_docs_page_loads_only_its_own_assets_and_they_are_served(client):
    page = await client.get("/docs")

    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert len(assets) == 4, assets  # the bundle, the standalone preset, the styles and the icon
    assert all(not urlsplit(url).netloc and url.startswith("/docs/assets/") for url in assets), assets
    assert "cdn" not in page.headers["content-security-policy"]
    for url in assets:
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(ASSET_TYPES[url[url.rindex(".") :]]), url
        directives = {part.strip() for part in asset.headers["cache-control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}
        assert api_docs.SWAGGER_UI_VERSION in url


async def test_swagger_starts_with_the_schema_under_the_page_csp(client):
    page = await client.get("/docs")

    csp = page.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp  # the page's inline script passes the schema
    assert "SwaggerUIBundle({" in page.text
    assert '"title":"Scene API"' in page.text
