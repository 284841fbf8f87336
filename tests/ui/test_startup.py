"""`scene dev` and `scene ui` serve the pages with `ui.run`, which refuses to start once anything asked
NiceGUI for a page outside one (NiceGUI then takes the app for a script with UI in the global scope).
The simulated users of the other UI tests never call `ui.run`, so this starts from a fresh process."""

import subprocess
import sys
import textwrap

REGISTER_EVERY_PAGE = textwrap.dedent(
    """
    from nicegui import core
    from scene_ui import app, theme
    theme.apply()
    for page in (*app.PAGES, *app.BOOKING_PAGES, *app.STAFF_PAGES):
        page.create()
    print("script mode" if core.script_mode else "pages only")
    """
)


def test_registering_every_page_defines_no_ui_outside_a_page():
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", REGISTER_EVERY_PAGE], capture_output=True, text=True, timeout=120, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pages only"
