"""`/v/{slug}`: a venue's public page (new: the app's venue page needs a sign-in), plain server HTML.

Name, area, sports, cover photo, courts, opening hours and the lowest price, then "Book a court", which
goes through sign-in to the app's venue page where slots are picked.
"""

from __future__ import annotations

from fastapi import Request, Response

from scene_api.domain.venues import schemas as s
from scene_ui import formats
from scene_ui.components.activity_type import LABELS
from scene_ui.components.venue_card import area_of
from scene_ui.i18n import shared_link, texts
from scene_ui.pages.venue import hours_on, hours_text
from scene_ui.public import layout, links, parts
from scene_ui.public.icons import icon
from scene_ui.public.layout import esc
from scene_ui.public.preview import preview_tags

tx = texts("venue_share")
details = texts("venue")
cards = texts("venue_card")
PATH = "/v/{slug}"
APP_PATH = "/venues"
"""The app's venue page (slots and holds); it takes the slug as well as the id."""


async def venue_share(request: Request, slug: str) -> Response:
    if redirect := links.member_redirect(APP_PATH, slug):
        return redirect
    language = layout.choose_language(request)
    venue = await links.find(lambda services: services.venues.get_by_slug(slug))
    public_url = await links.public_url()
    with layout.speaking(language):
        if venue is None:
            return layout.not_found(language, tx.not_found_title, tx.not_found_message)
        back_to = f"/v/{venue.slug}"
        url = shared_link(f"{public_url}{back_to}")
        tags = preview_tags(
            title=venue.name,
            description=description(venue),
            url=url,
            public_url=public_url,
            picture=cover_of(venue),
            wide=True,
        )
        return layout.page(
            language,
            title=venue.name,
            description=description(venue),
            body=body(venue, back_to, url),
            head=tags,
            back_to=back_to,
        )


def cover_of(venue: s.VenueDetail) -> str | None:
    """The first photo, as the app's venue page and cards show it."""
    return venue.photos[0].url if venue.photos else None


def sports_of(venue: s.VenueDetail) -> list[str]:
    return [
        LABELS[sport]
        for sport in sorted({court.sport for court in venue.courts}, key=lambda sport: sport.value)
    ]


def price_from(venue: s.VenueDetail) -> str | None:
    """`from Rs 6,000`: the lowest price of any slot length (off-peak)."""
    if not venue.prices:
        return None
    return cards.from_price.format(price=formats.rupees(min(price.price_pkr for price in venue.prices)))


def description(venue: s.VenueDetail) -> str:
    return tx.description.format(
        area=area_of(venue.address, venue.city),
        sports=", ".join(sports_of(venue)),
        price=price_from(venue) or details.book,
    )


def body(venue: s.VenueDetail, back_to: str, url: str) -> str:
    share_text = tx.share_text.format(venue=venue.name, area=area_of(venue.address, venue.city))
    return (
        hero(venue)
        + facts(venue)
        + parts.call_to_action(
            tx.cta_title, tx.cta_message.format(venue=venue.name), tx.cta_sign_in, back_to, icon_name="event"
        )
        + courts(venue)
        + hours(venue)
        + (
            parts.section(details.about, parts.description_block(venue.description))
            if venue.description
            else ""
        )
        + parts.whatsapp_share(tx.share, parts.whatsapp_href(f"{share_text}\n{url}"))
    )


def hero(venue: s.VenueDetail) -> str:
    """The cover (the largest paint: loaded first, never lazily), the name, the area and the sports."""
    picture = cover_of(venue)
    cover = (
        f'<div class="cover"><img src="{esc(picture)}" alt="" width="448" height="252" '
        'fetchpriority="high"></div>'
        if picture
        else f'<div class="cover none">{icon("racket", size=48)}</div>'
    )
    today = hours_on(venue, formats.today())
    open_today = details("open_today", hours=hours_text(*today)) if today else details.closed_today
    sports = "".join(parts.sport_chip(sport) for sport in sports_of(venue))
    area = area_of(venue.address, venue.city)
    return (
        f'<div class="stack">{cover}<h1>{esc(venue.name)}</h1>'
        f'<div class="row muted">{icon("place", size=18)}<span>{esc(area)}</span></div>'
        f'<div class="chips">{sports}{parts.chip(open_today)}</div></div>'
    )


def facts(venue: s.VenueDetail) -> str:
    lines = parts.fact("place", details.where, venue.address, venue.city)
    if price := price_from(venue):
        lines += parts.fact("payments", tx.price, price[:1].upper() + price[1:], details.per_court)
    return parts.panel(f'<div class="facts">{lines}</div>')


def courts(venue: s.VenueDetail) -> str:
    if not venue.courts:
        return ""
    rows = "".join(
        f'<div class="line"><div><div class="strong">{esc(court.name)}</div><div class="meta muted">'
        f"{esc(details.indoor if court.indoor else details.outdoor)} \u00b7 {esc(LABELS[court.sport])}"
        "</div></div></div>"
        for court in venue.courts
    )
    return parts.section(tx.courts, parts.panel(rows, classes="lines"), aside=str(len(venue.courts)))


def hours(venue: s.VenueDetail) -> str:
    """The week from Monday, as the app lists it; a day the venue does not list is closed."""
    by_day = {row.weekday: row for row in venue.opening_hours}
    rows = ""
    for weekday in range(7):
        row = by_day.get(weekday)
        shown = hours_text(row.opens_minute, row.closes_minute) if row else details.closed_day
        rows += (
            f'<div class="line"><div>{esc(formats.tx(f"day_{weekday}"))}</div>'
            f'<span class="{"" if row else "closed"}">{esc(shown)}</span></div>'
        )
    return parts.section(details.hours, parts.panel(rows, classes="lines"))
