"""The staff screens' words (the PIN pad, the first steps, the staff panel), in the kiosk's
language: English in the code, every other language in a gettext catalog of its own
(``kiosk/locale/<language>/LC_MESSAGES/staff.po``), read as the visitors' words are
(:mod:`kiosk.visit.words`). The kiosk's language is its deck's first language.

Messages from elsewhere (a deck's problems as ``kiosk validate`` writes them, a server's
answer) stay as they are.
"""

from __future__ import annotations

import gettext
import logging

from kiosk.visit import words

log = logging.getLogger(__name__)

DOMAIN = "staff"

#: Each word's key, and its English (singular and plural where it counts something).
MESSAGES: dict[str, str | tuple[str, str]] = {
    # the PIN pad
    "staff": "Staff",
    "cancel": "Cancel",
    "checking": "Checking…",
    "enter_pin": "Enter the staff PIN.",
    "wrong_pin": "Wrong PIN.",
    "tries_left": ("Wrong PIN. {n} more try before a pause.",
                   "Wrong PIN. {n} more tries before a pause."),
    "locked_out": "Too many wrong PINs. Try again in {n} s.",
    "no_count": "This disk cannot keep count of wrong PINs. Try again in {n} s.",
    "check_failed": "The PIN could not be checked just now. Try again.",
    # the first steps (no PIN yet)
    "choose_pin": "Choose a staff PIN",
    "no_pin_yet": "No staff PIN is set yet. Choose one: 4 to 12 digits, then ✓.",
    "pin_shape": "A PIN is 4 to 12 digits. Choose one again.",
    "pin_again": "Type the same PIN again, then ✓.",
    "pins_differ": "The two PINs were not the same. Choose one again.",
    "pin_not_kept": "The PIN could not be kept: {error}",
    "choose_or_load": "Choose a staff PIN, or load the set-up from a stick.",
    "slides_in": "The new slides are in. Now choose a staff PIN.",
    "load_setup": "Load the booth's set-up from a USB stick",
    "close_kiosk": "Close the kiosk",
    # the pad's keys drawn as a sign, named for a screen reader
    "delete_digit": "Delete",
    "ok": "OK",
    # the panel's head
    "header": "Kiosk {kiosk}  ·  slides version {version}",
    "header_no_slides": "Kiosk {kiosk}",
    "lock": "Lock",
    "restart": "Restart",
    "exit_kiosk": "Exit kiosk",
    # messages
    "messages": "Messages",
    "left_here": "left here",
    "waiting": "waiting to sync",
    "synced": "synced",
    "refused": "refused",
    "no_target": "No sync target is set: messages wait for an export.",
    "sync_now": "Sync now",
    "send_refused": "Send refused messages again",
    "syncing": "Syncing…",
    "no_target_yaml": "No sync target is set in kiosk.yaml.",
    "after_restart": "The set-up from the stick says where messages go: they start going "
                     "out after a Restart.",
    "delivered": "Delivered {n} now; {waiting} waiting.",
    "not_resent": "Could not send them again: {error}",
    "store_failed": "Messages cannot be saved right now: {reason}. The kiosk tries again "
                    "every few seconds.",
    "disk_problem": "Settings cannot be saved: {problem}.",
    # export
    "export": "Export",
    "all": "All",
    "not_exported": "Not yet exported",
    "mark": "Mark them as exported",
    "save_report": "Save event report",
    "kiosk_folder": "Kiosk folder",
    "exporting": "Exporting…",
    "saving_report": "Saving the event report…",
    "no_store": "The message store could not be opened.",
    "saved": ("Saved {n} message in this file:", "Saved {n} messages in this file:"),
    "damaged": "(the message database is damaged: only what could be read was saved)",
    "export_failed": "The export failed: {error}. Nothing was marked.",
    # clean up
    "clean_up": "Clean up",
    "delete": "Delete…",
    "forget_visits": "Forget visits…",
    "purge_text": ("Delete messages that are synced or exported and older than {n} day. "
                   "Nothing else is deleted.",
                   "Delete messages that are synced or exported and older than {n} days. "
                   "Nothing else is deleted."),
    "ask_purge": ("Delete {n} message that is synced or exported and older than {days} "
                  "days? This cannot be undone.",
                  "Delete {n} messages that are synced or exported and older than {days} "
                  "days? This cannot be undone."),
    "delete_n": "Delete {n}",
    "fewer_days": "Fewer days",
    "more_days": "More days",
    "nothing_to_purge": "No message is both synced or exported and older than {days} days: "
                        "nothing to delete.",
    "purged": ("Deleted {n} message.", "Deleted {n} messages."),
    # the slides
    "slides": "Slides",
    "load_usb": "Load slides from USB",
    "look_again": "Look again",
    "use_slides": "Use these slides",
    "use_slides_and_setup": "Use slides and set-up",
    "use_slides_only": "Use the slides only",
    "previous": "Previous slides",
    "reload": "Reload slides",
    "reloading": "Reloading…",
    "loading": "The slides are loading.",
    "counts": "Slides read: {slides}. Errors: {errors}. Warnings: {warnings}.",
    "kept": "The slides as edited have problems: the last good ones keep playing.",
    "kept_worse": ("The slides as edited have {n} error, more than the {m} of those "
                   "playing: those keep playing.",
                   "The slides as edited have {n} errors, more than the {m} of those "
                   "playing: those keep playing."),
    "settings_attention": "Some settings need attention: their defaults are used.",
    "slides_attention": "Some slides need attention: the others play.",
    "deck_attention": "The deck needs checking: its slides play.",
    "form_plain": "The message form has a problem: visitors get the kiosk's plain form.",
    "form_none": "The message form has a problem: visitors cannot leave a message.",
    "holding": "No slide can play: visitors see a welcome slide.",
    "fleet_refused": "New slides from the office were refused: {why}",
    "more": "… and {n} more: tap the list to see them all.",
    "problems": "Problems",
    "close": "Close",
    # yes or no
    "yes": "Yes",
    "ask_restart": "Restart the kiosk?",
    "ask_exit": "Exit the kiosk to the desktop?",
    "exit": "Exit",
    # today at a glance
    "today": "Today",
    "visits": "visits",
    "median_visit": "median visit",
    "messages_today": "messages",
    "in_the_loop": "in the loop",
    "not_yet": "not yet",
    "no_gaps": "no gaps",
    "gaps": ("{n} gap, {time}", "{n} gaps, {time}"),
    "analytics_off": "Nothing is recorded on this kiosk (analytics is off in kiosk.yaml).",
    "no_visits": "No visits yet.",
    "no_visits_today": "Today: no visits yet.",
    "held": "Held visitors longest: {slides}",
    "held_today": "Today. Held visitors longest: {slides}",
    "seconds": "{n} s",
    "minutes": "{n} min",
    "hours": "{n} h",
}


