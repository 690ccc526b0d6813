"""Power-cut honesty: a process killed at random moments never loses a message it confirmed."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.analytics.store import DB_FILE as ANALYTICS_FILE
from kiosk.messages.export import export
from kiosk.messages.store import DB_FILE, MessageStore, clean_text
from tests.decks import ROOT

CHILD = """
import sys
from kiosk.messages.store import MessageStore
store = MessageStore(sys.argv[1])
payload = " ".join(["words of hope"] * 20)
n = 0
while True:
    message_id = store.add({"message": f"n{n} {payload}", "name": "kill test"})
    print(message_id, flush=True)
    n += 1
"""
PAYLOAD = " ".join(["words of hope"] * 20)
KILLS = 200


@pytest.mark.slow
def test_killed_at_random_moments_loses_nothing_it_confirmed(tmp_path: Path) -> None:
    rng = random.Random(2026)
    confirmed: list[str] = []
    root = ROOT
    env = {**os.environ, "PYTHONPATH": str(root)}
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path)],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None
        first = child.stdout.readline()  # it is writing now: kill it somewhere in what follows
        time.sleep(rng.uniform(0.0, 0.03))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        lines = (first + out).decode().split("\n")
        confirmed += [line for line in lines[:-1] if line]  # only whole lines were confirmed
    assert len(confirmed) >= KILLS  # every child confirmed at least one before its kill
    db = sqlite3.connect(tmp_path / DB_FILE)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    stored = {m.id: m for m in MessageStore(tmp_path).messages()}
    missing = [i for i in confirmed if i not in stored]
    assert not missing, f"{len(missing)} confirmed messages lost"
    for message in stored.values():  # nothing half-written
        number, text = message.fields["message"].split(" ", 1)
        assert number.startswith("n") and text == PAYLOAD and message.fields["name"] == "kill test"


@settings(max_examples=150, deadline=None)
@given(text=st.text(min_size=1, max_size=400))
def test_any_unicode_round_trips_through_store_and_json(tmp_path_factory, text: str) -> None:
    expected = clean_text(text)
    if not expected.strip():
        return  # whitespace-only messages are refused, by design
    folder = tmp_path_factory.mktemp("rt")
    store = MessageStore(folder)
    message_id = store.add({"message": text, "name": text[:60]})
    reopened = MessageStore(folder)
    saved = reopened.get(message_id)
    assert saved is not None and saved.fields["message"] == expected
    out = folder / "export.json"
    export(reopened.iter_messages(), out, "json")
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported[0]["fields"]["message"].encode("utf-8") == expected.encode("utf-8")
    store.close()
    reopened.close()


THANKED = """
import os, sys
from pathlib import Path
from kiosk.analytics import recorder as recorder_module
from kiosk.analytics.recorder import Recorder
from kiosk.analytics.visits import VisitTracker
from kiosk.platform.clock import ManualClock
from kiosk.visit.session import Mode, Session, rules_from
from kiosk.messages.store import MessageStore

recorder_module.LINGER_S = 600.0  # nothing written for lingering's sake
folder = Path(sys.argv[1])
store, recorder = MessageStore(folder), Recorder(folder)
recorder.started()
clock = ManualClock(1000.0)
session = Session(clock=clock, rules=rules_from())
written = []
tracker = VisitTracker(lambda v: written.append(recorder.visit(v)), clock=clock)
session.subscribe(tracker.on_session)
tracker.slide_shown("welcome")
session.interact()
clock.now += 20
session.enter(Mode.FORM)
message_id = store.add({"message": "words of hope"})
tracker.form_sent()  # what the kiosk does as the thank-you appears
assert written and written[0].wait(5)  # the recorder's writer, not a clean shutdown
print(message_id, flush=True)
os._exit(0)  # the power goes during the thank-you: no close, no thanks_done
"""


def test_a_visit_thanked_just_before_a_power_cut_is_kept_with_its_message(tmp_path: Path
                                                                          ) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", THANKED, str(tmp_path)], env=env,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    message_id = done.stdout.decode().strip()
    assert MessageStore(tmp_path).get(message_id) is not None
    with sqlite3.connect(tmp_path / ANALYTICS_FILE) as db:
        visits = db.execute("SELECT form, ended_by, duration_s FROM visits").fetchall()
    assert visits == [("sent", "thank_you", 20.0)]
