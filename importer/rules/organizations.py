"""Organizations: abbreviations, names, localities, kinds and levels, the directory matcher."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from core.text import fold, nfc
from importer.rules.text import is_capitalized_word
from importer.rules.types import KnownOrganization

# Abbreviations the press uses for organizations, longest first when applied.
ABBREVIATIONS = {
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "MTTQ": "Mặt trận Tổ quốc",
    "HKHVN": "Hội Khuyến học Việt Nam",
    "HKH": "Hội Khuyến học",
    "Hội KH": "Hội Khuyến học",
    "BCHQS": "Bộ Chỉ huy Quân sự",
    "BCH QS": "Bộ Chỉ huy Quân sự",
    "Ban CHQS": "Ban Chỉ huy Quân sự",
    "CHQS": "Chỉ huy Quân sự",
    "BCH BĐBP": "Bộ Chỉ huy Bộ đội Biên phòng",
    "BĐBP": "Bộ đội Biên phòng",
    "LĐLĐ": "Liên đoàn Lao động",
    "Hội LHPN": "Hội Liên hiệp Phụ nữ",
    "HLHPN": "Hội Liên hiệp Phụ nữ",
    "LHPN": "Liên hiệp Phụ nữ",
    "Hội PN": "Hội Phụ nữ",
    "ĐTN": "Đoàn Thanh niên",
    "Đoàn TN": "Đoàn Thanh niên",
    "TNCS": "Thanh niên Cộng sản",
    "HND": "Hội Nông dân",
    "Hội ND": "Hội Nông dân",
    "HCCB": "Hội Cựu chiến binh",
    "Hội CCB": "Hội Cựu chiến binh",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "Sở GD&ĐT": "Sở Giáo dục và Đào tạo",
    "Phòng GD&ĐT": "Phòng Giáo dục và Đào tạo",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GD-ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "THPT": "Trung học phổ thông",
    "THCS": "Trung học cơ sở",
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
}
_ABBREVIATION_RE = re.compile(
    r"(?<![\w&])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&])"
)

# What an organization's name starts with. Compared with diacritics: folding would make "Đồn" (a border
# post) out of "đơn vị" (a unit).
ORG_HEADS = tuple(
    s.lower() + " "
    for s in [
        "Hội",
        "Ủy ban",
        "Uỷ ban",
        "UBND",
        "Ban",
        "Sở",
        "Phòng",
        "Bộ",
        "Công an",
        "Đoàn",
        "Thành đoàn",
        "Tỉnh đoàn",
        "Huyện đoàn",
        "Quận đoàn",
        "Thị đoàn",
        "Liên đoàn",
        "Liên hiệp",
        "Mặt trận",
        "Trường",
        "Trung tâm",
        "Bộ Chỉ huy",
        "Ban Chỉ huy",
        "Bộ đội",
        "Đồn",
        "Công ty",
        "Tổng công ty",
        "Ngân hàng",
        "Tập đoàn",
        "Báo",
        "Đài",
        "Viện",
        "Học viện",
        "Đại học",
        "Hợp tác xã",
        "Quỹ",
        "Cục",
        "Chi cục",
        "Tòa án",
        "Viện kiểm sát",
        "Hội đồng",
        "Bưu điện",
        "Câu lạc bộ",
        "Văn phòng",
        "Liên minh",
        "Bộ Tư lệnh",
        "Hải đoàn",
        "Lữ đoàn",
        "Sư đoàn",
        "Trung đoàn",
        "Trung ương",
        "Chi nhánh",
        "Chi đoàn",
        "Đảng ủy",
        "Đảng bộ",
        "Bệnh viện",
        "Thư viện",
        "Nhà xuất bản",
        "Tổng Liên đoàn",
        "Chi hội",
    ]
) + tuple(a.lower() + " " for a in ABBREVIATIONS if a not in {"TP", "TP.", "Tp.", "TW", "TƯ", "THPT", "THCS"})
# Single-word organizations that need no locality to be one ("Thành đoàn", "Công an").
ORG_WHOLE = {fold(s) for s in ["Thành đoàn", "Tỉnh đoàn", "Công an", "Huyện đoàn", "Quận đoàn", "Thị đoàn"]}
# Names whose first word is already the level: "Quận đoàn Lê Chân", not "Quận đoàn quận Lê Chân".
LEVEL_IN_NAME = {fold(s) for s in ["Thành đoàn", "Tỉnh đoàn", "Huyện đoàn", "Quận đoàn", "Thị đoàn"]}

# Organization types that are incomplete without a locality; a locality written after the last of
# a list ("Hội Khuyến học, Công an và Bộ Chỉ huy Quân sự thành phố") belongs to each of them.
BARE_TYPES = {
    fold(s)
    for s in [
        "Hội Khuyến học", "Công an", "Bộ Chỉ huy Quân sự", "Ban Chỉ huy Quân sự", "Bộ Chỉ huy Bộ đội Biên phòng",
        "Bộ đội Biên phòng", "Ủy ban Mặt trận Tổ quốc", "Ủy ban MTTQ", "Mặt trận Tổ quốc", "Liên đoàn Lao động",
        "Hội Liên hiệp Phụ nữ", "Hội Phụ nữ", "Đoàn Thanh niên", "Đoàn thanh niên Cộng sản Hồ Chí Minh",
        "Hội Nông dân", "Hội Cựu chiến binh", "Sở Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo",
        "Ủy ban nhân dân", "Hội Cựu giáo chức", "Hội Người cao tuổi", "Hội Chữ thập đỏ", "Thành đoàn", "Tỉnh đoàn",
        "Huyện đoàn", "Quận đoàn", "Thị đoàn", "Bưu điện", "Đài Phát thanh và Truyền hình", "Báo",
    ]
}  # fmt: skip

# Names that contain "và" or a comma and must not be split as a list.
COMPOUND_NAMES = [
    "Giáo dục và Đào tạo", "Lao động - Thương binh và Xã hội", "Lao động, Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hoá, Thể thao và Du lịch", "Tài nguyên và Môi trường",
    "Khoa học và Công nghệ", "Thông tin và Truyền thông", "Kế hoạch và Đầu tư", "Phát thanh và Truyền hình",
    "Nông nghiệp và Phát triển nông thôn", "Giao thông vận tải", "Xây dựng và Phát triển", "Nội vụ và Lao động",
    "GD&ĐT", "LĐTB&XH", "Phát thanh - Truyền hình",
]  # fmt: skip
_COMPOUND_RE = re.compile("|".join(re.escape(c) for c in sorted(COMPOUND_NAMES, key=len, reverse=True)), re.I)

LEVEL_WORDS = r"(?:tỉnh|thành\s+phố|TP\.?|Tp\.?|huyện|quận|thị\s+xã|thị\s+trấn|xã|phường)"
_LEVEL_RE = re.compile(rf"(?<!\w)(?P<level>{LEVEL_WORDS})(?!\w)", re.I)


def _capitalized_run(text: str, pos: int, limit: int = 3) -> str:
    """The capitalized words right after ``pos`` ("Hà Nam" in "tỉnh Hà Nam tổ chức")."""
    words = []
    for word in text[pos : pos + 40 * limit].split()[:limit]:
        bare = word.rstrip(',.;:)”"')
        if not is_capitalized_word(bare):
            break
        words.append(bare)
        if bare != word:
            break
    return " ".join(words)


_LEVEL_CANONICAL = {
    "tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "tp.": "thành phố", "huyen": "huyện",
    "quan": "quận", "thi xa": "thị xã", "thi tran": "thị trấn", "xa": "xã", "phuong": "phường",
}  # fmt: skip


def canonical_level(word: str) -> str:
    folded = fold(word)
    return _LEVEL_CANONICAL.get(folded, _LEVEL_CANONICAL.get(folded.rstrip("."), word))


@dataclass(frozen=True)
class Locality:
    """Where an article happens: the proper name written after each level ("huyện" → "Kim Bảng") and
    the main place, that of the leading party ("huyện", "Kim Bảng")."""

    names: tuple[tuple[str, str], ...] = ()
    main: tuple[str, str] | None = None

    def name_of(self, level_word: str) -> str | None:
        return dict(self.names).get(canonical_level(level_word))

    @property
    def place(self) -> tuple[str, str] | None:
        """The main place, else the first one the article names."""
        return self.main or (self.names[0] if self.names else None)

    def with_main(self, name: str) -> Locality:
        found = trailing_locality(name)
        if self.main or not found:
            return self
        words = found[1].split()
        for i in range(len(words)):
            level = canonical_level(" ".join(words[: i + 1]))
            if level in _LEVEL_CANONICAL.values() and words[i + 1 :]:
                return Locality(self.names, (level, " ".join(words[i + 1 :])))
        return self


def find_locality(texts: list[str]) -> Locality:
    """The places an article names: the first "tỉnh X", "huyện Y", "xã Z"... of each level."""
    names: dict[str, str] = {}
    for text in texts:
        for match in _LEVEL_RE.finditer(text):
            level = canonical_level(match["level"])
            name = _capitalized_run(text, match.end())
            if name and level not in names:
                names[level] = name
    headline_place = _HEADLINE_PLACE.match(texts[0]) if texts else None
    if headline_place and "tỉnh" not in names and not looks_like_organization(headline_place["place"]):
        # "Cao Bằng: Hội Khuyến học tỉnh và ...": the headline's place is the province a bare "tỉnh" means.
        names["tỉnh"] = headline_place["place"]
    return Locality(tuple(names.items()))


_HEADLINE_PLACE = re.compile(r"^(?P<place>(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w-]*\s?){1,4}):\s")


def trailing_locality(name: str) -> tuple[int, str] | None:
    """Where a locality closing a name starts, and the locality: "... thành phố", "... của tỉnh Hà Nam",
    "... cấp tỉnh"."""
    for match in reversed(list(_LEVEL_RE.finditer(name))):
        rest = name[match.end() :].split()
        if len(rest) <= 3 and all(is_capitalized_word(w) for w in rest):
            start = match.start()
            prefix = re.search(r"(?:của\s+)?(?:cấp\s+)?$", name[:start])
            loc_start = start - len(re.sub(r"^của\s+", "", prefix[0])) if prefix else start
            cut = start - len(prefix[0]) if prefix else start
            if cut == 0:
                return None
            return cut, name[loc_start:].strip()
    return None


BARE_LEVEL_AT_END = re.compile(rf"\s(?P<level>{LEVEL_WORDS})$")

KIND_RULES = [
    ("khuyen_hoc", ["hoi khuyen hoc", "chi hoi khuyen hoc", "quy khuyen hoc"]),
    ("bien_phong", ["bien phong"]),
    ("quan_su", ["quan su", "bo tu lenh", "su doan", "lu doan", "trung doan"]),
    ("cong_an", ["cong an"]),
    ("doan_thanh_nien", ["doan thanh nien", "thanh doan", "tinh doan", "huyen doan", "quan doan", "thi doan"]),
    ("hoi_phu_nu", ["phu nu"]),
    ("hoi_nong_dan", ["hoi nong dan"]),
    ("lien_doan_lao_dong", ["lien doan lao dong", "cong doan"]),
    ("mat_tran", ["mat tran to quoc"]),
    ("giao_duc", ["giao duc va dao tao"]),
    ("truong_hoc", ["truong ", "dai hoc", "hoc vien"]),
    ("doanh_nghiep", ["cong ty", "ngan hang", "tap doan", "tong cong ty", "hop tac xa"]),
]
# Read on the written name (not folded): "quận" is a district, "quân sự" is military.
LEVEL_RULES = [
    ("trung_uong", re.compile(r"\b(?:Trung ương|Việt Nam)$|\bTrung ương\b", re.I)),
    ("xa", re.compile(r"(?<!\w)(?:xã|phường|thị trấn)\s+[A-ZĐÂĂÊÔƠƯ]")),
    ("huyen", re.compile(r"(?<!\w)(?:huyện|quận|thị xã)(?!\w)|^(?:Huyện|Quận|Thị) đoàn", re.I)),
]


def expand_abbreviations(name: str, extra: dict[str, str] | None = None) -> str:
    text = _ABBREVIATION_RE.sub(lambda m: ABBREVIATIONS[m[1]], name)
    for short, full in (extra or {}).items():
        text = re.sub(rf"(?<![\w&]){re.escape(short)}(?![\w&])", full, text)
    return text


def org_key(name: str, extra: dict[str, str] | None = None) -> str:
    """Comparison key of an organization name: abbreviations expanded, no diacritics, no punctuation."""
    if extra:
        return _org_key(expand_abbreviations(nfc(name), extra))
    return _org_key(nfc(name))


_ABBREVIATION_HINT = re.compile(r"[A-ZĐƯ]{2}|Tp\.")
_NOT_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=65536)
def _org_key(name: str) -> str:
    text = expand_abbreviations(name) if _ABBREVIATION_HINT.search(name) else name
    if "(" in text:
        text = re.sub(r"\([^)]*\)", " ", text)
    text = fold(text.replace("&", " và "))
    return " ".join(_NOT_WORD.sub(" ", text).split())


def guess_kind(name: str) -> str:
    key = f" {org_key(name)} "
    for kind, needles in KIND_RULES:
        if any(n in key for n in needles):
            return kind
    return "khac"


def guess_level(name: str) -> str:
    name = expand_abbreviations(name)
    for level, regex in LEVEL_RULES:
        if regex.search(name):
            return level
    return "co_so" if fold(name).startswith(("truong ", "cong ty ")) else "tinh"


def looks_like_organization(chunk: str, known_keys: dict[str, int] | None = None) -> bool:
    """An organization's name begins with a capital and a word such as Hội, Sở, Công an, Bộ Chỉ huy;
    "các tổ chức chính trị - xã hội" or "7 cơ quan" are groups, not parties."""
    folded = fold(chunk)
    if not folded or not chunk[0].isupper() or folded.startswith(("cac ", "nhung ", "mot so ", "nhieu ")):
        return False
    if known_keys and org_key(chunk) in known_keys:
        return True
    if folded in ORG_WHOLE:
        return True
    return (chunk.lower() + " ").startswith(ORG_HEADS) and len(chunk.split()) >= 2


class OrganizationMatcher:
    """Matches names as the press writes them against the directory, diacritics-insensitively, by full
    name, short name, abbreviation and aliases; a bare "tỉnh"/"thành phố" is completed from the article."""

    def __init__(self, known: list[KnownOrganization] | tuple[KnownOrganization, ...] = ()):
        self.by_key: dict[str, int] = {}
        for org in known:
            for name in org.names:
                key = org_key(name)
                if key:
                    self.by_key.setdefault(key, org.pk)

    def candidates(self, name: str, locality: Locality | None, extra: dict[str, str]) -> list[str]:
        """Keys to look up: the name as written, and with a bare "tỉnh"/"huyện" or a bare type ("Công an")
        completed from the article's places."""
        keys = [org_key(name, extra)]
        if locality:
            bare = BARE_LEVEL_AT_END.search(name)
            place = locality.name_of(bare["level"]) if bare else None
            if bare and place:
                keys.append(org_key(f"{name} {place}", extra))
                keys.append(org_key(f"{name[: bare.start()]} {place}", extra))
            elif locality.place and not trailing_locality(name) and fold(name) in BARE_TYPES | ORG_WHOLE:
                level_word, place = locality.place
                keys.append(org_key(f"{name} {level_word} {place}", extra))
                keys.append(org_key(f"{name} {place}", extra))
        return list(dict.fromkeys([*keys, *(k.replace(" cap tinh", " tinh").replace(" cua ", " ") for k in keys)]))

    def match(self, name: str, locality: Locality | None = None, extra: dict[str, str] | None = None) -> int | None:
        for key in self.candidates(name, locality, extra or {}):
            if key in self.by_key:
                return self.by_key[key]
        return None


