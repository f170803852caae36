"""The programme proposal: parties, title, signatories from the signing sentences."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from core.text import fold
from importer.rules.classification import DOC_WORDS, signing_match, signing_matches
from importer.rules.commitments import find_commitments
from importer.rules.dates import find_event_date
from importer.rules.organizations import (
    BARE_LEVEL_AT_END,
    CENTRAL_OFFICE,
    INLINE_ABBREVIATION,
    ORG_WHOLE,
    Locality,
    OrganizationMatcher,
    distribute_locality,
    expand_abbreviations,
    find_locality,
    guess_kind,
    guess_level,
    looks_like_organization,
    org_key,
    split_organization_list,
    suggested_organization_name,
    trailing_locality,
)
from importer.rules.paragraphs import split_sentences
from importer.rules.people import PERSON_SEPARATOR, find_venue, people_with_positions, position_organization
from importer.rules.periods import find_period
from importer.rules.text import is_capitalized_word
from importer.rules.types import Found, KnownOrganization, PartyProposal, ProgrammeProposal, SignatoryProposal

_LEADING_ADVERBIALS = re.compile(
    r"^(?:\([^)]{1,40}\)\s*[-–—]\s*)?(?:[A-ZĐ][^:,.]{1,30}:\s+)?"
    r"(?:(?:(?:Sáng|Chiều|Trưa|Tối|Ngày|Hôm)(?:\s+nay)?\s*\(?\s*(?:ngày\s+)?\d{1,2}\s*[/\-.]\s*\d{1,2}"
    r"(?:\s*[/\-.]\s*\d{4})?\)?|(?:Sáng|Chiều|Trưa|Tối|Hôm)\s+nay|Vừa\s+qua|Mới\s+đây|Theo\s+đó|Hôm\s+qua|"
    r"Trong\s+(?:ngày|sáng|chiều)\s+\d{1,2}\s*[/\-.]\s*\d{1,2}|Tại\s+(?:hội\s+nghị|buổi\s+lễ)[^,]*)\s*,\s*)*"
    r"(?:tại\s+[^,]+,\s*)?",
    re.I,
)
_SUBJECT_END = re.compile(
    r"\s+(?:đã\s+|vừa\s+|chính\s+thức\s+|long\s+trọng\s+|cùng\s+nhau\s+|đồng\s+loạt\s+)*"
    r"(?:tổ\s+chức|ký|phối\s+hợp\s+tổ\s+chức)\b",
    re.I,
)
_LEAD_SPLIT = re.compile(r"\s+(?:phối\s+hợp\s+với|phối\s+hợp\s+cùng|cùng\s+với|với|phối\s+hợp(?=\s+[A-ZĐ]))\s+")
_TITLE_HEAD = re.compile(rf"(?P<head>{DOC_WORDS})\s+(?P<kind>phối\s+hợp|hợp\s+tác|liên\s+tịch)?", re.I)
_TITLE_STOP = re.compile(
    r"\s*(?:,?\s*(?:giai\s+đoạn|nhiệm\s+kỳ|thời\s+kỳ|năm\s+(?:19|20)\d\d|từ\s+năm)\b|,\s*thời\s+gian\b|"
    r"\s+(?:với|giữa)\s+|[.;:]|\s+(?:nhằm|để|tại)\s+|,\s*(?:thời\s+hạn|hiệu\s+lực)\b|$)",
    re.I,
)
# Where the programme's subject starts after its partners: "... với BCHQS tỉnh về công tác khuyến học".
_OBJECT_AFTER_PARTNERS = re.compile(r"\s(?=(?:về|trong|nhằm)\s)|(?=[\"“«])", re.I)


# Bounds that no real programme reaches and that keep a pathological paste (the same phrase repeated
# for pages) linear: a signing names a handful of parties in one or two phrases per sentence.
MAX_SIGNING_PHRASES = 6
MAX_PARTIES = 40
MAX_SENTENCE = 3000  # characters; a "sentence" longer than a page is a paste without full stops


@dataclass
class _SigningParse:
    subject: list[str]
    partners: list[str]
    explicit_lead: bool
    title: str


def parse_signing_sentence(sentence: str, match: re.Match, start: int = 0, stop: int | None = None) -> _SigningParse:
    """The parties and title one signing phrase names; ``start``/``stop`` bound it when the sentence
    holds several (the phrase before it and the one after it name their own)."""
    body = _LEADING_ADVERBIALS.sub("", sentence[start : match.start()]).strip()
    end = _SUBJECT_END.search(body)
    subject_text = body[: end.start()] if end else body
    subject_text = re.sub(r"\s+(?:đã|vừa|cùng)$", "", subject_text.strip())
    explicit_lead = False
    partners: list[str] = []
    lead_split = _LEAD_SPLIT.search(subject_text)
    if lead_split:
        explicit_lead = True
        partners = split_organization_list(subject_text[lead_split.end() :])
        subject = split_organization_list(subject_text[: lead_split.start()])
    else:
        subject = split_organization_list(subject_text)
    tail = sentence[match.end() : stop]
    # Partners after the programme: "... với 7 cơ quan, đơn vị: A, B, C" or "giữa A và B".
    colon = re.search(r":\s*(?P<list>[^.;]+)", tail)
    between = re.search(r"\b(?:giữa|với)\s+(?P<list>[^.;:]+)", tail)
    if colon and re.search(r"\b(?:với|giữa|gồm|là)\b[^:]*$", tail[: colon.start()]):
        partners += split_organization_list(colon["list"])
        explicit_lead = explicit_lead or bool(subject)
    elif between:
        found = split_organization_list(_cut_at_title_stop(between["list"]))
        partners += found
        explicit_lead = explicit_lead or bool(subject)
    return _SigningParse(
        subject=subject, partners=partners, explicit_lead=explicit_lead, title=_title_from(match, tail)
    )


def _cut_at_title_stop(text: str) -> str:
    stop = re.search(
        r"\s*(?:,?\s*giai\s+đoạn|,?\s*nhiệm\s+kỳ|,\s*thời\s+gian|\bnhằm\b|\bvề\b|\bđể\b|\btại\b|\btrong\b|[\"“«])",
        text,
        re.I,
    )
    return text[: stop.start()] if stop else text


# "giai đoạn 2023 - 2026, định hướng đến năm 2030" closing a programme's name is part of it.
_PERIOD_PHRASE = re.compile(
    r"\s*,?\s*(?:giai\s+đoạn|thời\s+kỳ)\s+(?:từ\s+(?:năm\s+)?)?(?P<start>(?:19|20)\d\d)(?P<sep>\s*(?:[-–—]|đến(?:\s+năm)?)\s*|\s+)"
    r"(?P<end>(?:19|20)\d\d)(?:\s*,\s*(?:và\s+)?(?:định\s+hướng|tầm\s+nhìn)\s+(?:đến\s+)?(?:năm\s+)?(?:19|20)\d\d)?",
    re.I,
)
_WRITTEN_DOC = re.compile(rf"(?P<doc>{DOC_WORDS})(?:\s+(?P<kind>phối\s+hợp|hợp\s+tác|liên\s+tịch))?\b\s*", re.I)
_QUOTED_NAME = re.compile(r"(?:về\s+việc\s+|về\s+)?[\"“«](?P<q>[^\"”»]{3,250})[\"”»]", re.I)
_QUOTED_PROGRAMME = re.compile(
    rf"{DOC_WORDS}(?:\s+(?:phối\s+hợp|hợp\s+tác|liên\s+tịch))?\s+(?:về\s+việc\s+)?[\"“«](?P<q>[^\"”»]{{8,250}})[\"”»]",
    re.I,
)
# "... và phát động tuần lễ ...": another act of the same event, not the programme's subject.
_OTHER_ACT = re.compile(r"(?:^|\s+)và\s+(?:phát\s+động|tổ\s+chức|trao|ra\s+mắt|khai\s+trương|tuyên\s+dương)\b", re.I)


def _title_from(match: re.Match, tail: str) -> str:
    """The programme's own name as the signing phrase writes it ("Chương trình phối hợp về … giai đoạn
    2023 - 2026"), its quoted proper name, or "" when the text names no programme ("ký kết phối hợp hoạt
    động"). Partners listed inside the name are left out, except a "giữa A và B" that is all of it."""
    groups = match.groupdict()
    doc = groups.get("doc") or groups.get("doc2") or groups.get("doc3")
    kind = groups.get("kind") or ""
    rest = tail.lstrip()
    if not doc:
        written = _WRITTEN_DOC.match(rest)
        if not written:
            return ""
        doc, kind, rest = written["doc"], written["kind"] or "", rest[written.end() :]
    if not kind:
        written_kind = re.match(r"(?P<kind>phối\s+hợp|hợp\s+tác|liên\s+tịch)\b\s*", rest, re.I)
        if written_kind:
            kind, rest = written_kind["kind"], rest[written_kind.end() :]
    words = re.sub(r"\s+", " ", f"{doc} {kind}".strip())
    quoted = _QUOTED_NAME.match(rest)
    if quoted:
        return quoted["q"].strip()[:300]
    parts: list[str] = []
    rest = " " + rest  # a partner list right after the kind ("phối hợp với A về ...") is a stop too
    for _ in range(3):
        stop = _TITLE_STOP.search(rest)
        other = _OTHER_ACT.search(rest)
        end = min(stop.start() if stop else len(rest), other.start() if other else len(rest))
        parts.append(rest[:end])
        rest = rest[end:]
        partners = re.match(r"\s*(?:với|giữa)\s", rest, re.I)
        if not partners or (other and other.start() == end):
            break
        following = _OBJECT_AFTER_PARTNERS.search(rest)
        if following:
            rest = rest[following.end() :].lstrip()
            quoted = _QUOTED_NAME.match(rest)
            if quoted:
                return quoted["q"].strip()[:300]
            continue
        between = re.match(r"\s*giữa\s+[^.;:]+?(?=\s*,?\s*(?:giai\s+đoạn|thời\s+kỳ)\b)", rest, re.I)
        if between:
            parts.append(between[0])
            rest = rest[between.end() :]
        break
    obj = " ".join(p.strip(" ,;:-–") for p in parts if p.strip(" ,;:-–"))
    period = _PERIOD_PHRASE.match(rest)
    if not obj and not period:
        return ""
    written_period = period[0].strip() if period else ""
    if period and period["sep"].isspace():
        # "giai đoạn 2024\n2027": the copy lost the dash; the title gets it back.
        written_period = written_period.replace(f"{period['start']}{period['sep']}", f"{period['start']}–")
    title = " ".join(x for x in [words, obj, written_period] if x)
    title = re.sub(r"\s+", " ", title).replace(" ,", ",")
    return (title[:1].upper() + title[1:])[:300]


