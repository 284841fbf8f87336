"""`/a/{slug}`: an activity's share link as plain server HTML, with the tags WhatsApp reads."""

from __future__ import annotations

from fastapi import Request, Response

from scene_api.domain.activities import schemas as s
from scene_ui import formats
from scene_ui.components.activity_card import level_label, spots_label
from scene_ui.components.activity_type import LABELS
from scene_ui.i18n import shared_link, texts
from scene_ui.public import layout, links, parts
from scene_ui.public.layout import esc
from scene_ui.public.preview import preview_tags

tx = texts("share")
details = texts("activity")
PATH = "/a/{slug}"
APP_PATH = "/activities"
"""The app's activity page; it takes the slug as well as the id."""


async def activity_share(request: Request, slug: str) -> Response:
    if redirect := links.member_redirect(APP_PATH, slug):
        return redirect
    language = layout.choose_language(request)
    activity = await links.find(lambda services: services.activities.get_public(slug))
    public_url = await links.public_url()
    with layout.speaking(language):
        if activity is None:
            return layout.not_found(language, tx.not_found_title, tx.not_found_message)
        back_to = f"/a/{activity.slug}"
        url = shared_link(f"{public_url}{back_to}")
        tags = preview_tags(
            title=activity.title,
            description=description(activity),
            url=url,
            public_url=public_url,
            picture=activity.host_avatar_url,
        )
        return layout.page(
            language,
            title=activity.title,
            description=description(activity),
            body=body(activity, back_to, url),
            head=tags,
            back_to=back_to,
        )


def place_of(activity: s.PublicActivity) -> str:
    return " \u00b7 ".join(part for part in (activity.place_name, activity.city) if part)


def description(activity: s.PublicActivity) -> str:
    return tx.description.format(
        when=formats.when(activity.starts_at),
        place=place_of(activity) or tx.pakistan,
        spots=spots_label(activity.spots_left),
        cost=formats.rupees(activity.cost_pkr),
        host=activity.host_name,
    )


def body(activity: s.PublicActivity, back_to: str, url: str) -> str:
    minutes = int((activity.ends_at - activity.starts_at).total_seconds() // 60)
    facts = parts.panel(
        '<div class="facts">'
        + parts.fact(
            "event",
            details.when,
            formats.long_day(activity.starts_at),
            f"{formats.time_range(activity.starts_at, activity.ends_at)} \u00b7 {formats.duration(minutes)}",
        )
        + parts.fact("place", details.where, place_of(activity) or "\u2013")
        + parts.fact(
            "group",
            details.spots,
            spots_label(activity.spots_left),
            details.spots_of.format(
                taken=activity.capacity - activity.spots_left, capacity=activity.capacity
            ),
        )
        + parts.fact(
            "payments",
            details.cost,
            formats.rupees(activity.cost_pkr),
            details.per_person if activity.cost_pkr else None,
        )
        + "</div>"
    )
    share_text = tx.share_text.format(
        title=activity.title, when=formats.when(activity.starts_at), place=place_of(activity)
    )
    whatsapp = parts.whatsapp_href(f"{share_text}\n{url}")
    return (
        '<div class="stack"><div class="chips">'
        + parts.sport_chip(LABELS[activity.type])
        + parts.chip(level_label(activity.skill_min, activity.skill_max))
        + f"</div><h1>{esc(activity.title)}</h1>"
        + parts.host_line(activity.host_name, activity.host_avatar_url)
        + "</div>"
        + facts
        + parts.call_to_action(
            tx.cta_title, tx.cta_message.format(host=activity.host_name), tx.cta_sign_in, back_to
        )
        + parts.description_block(activity.description)
        + (parts.going(tx.going, activity.participants) if activity.participants else "")
        + parts.whatsapp_share(tx.share, whatsapp)
    )
