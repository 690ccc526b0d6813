"""Kinds that only a deck has: a colour, an icon by name, an address shown as a QR code,
the id of a source or chapter the deck declares, and a pair of numbers such as a focal point.
No Qt here."""

from __future__ import annotations

from typing import Any

from kiosk.content.kinds import INVALID, Context, Kind, Str, Url, _type_name, did_you_mean
from kiosk.content.yamlpos import Path_


class Color(Str):
    def __init__(self) -> None:
        super().__init__(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?", "a colour like #1a2b3c")


class Icon(Str):
    """An icon from the kiosk's icon fonts by name (the studio offers a picker). A name that
    cannot be one is a warning, not an error: the kiosk shows a plain circle instead."""

    def __init__(self) -> None:
        super().__init__(r"[a-z0-9]+\.[a-z0-9-]+", "an icon name such as mdi6.book-open-variant")

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        if isinstance(value, str) and value.strip() and not (
                self.pattern and self.pattern.fullmatch(value.strip())):
            ctx.problems.warning(ctx.at(path), f"'{value.strip()}' is not {self.hint}: a "
                                 "plain circle is shown (Kiosk Studio has a picker)")
            return value.strip()
        return super().check(value, path, ctx)


def _fits_in_a_qr_code(url: str) -> bool:
    import segno
    from segno import DataOverflowError

    try:
        segno.make(url, error="m", micro=False)
    except DataOverflowError:
        return False
    return True


class QrUrl(Url):
    """An address shown as a QR code: it must fit in one (and stay easy to scan)."""

    #: Longer than this, the code gets too dense to scan across a booth.
    EASY_LENGTH = 300
    #: The most bytes the largest QR code holds at the kiosk's error correction (version 40,
    #: level M, byte mode): any address up to this fits, and segno is not loaded to say so
    #: (it is not needed on the way to the first slide).
    SURELY_FITS = 2331

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        url = super().check(value, path, ctx)
        if url is INVALID:
            return url
        if len(url.encode("utf-8")) > self.SURELY_FITS and not _fits_in_a_qr_code(url):
            return ctx.error(path, f"the address is {len(url)} characters long: too long for "
                                   "a QR code; use a short address (a link shortener, or the "
                                   "organisation's own short page)")
        if len(url) > self.EASY_LENGTH:
            ctx.problems.warning(ctx.at(path), f"the address is {len(url)} characters long: "
                                               "its QR code is dense and hard to scan; a "
                                               "shorter one is better")
        return url


class Ref(Kind):
    """The id of a source or chapter declared elsewhere in the deck; ``many`` allows a list."""

    def __init__(self, registry: str, many: bool = False) -> None:
        self.registry, self.many = registry, many

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        known = ctx.sources if self.registry == "source" else ctx.chapters
        items = value if self.many and isinstance(value, list) else [value]
        result = []
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            if not isinstance(item, str):
                return ctx.error(where, f"expected a {self.registry} id, found {_type_name(item)}")
            if item not in known:
                return ctx.error(
                    where, f"unknown {self.registry} '{item}'{did_you_mean(item, sorted(known))}"
                )
            result.append(item)
        return tuple(result) if self.many else result[0]

    def schema(self) -> dict[str, Any]:
        one = {"type": "string"}
        return {"anyOf": [one, {"type": "array", "items": one}]} if self.many else one


class Pair(Kind):
    """Two numbers from 0 to 1, such as a focal point [x, y]."""

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
                      for v in value))
        if not ok:
            return ctx.error(path, "expected two numbers from 0 to 1, like [0.5, 0.3]")
        return (float(value[0]), float(value[1]))

    def schema(self) -> dict[str, Any]:
        item = {"type": "number", "minimum": 0, "maximum": 1}
        return {"type": "array", "items": item, "minItems": 2, "maxItems": 2}