def proposed_title(title: str, parties: list[PartyProposal], period: tuple[int, int | None] | None) -> str:
    """What staff would call the programme: the text's own name, else "Chương trình phối hợp giữa A và B
    giai đoạn 2024–2030" from its parties and period."""
    if title:
        return title
    names = [p.suggested_name or p.name for p in sorted(parties, key=lambda p: p.role != "chu_tri")]
    built = "Chương trình phối hợp"
    if names:
        built += " giữa " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1])
    if period:
        built += f" giai đoạn {period[0]}–{period[1]}" if period[1] else f" từ năm {period[0]}"
    return built[:300]


def propose_programme(
    *,
    title: str,
    reporting: list[str],
    paragraphs: list[str],
    captions: list[str],
    reference: datetime.date | None,
    known: list[KnownOrganization] | tuple[KnownOrganization, ...] = (),
) -> ProgrammeProposal:
    """The programme a signing article describes; ``reporting`` are the sentences that report the signing."""
    matcher = OrganizationMatcher(known)
    reporting = [s[:MAX_SENTENCE] for s in reporting]
    main = next((s for s in reporting if s != title), reporting[0])
    sentences = [s[:MAX_SENTENCE] for p in paragraphs for s in split_sentences(p)]
    reporting_all = [s for s in sentences if signing_match(s)] or reporting
    locality = find_locality([title, *paragraphs])

    # The period written after the signing phrase first: "tổng kết giai đoạn 2020-2024 và ký kết ... giai
    # đoạn 2025-2029" is about the new programme.
    period_source, period = "", None
    for sentence in [main, *reporting_all, title, *sentences]:
        match = signing_match(sentence)
        period = (find_period(sentence[match.start() :]) if match else None) or find_period(sentence)
        if period:
            period_source = sentence
            break
    signing_day = find_event_date(main, reference=reference)
    if signing_day is None and main == title and paragraphs:
        # Only the headline reports the signing: the day is the one the lead opens with.
        signing_day = find_event_date(split_sentences(paragraphs[0])[0], reference=reference)
    venue_source = next((s for s in [main, *reporting_all, *sentences[:3]] if find_venue(s)), "")

    signing_sentences = list(dict.fromkeys([main, *reporting_all, *([title] if title in reporting else [])]))
    parties, programme_title, locality = _parties_and_title(signing_sentences, title, matcher, locality, sentences)
    signatories = _signatories(sentences + captions, parties, locality)
    quoted = next((m["q"] for s in sentences for m in _QUOTED_PROGRAMME.finditer(s)), "")
    if quoted and (not programme_title or fold(quoted) in fold(programme_title)):
        programme_title = quoted.strip()  # the programme's proper name, quoted elsewhere in the text
    start, end = period or (None, None)
    return ProgrammeProposal(
        title=Found(programme_title, main),
        period_start_year=Found(start, period_source),
        period_end_year=Found(end, period_source),
        signing_date=Found(signing_day, main if signing_day else ""),
        venue=Found(find_venue(venue_source), venue_source),
        parties=parties,
        signatories=signatories,
        commitments=find_commitments(paragraphs),
        proposed_title=proposed_title(programme_title, parties, period),
    )


