"""Queries for fees: rules per procedure, receipts with their gapless numbers, voids."""
from __future__ import annotations

import json

RULE_STATUSES = ("confirmed", "proposed", "needs_rule")
_RECEIPT = ("SELECT r.*, v.at AS voided_at, v.by AS voided_by, v.reason AS void_reason "
            "FROM receipts r LEFT JOIN receipt_voids v ON v.receipt_id = r.id")


# How a proposed rule is stored over an existing one: a rule an admin confirmed stays.
KEEP_CONFIRMED = ("ON CONFLICT(code) DO UPDATE SET rule = excluded.rule, status = excluded.status, "
                  "updated_at = excluded.updated_at, updated_by = excluded.updated_by WHERE fee_rules.status != 'confirmed'")


def encoded_rule(rule: dict | None) -> str | None:
    return None if rule is None else json.dumps(rule, ensure_ascii=False)


class FeeRecords:
    """Mixed into `Store` (it needs `Records._rows` and `_insert`)."""

    # -- rules ------------------------------------------------------------------------
    def fee_rule(self, code: str) -> dict | None:
        row = self._row("SELECT * FROM fee_rules WHERE code = ?", [code])
        return _rule_row(row)

    def fee_rules(self) -> dict[str, dict]:
        return {r["code"]: _rule_row(r) for r in self._rows("SELECT * FROM fee_rules")}

    def save_fee_rule(self, code: str, rule: dict | None, status: str, at: str, by: str | None) -> None:
        assert status in RULE_STATUSES
        self.db.execute("INSERT INTO fee_rules (code, rule, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
                        "ON CONFLICT(code) DO UPDATE SET rule = excluded.rule, status = excluded.status, "
                        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                        [code, encoded_rule(rule), status, at, by])

    def save_proposed_rules(self, proposals: list[tuple[str, dict | None, str]], at: str, by: str | None) -> None:
        """Store (code, rule, status) proposals in one statement; a rule an admin confirmed stays."""
        self.db.conn.executemany(
            "INSERT INTO fee_rules (code, rule, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) " + KEEP_CONFIRMED,
            [(code, encoded_rule(rule), status, at, by) for code, rule, status in proposals])

    # -- receipts ---------------------------------------------------------------------
    def next_receipt_number(self, series: str) -> int:
        """Take the series' next number. Must run inside `write()` with the receipt's insert:
        a failed insert rolls the number back, so numbers never skip nor repeat."""
        row = self._row("SELECT next_number FROM receipt_series WHERE series = ?", [series])
        number = row["next_number"] if row else 1
        self.db.execute("INSERT INTO receipt_series (series, next_number) VALUES (?, ?) "
                        "ON CONFLICT(series) DO UPDATE SET next_number = excluded.next_number", [series, number + 1])
        return number

    def insert_receipt(self, receipt: dict) -> dict:
        row = {**receipt, "quantities": json.dumps(receipt["quantities"], ensure_ascii=False)}
        return self.receipt(self._insert("receipts", row))

    def receipt(self, receipt_id: int) -> dict | None:
        return _receipt_row(self._row(f"{_RECEIPT} WHERE r.id = ?", [receipt_id]))

    def receipt_by_public_id(self, public_id: str) -> dict | None:
        return _receipt_row(self._row(f"{_RECEIPT} WHERE r.public_id = ?", [public_id]))

    def receipts_for_ticket(self, ticket_id: int) -> list[dict]:
        return [_receipt_row(r) for r in self._rows(f"{_RECEIPT} WHERE r.ticket_id = ? ORDER BY r.id", [ticket_id])]

    def receipts_between(self, first_day: str, last_day: str) -> list[dict]:
        return [_receipt_row(r) for r in self._rows(
            f"{_RECEIPT} WHERE r.day BETWEEN ? AND ? ORDER BY r.series, r.number", [first_day, last_day])]

    def confirm_transfer(self, receipt_id: int, at: str, by: str) -> bool:
        return self.db.execute("UPDATE receipts SET transfer_confirmed_at = ?, transfer_confirmed_by = ? "
                               "WHERE id = ? AND method = 'transfer' AND transfer_confirmed_at IS NULL",
                               [at, by, receipt_id]).rowcount == 1

    def insert_void(self, receipt_id: int, at: str, by: str, reason: str) -> bool:
        """False when the receipt was voided already (the unique index decides)."""
        return self.db.execute("INSERT OR IGNORE INTO receipt_voids (receipt_id, at, by, reason) VALUES (?, ?, ?, ?)",
                               [receipt_id, at, by, reason]).rowcount == 1


def _rule_row(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {**row, "rule": json.loads(row["rule"]) if row["rule"] else None}


def _receipt_row(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {**row, "quantities": json.loads(row["quantities"] or "{}"), "voided": row["voided_at"] is not None}
