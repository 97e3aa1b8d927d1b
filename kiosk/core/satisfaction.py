"""Citizen satisfaction: one rating per finished ticket, from the ticket page or the counter tablet.

A rating is tied to the ticket, its counter and the staff member who served it, never to
anything about the citizen. Each rating is stored once (a unique index on the ticket) and
also appended to the event log as `ticket.rated`, so reports read it from the same log as
everything else. An optional reason added afterwards is logged as `ticket.rating_reason`.

Who may rate:
- the ticket page (the receipt's QR code): by public_id, only once the ticket is done and
  only on the ticket's own day;
- the counter tablet (device token, role `display`): only the ticket finished most recently
  at that counter, within RATING_WINDOW_MINUTES of its finish, so a tablet cannot be used
  to rate tickets of other counters or old tickets.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.core.errors import QueueError, conflict, invalid, not_found

RATINGS = ("very_satisfied", "satisfied", "neutral", "dissatisfied")
RATING_LABELS = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "neutral": "Bình thường",
                 "dissatisfied": "Không hài lòng"}
RATING_SCORES = {"very_satisfied": 4, "satisfied": 3, "neutral": 2, "dissatisfied": 1}
REASONS = ("long_wait", "attitude", "unclear_guidance", "missing_documents", "other")
REASON_LABELS = {"long_wait": "Chờ lâu", "attitude": "Thái độ", "unclear_guidance": "Hướng dẫn chưa rõ",
                 "missing_documents": "Thiếu giấy tờ", "other": "Khác"}
# Ratings for which the screens ask for a reason (the reasons are all things to improve).
ASK_REASON = ("satisfied", "neutral", "dissatisfied")
RATING_WINDOW_MINUTES = 3


def options() -> dict:
    """What the rating screens show, in order."""
    return {"ratings": [{"id": r, "label": RATING_LABELS[r], "score": RATING_SCORES[r]} for r in RATINGS],
            "reasons": [{"id": r, "label": REASON_LABELS[r]} for r in REASONS],
            "ask_reason": list(ASK_REASON), "window_minutes": RATING_WINDOW_MINUTES}


class Satisfaction:
    """Rating rules over a Queue (its store, clock and listeners)."""

    def __init__(self, queue):
        self.queue = queue
        self.store = queue.store

    # -- the ticket page ------------------------------------------------------------------
    def state_by_public_id(self, public_id: str) -> dict:
        ticket = self._by_public_id(public_id)
        rating = self.store.rating_for(ticket["id"])
        return {"rateable": rating is None and self._web_reason_refused(ticket) is None,
                "rating": _public_rating(rating), **options()}

    def rate_by_public_id(self, public_id: str, rating: str, reason: str | None = None) -> dict:
        ticket = self._by_public_id(public_id)
        refused = self._web_reason_refused(ticket)
        if refused:
            raise refused
        return self._rate(ticket, rating, reason, channel="web", device=None)

    def add_reason_by_public_id(self, public_id: str, reason: str) -> dict:
        ticket = self._by_public_id(public_id)
        return self._add_reason(ticket, reason, actor="web")

    # -- the counter tablet -----------------------------------------------------------------
    def pending_at_counter(self, counter_id: int) -> dict | None:
        """The ticket the counter's tablet may rate now, or None."""
        self._counter(counter_id)
        ticket = self.store.last_finished_at_counter(counter_id, self.queue.clock.today())
        if ticket is None or self.store.rating_for(ticket["id"]) is not None:
            return None
        finished = datetime.fromisoformat(ticket["finished_at"])
        until = finished + timedelta(minutes=RATING_WINDOW_MINUTES)
        if not finished - timedelta(seconds=5) <= self.queue.clock.now() < until:
            return None
        service = self.store.service(ticket["service_id"]) or {"name": ticket["service_id"]}
        return {"ticket_id": ticket["id"], "number": ticket["number"], "counter_id": counter_id,
                "service": service["name"], "procedure": ticket["procedure_name"],
                "finished_at": ticket["finished_at"], "rateable_until": until.isoformat(timespec="seconds")}

    def rate_at_counter(self, counter_id: int, ticket_id: int, rating: str, reason: str | None = None,
                        device: str | None = None) -> dict:
        pending = self.pending_at_counter(counter_id)
        if pending is None or pending["ticket_id"] != ticket_id:
            ticket = self.store.ticket(ticket_id)
            if ticket and self.store.rating_for(ticket_id):
                raise _already_rated(ticket)
            raise conflict(f"ticket {ticket_id} is not the ticket just finished at counter {counter_id}",
                           "Phiếu này không còn được đánh giá tại quầy.", "ticket_id")
        return self._rate(self.store.ticket(ticket_id), rating, reason, channel="tablet", device=device)

    def add_reason_at_counter(self, counter_id: int, ticket_id: int, reason: str, device: str | None = None) -> dict:
        ticket = self.store.ticket(ticket_id)
        if ticket is None or ticket["counter_id"] != counter_id:
            raise conflict(f"ticket {ticket_id} was not served at counter {counter_id}",
                           "Phiếu này không thuộc quầy này.", "ticket_id")
        rating = self.store.rating_for(ticket_id)
        if rating is None or rating["channel"] != "tablet":
            raise conflict("only a rating given at this counter's tablet can get its reason here",
                           "Phiếu này chưa được đánh giá tại quầy.", "ticket_id")
        return self._add_reason(ticket, reason, actor=device or "tablet")

    # -- internals --------------------------------------------------------------------------
    def _rate(self, ticket: dict, rating: str, reason: str | None, channel: str, device: str | None) -> dict:
        _check_rating(rating)
        _check_reason(reason, optional=True)
        now = self.queue.clock.now().isoformat(timespec="milliseconds")
        with self.store.write():
            fresh = self.store.ticket(ticket["id"])
            if fresh["status"] != "done":
                raise _not_done(fresh)
            row = self.store.insert_rating({
                "ticket_id": fresh["id"], "day": fresh["day"], "service_id": fresh["service_id"],
                "procedure_code": fresh["procedure_code"], "counter_id": fresh["counter_id"],
                "staff": fresh["staff"], "rating": rating, "reason": reason, "channel": channel,
                "device": device, "at": now, "reason_at": now if reason else None,
            })
            if row is None:
                raise _already_rated(fresh)
            event = self._log("ticket.rated", fresh, device or channel, now,
                              {"rating": rating, "reason": reason, "channel": channel, "staff": fresh["staff"]})
        self._notify(event)
        return _public_rating(row)

    def _add_reason(self, ticket: dict, reason: str, actor: str) -> dict:
        _check_reason(reason, optional=False)
        now = self.queue.clock.now().isoformat(timespec="milliseconds")
        with self.store.write():
            if self.store.rating_for(ticket["id"]) is None:
                raise conflict("the ticket has no rating yet", "Vui lòng chọn mức độ hài lòng trước.", "reason")
            if not self.store.set_rating_reason(ticket["id"], reason, now):
                raise conflict("the rating already has a reason", "Ý kiến đã được ghi nhận trước đó.", "reason")
            event = self._log("ticket.rating_reason", self.store.ticket(ticket["id"]), actor, now,
                              {"reason": reason})
        self._notify(event)
        return _public_rating(self.store.rating_for(ticket["id"]))

    def _web_reason_refused(self, ticket: dict) -> QueueError | None:
        if ticket["status"] != "done":
            return _not_done(ticket)
        if ticket["day"] != self.queue.clock.today():
            return conflict("a ticket can be rated on its own day only",
                            "Đã hết thời hạn đánh giá cho phiếu này.", "public_id")
        return None

    def _by_public_id(self, public_id: str) -> dict:
        ticket = self.store.ticket_by("public_id", public_id)
        if ticket is None:
            raise not_found("public_id", "no ticket has this public id", "Không tìm thấy phiếu này.")
        return ticket

    def _counter(self, counter_id: int) -> dict:
        counter = self.store.counter(counter_id)
        if counter is None:
            raise not_found("counter_id", f"unknown counter {counter_id!r}", "Không tìm thấy quầy này.")
        return counter

    def _log(self, event_type: str, ticket: dict, actor: str | None, at: str, data: dict) -> dict:
        snapshot = {k: ticket[k] for k in ("number", "service_id", "issued_service_id", "procedure_code",
                                           "priority", "status", "offline", "day")}
        return self.store.append_event({"ticket_id": ticket["id"], "type": event_type, "at": at, "actor": actor,
                                        "counter_id": ticket["counter_id"], "data": {**snapshot, **data}})

    def _notify(self, event: dict) -> None:
        for listener in self.queue.listeners:
            listener(event)


def _public_rating(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {"ticket_id": row["ticket_id"], "rating": row["rating"], "rating_label": RATING_LABELS[row["rating"]],
            "reason": row["reason"], "reason_label": REASON_LABELS.get(row["reason"]) if row["reason"] else None,
            "channel": row["channel"], "at": row["at"]}


def _check_rating(rating) -> None:
    if rating not in RATINGS:
        raise invalid("rating", f"rating must be one of {', '.join(RATINGS)}", "Vui lòng chọn mức độ hài lòng.")


def _check_reason(reason, optional: bool) -> None:
    if reason is None and optional:
        return
    if reason not in REASONS:
        raise invalid("reason", f"reason must be one of {', '.join(REASONS)}", "Lý do không hợp lệ.")


def _not_done(ticket: dict) -> QueueError:
    return conflict(f"ticket {ticket['id']} is {ticket['status']}; only finished tickets can be rated",
                    "Chỉ đánh giá được sau khi hồ sơ đã được xử lý xong tại quầy.", "public_id")


def _already_rated(ticket: dict) -> QueueError:
    return conflict(f"ticket {ticket['id']} has already been rated", "Phiếu này đã được đánh giá. Xin cảm ơn!",
                    "ticket_id")
