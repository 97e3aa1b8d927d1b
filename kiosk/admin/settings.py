"""Kiosk and display settings an admin may change without editing config.yaml.

config.yaml gives the defaults (the search synonyms: assets/synonyms.json); values saved
from the admin pages (the `settings` table) win. Kiosks and displays read the result from
GET /api/settings and hear `settings.changed`; the synonyms are also part of the catalogue
fingerprint, so kiosks refresh them with the catalogue.
"""
from __future__ import annotations

from typing import Any, Mapping

from kiosk.admin.context import AdminContext, AdminInvalid
from kiosk.config import Config
from kiosk.core.centre import search_synonyms, stored_procedures
from kiosk.core.events import SETTINGS_CHANGED
from kiosk.core.search import search
from kiosk.core.synonyms import SETTING_KEY as SYNONYMS, SynonymError, as_list, default_synonyms, parse_synonyms
from kiosk.store import Store

LABELS = {"idle_seconds": "Thời gian chờ trước khi về màn hình chính (giây)",
          "ticket_screen_seconds": "Thời gian hiện màn hình số thứ tự (giây)",
          "auto_read_guidance": "Tự động đọc hướng dẫn",
          "attract_messages": "Lời mời trên màn hình chờ",
          "display_message": "Thông báo trên màn hình gọi số",
          SYNONYMS: "Từ ngữ người dân hay dùng khi tìm thủ tục"}
MAX_MESSAGES, MAX_MESSAGE_LENGTH = 10, 300


def defaults(config: Config) -> dict:
    return {"idle_seconds": config.kiosk.idle_seconds,
            "ticket_screen_seconds": config.kiosk.ticket_screen_seconds,
            "auto_read_guidance": config.kiosk.auto_read_guidance,
            "attract_messages": list(config.kiosk.attract_messages),
            "display_message": config.centre.display_message,
            SYNONYMS: as_list(default_synonyms())}


def current(store: Store, config: Config) -> dict:
    saved = {k: v for k, v in store.settings().items() if k in LABELS}
    return {**defaults(config), **saved}


def search_trial(ctx: AdminContext, query: str, limit: int = 4) -> list[dict]:
    """“Thử tìm”: what a kiosk finds for `query` now, with the synonyms in force."""
    procedures = stored_procedures(ctx.store, ctx.config)
    found = search(procedures, query, limit=limit, synonyms=search_synonyms(ctx.store))
    return [{"code": p.code, "name": p.name, "field": p.field} for p in found]


def update(ctx: AdminContext, changes: Mapping[str, Any]) -> dict:
    values = check(changes)
    with ctx.change() as change:
        before = current(ctx.store, ctx.config)
        after = {**before, **values}
        changed = {k: v for k, v in values.items() if before[k] != v}
        for key, value in changed.items():
            ctx.store.save_setting(key, value, ctx.now(), ctx.actor)
        if changed:
            change.audit("settings.update", "settings", "kiosk", {k: before[k] for k in changed}, changed,
                         summary=", ".join(changed))
            change.event(SETTINGS_CHANGED, {"keys": sorted(changed)})
    return after


def check(changes: Mapping[str, Any]) -> dict:
    problems = []

    def bad(key, reason, message):
        problems.append({"field": key, "reason": reason, "message": message})

    if not isinstance(changes, Mapping):
        raise AdminInvalid([{"field": None, "reason": "the body must be a JSON object",
                             "message": "Dữ liệu gửi lên không hợp lệ."}])
    values = {}
    for key, value in changes.items():
        if key not in LABELS:
            bad(key, f"unknown setting {key!r} (known: {', '.join(LABELS)})", f"Không có thiết lập “{key}”.")
        elif key in ("idle_seconds", "ticket_screen_seconds"):
            low, high = (5, 3600) if key == "idle_seconds" else (3, 600)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                bad(key, f"must be a whole number of seconds from {low} to {high}, got {value!r}",
                    f"{LABELS[key]}: nhập số nguyên từ {low} đến {high}.")
            else:
                values[key] = value
        elif key == "auto_read_guidance":
            if not isinstance(value, bool):
                bad(key, f"must be true or false, got {value!r}", f"{LABELS[key]}: chỉ chọn bật hoặc tắt.")
            else:
                values[key] = value
        elif key == "attract_messages":
            if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
                bad(key, "must be a list of texts", f"{LABELS[key]}: mỗi dòng một lời mời.")
                continue
            messages = [m.strip() for m in value if m.strip()]
            if len(messages) > MAX_MESSAGES or any(len(m) > MAX_MESSAGE_LENGTH for m in messages):
                bad(key, f"at most {MAX_MESSAGES} messages of at most {MAX_MESSAGE_LENGTH} characters",
                    f"{LABELS[key]}: tối đa {MAX_MESSAGES} lời mời, mỗi lời tối đa {MAX_MESSAGE_LENGTH} ký tự.")
            else:
                values[key] = messages
        elif key == "display_message":
            if not isinstance(value, str) or len(value.strip()) > MAX_MESSAGE_LENGTH:
                bad(key, f"must be a text of at most {MAX_MESSAGE_LENGTH} characters",
                    f"{LABELS[key]}: tối đa {MAX_MESSAGE_LENGTH} ký tự.")
            else:
                values[key] = value.strip()
        elif key == SYNONYMS:
            try:
                values[key] = as_list(parse_synonyms(value))
            except SynonymError as error:
                problems.extend(error.problems)
    if problems:
        raise AdminInvalid(problems)
    return values
