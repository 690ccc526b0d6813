"""A Google Sheet as a way out, through the Apps Script in docs/receivers.

A Google Apps Script web app cannot read request headers and never answers a POST itself:
Google runs the script, then answers ``302`` to a page on script.googleusercontent.com that
holds the script's answer. So for an address of the form
``https://script.google.com/macros/s/<id>/exec`` the kiosk

- signs as usual, and repeats the Standard Webhooks id, timestamp and signature in the query
  string, where the script can read them;
- sends the JSON with every non-ASCII character escaped, so the signed bytes are the same
  whatever text decoding Google applies before the script sees the body;
- follows that one redirect, and only to script.googleusercontent.com over HTTPS, with a
  GET that carries nothing of the batch and no credentials;
- counts the batch delivered only when the script's answer names it: ``{"ok": true,
  "batch_id": ...}``. An answer of ``"retry": true`` (the sheet was busy) is tried again;
  any other answer holds the batch for staff, with the script's words.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode, urljoin, urlsplit

from kiosk.sync.outbox import Batch
from kiosk.sync.request import post, request
from kiosk.sync.targets import Outcome, Result, WebhookTarget, batch_body, judge

SCRIPT_HOST = "script.google.com"
ECHO_HOSTS = ("script.googleusercontent.com",)
SIGNED = ("webhook-id", "webhook-timestamp", "webhook-signature")


def is_apps_script(url: str) -> bool:
    parts = urlsplit(url)
    return (parts.scheme == "https" and parts.hostname == SCRIPT_HOST
            and parts.path.startswith("/macros/s/") and parts.path.endswith("/exec"))


class AppsScriptTarget(WebhookTarget):
    #: Where the script's answer may be fetched from (tests point this at 127.0.0.1).
    echo_hosts: tuple[str, ...] = ECHO_HOSTS
    echo_schemes: tuple[str, ...] = ("https",)

    def body(self, batch: Batch, kiosk_id: str) -> bytes:
        return batch_body(batch, kiosk_id, ascii_only=True)

    def exchange(self, body: bytes, headers: dict[str, str]) -> Outcome:
        batch_id = headers["Idempotency-Key"]
        query = urlencode({k: headers[k] for k in SIGNED if k in headers})
        address = self.url + ("&" if "?" in self.url else "?") + query if query else self.url
        answer = post(address, body, headers, self.timeout, self.context)
        location = urljoin(self.url, answer.headers.get("location", "").strip())
        where = urlsplit(location)
        if not (answer.status in (302, 303) and where.hostname in self.echo_hosts
                and where.scheme in self.echo_schemes):
            if 200 <= answer.status < 300:  # the script answered without Google's redirect
                return _read(answer.body, batch_id)
            return judge(answer, self.url)
        echoed = request("GET", location, None, {"User-Agent": "awareness-kiosk"},
                         self.timeout, self.context)
        if echoed.status != 200:
            return judge(echoed, location)
        return _read(echoed.body, batch_id)



def _read(body: bytes, batch_id: str) -> Outcome:
    """What the script said of the batch."""
    try:
        said = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        said = None
    if not isinstance(said, dict):
        return Outcome(Result.REJECTED, "the Apps Script did not answer as the one in "
                       "docs/receivers does: is it deployed as a web app that anyone can use?")
    if said.get("ok") is True and said.get("batch_id") == batch_id:
        return Outcome(Result.DELIVERED, f"{said.get('stored', 0)} new row(s) in the sheet")
    words = str(said.get("error") or "it did not name this batch")
    if said.get("retry") is True:
        return Outcome(Result.RETRY, f"the Apps Script said to try later: {words}")
    return Outcome(Result.REJECTED, f"the Apps Script refused the batch: {words}")