def _parties_and_title(
    sentences: list[str], title: str, matcher: OrganizationMatcher, locality: Locality, everything: list[str]
) -> tuple[list[PartyProposal], str, Locality]:
    """The parties named by the sentences that report the signing, in order and without repeats, and
    the programme's title as the first of those sentences gives it."""
    inline_abbreviations: dict[str, str] = {}
    mentions: list[tuple[str, str, bool]] = []  # (name, source sentence, is the lead)
    programme_title = ""
    for sentence in sentences:
        # "Tại buổi Lễ ký kết Chương trình ..., A, B ký kết phối hợp với ...": each signing phrase of
        # the sentence may name parties; the first names the programme.
        matches = signing_matches(sentence, limit=MAX_SIGNING_PHRASES)
        for k, match in enumerate(matches):
            inline_abbreviations |= _inline_abbreviations(sentence[: match.start()])
            start = matches[k - 1].end() if k else 0
            end = matches[k + 1].start() if k + 1 < len(matches) else None
            parsed = parse_signing_sentence(sentence, match, start, end)
            if not programme_title and sentence != title:
                programme_title = parsed.title
            subject = distribute_locality([c for c in parsed.subject if looks_like_organization(c, matcher.by_key)])
            partners = distribute_locality([c for c in parsed.partners if looks_like_organization(c, matcher.by_key)])
            mentions += [(name, sentence, parsed.explicit_lead and i == 0) for i, name in enumerate(subject)]
            mentions += [(name, sentence, False) for name in partners]
    if not programme_title:
        match = signing_match(title)
        programme_title = parse_signing_sentence(title, match).title if match else ""
    mentions = mentions[:MAX_PARTIES]
    for written, _source, _lead in mentions:
        locality = locality.with_main(written)

    parties: list[PartyProposal] = []
    seen: dict[str, PartyProposal] = {}
    for written, source, is_lead in mentions:
        name = re.sub(r"\s+", " ", written).strip()
        central = CENTRAL_OFFICE.match(name)
        if central and any(_names_without_central_office(name[central.end() :], s) for s in everything):
            name = name[central.end() :]  # one body, not two: the text also names it without "Trung ương"
        expanded = expand_abbreviations(name, inline_abbreviations)
        pk = matcher.match(name, locality, inline_abbreviations)
        key = f"pk:{pk}" if pk else org_key(suggested_organization_name(expanded, locality))
        same = seen.get(key)
        if same is None and (not pk or source == title):
            # A headline shortens names ("Kiến Thụy: Hội Khuyến học và Huyện đoàn ký kết"): a short
            # mention there is the party the body names in full, even if alone it would match a
            # known organization (the host association, say).
            same = _party_named_more_fully(name, parties)
        if same:
            same.role = "chu_tri" if is_lead else same.role
            continue
        suggested = suggested_organization_name(expanded, locality)
        if source == title and (expanded != name or BARE_LEVEL_AT_END.search(name)):
            name = suggested  # a headline's "HKH tỉnh" named nowhere else: the name staff would write
        seen[key] = PartyProposal(
            name=name,
            source=source,
            role="chu_tri" if is_lead else "phoi_hop",
            organization_pk=pk,
            suggested_name=suggested_organization_name(expanded, locality),
            kind=guess_kind(expanded),
            level=guess_level(suggested_organization_name(expanded, locality)),
        )
        parties.append(seen[key])
    if parties and not any(p.role == "chu_tri" for p in parties):
        # Nobody is written as leading: on a study-promotion portal the association leads.
        lead = next((p for p in parties if p.kind == "khuyen_hoc"), parties[0])
        lead.role = "chu_tri"
    return parties, programme_title, locality


