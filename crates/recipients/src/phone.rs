//! Turning whatever a person typed into a phone cell into one dialable number, or a reason why not.
//!
//! The `phonenumber` crate carries libphonenumber's metadata and is the authority on what is valid.
//! Its validity check is slow (tens of microseconds: it caches regex results behind a mutex and walks
//! every region sharing a calling code), which would make a million-row list take half a minute.
//! So plain North American numbers — by far the most common input — go through a fast path that
//! reads the same metadata with pre-anchored regexes. The fast path only ever *accepts*; anything it
//! is unsure of goes to the full path, and a property test checks both give the same answer.

use phonenumber::country::Id;
use phonenumber::metadata::{Descriptor, DATABASE};
use phonenumber::{Mode, ParseError};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::ImportError;

/// The country used for numbers written without an international prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country(Id);

impl Default for Country {
    fn default() -> Self {
        Country(Id::US)
    }
}

impl Country {
    /// The United States, the default.
    pub const US: Country = Country(Id::US);

    /// Reads a two-letter country code such as `US`, `gb` or `DE`.
    pub fn from_code(code: &str) -> Result<Country, ImportError> {
        let upper = code.trim().to_ascii_uppercase();
        // UK is what people write; the standard code is GB.
        let upper = if upper == "UK" {
            "GB".to_string()
        } else {
            upper
        };
        match Id::from_str(&upper) {
            Ok(id) if DATABASE.by_id(id.as_ref()).is_some() => Ok(Country(id)),
            _ => Err(ImportError::UnknownCountry {
                code: code.trim().to_string(),
            }),
        }
    }

    /// The two-letter code, e.g. `US`.
    pub fn code(&self) -> String {
        let code: &str = self.0.as_ref();
        code.to_string()
    }

    /// How the country reads inside "too short for a … number".
    pub fn adjective(&self) -> String {
        adjective(self.0.as_ref())
    }
}

fn adjective(code: &str) -> String {
    let word = match code {
        "US" => "US",
        "CA" => "Canadian",
        "GB" => "UK",
        "DE" => "German",
        "FR" => "French",
        "ES" => "Spanish",
        "IT" => "Italian",
        "NL" => "Dutch",
        "BE" => "Belgian",
        "CH" => "Swiss",
        "AT" => "Austrian",
        "IE" => "Irish",
        "AU" => "Australian",
        "NZ" => "New Zealand",
        "MX" => "Mexican",
        "BR" => "Brazilian",
        "IN" => "Indian",
        "PL" => "Polish",
        "SE" => "Swedish",
        "NO" => "Norwegian",
        "DK" => "Danish",
        "PT" => "Portuguese",
        "JP" => "Japanese",
        other => other,
    };
    word.to_string()
}

/// A normalized number: the digits after `+`, which never start with 0, so a `u64` holds it exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164(u64);

impl E164 {
    /// Reads `+14155552671`; anything else is `None`.
    pub fn parse(s: &str) -> Option<E164> {
        let digits = s.strip_prefix('+')?;
        if digits.is_empty()
            || digits.len() > 15
            || digits.starts_with('0')
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        digits.parse().ok().map(E164)
    }
}

impl E164 {
    /// `+` and the digits, written without the formatting machinery (this runs once per recipient).
    fn write_digits<'b>(&self, buf: &'b mut [u8; 21]) -> &'b str {
        let mut i = buf.len();
        let mut v = self.0;
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        i -= 1;
        buf[i] = b'+';
        std::str::from_utf8(&buf[i..]).unwrap_or("+")
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 21];
        f.write_str(self.write_digits(&mut buf))
    }
}

impl From<E164> for String {
    fn from(n: E164) -> String {
        let mut buf = [0u8; 21];
        n.write_digits(&mut buf).to_string()
    }
}

