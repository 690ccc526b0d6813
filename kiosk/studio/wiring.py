"""The studio's window wired to what it does: each button, menu entry, list and field of
:class:`~kiosk.studio.window.StudioWindow` connected to the studio, or to the part of it
(photos, slides, saving, decks, the stick, the booths) that does what the control says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut

if TYPE_CHECKING:
    from kiosk.studio.controller import Studio
    from kiosk.studio.window import StudioWindow


def wire(studio: Studio, window: StudioWindow) -> None:
    """Each control to what it does."""
    photos, saving, decks = studio.photos, studio.saving, studio.decks
    window.recover_button.clicked.connect(saving.recover)
    window.play_button.clicked.connect(studio.playing.play_from_here)
    window.slides.currentRowChanged.connect(studio.on_slide_chosen)
    window.fields.changed.connect(studio.on_field_changed)
    window.fields.image_requested.connect(photos.on_image_requested)
    window.fields.image_dropped.connect(photos.use_image)
    window.deck.changed.connect(studio.on_deck_changed)
    registries = studio.registries
    for name, table in (("sources", window.deck.sources),
                        ("chapters", window.deck.chapters)):
        table.edited.connect(lambda row, key, value, n=name: registries.edit_entry(
            n, row, key, value))
        table.add_requested.connect(lambda n=name: registries.add_entry(n))
        table.remove_requested.connect(lambda row, n=name: registries.remove_entry(n, row))
    window.slides.files_dropped.connect(studio.videos.add_files)
    ops = studio.slide_ops
    window.slides.model().rowsMoved.connect(ops.dragged)
    window.orientations.idClicked.connect(lambda _id: studio.recheck())
    for kind, action in window.add_actions.items():
        action.triggered.connect(lambda _=False, k=kind: ops.add_slide(k))
    window.up_button.clicked.connect(lambda: ops.move(-1))
    window.down_button.clicked.connect(lambda: ops.move(1))
    window.duplicate_button.clicked.connect(ops.duplicate)
    window.delete_button.clicked.connect(ops.delete)
    window.save_button.clicked.connect(lambda: saving.on_save())
    window.save_as_button.clicked.connect(lambda: saving.ask_save_as())
    window.import_button.clicked.connect(studio.pages.ask)
    window.stick_button.clicked.connect(studio.to_stick.ask_copy_to_stick)
    window.new_action.triggered.connect(lambda: decks.ask_deck_folder(create=True))
    window.open_action.triggered.connect(lambda: decks.ask_deck_folder(create=False))
    window.save_action.triggered.connect(lambda: saving.on_save())
    window.save_as_action.triggered.connect(lambda: saving.ask_save_as())
    window.stick_action.triggered.connect(studio.to_stick.ask_copy_to_stick)
    window.make_fleet_action.triggered.connect(studio.to_booths.ask_make_fleet)
    window.publish_action.triggered.connect(studio.to_booths.ask_publish)
    window.booths_action.triggered.connect(studio.to_booths.show_booths)
    window.quit_action.triggered.connect(window.close)
    window.close_check = saving.may_close
    _wire_undo(studio, window)
    window.preview.clicked_at.connect(photos.set_focus)
    window.fields.add_source_requested.connect(ops.add_source)


def _wire_undo(studio: Studio, window: StudioWindow) -> None:
    """The undo and redo buttons and keys, each enabled while it has a step to take."""
    window.undo_button.clicked.connect(studio.undo)
    window.redo_button.clicked.connect(studio.redo)
    studio.undo_stack.canUndoChanged.connect(window.undo_button.setEnabled)
    studio.undo_stack.canRedoChanged.connect(window.redo_button.setEnabled)
    window.undo_button.setEnabled(False)
    window.redo_button.setEnabled(False)
    for keys, slot in ((QKeySequence.StandardKey.Undo, studio.undo),
                       (QKeySequence.StandardKey.Redo, studio.redo)):
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.activated.connect(slot)