def _names_without_central_office(name: str, sentence: str) -> bool:
    return any(
        not re.search(r"(?:Trung\s+ương|TW|TƯ)\s+$", sentence[: m.start()], re.I)
        for m in re.finditer(re.escape(name), sentence)
    )


def _party_named_more_fully(name: str, parties: list[PartyProposal]) -> PartyProposal | None:
    """ "Quận đoàn" or "Hội Khuyến học huyện" once "Quận đoàn Lê Chân" or "Hội Khuyến học huyện Kim Bảng" is
    a party: the short mention, naming no place of its own, is the same party."""
    found = trailing_locality(name)
    if found and any(is_capitalized_word(w) for w in found[1].split()[1:]):
        return None
    bare = BARE_LEVEL_AT_END.search(name)
    core = org_key(expand_abbreviations(name[: bare.start()] if bare else name)).split()
    if len(core) < 2 and " ".join(core) not in ORG_WHOLE:
        return None
    for party in parties:
        words = org_key(expand_abbreviations(party.name)).split()
        if any(words[i : i + len(core)] == core for i in range(len(words) - len(core) + 1)):
            return party
    return None


def _inline_abbreviations(text: str) -> dict[str, str]:
    """ "Hội khuyến học (HKH) tỉnh Thanh Hóa": later "HKH" means that association."""
    found = {}
    for abbr in INLINE_ABBREVIATION.finditer(text):
        head = re.search(r"((?:Hội|Ủy ban|Liên đoàn|Bộ Chỉ huy|Đoàn)[^,;()]*?)$", text[: abbr.start()])
        if head:
            found[abbr["abbr"]] = head[1]
    return found


