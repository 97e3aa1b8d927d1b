"""Uploading the kiosk's outbox: tickets issued offline, in order, in batches (mixed into
SyncClient, kiosk/sync/sync_client.py; it needs `journal`, `server`, `_contact`, `_lost`, `_now`
and `_batch_uploads`)."""
from __future__ import annotations

import logging

from kiosk.sync.client import ApiError, ServerUnavailable

log = logging.getLogger("kiosk.sync.sync_client")

UPLOAD_BATCH = 50        # tickets per upload request (the server takes up to 100)
TRANSIENT_STATUSES = (401, 408, 429)   # 4xx worth retrying: a re-keyed token, a timeout, throttling


class OutboxUpload:
    def upload_outbox(self, limit: int | None = None) -> dict:
        """Upload outbox tickets in order, UPLOAD_BATCH at a time (POST /api/tickets/batch: the
        server handles them in order in one commit; one by one against a server without it).
        Stops at the first transient failure; parks permanent refusals as `rejected`.
        Returns {"uploaded", "rejected", "error"}.

        Acknowledgements are written to the journal once per batch: a crash before that only
        means the batch is sent again, and a repeated upload is a harmless replay."""
        uploaded, rejected, error = [], [], None
        rows = self.journal.outbox(limit)
        for start in range(0, len(rows), UPLOAD_BATCH):
            marks: list[tuple] = []
            error = self._upload_batch(rows[start:start + UPLOAD_BATCH], marks, uploaded, rejected)
            self.journal.record_uploads(marks)
            if error:
                break
        return {"uploaded": uploaded, "rejected": rejected, "error": error}

    def _upload_batch(self, rows: list[dict], marks: list[tuple], uploaded: list, rejected: list) -> str | None:
        if not self._batch_uploads:
            return self._upload_one_by_one(rows, marks, uploaded, rejected)
        try:
            results = self.server.upload_tickets([_upload_body(row) for row in rows])
        except ServerUnavailable as error:
            self._lost(error)
            marks.append(("failed", rows[0]["client_id"], str(error)))
            return str(error)
        except ApiError as error:
            if error.status in TRANSIENT_STATUSES:
                marks.append(("failed", rows[0]["client_id"], f"HTTP {error.status}: {api_reason(error)}"))
                return f"HTTP {error.status}"
            if error.status in (404, 405):          # a server without the batch route
                self._batch_uploads = False
            # Otherwise one row the server cannot even read spoils the batch: one by one finds it.
            return self._upload_one_by_one(rows, marks, uploaded, rejected)
        self._contact()
        answers = {result.get("client_id"): result for result in results}
        for row in rows:
            answer = answers.get(row["client_id"])
            if answer is None:
                marks.append(("failed", row["client_id"], "the server's answer left this ticket out"))
                return "incomplete answer from the server"
            if answer["status"] in (200, 201):
                self._accepted(row, answer["ticket"], marks, uploaded)
            elif answer["status"] in TRANSIENT_STATUSES:
                marks.append(("failed", row["client_id"], f"HTTP {answer['status']}"))
                return f"HTTP {answer['status']}"
            else:
                self._refused(row, ApiError(answer["status"], answer.get("detail")), marks, rejected)
        return None

    def _upload_one_by_one(self, rows: list[dict], marks: list[tuple], uploaded: list, rejected: list) -> str | None:
        for row in rows:
            try:
                ticket = self.server.issue_ticket(**_upload_body(row))
            except ServerUnavailable as error:
                self._lost(error)
                marks.append(("failed", row["client_id"], str(error)))
                return str(error)
            except ApiError as error:
                if error.status in TRANSIENT_STATUSES:
                    marks.append(("failed", row["client_id"], f"HTTP {error.status}: {api_reason(error)}"))
                    return f"HTTP {error.status}"
                self._contact()
                self._refused(row, error, marks, rejected)
                continue
            self._contact()
            self._accepted(row, ticket, marks, uploaded)
        return None

    def _accepted(self, row: dict, ticket: dict, marks: list[tuple], uploaded: list) -> None:
        note = None
        if ticket.get("number") != row["number"]:
            note = f"server kept number {ticket.get('number')}, the citizen holds {row['number']}"
            log.error("ticket %s: %s", row["client_id"], note)
        marks.append(("uploaded", row["client_id"], ticket, self._now(), note))
        uploaded.append({"client_id": row["client_id"], "number": row["number"], "id": ticket.get("id"),
                         "server_number": ticket.get("number")})

    def _refused(self, row: dict, error: ApiError, marks: list[tuple], rejected: list) -> None:
        reason = f"HTTP {error.status}: {api_reason(error)}"
        marks.append(("rejected", row["client_id"], reason))
        log.error("upload of %s (number %s) rejected: %s", row["client_id"], row["number"], reason)
        rejected.append({"client_id": row["client_id"], "number": row["number"], "reason": reason})


def _upload_body(row: dict) -> dict:
    return {"procedure_code": row["procedure_code"], "priority": row["priority"], "client_id": row["client_id"],
            "number": row["number"], "issued_at": row["issued_at"]}


def api_reason(error: ApiError) -> str:
    if isinstance(error.detail, dict):
        return str(error.detail.get("reason") or error.detail.get("message") or error.detail)
    return str(error.detail)