def suggested_organization_name(name: str, locality: Locality | None = None) -> str:
    """A full name for a new organization: abbreviations spelled out, a bare "tỉnh"/"huyện" or a bare type
    completed from the article's places ("Ủy ban MTTQ tỉnh" → "Ủy ban Mặt trận Tổ quốc tỉnh Thanh Hóa")."""
    full = expand_abbreviations(name).strip()
    if locality:
        bare = BARE_LEVEL_AT_END.search(full)
        place = locality.name_of(bare["level"]) if bare else None
        if bare and place:
            full = f"{full[: bare.start()]} {canonical_level(bare['level'])} {place}"
        elif locality.place and fold(full) in LEVEL_IN_NAME:
            full = f"{full} {locality.place[1]}"
        elif locality.place and fold(full) in BARE_TYPES | ORG_WHOLE and not trailing_locality(full):
            full = f"{full} {locality.place[0]} {locality.place[1]}"
    return full[:1].upper() + full[1:]


def _protect_compounds(text: str) -> tuple[str, dict[str, str]]:
    saved: dict[str, str] = {}

    def keep(match):
        token = f"\x00{len(saved)}\x00"
        saved[token] = match[0]
        return token

    return _COMPOUND_RE.sub(keep, text), saved


def _restore(text: str, saved: dict[str, str]) -> str:
    for token, original in saved.items():
        text = text.replace(token, original)
    return text


