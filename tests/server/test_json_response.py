from starlette.responses import JSONResponse

from kiosk.server.json_response import PlainJSONResponse


def test_a_ticket_renders_to_the_same_bytes_as_starlettes_json_response():
    ticket = {"id": 7, "number": 1001, "service": {"id": "HT", "name": "Hộ tịch – khai sinh", "waiting_area": ""},
              "priority": None, "offline": False, "counters": [{"id": 1, "name": "Quầy 1"}], "people_ahead": 0,
              "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh \"có yếu tố\" \\ nước ngoài\n"}}
    assert PlainJSONResponse(ticket).body == JSONResponse(ticket).body
