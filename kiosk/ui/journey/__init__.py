"""The visitor's journey on screen: the controls, the chapter menu, the language chooser,
the invitation and the idle countdown (what ties them together is :mod:`kiosk.ui.visit`)."""