INLINE_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[A-ZĐ][A-ZĐ&\-]{1,9})\)")


def split_organization_list(text: str) -> list[str]:
    """ "A, B, C và D" -> [A, B, C, D], keeping "Sở Giáo dục và Đào tạo" whole."""
    protected, saved = _protect_compounds(text)
    protected = _COMPLEMENT_ABBREVIATION.sub(_abbreviation_in_name, protected)
    protected = re.sub(r"\s*\([^)]*\)", "", protected)
    parts = re.split(r"\s*[,;]\s*|\s+(?:và|cùng với|cùng|với|phối\s+hợp(?=\s+[A-ZĐ]))\s+", protected)
    chunks = [trim_organization(_restore(p, saved)) for p in parts if p and p.strip(" .:-–")]
    return [c for c in chunks if c]


# "Liên minh (HTX)": a bracketed abbreviation after a bare head completes the name instead of repeating it.
_COMPLEMENT_ABBREVIATION = re.compile(
    r"(?P<head>(?:^|(?<=[,;]\s))[^\s,;()]+(?:\s[^\s,;()]+)?)\s*\((?P<abbr>[A-ZĐ]{2,6})\)"
)


def _abbreviation_in_name(match: re.Match) -> str:
    head, abbr = match["head"], match["abbr"]
    initials = "".join(w[0] for w in head.split()).upper()
    return match[0] if initials == abbr else f"{head} {abbr}"


