"""What the activity and event services do alike: open one the actor may see or hosts, find one by
its share slug, and apply a host's edit."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

import sqlalchemy as sa

from scene_api.db import models as m
from scene_api.domain.hosting.visibility import Sharing
from scene_api.i18n import Message
from scene_api.lib.errors import NotFound, PermissionDenied
from scene_api.lib.updates import apply_changes

if TYPE_CHECKING:
    from scene_api.services import Services

Hosted = TypeVar("Hosted", m.Activity, m.Event)
Shown = TypeVar("Shown")


class HostingService(ABC, Generic[Hosted, Shown]):
    """The base of `ActivityService` and `EventService`: a subclass names its table, how it is
    shared and its two refusals, and shows one (`detail`)."""

    model: type[Hosted]
    sharing: Sharing
    not_found: Message
    host_only: Message

    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session
        self.settings = services.settings

    async def load(self, actor: m.User | None, row_id: UUID, *, for_update: bool = False) -> Hosted:
        """The row if `actor` may open it, else 404 (hidden ones do not reveal they exist)."""
        query = sa.select(self.model).where(self.sharing.openable_by(actor), self.model.id == row_id)
        row = await self.session.scalar(query.with_for_update(of=self.model) if for_update else query)
        if row is None:
            raise NotFound(self.not_found)
        return row

    async def load_hosted(self, actor: m.User, row_id: UUID, *, for_update: bool = False) -> Hosted:
        """The row if `actor` hosts it: 404 when they may not open it, 403 when it is someone else's."""
        row = await self.load(actor, row_id, for_update=for_update)
        if row.host_id != actor.id:
            raise PermissionDenied(self.host_only)
        return row

    @abstractmethod
    async def detail(self, actor: m.User | None, row: Hosted) -> Shown:
        """The row as `actor` sees it in the API."""

    async def get(self, actor: m.User | None, row_id: UUID) -> Shown:
        return await self.detail(actor, await self.load(actor, row_id))

    async def get_by_slug(self, actor: m.User | None, slug: str) -> Shown:
        row_id = await self.session.scalar(sa.select(self.model.id).where(self.model.slug == slug))
        if row_id is None:
            raise NotFound(self.not_found)
        return await self.get(actor, row_id)

    async def public_with_host(self, slug: str) -> tuple[Hosted, m.User]:
        """For a share page: the row by its slug if a visitor who is not signed in may open it (circle
        ones stay hidden, whoever asks), with its host."""
        row = (
            await self.session.execute(
                sa.select(self.model, m.User)
                .join(m.User, m.User.id == self.model.host_id)
                .where(self.sharing.openable_by(None), self.model.slug == slug)
            )
        ).first()
        if row is None:
            raise NotFound(self.not_found)
        return row[0], row[1]

    async def apply_edit(self, actor: m.User, row: Hosted, changes: dict[str, Any]) -> None:
        """Set a checked edit's columns (text trimmed) and its sharing (`visibility`, `circle_ids`)."""
        await self.sharing.reshare(self.session, actor, row, changes)
        apply_changes(row, changes)