/// Why a cell could not be used as a phone number. The UI may branch on the kind; people read the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// Nothing in the phone cell.
    Empty,
    /// Words, symbols or too few digits.
    NotAPhoneNumber,
    /// Fewer digits than any number of that country.
    TooShort,
    /// More digits than any number of that country.
    TooLong,
    /// The right length but no such number exists in that country's plan.
    NotValidForCountry,
    /// Excel turned the number into `1.41555E+10`: digits were thrown away.
    ScientificNotation,
    /// A number with an extension (`x204`), which the dialer cannot reach.
    Extension,
    /// Two numbers in one cell.
    SeveralNumbers,
    /// `+` followed by a calling code that does not exist.
    UnknownCountryCode,
    /// Longer than any phone number could be written (notes, an address, a pasted paragraph).
    TooLongText,
    /// The rest of the row is more call data than Cartesia accepts for one recipient.
    CallDataTooLarge,
}

/// A rejection: its kind and the sentence shown to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub kind: RejectKind,
    pub reason: String,
}

fn reject(kind: RejectKind, country: &str) -> Rejection {
    let reason = match kind {
        RejectKind::Empty => "phone number is empty".to_string(),
        RejectKind::NotAPhoneNumber => "not a phone number".to_string(),
        RejectKind::TooShort => format!("too short for a {country} number"),
        RejectKind::TooLong => format!("too long for a {country} number"),
        RejectKind::NotValidForCountry => format!("not a valid {country} number"),
        RejectKind::ScientificNotation => {
            "digits were lost (Excel scientific notation) — format the \
             column as text in your spreadsheet and export again"
                .to_string()
        }
        RejectKind::Extension => {
            "has an extension, which can't be dialled — keep only the main number".to_string()
        }
        RejectKind::SeveralNumbers => {
            "holds more than one phone number — put one number per row".to_string()
        }
        RejectKind::UnknownCountryCode => {
            "starts with a country code that doesn't exist".to_string()
        }
        RejectKind::TooLongText => "too long to be a phone number".to_string(),
        // Built with its sizes where the row is measured; this is only the fallback.
        RejectKind::CallDataTooLarge => "the call data is larger than Cartesia accepts".to_string(),
    };
    Rejection { kind, reason }
}

/// Normalizes one phone cell: the fast path first, the full libphonenumber path otherwise.
pub fn normalize(raw: &str, country: Country) -> Result<E164, Rejection> {
    if let Some(n) = fast_path(raw, country) {
        return Ok(n);
    }
    full_path(raw, country)
}

/// The longest cell read as a phone number: `+1 (415) 555-2671 ext. 1234` is under 30 characters,
/// so 64 leaves room for any spacing while a notes or address cell is turned away at once.
pub const MAX_PHONE_CHARS: usize = 64;

/// Strips what surrounds a number without changing it: whitespace, Excel's text-marker apostrophe.
fn clean(raw: &str) -> &str {
    let s = raw.trim();
    let s = s.strip_prefix('\'').unwrap_or(s).trim();
    s.strip_prefix("tel:").unwrap_or(s).trim()
}

