"""Venue rules for readers: the venues one runs, discovery with filters, details, free slots."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from scene_api.db import models as m
from scene_api.domain.hosting.places import text_pattern
from scene_api.domain.venues import availability as av
from scene_api.domain.venues import schemas as s
from scene_api.domain.venues.day import load_venue_day, load_venue_days
from scene_api.domain.venues.runners import venues_run_by
from scene_api.i18n import Message
from scene_api.lib import geo
from scene_api.lib.errors import InvalidInput, NotFound
from scene_api.lib.mapping import from_row
from scene_api.lib.media import media_url
from scene_api.lib.pagination import (
    BAD_CURSOR,
    Page,
    clamp_limit,
    decode_cursor,
    encode_cursor,
    newest_first,
    page_of,
)
from scene_api.lib.timezone import KARACHI, at_local_minute, to_local, utcnow

if TYPE_CHECKING:
    from scene_api.services import Services

MAX_DAYS_AHEAD = 60
"""How far ahead slots are offered and booked."""
SCAN_BATCH = 100
"""Venues checked per query when a date filter has to be answered by computing free slots."""
NO_SUCH_VENUE = Message("errors_venues.no_such_venue")
VenueRow = TypeVar("VenueRow", m.Court, m.OpeningHours, m.SpecialHours, m.PriceRule, m.VenuePhoto)


@dataclass
class Match:
    """A venue found by discovery, with what its free slots say when a date was asked for."""

    venue: m.Venue
    distance_km: float | None
    free_courts: int | None = None
    price_from_pkr: int | None = None


def check_duration(duration: int, *, field: str) -> None:
    if duration not in av.DURATIONS:
        raise InvalidInput(Message("errors_venues.durations"), field=field)


def check_bookable_day(day: date, *, field: str) -> None:
    if day > to_local(utcnow()).date() + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(Message("errors_venues.too_far_ahead", days=MAX_DAYS_AHEAD), field=field)


class VenueService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    # The venues one runs (the rule: venues/runners.py) ---------------------------------------

    async def load_managed(self, actor: m.User, venue_id: UUID, *, for_update: bool = False) -> m.Venue:
        """The venue if `actor` runs it, else 404: members do not learn which venues exist behind it."""
        query = venues_run_by(actor).where(m.Venue.id == venue_id)
        venue = await self.session.scalar(query.with_for_update() if for_update else query)
        if venue is None:
            raise NotFound(NO_SUCH_VENUE)
        return venue

    async def load_listed(self, venue_id: UUID) -> m.Venue:
        venue = await self.session.scalar(
            sa.select(m.Venue).where(m.Venue.id == venue_id, m.Venue.status == m.VenueStatus.ACTIVE)
        )
        if venue is None:
            raise NotFound(NO_SUCH_VENUE)
        return venue

    # Discovery -------------------------------------------------------------------------------

    async def discover(
        self, filters: s.VenueFilters, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.VenueSummary]:
        """Listed venues matching the filters, nearest first when a place is given, else by name.
        A date (and time) keeps only venues with a free slot then: computed, so scanned in batches."""
        size = clamp_limit(limit)
        check_duration(filters.duration, field="duration")
        if filters.day is not None:
            check_bookable_day(filters.day, field="date")
        target = self._target(filters)
        area = geo.search_area(filters.lat, filters.lng, filters.radius_km)
        distance = geo.distance_from_origin(m.Venue.lat, m.Venue.lng) if area else None
        sort_column: Any = distance if distance is not None else m.Venue.name
        query = (
            sa.select(m.Venue, distance if distance is not None else sa.null())
            .where(m.Venue.status == m.VenueStatus.ACTIVE, *self._conditions(filters, area))
            .order_by(sort_column, m.Venue.id)
        )
        if cursor:
            key, venue_id = decode_cursor(cursor, 2)
            try:
                after = (float(key) if distance is not None else key, UUID(venue_id))
            except ValueError as exc:
                raise InvalidInput(BAD_CURSOR, field="cursor") from exc
            query = query.where(sa.tuple_(sort_column, m.Venue.id) > after)
        batch = SCAN_BATCH if filters.day else size + 1
        matches: list[Match] = []
        scanned = query
        while len(matches) <= size:
            rows = (
                (await self.session.execute(scanned.limit(batch), area.origin() if area else None))
                .tuples()
                .all()
            )
            found = [Match(venue, distance_km) for venue, distance_km in rows]
            matches += await self._with_free_slots(found, filters, target) if filters.day else found
            if len(rows) < batch:
                break
            scanned = query.where(sa.tuple_(sort_column, m.Venue.id) > self._position(found[-1]))
        shown = matches[:size]
        more = len(matches) > size
        return Page(
            items=await self._summaries(shown, filters.duration),
            next_cursor=encode_cursor(*self._position(shown[-1])) if more else None,
        )

    @staticmethod
    def _position(match: Match) -> tuple[Any, UUID]:
        """Where a venue stands in the list: by distance when a place was given, else by name."""
        key = match.distance_km if match.distance_km is not None else match.venue.name
        return key, match.venue.id

    @staticmethod
    def _conditions(filters: s.VenueFilters, area: geo.Circle | None) -> list[sa.ColumnElement[bool]]:
        conditions: list[sa.ColumnElement[bool]] = []
        if filters.city is not None:
            conditions.append(m.Venue.city == filters.city.value)
        if pattern := text_pattern(filters.q):
            conditions.append(sa.or_(m.Venue.name.ilike(pattern), m.Venue.address.ilike(pattern)))
        if area is not None:
            conditions.append(geo.within(m.Venue.lat, m.Venue.lng, area))
        if filters.sport is not None:
            conditions.append(
                sa.exists().where(
                    m.Court.venue_id == m.Venue.id, m.Court.active, m.Court.sport == filters.sport
                )
            )
        if filters.max_price_pkr is not None:
            conditions.append(
                sa.exists().where(
                    m.PriceRule.venue_id == m.Venue.id,
                    m.PriceRule.duration_minutes == filters.duration,
                    sa.func.least(m.PriceRule.price_pkr, m.PriceRule.peak_price_pkr) <= filters.max_price_pkr,
                )
            )
        return conditions

    @staticmethod
    def _target(filters: s.VenueFilters) -> datetime | None:
        """The slot start a date and time filter ask for."""
        if filters.at is None:
            return None
        if filters.day is None:
            raise InvalidInput(Message("errors_venues.time_needs_date"), field="date")
        try:
            at = time.fromisoformat(filters.at)
        except ValueError as exc:
            raise InvalidInput(Message("errors_venues.time_format"), field="time") from exc
        if at.minute % av.SLOT_STEP_MINUTES or at.second:
            raise InvalidInput(Message("errors_venues.on_the_half_hour"), field="time")
        return datetime.combine(filters.day, at, KARACHI)

    async def _with_free_slots(
        self, found: list[Match], filters: s.VenueFilters, target: datetime | None
    ) -> list[Match]:
        """The venues with at least one free slot on the day (starting at `target`, when given).
        A slot after midnight belongs to the business day before, so that day is computed too."""
        assert filters.day is not None
        days = [filters.day] if target is None else [filters.day - timedelta(days=1), filters.day]
        open_slots = await self.open_slots(
            [match.venue for match in found], days, filters.duration, sport=filters.sport
        )

        def wanted(slot: av.Slot) -> bool:
            return (target is None or slot.starts_at == target) and (
                filters.max_price_pkr is None or slot.price_pkr <= filters.max_price_pkr
            )

        kept = []
        for match in found:
            cheapest_per_court = [
                min(prices)
                for _, slots in open_slots.get(match.venue.id, [])
                if (prices := [slot.price_pkr for slot in slots if wanted(slot)])
            ]
            if cheapest_per_court:
                match.free_courts = len(cheapest_per_court) if target is not None else None
                match.price_from_pkr = min(cheapest_per_court)
                kept.append(match)
        return kept

    async def managed(
        self, actor: m.User, *, limit: int | None = None, cursor: str | None = None
    ) -> Page[s.VenueSummary]:
        """The venues `actor` runs (all of them for an admin), hidden ones too, newest first."""
        size = clamp_limit(limit)
        query = newest_first(
            venues_run_by(actor),
            m.Venue.created_at,
            m.Venue.id,
            cursor=cursor,
            size=size,
        )
        venues = (await self.session.scalars(query)).all()
        summaries = await self._summaries([Match(venue, None) for venue in venues], av.DURATIONS[0])
        created = {venue.id: venue.created_at for venue in venues}
        return page_of(summaries, size, lambda summary: summary, lambda row: (created[row.id], row.id))

    async def _summaries(self, matches: Sequence[Match], duration: int) -> list[s.VenueSummary]:
        venue_ids = [match.venue.id for match in matches]
        sports: dict[UUID, list[m.ActivityType]] = defaultdict(list)
        for venue_id, sport in await self.session.execute(
            sa.select(m.Court.venue_id, m.Court.sport)
            .where(m.Court.venue_id.in_(venue_ids), m.Court.active)
            .distinct()
            .order_by(m.Court.venue_id, m.Court.sport)
        ):
            sports[venue_id].append(sport)
        covers = dict(
            (
                await self.session.execute(
                    sa.select(m.VenuePhoto.venue_id, m.VenuePhoto.key)
                    .where(m.VenuePhoto.venue_id.in_(venue_ids))
                    .distinct(m.VenuePhoto.venue_id)
                    .order_by(m.VenuePhoto.venue_id, m.VenuePhoto.position, m.VenuePhoto.created_at)
                )
            )
            .tuples()
            .all()
        )
        lowest = dict(
            (
                await self.session.execute(
                    sa.select(
                        m.PriceRule.venue_id,
                        sa.func.min(sa.func.least(m.PriceRule.price_pkr, m.PriceRule.peak_price_pkr)),
                    )
                    .where(m.PriceRule.venue_id.in_(venue_ids), m.PriceRule.duration_minutes == duration)
                    .group_by(m.PriceRule.venue_id)
                )
            )
            .tuples()
            .all()
        )
        return [
            s.VenueSummary(
                id=match.venue.id,
                slug=match.venue.slug,
                name=match.venue.name,
                address=match.venue.address,
                city=match.venue.city,
                lat=match.venue.lat,
                lng=match.venue.lng,
                amenities=list(match.venue.amenities),
                sports=sports.get(match.venue.id, []),
                cover_url=media_url(covers.get(match.venue.id)),
                price_from_pkr=(
                    match.price_from_pkr if match.price_from_pkr is not None else lowest.get(match.venue.id)
                ),
                distance_km=round(match.distance_km, 2) if match.distance_km is not None else None,
                free_courts=match.free_courts,
            )
            for match in matches
        ]

    # Reading one -----------------------------------------------------------------------------

    async def get(self, venue_id: UUID) -> s.VenueDetail:
        return await self.detail(await self.load_listed(venue_id))

    async def get_by_slug(self, slug: str) -> s.VenueDetail:
        venue_id = await self.session.scalar(sa.select(m.Venue.id).where(m.Venue.slug == slug))
        if venue_id is None:
            raise NotFound(NO_SUCH_VENUE)
        return await self.get(venue_id)

    async def get_managed(self, actor: m.User, venue_id: UUID) -> s.VenueDetail:
        return await self.detail(await self.load_managed(actor, venue_id), managed=True)

    async def detail(self, venue: m.Venue, *, managed: bool = False) -> s.VenueDetail:
        """Everything about a venue; its managers also see inactive courts."""
        courts = await self._rows_of(venue, m.Court, [m.Court.name], sa.true() if managed else m.Court.active)
        hours = await self._rows_of(venue, m.OpeningHours, [m.OpeningHours.weekday])
        today = to_local(utcnow()).date()
        special = await self._rows_of(
            venue, m.SpecialHours, [m.SpecialHours.day], m.SpecialHours.day >= today
        )
        prices = await self._rows_of(venue, m.PriceRule, [m.PriceRule.duration_minutes])
        photos = await self._rows_of(venue, m.VenuePhoto, [m.VenuePhoto.position, m.VenuePhoto.created_at])
        return from_row(
            s.VenueDetail,
            venue,
            courts=[court_schema(court) for court in courts],
            opening_hours=[
                s.Hours(weekday=row.weekday, opens_minute=row.opens_minute, closes_minute=row.closes_minute)
                for row in hours
            ],
            special_hours=[from_row(s.SpecialHours, row) for row in special],
            prices=[
                s.Price(
                    duration_minutes=cast(s.Duration, row.duration_minutes),  # a CHECK keeps it 60/90/120
                    price_pkr=row.price_pkr,
                    peak_price_pkr=row.peak_price_pkr,
                )
                for row in prices
            ],
            photos=[
                s.Photo(id=row.id, url=media_url(row.key) or "", caption=row.caption, position=row.position)
                for row in photos
            ],
        )

    async def _rows_of(
        self,
        venue: m.Venue,
        model: type[VenueRow],
        order_by: Sequence[InstrumentedAttribute[Any]],
        *conditions: sa.ColumnExpressionArgument[bool],
    ) -> Sequence[VenueRow]:
        """One kind of a venue's rows (courts, hours, prices, ...) that meet `conditions`, in order."""
        query = sa.select(model).where(model.venue_id == venue.id, *conditions).order_by(*order_by)
        return (await self.session.scalars(query)).all()

    # Free slots ------------------------------------------------------------------------------

    async def slots(self, venue_id: UUID, day: date, duration: int) -> s.VenueSlots:
        """Free slots of every active court for one business day; slots that have started are not offered."""
        venue = await self.load_listed(venue_id)
        check_duration(duration, field="duration")
        check_bookable_day(day, field="date")
        venue_day = await load_venue_day(self.session, venue, day)
        window = venue_day.hours
        return s.VenueSlots(
            venue_id=venue.id,
            date=day,
            duration_minutes=duration,
            opens_at=to_local(at_local_minute(day, window.opens)) if window else None,
            closes_at=to_local(at_local_minute(day, window.closes)) if window else None,
            courts=[
                s.CourtSlots(
                    court=court_schema(court),
                    slots=[
                        s.Slot(
                            starts_at=to_local(slot.starts_at),
                            ends_at=to_local(slot.ends_at),
                            price_pkr=slot.price_pkr,
                            peak=slot.peak,
                        )
                        for slot in venue_day.free_slots(court, duration)
                    ],
                )
                for court in venue_day.courts
            ],
        )

    async def open_slots(
        self,
        venues: Sequence[m.Venue],
        days: Sequence[date],
        duration: int,
        *,
        sport: m.ActivityType | None = None,
    ) -> dict[UUID, list[tuple[m.Court, list[av.Slot]]]]:
        """Per venue, each active court (of `sport`) with its free slots over the business days."""
        venue_days = await load_venue_days(self.session, venues, days, sport=sport)
        return {
            venue.id: [
                (
                    court,
                    [slot for day in days for slot in venue_days[venue.id][day].free_slots(court, duration)],
                )
                for court in venue_days[venue.id][days[0]].courts
            ]
            for venue in venues
        }


def court_schema(court: m.Court) -> s.Court:
    return s.Court(id=court.id, name=court.name, sport=court.sport, indoor=court.indoor, active=court.active)
