"""Serves stored files (avatars, venue photos, covers) from the bucket under /media/."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State

from scene_api.i18n import Message
from scene_api.lib.errors import NotFound
from scene_api.lib.media import stored_key


class MediaController(Controller):
    path = "/media"
    tags = ["system"]
    include_in_schema = False

    @get("/{key:path}")
    async def media(self, state: State, key: str) -> Response[bytes]:
        stored_as = stored_key(key)
        stored = await state.runtime.storage.get(stored_as) if stored_as else None
        if stored is None:
            raise NotFound(Message("errors_system.no_such_file"))
        return Response(
            stored.body,
            media_type=stored.content_type,
            headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
        )
