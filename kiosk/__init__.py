"""Lobby kiosk and queue system for Vietnamese public service centres."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PROJECT_ROOT / "assets"
