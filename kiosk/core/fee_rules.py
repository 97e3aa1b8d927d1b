"""Fee rules kept per procedure: what the admin saved, or what the fee text proposes.

Status: "confirmed" (an admin saved it), "proposed" (read from a known shape of the fee
text, to be checked), "needs_rule" (no rule: the text is not a known shape; flagged).
"""
from __future__ import annotations

from kiosk.clock import Clock
from kiosk.core import fees
from kiosk.core.errors import not_found
from kiosk.core.fee_text import propose_rule
from kiosk.store import Store


def rule_view(store: Store, procedure: dict) -> dict:
    """A procedure's fee: its text, its rule (or None), the rule's status, what staff enter, the example."""
    saved = store.fee_rule(procedure["code"]) or {"rule": None, "status": "needs_rule"}
    rule = saved["rule"]
    return {"code": procedure["code"], "text": procedure.get("fee") or "", "rule": rule, "status": saved["status"],
            "needs": list(fees.needs(rule)) if rule else [], "computable": fees.is_computable(rule),
            "example": fees.example(rule), "spoken_example": fees.spoken_example(rule)}


def save_rule(store: Store, clock: Clock, code: str, rule: dict | None, by: str) -> dict:
    """The admin's rule (None clears it): audited with the rule before and after."""
    procedure = _procedure(store, code)
    if rule is not None:
        fees.check_rule(rule)
    before = store.fee_rule(code)
    with store.write():
        store.save_fee_rule(code, rule, "confirmed" if rule else "needs_rule", _now(clock), by)
        store.add_audit({"at": _now(clock), "actor": by, "action": "fee_rule.save", "entity": "procedure",
                         "entity_id": code, "summary": f"Cách tính lệ phí: {fees.example(rule) or 'chưa có'}",
                         "before": before and before["rule"], "after": rule})
    return rule_view(store, procedure)


def example_fields(rule: dict | None) -> dict:
    """What the kiosk shows and reads on the procedure screen: the worked example of a rule
    that charges something (a free procedure's text says so already)."""
    if rule is None or rule["kind"] == "free" or not fees.is_computable(rule):
        return {"fee_example": None, "fee_example_spoken": None}
    return {"fee_example": fees.example(rule), "fee_example_spoken": fees.spoken_example(rule)}


def propose_rules(store: Store, procedures: list[dict], at: str) -> None:
    """After a catalogue load or import: a rule proposed from each fee text, or the flag.
    A rule an admin confirmed is never replaced. Runs inside the caller's write."""
    store.save_proposed_rules(proposals(procedures), at, "import")


def proposals(procedures: list[dict]) -> list[tuple[str, dict | None, str]]:
    """(code, proposed rule or None, status) for each procedure that has a fee text; pure, so a
    caller can work them out before it takes the write lock."""
    found = []
    for procedure in procedures:
        if "fee" in procedure:
            rule = propose_rule(procedure.get("fee"))
            found.append((procedure["code"], rule, "proposed" if rule else "needs_rule"))
    return found

def _procedure(store: Store, code: str) -> dict:
    procedure = store.procedure(code)
    if procedure is None:
        raise not_found("code", f"no procedure {code!r}", "Không tìm thấy thủ tục.")
    return procedure


def _now(clock: Clock) -> str:
    return clock.now().isoformat(timespec="seconds")