/// The reference implementation: every decision comes from the `phonenumber` crate's metadata.
pub fn full_path(raw: &str, country: Country) -> Result<E164, Rejection> {
    let default_name = country.adjective();
    let s = clean(raw);
    if s.is_empty() {
        return Err(reject(RejectKind::Empty, &default_name));
    }
    // Checked by bytes first so a megabyte-long cell costs nothing to turn away.
    if s.len() > MAX_PHONE_CHARS && s.chars().count() > MAX_PHONE_CHARS {
        return Err(reject(RejectKind::TooLongText, &default_name));
    }
    if is_scientific(s) {
        return Err(reject(RejectKind::ScientificNotation, &default_name));
    }
    if holds_several_numbers(s) {
        return Err(reject(RejectKind::SeveralNumbers, &default_name));
    }
    if has_extension(s) {
        return Err(reject(RejectKind::Extension, &default_name));
    }
    if s.chars().any(char::is_alphabetic) || !s.bytes().any(|b| b.is_ascii_digit()) || is_decimal(s)
    {
        return Err(reject(RejectKind::NotAPhoneNumber, &default_name));
    }
    if let Some(wrong) = north_american_digit(s, country) {
        return Err(wrong);
    }
    let number = match phonenumber::parse(Some(country.0), s) {
        Ok(n) => n,
        Err(e) => {
            let kind = match e {
                ParseError::InvalidCountryCode => RejectKind::UnknownCountryCode,
                ParseError::TooShortAfterIdd | ParseError::TooShortNsn => RejectKind::TooShort,
                ParseError::TooLong => RejectKind::TooLong,
                _ => RejectKind::NotAPhoneNumber,
            };
            return Err(reject(kind, &default_name));
        }
    };
    if number.extension().is_some() {
        return Err(reject(RejectKind::Extension, &default_name));
    }
    // An invalid number has no region of its own; judge it against the country its code belongs to.
    let code = number.code().value();
    let region = number.country().id().or_else(|| {
        let default_code = DATABASE.by_id(country.0.as_ref()).map(|m| m.country_code());
        if default_code == Some(code) {
            Some(country.0)
        } else {
            DATABASE
                .by_code(&code)
                .and_then(|metas| metas.first().and_then(|m| Id::from_str(m.id()).ok()))
        }
    });
    let name = region
        .map(|r| adjective(r.as_ref()))
        .unwrap_or(default_name);
    if !phonenumber::is_valid(&number) {
        let national_len = number.national().to_string().len();
        let lengths = region
            .and_then(|r| DATABASE.by_id(r.as_ref()))
            .map(possible_lengths)
            .unwrap_or_default();
        let kind = match (lengths.first(), lengths.last()) {
            (Some(&min), _) if national_len < usize::from(min) => RejectKind::TooShort,
            (_, Some(&max)) if national_len > usize::from(max) => RejectKind::TooLong,
            _ if region.is_none() => RejectKind::UnknownCountryCode,
            _ => RejectKind::NotValidForCountry,
        };
        return Err(reject(kind, &name));
    }
    let text = number.format().mode(Mode::E164).to_string();
    E164::parse(&text).ok_or_else(|| reject(RejectKind::NotAPhoneNumber, &name))
}

/// North American numbers (+1): the area code, and the three digits after it, start with 2 to 9.
/// libphonenumber reads a leading 1 as the long-distance prefix, so "(123) 456-7890" would be
/// called too short (nine digits after the "prefix"); this names the digit that is really wrong.
/// `None` for anything else, which the full parse then judges.
fn north_american_digit(s: &str, country: Country) -> Option<Rejection> {
    let home_code = DATABASE.by_id(country.0.as_ref()).map(|m| m.country_code());
    let home = home_code == Some(1);
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    let national = match (s.starts_with('+'), digits.len()) {
        (true, 11) if digits[0] == b'1' => &digits[1..],
        (false, 10) if home => &digits[..],
        (false, 11) if home && digits[0] == b'1' => &digits[1..],
        _ => return None,
    };
    let (what, group) = match (national[0], national[3]) {
        (b'0' | b'1', _) => ("the area code", &national[..3]),
        (_, b'0' | b'1') => ("the three digits after the area code", &national[3..6]),
        _ => return None,
    };
    let name = if home {
        country.adjective()
    } else {
        "North American".to_string()
    };
    let group = String::from_utf8_lossy(group);
    let first = group.chars().next().unwrap_or('0');
    let mut wrong = reject(RejectKind::NotValidForCountry, &name);
    wrong.reason = format!(
        "{} \u{2014} {what} ({group}) can't start with {first}",
        wrong.reason
    );
    Some(wrong)
}

