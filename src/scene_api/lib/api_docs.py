"""The API reference at /docs: Swagger UI served by the API itself, so it works offline and behind a
firewall (Litestar's default loads it from a CDN).

The files under `static/swagger-ui/` are swagger-ui-dist's, as npm publishes them (`npm pack
swagger-ui-dist@<version>`, unchanged; their package.json says which version). To update: replace
them with another version's `swagger-ui-bundle.js`, `swagger-ui-standalone-preset.js`,
`swagger-ui.css`, `favicon-32x32.png`, licence files and package.json. Their URLs carry that
version, so browsers may keep them for a year.
"""

from __future__ import annotations

import json
from pathlib import Path

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

DOCS_PATH = "/docs"
SWAGGER_UI_DIR = Path(__file__).parents[1] / "static" / "swagger-ui"
SWAGGER_UI_VERSION: str = json.loads((SWAGGER_UI_DIR / "package.json").read_text())["version"]
ASSETS_PATH = f"/assets/swagger-ui-{SWAGGER_UI_VERSION}"
"""Under DOCS_PATH; a new version is a new URL, so the year-long cache never serves stale files."""
ASSETS_CACHE = CacheControlHeader(public=True, max_age=365 * 24 * 3600, immutable=True)


class OfflineSwagger(SwaggerRenderPlugin):
    """Swagger UI whose script and styles come from this API, next to the page."""

    def __init__(self) -> None:
        assets = f"{DOCS_PATH}{ASSETS_PATH}"
        super().__init__(
            js_url=f"{assets}/swagger-ui-bundle.js",
            css_url=f"{assets}/swagger-ui.css",
            standalone_preset_js_url=f"{assets}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{assets}/favicon-32x32.png'>",
            path="/",
        )

    def receive_router(self, router: Router) -> None:
        super().receive_router(router)
        router.register(
            create_static_files_router(
                ASSETS_PATH,
                directories=[SWAGGER_UI_DIR],
                cache_control=ASSETS_CACHE,
                include_in_schema=False,
                name="swagger_ui_assets",
            )
        )