# A sentence that ties people to the act of signing ("... ký kết chương trình: ông A, Chủ tịch ...;
# bà B, Giám đốc ...", "Thay mặt hai đơn vị, ông A ... và Đại tá B ... đã ký"); people who only attend,
# chair or speak are not signatories.
SIGNING_WORD = re.compile(rf"\bký\s+(?:kết\b|{DOC_WORDS})", re.I)


def _signatories(sentences: list[str], parties: list[PartyProposal], locality: Locality) -> list[SignatoryProposal]:
    """As many signatories as the signing sentences name, each with a position in one of the parties."""
    signatories: list[SignatoryProposal] = []
    for sentence in sentences:
        if not SIGNING_WORD.search(sentence):
            continue
        for segment in PERSON_SEPARATOR.split(sentence):
            for name, positions in people_with_positions(segment):
                for position in positions:
                    party = _party_of_position(position, parties, locality)
                    if party and not any(fold(s.name) == fold(name) for s in signatories):
                        signatories.append(SignatoryProposal(name, position, party.name, sentence))
                        break
    return signatories


def _party_of_position(position: str, parties: list[PartyProposal], locality: Locality) -> PartyProposal | None:
    organization = position_organization(position)
    if not organization:
        return None
    for party in parties:
        if re.search(rf"{re.escape(party.name)}\s*\({re.escape(organization)}\)", party.source):
            return party  # "Phó Tổng Giám đốc VNPT" of "Tập đoàn … Việt Nam (VNPT)"
    org_words = org_key(suggested_organization_name(expand_abbreviations(organization), locality)).split()
    best, best_score = None, 0
    for party in parties:
        party_words = org_key(party.suggested_name or party.name).split()
        if org_words == party_words:
            return party
        inside = [party_words[i : i + len(org_words)] for i in range(1, len(party_words) - len(org_words) + 1)]
        if len(org_words) >= 3 and org_words in inside:
            return party  # "Chỉ huy trưởng Bộ đội Biên phòng tỉnh" of "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"
        common = 0
        for a, b in zip(org_words, party_words, strict=False):
            if a != b:
                break
            common += 1
        if common >= 2 and common >= min(len(org_words), len(party_words)) - 1 and common > best_score:
            best, best_score = party, common
    return best
