"""The server's side of a dropped connection (issue 20, item 1): the window a page is kept, the heartbeat
kept short whatever the window, and the offline bar's words in every language. The browser's side is in
tests/e2e/test_connection_drops.py."""

import json

from nicegui import core

from scene_api.i18n import en, ur
from scene_ui import connection
from tests.helpers import found


def test_a_page_is_kept_for_minutes_and_a_dead_socket_is_noticed_in_under_a_minute():
    assert connection.RECONNECT_WINDOW >= 120  # a payment app, a lift, a tunnel
    assert connection.PING_INTERVAL + connection.PING_TIMEOUT < 60


def test_the_heartbeat_is_set_after_niceguis_startup_derived_it_from_the_window():
    core.sio.eio.ping_interval = max(connection.RECONNECT_WINDOW * 0.8, 4)  # what NiceGUI's startup does
    core.sio.eio.ping_timeout = max(connection.RECONNECT_WINDOW * 0.4, 2)
    connection.keep_pings_short()
    assert (core.sio.eio.ping_interval, core.sio.eio.ping_timeout) == (25, 20)


def test_the_bar_speaks_each_language_from_its_own_catalogue():
    head = connection.head()
    words = json.loads(found(r'id="scene-connection-words">(.*?)</script>', head))
    assert words["en"] == {key: en.MESSAGES["connection"][key] for key in connection.WORDS}
    assert words["ur"] == {key: ur.MESSAGES["connection"][key] for key in connection.WORDS}
    assert not set(words["ur"].values()) & set(words["en"].values())  # no English left on an Urdu page


def test_niceguis_english_connection_box_is_hidden_and_our_script_is_loaded():
    head = connection.head()
    assert "#popup { display: none !important; }" in head
    assert f'<script src="{connection.SCRIPT}" defer></script>' in head
