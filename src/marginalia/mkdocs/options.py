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
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import ConfigurationError


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


class EverySubOption(c.SubConfig):
    """A section of the plugin's settings that reports every setting that fails, each on
    its own line as MkDocs words it; MkDocs' own ``SubConfig`` stops at the first.

    ``more_faults`` adds the checks that need more than one option's type: they run once
    every option has its type.
    """

    def __init__(self, config_class: type[Config]) -> None:
        super().__init__(config_class)
        self.config_class = config_class
        self._key = ""

    def pre_validation(self, config: Config, key_name: str) -> None:
        super().pre_validation(config, key_name)
        self._key = key_name

    def more_faults(self, config: Any) -> list[tuple[str, str]]:
        return []

    def run_validation(self, value: object) -> Any:
        config = self.config_class(config_file_path=self._config_file_path)
        try:
            config.load_dict(value)  # type: ignore[arg-type]
            failed, warnings = validate_every_option(config)
        except ConfigurationError as error:
            raise ValidationError(str(error)) from None
        self.warnings.extend(f"Sub-option '{key}': {message}" for key, message in warnings)
        faults = [(key, str(error)) for key, error in failed] or self.more_faults(config)
        if faults:
            lines = [f"Sub-option '{key}': {message}" for key, message in faults]
            # MkDocs prefixes the first line with the plugin and the section; the others too.
            raise ValidationError(f"\nPlugin 'marginalia' option '{self._key}': ".join(lines))
        return config


def validate_every_option(config: Config) -> tuple[list, list]:
    """``config.validate()``, but every option is checked: MkDocs' ``Config._validate``
    stops at the first that fails, so a contributor would fix the settings one by one."""
    failed, warnings = config._pre_validate()
    for key, option in config._schema:
        try:
            config[key] = option.validate(config.get(key))
            warnings.extend((key, warning) for warning in option.warnings)
            option.reset_warnings()
        except ValidationError as error:
            failed.append((key, error))
    for key in set(config.keys()) - config._schema_keys:
        warnings.append((key, f"Unrecognised configuration name: {key}"))
    if not failed:
        more_failed, more_warnings = config._post_validate()
        failed += more_failed
        warnings += more_warnings
    return failed, warnings
