"""Live edits: the kiosk notices a change to any file of its deck (form.yaml alone, a picture
changed in place) and treats an edited deck as it would at a restart: an edit that is no
worse than what plays is taken, one with more errors is refused, and staff read why."""

from __future__ import annotations

from pathlib import Path

from kiosk.staff.notice import panel_words
from tests.decks import line_of, png_bytes, write_deck
from tests.gui.test_content_hostile_gui import FORM, live_kiosk
from tests.gui.test_player import BLUE, RED, grab, near
from tests.gui.test_staff import quick_hash
from tests.gui.test_usb_decks import GOOD as TEAM
from tests.gui.test_usb_decks import booth, click, head, pick_deck, playing

__all__ = ["booth", "quick_hash"]  # fixtures, used here too

GOOD = """\
- {type: title, id: hello, heading: Hello there}
- {type: text, id: why, heading: Why we are here, body: Clean water for every village.}
"""
NO_SOURCE = "- {{type: stat, id: {id}, figure: '9', label: a figure with no source}}\n"


def test_an_edit_to_form_yaml_alone_is_taken(kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", GOOD)
    form = folder / "form.yaml"
    form.write_text(FORM.format(title="First"), encoding="utf-8")
    player, control, runner, first = live_kiosk(qtbot, folder)
    assert first.form.title == {"en": "First"}
    with qtbot.waitSignal(control.applied, timeout=5000,
                          check_params_cb=lambda deck: deck.form.title == {"en": "Second"}):
        form.write_text(FORM.format(title="Second"), encoding="utf-8")  # in place
    assert player.deck.form.title == {"en": "Second"}
    runner.wait(2000)
    player.wait_for_workers()


def test_a_picture_changed_in_place_is_shown(kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", "- {type: image, id: photo, image: photo.png}\n",
                        images={"photo.png": RED})
    player, control, runner, _first = live_kiosk(qtbot, folder)
    player.set_autoplay(False)
    qtbot.waitUntil(lambda: player.index == 0 and near(grab(player).pixel(160, 90), RED))
    with qtbot.waitSignal(control.applied, timeout=5000):
        (folder / "photo.png").write_bytes(png_bytes(64, 36, BLUE))  # the same file, anew
    qtbot.waitUntil(lambda: near(grab(player).pixel(160, 90), BLUE), timeout=5000)
    runner.wait(2000)
    player.wait_for_workers()


def test_a_deck_that_started_with_errors_takes_edits_no_worse_than_what_plays(
        kiosk_app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_deck(tmp_path / "deck", GOOD + NO_SOURCE.format(id="bad"))
    deck_file = folder / "deck.yaml"
    player, control, runner, first = live_kiosk(qtbot, folder)
    assert [s.id for s in first.slides] == ["hello", "why"]  # its good slides play at once

    edited = deck_file.read_text().replace("Hello there", "Hello again")
    with qtbot.waitSignal(control.applied, timeout=5000) as applied:
        deck_file.write_text(edited)  # one error still, as before: no worse
    assert player.deck is applied.args[0]
    assert player.deck.slides[0].fields["heading"] == {"en": "Hello again"}

    with qtbot.waitSignal(control.refused, timeout=5000):
        deck_file.write_text(edited + "  " + NO_SOURCE.format(id="worse"))  # a second error
    assert player.deck is applied.args[0]  # the slides playing keep playing
    news = control.summary[0]
    assert news.kept_last_good
    words = panel_words(news, "en")
    assert words.attention == ("The slides as edited have 2 errors, more than the 1 of those "
                               "playing: those keep playing.")
    line = line_of(folder, "id: worse")
    assert f"deck.yaml:{line}: stat slide without 'source'" in " ".join(words.problems)

    with qtbot.waitSignal(control.applied, timeout=5000) as fixed:
        write_deck(folder, GOOD)  # every error fixed
    assert [s.id for s in fixed.args[0].slides] == ["hello", "why"]
    assert panel_words(control.summary[0], "en").attention == ""
    runner.wait(2000)
    player.wait_for_workers()



def test_going_back_to_slides_with_errors_plays_them_as_a_restart_would(
        booth, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    own = write_deck(tmp_path / "config" / "content",
                     TEAM + "- {type: title, id: who, heading: Someone, chapter: nowhere}\n",
                     head=head("Our booth"), images={"images/team.png": (40, 90, 60)})
    write_deck(tmp_path / "stick" / "easter", TEAM, head=head("Easter appeal"),
               images={"images/team.png": (90, 40, 60)})
    kiosk = booth(own, lambda: own)
    panel = kiosk.window.staff
    pick_deck(kiosk, qtbot)
    click(panel.picker.use_button)
    qtbot.waitUntil(lambda: playing(kiosk) == "Easter appeal", timeout=5000)
    click(panel.back_button)
    click(panel.confirm.yes)  # back to the booth's own slides, one of them in error
    qtbot.waitUntil(lambda: playing(kiosk) == "Our booth", timeout=5000)
    assert [s.id for s in kiosk.player.deck.slides] == ["hello", "photo"]