/// Every length any kind of number of the region may have, sorted.
fn possible_lengths(meta: &phonenumber::Metadata) -> Vec<u16> {
    let d = meta.descriptors();
    let mut all: Vec<u16> = [
        Some(d.general()),
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
    .into_iter()
    .flatten()
    .flat_map(|desc| desc.possible_length().iter().copied())
    .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// `1.41555E+10`, `1,41555E+10`, `4.15555E9`: what Excel shows once a long number lost its digits.
pub(crate) fn is_scientific(s: &str) -> bool {
    let s = s.trim();
    let Some(epos) = s.find(['e', 'E']) else {
        return false;
    };
    let (mantissa, exponent) = (&s[..epos], &s[epos + 1..]);
    let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mut parts = mantissa.splitn(2, ['.', ',']);
    let int = parts.next().unwrap_or("");
    let frac = parts.next().unwrap_or("0");
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac) && all_digits(exponent)
}

/// `4155552671.5`: a spreadsheet number with a fraction is a calculation result, not a phone number.
fn is_decimal(s: &str) -> bool {
    match s.rsplit_once(['.', ',']) {
        Some((int, frac)) => {
            !int.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&frac.len())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

fn count_digits(s: &str) -> usize {
    s.bytes().filter(u8::is_ascii_digit).count()
}

fn holds_several_numbers(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split(['/', ';', ',', '|', '\n', '\r'])
        .flat_map(|p| p.split(" or "))
        .filter(|p| count_digits(p) > 0)
        .collect();
    parts.len() >= 2 && parts.iter().filter(|p| count_digits(p) >= 7).count() >= 2
}

/// `415-555-2671 x204`, `ext. 12`, `#3`: digits after a marker once a full number has been written.
///
/// One pass over the text: digits before each position and where the trailing run of digits and
/// spaces starts are known up front, so each marker is judged in constant time.
fn has_extension(s: &str) -> bool {
    let lower = s.to_lowercase();
    let bytes = lower.as_bytes();
    let n = bytes.len();
    let mut digits_before = Vec::with_capacity(n + 1);
    let mut count = 0usize;
    digits_before.push(0);
    for b in bytes {
        count += usize::from(b.is_ascii_digit());
        digits_before.push(count);
    }
    // From `tail` on, only digits and spaces.
    let tail = bytes
        .iter()
        .rposition(|b| !(b.is_ascii_digit() || *b == b' '))
        .map_or(0, |i| i + 1);
    // For each position, the first one past a run of `.`, `:`, `=` and spaces starting there.
    let mut skip = vec![n; n + 1];
    for i in (0..n).rev() {
        skip[i] = if matches!(bytes[i], b'.' | b':' | b'=' | b' ') {
            skip[i + 1]
        } else {
            i
        };
    }
    ["extension", "ext", "x", "#", ";ext="]
        .iter()
        .any(|marker| {
            lower.match_indices(marker).any(|(at, _)| {
                let after = skip[at + marker.len()];
                digits_before[at] >= 7 && after < n && after >= tail
            })
        })
}

/// Anchored copies of the US metadata patterns, compiled once.
struct UsPatterns {
    general: Pattern,
    types: Vec<Pattern>,
}

struct Pattern {
    regex: regex::Regex,
    lengths: Vec<u16>,
}

impl Pattern {
    fn from(desc: &Descriptor) -> Option<Pattern> {
        // Built exactly as the crate builds its own (the metadata patterns are laid out with spaces).
        let regex =
            regex::RegexBuilder::new(&format!("^(?:{}\n)", desc.national_number().as_str()))
                .ignore_whitespace(true)
                .build()
                .ok()?;
        Some(Pattern {
            regex,
            lengths: desc.possible_length().to_vec(),
        })
    }

    /// The same test as `Descriptor::is_match`: a length listed (if any are) and a match at the start.
    fn is_match(&self, value: &str) -> bool {
        if !self.lengths.is_empty() && !self.lengths.contains(&(value.len() as u16)) {
            return false;
        }
        self.regex.is_match(value)
    }
}

fn us_patterns() -> Option<&'static UsPatterns> {
    static PATTERNS: OnceLock<Option<UsPatterns>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            let meta = DATABASE.by_id("US")?;
            let d = meta.descriptors();
            let general = Pattern::from(d.general())?;
            // Every type `number_type` tries; any match makes the number valid.
            let candidates = [
                d.premium_rate(),
                d.toll_free(),
                d.shared_cost(),
                d.voip(),
                d.personal_number(),
                d.pager(),
                d.uan(),
                d.voicemail(),
                d.fixed_line(),
                d.mobile(),
            ];
            let mut types = Vec::new();
            for desc in candidates.into_iter().flatten() {
                types.push(Pattern::from(desc)?);
            }
            Some(UsPatterns { general, types })
        })
        .as_ref()
}

