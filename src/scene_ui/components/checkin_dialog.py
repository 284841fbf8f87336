"""Checking a member in at the desk: scan their QR with the phone camera, or type the code under it.

The camera path needs the browser's BarcodeDetector (Chrome on Android, Safari on recent iPhones
with the flag, not desktop Linux); the typed code always works, so it is always shown.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, ui

from scene_api.domain.bookings import schemas as bookings_s
from scene_api.lib.qr import TOKEN_PREFIX
from scene_ui import feedback, formats
from scene_ui.components.buttons import ghost_button, primary_button, secondary_button
from scene_ui.components.dialogs import dialog_root, dialog_title, remove_later
from scene_ui.i18n import texts

tx = texts("checkin_dialog")

SCANNED = "scanned"
"""The DOM event the scanner fires on the video element, carrying the QR text in `detail`."""

OnCheckedIn = Callable[[bookings_s.Booking], Awaitable[None]]

START_CAMERA_JS = """
(async () => {
  const video = getHtmlElement(%(video)d);
  if (!video || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return 'unsupported';
  try {
    const formats = await BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return 'unsupported';
    const camera = {video: {facingMode: 'environment'}, audio: false};
    const stream = await navigator.mediaDevices.getUserMedia(camera);
    video.srcObject = stream;
    await video.play();
    const detector = new BarcodeDetector({formats: ['qr_code']});
    const scan = {stop: false, stream};
    window.sceneScans = window.sceneScans || {};
    window.sceneScans[%(video)d] = scan;
    const tick = async () => {
      if (scan.stop) return;
      try {
        const found = await detector.detect(video);
        if (found.length && found[0].rawValue) {
          video.dispatchEvent(new CustomEvent('scanned', {detail: found[0].rawValue}));
          return;
        }
      } catch (error) {}
      setTimeout(tick, 200);
    };
    tick();
    return 'scanning';
  } catch (error) {
    return 'denied';
  }
})()
"""
STOP_CAMERA_JS = """
(() => {
  const scan = (window.sceneScans || {})[%(video)d];
  if (!scan) return;
  scan.stop = true;
  scan.stream.getTracks().forEach((track) => track.stop());
  delete window.sceneScans[%(video)d];
})()
"""


def open_checkin_dialog(on_checked_in: OnCheckedIn | None = None, *, code: str = "") -> None:
    """The desk's check-in: a camera scanner where the phone can, and the typed code always."""
    CheckIn(on_checked_in).open(code)


class CheckIn:
    def __init__(self, on_checked_in: OnCheckedIn | None) -> None:
        self.on_checked_in = on_checked_in
        self.busy = False

    def open(self, code: str) -> None:
        with (
            dialog_root(),
            ui.dialog() as self.dialog,
            ui.card().classes("w-full max-w-sm bg-surface rounded-card gap-4 p-5").mark("checkin-dialog"),
        ):
            dialog_title(tx.title)
            with ui.element("div").classes(
                "w-full aspect-square rounded-card overflow-hidden bg-page border border-line hidden"
            ) as self.viewfinder:
                self.video = ui.element("video").classes("w-full h-full object-cover")
                self.video.props("playsinline muted")
            self.note = ui.label(tx.scan_hint).classes("text-meta text-muted")
            self.scan_button = secondary_button(tx.scan, self.start_camera, icon="qr_code_scanner").classes(
                "w-full"
            )
            self.scan_button.mark("scan-qr")
            self.code = (
                ui.input(tx.code_label, placeholder=tx.code_placeholder, value=code)
                .props("outlined autocapitalize=characters autocomplete=off maxlength=200")
                .classes("w-full scene-code")
                .mark("checkin-code")
            )
            self.code.on("keydown.enter", self.check_in_typed)
            with ui.row().classes("w-full gap-2 flex-nowrap pt-1"):
                ghost_button(tx.close, self.dialog.close).classes("flex-1")
                primary_button(tx.check_in, self.check_in_typed, icon="how_to_reg").classes("flex-1").mark(
                    "confirm-checkin"
                )
        self.video.on(SCANNED, self.scanned, args=["detail"])
        self.dialog.on_value_change(self._closed)
        self.dialog.open()

    def _closed(self, event: events.ValueChangeEventArguments[bool]) -> None:
        """Closed: the camera stops and the dialog goes (with the code typed into it)."""
        if not event.value:
            self.stop_camera()
            remove_later(self.dialog)

    async def start_camera(self) -> None:
        self.scan_button.props("loading")
        try:
            result = await ui.run_javascript(START_CAMERA_JS % {"video": self.video.id}, timeout=20)
        except TimeoutError:
            result = "denied"
        finally:
            self.scan_button.props(remove="loading")
        if result == "scanning":
            self.viewfinder.classes(remove="hidden")
            self.note.set_text(tx.scan_hint)
            self.scan_button.set_text(tx.stop)
            self.scan_button.on_click(self.stop_camera)
        else:
            self.note.set_text(tx.no_camera if result == "unsupported" else tx.camera_denied)
            self.scan_button.set_visibility(False)

    def stop_camera(self) -> None:
        ui.run_javascript(STOP_CAMERA_JS % {"video": self.video.id})
        self.viewfinder.classes(add="hidden")

    async def scanned(self, event: events.GenericEventArguments) -> None:
        """The camera read a QR code: the video element fires `scanned` with the code's text."""
        found = event.args.get("detail") if isinstance(event.args, dict) else event.args
        text = found[0] if isinstance(found, list) and found else found
        if isinstance(text, str) and text.strip():
            self.stop_camera()
            await self._check_in(text.strip())

    async def check_in_typed(self) -> None:
        typed = (self.code.value or "").strip()
        if not typed:
            feedback.failed(tx.code_missing)
            return
        await self._check_in(typed)

    async def _check_in(self, text: str) -> None:
        """A scanned token (or a pasted one) goes in as the token; anything else is the short code."""
        if self.busy:
            return
        self.busy = True
        request = (
            bookings_s.CheckIn(token=text)
            if text.startswith(f"{TOKEN_PREFIX}.")
            else bookings_s.CheckIn(code=text.upper())
        )
        try:
            booking = await feedback.attempt(
                lambda services, me: services.owner_bookings.check_in(me.user, request)
            )
        finally:
            self.busy = False
        if booking is feedback.REFUSED:
            return
        self.dialog.close()
        feedback.done(
            tx.checked_in.format(
                name=booking.member.name or booking.member.handle,
                court=booking.court.name,
                time=formats.time_range(booking.starts_at, booking.ends_at),
            )
        )
        if self.on_checked_in is not None:
            await self.on_checked_in(booking)
