"""The `kiosk` command line's commands: their options and help (:mod:`.options`), which
function runs each (:mod:`.run`), and what the deck's and the messages' commands do
(:mod:`.deck`, :mod:`.messages`). Importing this package loads nothing else: what a
command needs (Qt, the deck's loader, the store) is imported inside the command."""