/// Accepts `+1 415 555 2671`, `(415) 555-2671`, `415.555.2671`, `1-415-555-2671` (the last three only
/// when the default country is the US) when the number is valid in the US plan. Returns `None` for
/// anything else, which then takes the full path.
pub fn fast_path(raw: &str, country: Country) -> Option<E164> {
    let s = raw.trim_matches(|c: char| c == ' ' || c == '\t');
    let bytes = s.as_bytes();
    let (plus, body) = match bytes.first() {
        Some(b'+') => (true, &bytes[1..]),
        Some(_) => (false, bytes),
        None => return None,
    };
    let mut digits = [0u8; 11];
    let mut n = 0usize;
    let mut open_paren = false;
    let mut prev_sep = true; // no separator may lead or repeat
                             // How many digits came before the first separator: the full parser reads `+1312-…` as a
                             // four-digit prefix, so a leading 1 must stand alone when the number is spaced out at all.
    let mut first_group: Option<usize> = None;
    for &b in body {
        if !b.is_ascii_digit() && first_group.is_none() {
            first_group = Some(n);
        }
        match b {
            b'0'..=b'9' => {
                if n == digits.len() {
                    return None;
                }
                digits[n] = b;
                n += 1;
                prev_sep = false;
            }
            b' ' | b'-' | b'.' => {
                if prev_sep {
                    return None;
                }
                prev_sep = true;
            }
            b'(' => {
                if open_paren || !matches!(n, 0 | 1) {
                    return None;
                }
                open_paren = true;
                prev_sep = true;
            }
            b')' => {
                if !open_paren || !matches!(n, 3 | 4) {
                    return None;
                }
                open_paren = false;
                prev_sep = false;
            }
            _ => return None,
        }
    }
    if open_paren || prev_sep {
        return None;
    }
    if n == 11 && !matches!(first_group, None | Some(1)) {
        return None;
    }
    let national: &[u8] = match (plus, n) {
        (true, 11) if digits[0] == b'1' => &digits[1..11],
        (false, 10) if country == Country::US => &digits[..10],
        (false, 11) if country == Country::US && digits[0] == b'1' => &digits[1..11],
        _ => return None,
    };
    let national = std::str::from_utf8(national).ok()?;
    let patterns = us_patterns()?;
    if !patterns.general.is_match(national) || !patterns.types.iter().any(|p| p.is_match(national))
    {
        return None;
    }
    national
        .parse::<u64>()
        .ok()
        .map(|v| E164(10_000_000_000 + v))
}

