"""The schedule kind: when a slide or chapter shows, or the booth's opening hours, read with
the words of kiosk.schedule, each problem at its own place in the file. No Qt here."""

from __future__ import annotations

from typing import Any

from kiosk.content.kinds import INVALID, Context, Kind
from kiosk.content.yamlpos import Path_
from kiosk.schedule.rules import DAYS, Opening, Rule
from kiosk.schedule.words import parse_opening, parse_rule

#: What a passed 'until' means, by what the rule belongs to.
_PASSED = {"slide": "this slide's 'until' date has passed: it no longer shows",
           "chapter": "this chapter's 'until' date has passed: its slides no longer show",
           "opening": "this 'until' date has passed: these opening hours no longer apply"}
_RULE_KEYS = ("days", "from", "to", "since", "until", "closed")


class Schedule(Kind):
    """When a slide or chapter shows (``show:``, a Rule), or the booth's opening hours
    (``opening_hours:``, an Opening); always (``{}``) is None. ``owner``: slide, chapter or
    opening. Each problem stands at its own place in the file; an 'until' already past is
    warned about."""

    def __init__(self, owner: str) -> None:
        self.owner = owner

    def check(self, value: Any, path: Path_, ctx: Context) -> Any:
        name = str(path[-1]) if path else ""
        found = (parse_opening(value, name) if self.owner == "opening"
                 else parse_rule(value, name))
        if isinstance(found, list):
            for problem in found:
                place = (*path, *problem.path)
                unknown_key = bool(problem.path) and problem.path[-1] not in _RULE_KEYS
                ctx.problems.error(ctx.located.key_at(place) if unknown_key else ctx.at(place),
                                   str(problem))
            return INVALID
        if ctx.today is not None:
            for where, rule in self._rules(found, value, path):
                if rule.until is not None and rule.until < ctx.today:
                    ctx.problems.warning(ctx.at((*where, "until")), _PASSED[self.owner])
        return None if found in (Rule(), Opening()) else found

    @staticmethod
    def _rules(found: Rule | Opening, value: Any, path: Path_) -> list[tuple[Path_, Rule]]:
        """Each rule with its path in the file (an opening's items of closed dates alone
        are no rule)."""
        if isinstance(found, Rule):
            return [(path, found)]
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        places = [path if i is None else (*path, i) for i, item in items
                  if set(item) - {"closed"}]
        return list(zip(places, found.rules, strict=False))

    def schema(self) -> dict[str, Any]:
        day = {"type": "string", "pattern": "^[A-Za-z]{3,10}\\.?$",  # (Mondays, tues… too)
               "examples": [name[:3] for name in DAYS]}
        clock = {"type": "string", "pattern": "^\\d{1,2}:\\d\\d$"}
        when = {"type": "string", "format": "date"}
        properties: dict[str, Any] = {
            "days": {"anyOf": [day, {"type": "array", "items": day, "minItems": 1}],
                     "description": "the days it starts on, like [sat, sun]; if absent, "
                                    "every day"},
            "from": {**clock, "description": "when it starts, like \"09:00\"; if absent, "
                                             "midnight"},
            "to": {**clock, "description": "when it ends, like \"13:00\" (before 'from': the "
                                           "next day); if absent, midnight at the end"},
            "since": {**when, "description": "the first day it applies"},
            "until": {**when, "description": "the last day it applies"},
        }
        if self.owner != "opening":
            return {"type": "object", "properties": properties, "additionalProperties": False}
        properties["closed"] = {"anyOf": [when, {"type": "array", "items": when}],
                                "description": "days the booth stays closed, like "
                                               "[2026-12-25]"}
        one = {"type": "object", "properties": properties, "additionalProperties": False}
        return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
