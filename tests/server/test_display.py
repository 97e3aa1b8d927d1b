"""Lobby display API through the real app: page, settings, state and spoken calls."""
import wave
from io import BytesIO


def test_the_display_page_and_settings_are_public(centre, config):
    page = centre.client.get("/display")
    assert page.status_code == 200 and "Mất kết nối" in page.text and "Bật âm thanh" in page.text
    settings = centre.client.get("/api/display/settings").json()
    assert settings["centre"] == config.centre.name
    assert settings["opening_hours"] == config.centre.opening_hours
    assert settings["message"] == config.centre.display_message


def test_state_lists_each_call_and_the_event_it_is_current_to(centre):
    for _ in range(2):
        centre.issue()
    one = centre.next(1).json()
    two = centre.next(2).json()
    state = centre.client.get("/api/display/state").json()
    assert [(c["number"], c["counter_name"]) for c in state["calls"]] == [(two["number"], "Quầy 2"),
                                                                           (one["number"], "Quầy 1")]
    assert state["last_event_id"] == centre.client.get("/api/health").json()["last_event_id"]
    assert {c["id"]: (c["current"] or {}).get("number") for c in state["overview"]["counters"]}[2] == two["number"]


def test_a_call_is_served_as_a_wav_with_the_chime_and_the_words(centre, tmp_path, config):
    config.speech.cache_dir = str(tmp_path / "speech")
    centre.issue()
    centre.next(3 - 2)
    call = centre.client.get("/api/display/state").json()["calls"][0]
    response = centre.client.get(f"/api/announcements/{call['event_id']}.wav")
    assert response.status_code == 200 and response.headers["content-type"] == "audio/wav"
    with wave.open(BytesIO(response.content)) as clip:
        assert clip.getnframes() / clip.getframerate() > 1.0
    assert any((tmp_path / "speech").iterdir())           # cached for the next display
    again = centre.client.get(f"/api/announcements/{call['event_id']}.wav")
    assert again.content == response.content


def test_only_call_events_have_an_announcement(centre):
    centre.issue()
    response = centre.client.get("/api/announcements/1.wav")
    assert response.status_code == 404 and response.json()["detail"]["field"] == "event_id"
