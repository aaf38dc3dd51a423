"""Exceptions raised for bad input.

Every error simroi raises because of something the user gave it derives from
:class:`SimroiError`, so callers can catch one class; the command line turns it
into ``Error: ...`` lines and exit status 2.
"""

from __future__ import annotations


class SimroiError(Exception):
    """Bad input to simroi (a scenario, an argument, a model that misbehaves)."""


class ConfigError(SimroiError, ValueError):
    """A scenario file or dict that does not validate.

    Parameters
    ----------
    errors : str or list of str
        One message per problem, each naming the dotted path, the rule and the
        value. All problems of a file are collected before raising.
    source : str, optional
        The file the scenario came from; prefixed to every message.
    """

    def __init__(self, errors: str | list[str], source: str | None = None) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.source = source
        super().__init__(self._text())

    def _text(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(prefix + e for e in self.errors)
