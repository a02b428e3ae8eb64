"""The measure taxonomy: categories with codes, names, definitions and seed keywords.

A taxonomy is a YAML file with a ``categories`` list (see ``taxonomy.yaml`` beside this
module for the default 13 categories).  :meth:`Taxonomy.load` validates it and names
the offending entry and line when something is wrong, so a researcher editing their
own file gets a message they can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Category", "Taxonomy", "TaxonomyError", "DEFAULT_TAXONOMY_PATH"]

DEFAULT_TAXONOMY_PATH = Path(__file__).with_name("taxonomy.yaml")
REQUIRED_FIELDS = ("code", "name_zh", "name_en")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class TaxonomyError(ValueError):
    """A taxonomy file (or its use with training data) is invalid."""


@dataclass(frozen=True)
class Category:
    """One measure category."""

    code: str
    name_zh: str
    name_en: str
    definition: str = ""
    keywords: tuple[str, ...] = ()
    line: int | None = None  # line in the YAML file, for messages


@dataclass(frozen=True)
class Taxonomy:
    """An ordered, validated set of categories."""

    categories: tuple[Category, ...] = field(default_factory=tuple)
    path: str | None = None

    @property
    def codes(self) -> list[str]:
        """Category codes in file order."""
        return [c.code for c in self.categories]

    def get(self, code: str) -> Category:
        """The category with ``code``; KeyError when there is none."""
        for cat in self.categories:
            if cat.code == code:
                return cat
        raise KeyError(code)

    @classmethod
    def load(cls, path: str | Path) -> Taxonomy:
        """Read and validate a taxonomy YAML file; TaxonomyError on any problem."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise TaxonomyError(f"taxonomy file not found: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise TaxonomyError(f"cannot read taxonomy file {path}: {exc}") from None
        return cls.from_text(text, source=str(path))

    @classmethod
    def from_text(cls, text: str, source: str = "<taxonomy>") -> Taxonomy:
        """Parse and validate taxonomy YAML text."""
        try:
            data = yaml.safe_load(text)
            root = yaml.compose(text)
        except yaml.YAMLError as exc:
            raise TaxonomyError(f"{source}: not valid YAML: {exc}") from None
        items, lines = _category_items(data, root, source)
        cats = [
            _parse_category(item, i, line, source)
            for i, (item, line) in enumerate(zip(items, lines, strict=True))
        ]
        _check_duplicates(cats, source)
        return cls(categories=tuple(cats), path=source)

    @classmethod
    def default(cls) -> Taxonomy:
        """The packaged 13-category taxonomy (cached)."""
        return _default_taxonomy()

    def check_labels(self, label_lists: Iterable[Sequence[str]], where: str = "training data") -> None:
        """Refuse unknown labels and categories that have no example at all."""
        known = set(self.codes)
        counts = dict.fromkeys(self.codes, 0)
        for i, labels in enumerate(label_lists):
            for label in labels:
                if label not in known:
                    raise TaxonomyError(f"{where}: example {i + 1} has unknown label {label!r}")
                counts[label] += 1
        empty = [code for code, n in counts.items() if n == 0]
        if empty:
            raise TaxonomyError(
                f"{where}: empty categor{'y' if len(empty) == 1 else 'ies'} with no examples: "
                + ", ".join(empty)
                + " (add labelled sentences or remove the category from the taxonomy)"
            )


@lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return Taxonomy.load(DEFAULT_TAXONOMY_PATH)


def _category_items(data: Any, root: Any, source: str) -> tuple[list[Any], list[int | None]]:
    """The raw category entries and their line numbers."""
    if isinstance(data, dict) and "categories" in data:
        items = data["categories"]
        node = next((v for k, v in root.value if k.value == "categories"), None)
    elif isinstance(data, list):
        items, node = data, root
    else:
        raise TaxonomyError(f"{source}: expected a mapping with a 'categories' list")
    if not isinstance(items, list) or not items:
        raise TaxonomyError(f"{source}: 'categories' must be a non-empty list")
    lines = [n.start_mark.line + 1 for n in node.value] if node is not None else [None] * len(items)
    return items, lines


def _parse_category(item: Any, index: int, line: int | None, source: str) -> Category:
    """Validate one raw entry and build its Category."""
    where = f"{source}: category #{index + 1}" + (f" (line {line})" if line else "")
    if not isinstance(item, dict):
        raise TaxonomyError(f"{where}: expected a mapping with code, name_zh, name_en, definition, keywords")
    if item.get("code"):
        where += f" {item['code']!r}"
    missing = [f for f in REQUIRED_FIELDS if not str(item.get(f) or "").strip()]
    if missing:
        raise TaxonomyError(f"{where}: missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    code = str(item["code"]).strip()
    if not _CODE.match(code):
        raise TaxonomyError(f"{where}: code must be upper-case letters, digits and _ (got {code!r})")
    keywords = item.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str | int) for k in keywords):
        raise TaxonomyError(f"{where}: keywords must be a list of strings")
    keywords = tuple(str(k).strip() for k in keywords if str(k).strip())
    definition = str(item.get("definition") or "").strip()
    if not definition and not keywords:
        raise TaxonomyError(f"{where}: empty category (no definition and no keywords)")
    return Category(
        code=code,
        name_zh=str(item["name_zh"]).strip(),
        name_en=str(item["name_en"]).strip(),
        definition=definition,
        keywords=keywords,
        line=line,
    )


def _check_duplicates(cats: list[Category], source: str) -> None:
    """Refuse two categories with the same code."""
    seen: dict[str, Category] = {}
    for cat in cats:
        if cat.code in seen:
            first = seen[cat.code]
            raise TaxonomyError(
                f"{source}: duplicate code {cat.code!r} at line {cat.line} (first defined at line {first.line})"
            )
        seen[cat.code] = cat
