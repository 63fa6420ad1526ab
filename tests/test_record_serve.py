"""The record buttons of a real ``playbook-gen serve`` (SPEC §12), over HTTP: the token, the Host, the origin.

A request replayed from another origin, addressed to another host (DNS rebinding),
or without this serve run's token changes nothing; the page's own request records
and the page is rebuilt with the change.
"""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path

from serving import fetch, serving, until

ENV = {"PLAYBOOK_TODAY": "2026-11-23"}
COMMAND = 'playbook-gen record gave greta-hansen "Sent her the trade fair tickets"'


def post(port: int, body: dict[str, object], *, host: str | None = None, origin: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    here = f"127.0.0.1:{port}"
    headers = {"Host": host or here, "Content-Type": "application/json", "Origin": origin or f"http://{host or here}"}
    try:
        connection.request("POST", "/_playbook/record", body=json.dumps(body).encode(), headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def token_of(page: str) -> str:
    found = re.search(r'<meta name="playbook-record-token" content="([^"]+)">', page)
    assert found, "serve writes its token into its pages"
    return found.group(1)


def test_only_this_serve_runs_pages_record_and_the_page_shows_the_change(example: Path) -> None:
    customer = example / "docs/customers/greta-hansen.md"
    before = customer.read_bytes()
    with serving(example, "--salesperson", "maya-okafor", env=ENV) as (port, server):
        status, page = fetch(port, "/customers/greta-hansen/")
        token = token_of(page)
        assert 'data-mode="serve"' in page and "assets/playbook-record.js" in page
        request = {"command": COMMAND, "token": token, "press": "p1"}

        rebinding = post(port, request, host=f"attacker.example:{port}")
        assert rebinding[0] == 421
        assert post(port, request, origin="https://attacker.example")[0] == 403
        assert post(port, {**request, "token": "guessed"})[0] == 403
        assert post(port, {"command": COMMAND, "press": "p1"})[0] == 403
        assert customer.read_bytes() == before

        status, answer = post(port, request)
        assert status == 200 and json.loads(answer) == {
            "ok": True,
            "refused": False,
            "lines": ["docs/customers/greta-hansen.md: gave + 2026-11-23, Sent her the trade fair tickets; last_contact 2026-11-23"],
            "command": "playbook-gen record gave greta-hansen 'Sent her the trade fair tickets'",
        }
        assert customer.read_bytes() != before
        assert b"Sent her the trade fair tickets" in customer.read_bytes()
        until(port, "/customers/greta-hansen/", lambda page: "Sent her the trade fair tickets" in page, server=server)
        again = until(port, "/customers/greta-hansen/", lambda page: "playbook-record-token" in page, server=server)
        assert token_of(again) == token, "one token for the whole serve run: a page reloaded after a rebuild still records"