def shipped_languages() -> list[str]:
    """The languages the staff screens speak besides English."""
    return words.shipped_languages(DOMAIN)


def catalog(language: str) -> gettext.NullTranslations:
    """The language's staff words (a damaged catalog never locks staff out: English then)."""
    return words.catalog(language, DOMAIN)


def text(key: str, language: str, n: float | None = None, digits: bool = False,
         **values: object) -> str:
    """The staff word ``key`` in ``language`` (English where there is no translation);
    ``n`` picks the plural and fills ``{n}``. ``digits``: numbers in the script's own digits
    (a deck that writes ១៩៧៥ gets a panel that counts ៣០ ថ្ងៃ); what is not a number (an
    error, a file's name) stays as it is."""
    message = MESSAGES[key]
    if isinstance(message, tuple):
        count = round(n) if n is not None else 1
        said = catalog(language).ngettext(message[0], message[1], count)
    else:
        said = catalog(language).gettext(message)
    if digits:
        said = words.localize_digits(said, language)  # ('4 to 12 digits' in the words)
    values = {k: number(v, language, digits) if _is_number(v) else v
              for k, v in values.items()}
    shown = number(n, language, digits) if n is not None else None
    try:
        return said.format(n=shown, **values) if (n is not None or values) else said
    except (KeyError, IndexError, ValueError):  # a translation with a stray brace
        return said


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def number(value: object, language: str, digits: bool) -> str:
    """A count as staff read it: thousands grouped ('1,204'), in the script's own digits
    when ``digits``."""
    shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    return words.localize_digits(shown, language) if digits else shown
