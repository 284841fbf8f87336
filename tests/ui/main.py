"""The UI exactly as `scene ui` starts it, for NiceGUI's user simulation (settings from SCENE_* variables)."""

from scene_api.config import Settings
from scene_ui.app import run

run(Settings.from_env())
