"""Compile the kiosk's word catalogs (kiosk/locale/*/LC_MESSAGES/kiosk.po) to .mo files into
the wheel, so an installed kiosk reads them as gettext does, without compiling them itself."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = Path(self.root) / "kiosk" / "locale"
        out = Path(tempfile.mkdtemp(prefix="kiosk-catalogs-"))
        for po in locale.glob("*/LC_MESSAGES/*.po"):
            compiled = io.BytesIO()
            with po.open("rb") as handle:
                write_mo(compiled, read_po(handle))
            mo = out / po.relative_to(locale).with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            mo.write_bytes(compiled.getvalue())
            target = f"kiosk/locale/{mo.relative_to(out).as_posix()}"
            build_data["force_include"][str(mo)] = target