# Where a name runs on into the sentence: "Hội Khuyến học tỉnh lần lượt ký", "Công an tỉnh X đã thống nhất".
_RUN_ON = re.compile(
    r"\s+(?:đã|sẽ|vừa|đều|lần\s+lượt|cùng\s+nhau|đồng\s+loạt|chính\s+thức|thống\s+nhất|tiến\s+hành|"
    r"tổ\s+chức|ký|là|được|có|nhằm|để|về|trong|tại|theo|thực\s+hiện|triển\s+khai|phát\s+động)\b.*$",
    re.I | re.S,
)
# "Trung ương Hội Khuyến học Việt Nam", "TW Hội": the association itself, named by its central office.
CENTRAL_OFFICE = re.compile(r"^(?:Trung\s+ương|TW|TƯ)\s+(?=Hội\s)", re.I)


def trim_organization(chunk: str) -> str:
    """A party's name without the words that follow it in the sentence."""
    chunk = _RUN_ON.sub("", chunk.strip(" .:-–"))
    levels = [m for m in _LEVEL_RE.finditer(chunk) if m.start() > 0]
    if levels:
        # After "tỉnh" and the place's capitalized words the name is over: "tỉnh lần lượt", "tỉnh X đã".
        head, rest = chunk[: levels[-1].end()], chunk[levels[-1].end() :].split()
        place = list(itertools.takewhile(is_capitalized_word, rest))
        if len(place) < len(rest):
            chunk = " ".join([head, *place])
    return chunk.strip(" .:-–")


