"""The app's own files under `/static`: those asked for with their digest (`?v=`, written by
`scene_ui.assets` and `scene_ui.stylesheet`) never change under that address, so a phone keeps them for a
year without asking again; the rest (the icon font, page scripts, icons) for an hour, since a deploy may
change them in place."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from nicegui import app
from nicegui.staticfiles import CacheControlledStaticFiles
from starlette.responses import Response

from scene_ui.public.layout import IMMUTABLE

CHANGEABLE_MAX_AGE = 3600


def serve(url_path: str, directory: Path) -> None:
    files = CacheControlledStaticFiles(directory=directory, max_cache_age=CHANGEABLE_MAX_AGE)

    @app.get(f"{url_path}/{{path:path}}", include_in_schema=False)
    async def static_file(request: Request, path: str = "") -> Response:
        response = await files.get_response(path, request.scope)
        if "v" in request.query_params and response.status_code == 200:
            response.headers["Cache-Control"] = IMMUTABLE
        return response
