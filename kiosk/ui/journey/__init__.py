"""The visitor's journey: touch and keys, the controls, the chapter menu, the idle countdown."""