def distribute_locality(chunks: list[str]) -> list[str]:
    """ "Hội Khuyến học, Công an và Bộ Chỉ huy Quân sự thành phố": "thành phố" belongs to all three;
    "Hội Khuyến học và Tỉnh đoàn Gia Lai": Gia Lai's. A list where another item carries its own place
    ("Liên đoàn Lao động tỉnh, Sở Giáo dục và Đào tạo, ... tỉnh") shares nothing."""
    if len(chunks) < 2:
        return chunks
    if any(trailing_locality(c) or BARE_LEVEL_AT_END.search(c) for c in chunks[:-1]):
        return chunks
    found = trailing_locality(chunks[-1])
    if not found:
        return _distribute_level_in_name(chunks)
    cut, locality = found
    last_core = chunks[-1][:cut].strip()
    out = []
    place = _capitalized_run(locality, len(locality.split()[0]), limit=3) if locality.split() else ""
    for chunk in chunks[:-1]:
        if fold(chunk) in LEVEL_IN_NAME and place:
            out.append(f"{chunk} {place}")
        elif fold(chunk) in BARE_TYPES and not trailing_locality(chunk):
            out.append(f"{chunk} {locality}")
        else:
            out.append(chunk)
    out.append(f"{last_core} {locality}")
    return out


_LEVEL_OF_UNION = {"tinh doan": "tỉnh", "thanh doan": "thành phố", "huyen doan": "huyện", "quan doan": "quận"}


def _distribute_level_in_name(chunks: list[str]) -> list[str]:
    words = chunks[-1].split()
    level = _LEVEL_OF_UNION.get(fold(" ".join(words[:2])))
    place = " ".join(words[2:])
    if not level or not place or not all(is_capitalized_word(w) for w in words[2:]):
        return chunks
    out = [f"{c} {level} {place}" if fold(c) in BARE_TYPES and not trailing_locality(c) else c for c in chunks[:-1]]
    return [*out, chunks[-1]]
