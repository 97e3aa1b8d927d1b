"""JSON inside a <script> element (kiosk/server/inline_json.py)."""
import json

from kiosk.server.inline_json import script_json

HOSTILE = 'Thủ tục <!--<script> </script><b>&amp; "x" -->'


def test_the_html_parser_sees_no_markup_and_json_parse_gets_the_same_value():
    text = script_json({"name": HOSTILE})
    assert not set("<>&") & set(text)
    assert json.loads(text) == {"name": HOSTILE}


def test_the_ticket_page_embeds_a_hostile_procedure_name_inertly(centre):
    saved = centre.client.put("/api/admin/procedures/1.001193", json={"name": HOSTILE}, headers=centre.as_("admin"))
    assert saved.status_code == 200, saved.text
    ticket = centre.issue().json()
    page = centre.client.get(f"/t/{ticket['public_id']}").text
    script = page.split('<script type="application/json" id="initial-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and json.loads(script)["procedure"]["name"] == HOSTILE
