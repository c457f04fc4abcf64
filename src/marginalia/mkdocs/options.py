"""Config options that refuse what would otherwise fail later with a traceback.

MkDocs reports a failed option as one line that names it (``Config value 'plugins': Plugin
'marginalia' option 'tags': Sub-option 'related_limit': ...``), so a bad value never reaches
the code that would trip over it: a number in a mapping of labels, a negative limit, a path
that leaves the built site.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class TextByName(c.BaseConfigOption[dict]):
    """A mapping of names to non-empty texts, such as ``{critique: Critiques}``."""

    def __init__(self, default: dict[str, str] | None = None, *, example: str) -> None:
        super().__init__()
        self.default = dict(default or {})
        self.example = example

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return dict(self.default)
        if not isinstance(value, dict):
            raise ValidationError(f"expected a mapping such as {{{self.example}}}, not {value!r}")
        for key, text in value.items():
            if not isinstance(key, str) or not isinstance(text, str) or not text.strip():
                raise ValidationError(
                    f"'{key}: {text}' must map a name to a text, as in {{{self.example}}}"
                )
        return dict(value)


class Number(c.Type):
    """A number within bounds: ``minimum`` (inclusive), ``above`` (exclusive), ``maximum``."""

    def __init__(
        self,
        type_: type | tuple[type, ...],
        *,
        default: Any,
        minimum: float | None = None,
        above: float | None = None,
        maximum: float | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(type_, default=default)
        self.minimum, self.above, self.maximum, self.hint = minimum, above, maximum, hint

    def run_validation(self, value: object) -> Any:
        if isinstance(value, bool):  # YAML's true is an int to Python, not to a reader
            raise ValidationError(f"expected a number, not {value!r}")
        number = super().run_validation(value)
        hint = f" ({self.hint})" if self.hint else ""
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(f"must be {self.minimum} or more, not {number}{hint}")
        if self.above is not None and number <= self.above:
            raise ValidationError(f"must be more than {self.above}, not {number}{hint}")
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(f"must be {self.maximum} or less, not {number}{hint}")
        return number


class SitePath(c.Type):
    """A relative path inside the built site (or ``docs/``): never absolute, never ``..``.

    ``file=True`` also refuses a path that names a folder (``assets/``).
    """

    def __init__(self, *, file: bool, example: str, default: str | None = None) -> None:
        super().__init__(str, default=default)
        self.file, self.example = file, example

    def run_validation(self, value: object) -> str:
        path = super().run_validation(value)
        text = path.replace("\\", "/")
        fix = f"give a path inside the site, such as '{self.example}'"
        if not text.strip("/ "):
            raise ValidationError(f"'{path}' is empty; {fix}")
        if posixpath.isabs(text) or os.path.isabs(path) or (len(text) > 1 and text[1] == ":"):
            raise ValidationError(f"'{path}' is an absolute path; {fix}")
        if ".." in text.split("/"):
            raise ValidationError(f"'{path}' leaves the site folder through '..'; {fix}")
        if self.file and text.endswith("/"):
            raise ValidationError(f"'{path}' is a folder, not a file; {fix}")
        return path


def cores() -> int:
    """CPU cores this process may use (fewer than the machine's under a CPU affinity mask)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity masks
        return os.cpu_count() or 1