/// Text of a numeric spreadsheet cell as a person would have typed it: whole numbers without `.0`,
/// huge numbers in the scientific form Excel shows (their digits are gone and must not be guessed).
pub(crate) fn number_cell_text(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value.abs() >= 1e15 {
        return format!("{value:E}");
    }
    if value.fract() == 0.0 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        match normalize(raw, Country::US) {
            Ok(n) => n.to_string(),
            Err(r) => format!("rejected: {}", r.reason),
        }
    }

    #[test]
    fn us_formats_normalize() {
        for raw in [
            "(415) 555-2671",
            "415.555.2671",
            "1-415-555-2671",
            "+1 415 555 2671",
            "4155552671",
            "'4155552671",
            " +14155552671 ",
        ] {
            assert_eq!(ok(raw), "+14155552671", "{raw}");
        }
    }

    #[test]
    fn international_and_germany() {
        assert_eq!(ok("+44 20 7946 0958"), "+442079460958");
        let de = Country::from_code("de").unwrap();
        assert_eq!(
            normalize("0049 30 901820", de).unwrap().to_string(),
            "+4930901820"
        );
        assert_eq!(
            normalize("030 901820", de).unwrap().to_string(),
            "+4930901820"
        );
    }

    #[test]
    fn reasons_read_like_sentences() {
        assert_eq!(ok("555-12"), "rejected: too short for a US number");
        assert_eq!(ok("N/A"), "rejected: not a phone number");
        assert_eq!(ok("  "), "rejected: phone number is empty");
        assert!(ok("1.41555E+10").contains("digits were lost"));
        assert!(ok("1,41555E+10").contains("digits were lost"));
        assert!(ok("415-555-2671 x204").contains("extension"));
        assert!(ok("415 555 2671 ext. 12").contains("extension"));
        assert!(ok("415-555-2671 / 415-555-2672").contains("more than one"));
        assert_eq!(ok("41555526711234"), "rejected: too long for a US number");
        assert_eq!(
            ok("(555) 012-3456"),
            "rejected: not a valid US number \u{2014} the three digits after the area code \
             (012) can't start with 0"
        );
    }

    /// Ten digits whose area code or exchange starts with 0 or 1 are not "too short": libphonenumber
    /// reads a leading 1 as the long-distance prefix and counts nine digits. The reason given
    /// is the true one.
    #[test]
    fn north_american_numbers_say_which_digit_is_wrong() {
        let area = |d: char, code: &str| {
            format!("rejected: not a valid US number \u{2014} the area code ({code}) can't start with {d}")
        };
        for raw in [
            "(123) 456-7890",
            "123-456-7890",
            "1234567890",
            "+1 123 456 7890",
            "1 (123) 456-7890",
        ] {
            assert_eq!(ok(raw), area('1', "123"), "{raw}");
        }
        for raw in ["(023) 456-7890", "+1 023 456 7890"] {
            assert_eq!(ok(raw), area('0', "023"), "{raw}");
        }
        let exchange = |d: char, code: &str| {
            format!(
                "rejected: not a valid US number \u{2014} the three digits after the area code \
                 ({code}) can't start with {d}"
            )
        };
        assert_eq!(ok("(415) 155-2671"), exchange('1', "155"));
        assert_eq!(ok("415-055-2671"), exchange('0', "055"));
        let ca = Country::from_code("CA").unwrap();
        assert_eq!(
            normalize("(123) 456-7890", ca).unwrap_err().reason,
            "not a valid Canadian number \u{2014} the area code (123) can't start with 1"
        );
        // Truly short or long numbers still say so; good ones still pass.
        assert_eq!(ok("123 456 789"), "rejected: too short for a US number");
        assert_eq!(ok("(415) 555-2671"), "+14155552671");
    }

    /// The quadratic original, kept to prove the one-pass version agrees with it.
    fn has_extension_reference(s: &str) -> bool {
        let lower = s.to_lowercase();
        for marker in ["extension", "ext", "x", "#", ";ext="] {
            let mut from = 0;
            while let Some(pos) = lower[from..].find(marker) {
                let at = from + pos;
                let after = lower[at + marker.len()..].trim_start_matches(['.', ':', '=', ' ']);
                if count_digits(&lower[..at]) >= 7
                    && !after.is_empty()
                    && after.bytes().all(|b| b.is_ascii_digit() || b == b' ')
                {
                    return true;
                }
                from = at + marker.len();
            }
        }
        false
    }

    #[test]
    fn extension_detection_agrees_with_the_original() {
        let pieces = [
            "415",
            "-555-",
            "2671",
            " ",
            "x",
            "X",
            "ext",
            ". ",
            "extension",
            ":",
            "=",
            "#",
            ";ext=",
            "204",
            "1",
            "a",
            "É",
            "(",
            ")",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(seed % 9) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(has_extension(&s), has_extension_reference(&s), "{s:?}");
        }
        assert!(ok(&"x".repeat(65)).ends_with("too long to be a phone number"));
        assert!(ok(&"1".repeat(64)).starts_with("rejected: too long for"));
    }

    #[test]
    fn countries_parse() {
        assert_eq!(Country::from_code("uk").unwrap().code(), "GB");
        assert!(Country::from_code("ZZ").is_err());
        assert!(Country::from_code("").is_err());
    }

    #[test]
    fn number_cells_keep_their_digits() {
        assert_eq!(number_cell_text(14155552671.0), "14155552671");
        assert_eq!(number_cell_text(3.5), "3.5");
        assert!(is_scientific(&number_cell_text(1.4155e20)));
    }
}
