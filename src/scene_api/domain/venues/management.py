"""Running a venue: its details, courts, hours, prices, photos and blocked periods (owners and admins)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import msgspec
import phonenumbers
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import Range, insert

from scene_api.db import models as m
from scene_api.domain.auth.roles import is_admin
from scene_api.domain.bookings.states import holds_slot
from scene_api.domain.venues import schemas as s
from scene_api.domain.venues.availability import interval, slot_label
from scene_api.domain.venues.runners import may_run_venues
from scene_api.domain.venues.services import court_schema
from scene_api.i18n import Message
from scene_api.lib.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from scene_api.lib.images import OUTPUT_CONTENT_TYPE, bounded_webp
from scene_api.lib.media import media_url
from scene_api.lib.slugs import share_slug, slugify
from scene_api.lib.timezone import to_local, utcnow
from scene_api.lib.updates import apply_changes, fields_set

if TYPE_CHECKING:
    from scene_api.services import Services

OWNERS_ONLY = Message("errors_venues.owners_only")
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_LONGEST_SIDE = 1600
MAX_PHOTOS = 12
MAX_SPECIAL_DAYS = 62
"""Special hours set in one call: a month of Ramadan and then some."""
Deletable = TypeVar("Deletable", m.SpecialHours, m.VenuePhoto, m.Blackout)


def photo_key(venue_id: UUID) -> str:
    return f"venues/{venue_id}/photos/{uuid.uuid4().hex}.webp"


class VenueManagementService:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.session = services.session

    async def _managed(self, actor: m.User, venue_id: UUID) -> m.Venue:
        return await self.services.venues.load_managed(actor, venue_id)

    async def _detail(self, venue: m.Venue) -> s.VenueDetail:
        return await self.services.venues.detail(venue, managed=True)

    def _audit(
        self, actor: m.User, action: str, venue_id: UUID, details: dict[str, Any] | None = None
    ) -> None:
        """Every change an owner (or admin) makes to a venue leaves an audit row."""
        self.services.audit.record(actor, f"venue.{action}", "venue", venue_id, details)

    async def _delete(
        self, model: type[Deletable], venue: m.Venue, which: sa.ColumnElement[bool], missing: Message
    ) -> Deletable:
        """Delete the venue's row of `model` that `which` names, answering it; a 404 saying `missing`
        when the venue has none."""
        deleted: Deletable | None = await self.session.scalar(
            sa.delete(model).where(model.venue_id == venue.id, which).returning(model)
        )
        if deleted is None:
            raise NotFound(missing)
        return deleted

    # The venue -------------------------------------------------------------------------------

    async def create(self, actor: m.User, data: s.VenueCreate) -> s.VenueDetail:
        """Venue owners add their own venues; admins may add one for a venue owner."""
        if not may_run_venues(actor.role):
            raise PermissionDenied(OWNERS_ONLY)
        owner_id = await self._owner_id(actor, data.owner_id)
        _check_peak(data.peak_start_minute, data.peak_end_minute)
        venue = m.Venue(
            owner_id=owner_id,
            slug=data.slug or await self._free_slug(data.name),
            name=data.name.strip(),
            description=data.description.strip(),
            address=data.address.strip(),
            city=data.city.value,
            lat=data.lat,
            lng=data.lng,
            amenities=_amenities(data.amenities),
            contact_phone=_contact_phone(data.contact_phone),
            peak_start_minute=data.peak_start_minute,
            peak_end_minute=data.peak_end_minute,
        )
        self.session.add(venue)
        await self.services.flush()
        self._audit(actor, "create", venue.id, {"name": venue.name, "owner_id": str(owner_id)})
        return await self._detail(venue)

    async def _owner_id(self, actor: m.User, owner_id: UUID | None) -> UUID:
        if owner_id is None or owner_id == actor.id:
            return actor.id
        if not is_admin(actor):
            raise PermissionDenied(Message("errors_venues.admins_only"))
        owner = await self.session.get(m.User, owner_id)
        if owner is None or owner.role != m.UserRole.VENUE_OWNER:
            raise InvalidInput(Message("errors_venues.no_such_owner"), field="owner_id")
        return owner.id

    async def _free_slug(self, name: str) -> str:
        """The name as a slug, or with a random tail when that is taken (or the name is not Latin)."""
        readable = slugify(name, max_length=50)
        taken = await self.session.scalar(sa.select(sa.exists().where(m.Venue.slug == readable)))
        return readable if len(readable) >= 3 and not taken else share_slug(name, max_length=40)

    async def update(self, actor: m.User, venue_id: UUID, data: s.VenueUpdate) -> s.VenueDetail:
        venue = await self._managed(actor, venue_id)
        changes = fields_set(data)
        _check_peak(
            changes.get("peak_start_minute", venue.peak_start_minute),
            changes.get("peak_end_minute", venue.peak_end_minute),
        )
        if "contact_phone" in changes:
            changes["contact_phone"] = _contact_phone(changes["contact_phone"])
        if "amenities" in changes:
            changes["amenities"] = _amenities(changes["amenities"])
        if "city" in changes:
            changes["city"] = changes["city"].value
        apply_changes(venue, changes)
        await self.services.flush()
        self._audit(actor, "update", venue.id, {"fields": sorted(changes)})
        return await self._detail(venue)

    # Courts ----------------------------------------------------------------------------------

    async def add_court(self, actor: m.User, venue_id: UUID, data: s.CourtCreate) -> s.Court:
        venue = await self._managed(actor, venue_id)
        court = m.Court(venue_id=venue.id, name=data.name.strip(), sport=data.sport, indoor=data.indoor)
        self.session.add(court)
        await self.services.flush()
        self._audit(actor, "court_add", venue.id, {"court_id": str(court.id), "name": court.name})
        return court_schema(court)

    async def update_court(
        self, actor: m.User, venue_id: UUID, court_id: UUID, data: s.CourtUpdate
    ) -> s.Court:
        """Change a court; making it inactive keeps its bookings but takes no new ones."""
        venue = await self._managed(actor, venue_id)
        court = await self.session.scalar(
            sa.select(m.Court).where(m.Court.id == court_id, m.Court.venue_id == venue.id)
        )
        if court is None:
            raise NotFound(Message("errors_venues.no_such_court"))
        changes = fields_set(data)
        apply_changes(court, changes)
        await self.services.flush()
        self._audit(actor, "court_update", venue.id, {"court_id": str(court.id), "fields": sorted(changes)})
        return court_schema(court)

    # Hours and prices ------------------------------------------------------------------------

    async def set_hours(self, actor: m.User, venue_id: UUID, data: s.WeeklyHours) -> s.VenueDetail:
        """Replace the weekly hours; a weekday left out is closed. Existing bookings stay."""
        venue = await self._managed(actor, venue_id)
        _once_each(
            [hours.weekday for hours in data.hours], Message("errors_venues.weekday_once"), field="hours"
        )
        for hours in data.hours:
            _check_window(hours.opens_minute, hours.closes_minute, field="hours")
        audited = {str(hours.weekday): [hours.opens_minute, hours.closes_minute] for hours in data.hours}
        return await self._replace(actor, venue, "hours", audited, model=m.OpeningHours, given=data.hours)

    async def set_special_hours(
        self, actor: m.User, venue_id: UUID, day: date, data: s.SpecialHoursSet
    ) -> s.VenueDetail:
        """Hours for one date that replace the weekly ones: closed (Eid) or different (Ramadan nights)."""
        venue = await self._managed(actor, venue_id)
        return await self._set_special_days(actor, venue, day, day, data)

    async def set_special_hours_range(
        self, actor: m.User, venue_id: UUID, data: s.SpecialHoursRange
    ) -> s.VenueDetail:
        """The same special hours for every date from `from_day` to `to_day`, both included (the
        late nights of Ramadan in one go)."""
        venue = await self._managed(actor, venue_id)
        if data.to_day < data.from_day:
            raise InvalidInput(Message("errors_venues.dates_order"), field="to_day")
        if (data.to_day - data.from_day).days >= MAX_SPECIAL_DAYS:
            raise InvalidInput(
                Message("errors_venues.too_many_dates", count=MAX_SPECIAL_DAYS), field="to_day"
            )
        hours = s.SpecialHoursSet(
            closed=data.closed,
            opens_minute=data.opens_minute,
            closes_minute=data.closes_minute,
            note=data.note,
        )
        return await self._set_special_days(actor, venue, data.from_day, data.to_day, hours)

    async def _set_special_days(
        self, actor: m.User, venue: m.Venue, first: date, last: date, data: s.SpecialHoursSet
    ) -> s.VenueDetail:
        if not data.closed:
            if data.opens_minute is None or data.closes_minute is None:
                raise InvalidInput(Message("errors_venues.hours_or_closed"), field="opens_minute")
            _check_window(data.opens_minute, data.closes_minute, field="closes_minute")
        hours = {
            "closed": data.closed,
            "opens_minute": None if data.closed else data.opens_minute,
            "closes_minute": None if data.closed else data.closes_minute,
            "note": data.note.strip(),
        }
        days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        written = insert(m.SpecialHours).values([{"venue_id": venue.id, "day": day, **hours} for day in days])
        await self.session.execute(
            written.on_conflict_do_update(
                constraint="uq_special_hours_venue_day", set_=hours | {"updated_at": sa.func.now()}
            )
        )
        details: dict[str, Any] = {"day": first.isoformat(), "closed": data.closed}
        if last != first:
            details["until"] = last.isoformat()
        self._audit(actor, "special_hours", venue.id, details)
        return await self._detail(venue)

    async def clear_special_hours(self, actor: m.User, venue_id: UUID, day: date) -> s.VenueDetail:
        venue = await self._managed(actor, venue_id)
        await self._delete(
            m.SpecialHours, venue, m.SpecialHours.day == day, Message("errors_venues.no_special_hours")
        )
        self._audit(actor, "special_hours_clear", venue.id, {"day": day.isoformat()})
        return await self._detail(venue)

    async def set_prices(self, actor: m.User, venue_id: UUID, data: s.PriceList) -> s.VenueDetail:
        """Replace the price list; a slot length left out can no longer be booked. Holds keep their price."""
        venue = await self._managed(actor, venue_id)
        _once_each(
            [price.duration_minutes for price in data.prices],
            Message("errors_venues.length_once"),
            field="prices",
        )
        audited = {
            str(price.duration_minutes): [price.price_pkr, price.peak_price_pkr] for price in data.prices
        }
        return await self._replace(actor, venue, "prices", audited, model=m.PriceRule, given=data.prices)

    async def _replace(
        self,
        actor: m.User,
        venue: m.Venue,
        action: str,
        audited: dict[str, Any],
        *,
        model: type[m.OpeningHours | m.PriceRule],
        given: Sequence[s.Hours | s.Price],
    ) -> s.VenueDetail:
        """Swap every row of a venue's weekly hours or price list for one `model` row per item
        `given` (the schema's fields are the row's columns), audited as `action`."""
        self._audit(actor, action, venue.id, audited)
        await self.session.execute(sa.delete(model).where(model.venue_id == venue.id))
        self.session.add_all(model(venue_id=venue.id, **msgspec.structs.asdict(item)) for item in given)
        await self.services.flush()
        return await self._detail(venue)

    # Photos ----------------------------------------------------------------------------------

    async def add_photo(self, actor: m.User, venue_id: UUID, picture: bytes, caption: str = "") -> s.Photo:
        """Store the picture re-encoded (checked by its content, EXIF dropped), at most 1600 px wide."""
        venue = await self._managed(actor, venue_id)
        if len(picture) > PHOTO_MAX_BYTES:
            raise InvalidInput(Message("errors_venues.picture_too_big"), field="file")
        if len(caption) > 120:
            raise InvalidInput(Message("errors_venues.caption_too_long"), field="caption")
        existing = await self.session.execute(
            sa.select(sa.func.count(), sa.func.max(m.VenuePhoto.position)).where(
                m.VenuePhoto.venue_id == venue.id
            )
        )
        count, last_position = existing.one()
        if count >= MAX_PHOTOS:
            raise Conflict(Message("errors_venues.too_many_photos", count=MAX_PHOTOS))
        await self.services.commit()  # no transaction open while the picture is made and stored
        body = await asyncio.to_thread(bounded_webp, picture, PHOTO_LONGEST_SIDE)
        key = photo_key(venue.id)
        await self.services.runtime.storage.put(key, body, OUTPUT_CONTENT_TYPE)
        photo = m.VenuePhoto(
            venue_id=venue.id, key=key, caption=caption.strip(), position=(last_position or 0) + 1
        )
        self.session.add(photo)
        await self.services.flush()
        self._audit(actor, "photo_add", venue.id, {"photo_id": str(photo.id)})
        return s.Photo(id=photo.id, url=media_url(key) or "", caption=photo.caption, position=photo.position)

    async def remove_photo(self, actor: m.User, venue_id: UUID, photo_id: UUID) -> None:
        venue = await self._managed(actor, venue_id)
        photo = await self._delete(
            m.VenuePhoto, venue, m.VenuePhoto.id == photo_id, Message("errors_venues.no_such_photo")
        )
        self.services.jobs.add("delete_files", keys=[photo.key])
        self._audit(actor, "photo_remove", venue.id, {"photo_id": str(photo_id)})

    # Blocking slots --------------------------------------------------------------------------

    async def block(self, actor: m.User, venue_id: UUID, data: s.BlackoutCreate) -> s.Blackout:
        """Block a court (or the whole venue) for a period. Booked slots are refused: cancel them first.
        The courts are locked as a new hold locks its court, so a hold cannot slip in meanwhile."""
        venue = await self._managed(actor, venue_id)
        if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
            raise InvalidInput(Message("errors_venues.utc_offset"), field="starts_at")
        if data.ends_at <= data.starts_at:
            raise InvalidInput(Message("errors_venues.end_after_start"), field="ends_at")
        courts = (
            await self.session.scalars(
                sa.select(m.Court)
                .where(
                    m.Court.venue_id == venue.id,
                    sa.true() if data.court_id is None else m.Court.id == data.court_id,
                )
                .order_by(m.Court.id)
                .with_for_update()
            )
        ).all()
        if data.court_id is not None and not courts:
            raise InvalidInput(Message("errors_venues.court_not_here"), field="court_id")
        period = Range(data.starts_at, data.ends_at)
        booked = (
            await self.session.execute(
                sa.select(m.Court.name, m.Booking.period)
                .join(m.Court, m.Court.id == m.Booking.court_id)
                .where(
                    m.Booking.court_id.in_([court.id for court in courts]),
                    m.Booking.period.overlaps(period),
                    holds_slot(utcnow()),
                )
                .order_by(m.Booking.period)
                .limit(1)
            )
        ).first()
        if booked is not None:
            name, booked_period = booked
            raise Conflict(
                Message("errors_venues.slot_booked", slot=slot_label(name, interval(booked_period)[0])),
                code="slot_booked",
            )
        blackout = m.Blackout(
            venue_id=venue.id,
            court_id=data.court_id,
            period=period,
            reason=data.reason.strip(),
            created_by_id=actor.id,
        )
        self.session.add(blackout)
        await self.services.flush()
        self._audit(
            actor,
            "block",
            venue.id,
            {
                "blackout_id": str(blackout.id),
                "court_id": str(data.court_id) if data.court_id else None,
                "starts_at": data.starts_at.isoformat(),
                "ends_at": data.ends_at.isoformat(),
            },
        )
        return blackout_schema(blackout)

    async def unblock(self, actor: m.User, venue_id: UUID, blackout_id: UUID) -> None:
        venue = await self._managed(actor, venue_id)
        await self._delete(
            m.Blackout, venue, m.Blackout.id == blackout_id, Message("errors_venues.no_such_blackout")
        )
        self._audit(actor, "unblock", venue.id, {"blackout_id": str(blackout_id)})


def blackout_schema(blackout: m.Blackout) -> s.Blackout:
    starts_at, ends_at = interval(blackout.period)
    return s.Blackout(
        id=blackout.id,
        venue_id=blackout.venue_id,
        court_id=blackout.court_id,
        starts_at=to_local(starts_at),
        ends_at=to_local(ends_at),
        reason=blackout.reason,
    )


def _once_each(keys: list[int], message: Message, *, field: str) -> None:
    if len(set(keys)) != len(keys):
        raise InvalidInput(message, field=field)


def _check_peak(start: int | None, end: int | None) -> None:
    if (start is None) != (end is None):
        raise InvalidInput(Message("errors_venues.peak_both_ends"), field="peak_end_minute")
    if start is not None and end is not None:
        _check_window(start, end, field="peak_end_minute")


def _check_window(opens: int, closes: int, *, field: str) -> None:
    if closes <= opens:
        raise InvalidInput(Message("errors_venues.window_order"), field=field)


def _contact_phone(raw: str) -> str:
    """A Pakistani number (mobile or landline) as E.164; empty stays empty."""
    if not raw.strip():
        return ""
    try:
        number = phonenumbers.parse(raw.strip(), "PK")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidInput(Message("errors_venues.phone"), field="contact_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _amenities(amenities: list[str]) -> list[str]:
    return list(dict.fromkeys(amenity.strip().lower() for amenity in amenities if amenity.strip()))
