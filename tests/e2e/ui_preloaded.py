"""`scene ui` with the app imported before its settings are known.

The browser fixtures start one of these while the test before theirs runs, since importing Scene,
NiceGUI and Litestar is most of a UI's start. It then waits for one line on stdin, the test's SCENE_*
variables as JSON, and serves them exactly as `scene ui` does; an empty line (the session ended before
a test took it) ends it."""

import json
import os
import sys

import scene_ui.app  # noqa: F401 (imported ahead: this is the slow part of a start)
from scene_api.cli import main

if __name__ == "__main__":
    line = sys.stdin.readline()
    if line.strip():
        os.environ.update(json.loads(line))
        main(["ui"])
