"""`GET /api/reports/days`: the day the reports page opens on (the last with any ticket)."""


def test_no_ticket_yet_gives_no_latest_day(centre):
    assert centre.client.get("/api/reports/days", headers=centre.as_("admin")).json() == \
        {"today": "2026-11-23", "latest": None}


def test_the_latest_day_is_the_last_with_a_ticket_even_after_quiet_days(centre, clock):
    centre.issue()
    assert centre.client.get("/api/reports/days", headers=centre.as_("admin")).json()["latest"] == "2026-11-23"
    clock.advance(days=3)
    token = centre.client.post("/api/auth/login", json={"username": "admin", "password": "mat-khau-admin"}).json()["token"]
    assert centre.client.get("/api/reports/days", headers={"Authorization": f"Bearer {token}"}).json() == \
        {"today": "2026-11-26", "latest": "2026-11-23"}


def test_only_readers_of_reports_may_ask(centre):
    assert centre.client.get("/api/reports/days", headers=centre.as_("staff")).status_code == 403
    assert centre.client.get("/api/reports/days").status_code == 401
