//! The one rule for CSV cells Batchline writes: a cell a spreadsheet could run as a formula gets a
//! leading `'`, which Excel, LibreOffice and Google Sheets show as text instead of evaluating.
//!
//! Spreadsheets skip leading spaces, line breaks and other blank characters before deciding a
//! cell is a formula, and some read the full-width `＝＋－＠` as their ASCII forms, so a cell is
//! risky when its first character after any such blanks is `=`, `+`, `-`, `@` or a full-width
//! one of them — and, as OWASP lists it, whenever it starts with a tab, carriage return or line
//! feed.
//!
//! One exception: in the phone column, a number written as `+` followed only by digits and
//! spacing (`+14155552671`, `+1 (415) 555-2671`) is kept as it is. It cannot call a function or
//! refer to a cell, while an apostrophe would corrupt the number for every program that reads the
//! file (CRMs, or Batchline importing it again). Anything else in the phone column is prefixed.

use std::borrow::Cow;

/// The characters that start a formula, with their full-width forms (U+FF1D, U+FF0B, U+FF0D,
/// U+FF20).
const TRIGGERS: [char; 8] = ['=', '+', '-', '@', '＝', '＋', '－', '＠'];

/// Returns `cell` as it is, or with a leading `'` when a spreadsheet could run it as a formula.
/// `is_phone_value` says the cell is the recipient's phone number (see the module notes).
pub fn neutralize(cell: &str, is_phone_value: bool) -> Cow<'_, str> {
    let risky = cell.starts_with(['\t', '\r', '\n'])
        || cell
            .trim_start_matches(blank)
            .starts_with(|c| TRIGGERS.contains(&c));
    if !risky || (is_phone_value && is_plain_number(cell)) {
        Cow::Borrowed(cell)
    } else {
        Cow::Owned(format!("'{cell}"))
    }
}

/// Whitespace and control characters, and the invisible ones (zero-width space and joiners, word
/// joiner, byte-order mark) that can hide in front of a formula just as well.
fn blank(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// `+1 (415) 555-2671`: a plus followed only by digits and spacing, nothing a formula could use.
fn is_plain_number(cell: &str) -> bool {
    cell.strip_prefix('+').is_some_and(|rest| {
        rest.bytes().any(|b| b.is_ascii_digit())
            && rest
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.' | b'(' | b')'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixed(cell: &str, phone: bool) -> bool {
        neutralize(cell, phone) == format!("'{cell}")
    }

    #[test]
    fn formulas_are_neutralized_plain_text_kept() {
        assert_eq!(neutralize("=1+1", false), "'=1+1");
        assert_eq!(neutralize("=HYPERLINK(\"x\")", false), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralize("@SUM(A1)", false), "'@SUM(A1)");
        assert_eq!(neutralize("-2", false), "'-2");
        assert_eq!(neutralize("\tx", false), "'\tx");
        assert_eq!(neutralize("\rx", false), "'\rx");
        assert_eq!(neutralize("Zoë", false), "Zoë");
        assert_eq!(neutralize("José Ñúñez 山田", false), "José Ñúñez 山田");
        assert_eq!(neutralize("a=b", false), "a=b");
        assert_eq!(neutralize("", false), "");
        assert_eq!(neutralize("   ", false), "   ");
        assert!(matches!(neutralize("plain", false), Cow::Borrowed(_)));
    }

    /// Each of these got through both of the old rules (the export's and the problems file's),
    /// which looked only at the very first character and knew only `= + - @ tab CR`.
    #[test]
    fn formulas_behind_blanks_line_feeds_or_in_full_width_are_neutralized() {
        let bypasses = [
            "\n=1+1",
            "\nx",
            " =1+1",
            "   =HYPERLINK(\"http://x\")",
            " \t=1",
            " \r\n@SUM(A1)",
            "\u{a0}-2",
            "\u{3000}+1",
            "\u{200b}=1+1",
            "\u{feff}=1+1",
            "\u{1}=1+1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
            " ＝cmd|' /C calc'!A0",
        ];
        for cell in bypasses {
            assert!(
                prefixed(cell, false),
                "{cell:?} → {:?}",
                neutralize(cell, false)
            );
            assert!(prefixed(cell, true), "{cell:?} in the phone column");
        }
    }

    #[test]
    fn a_phone_number_is_kept_only_in_the_phone_column_and_only_when_plain() {
        assert_eq!(neutralize("+14155552671", true), "+14155552671");
        assert_eq!(neutralize("+1 (415) 555-2671", true), "+1 (415) 555-2671");
        assert_eq!(neutralize("+1 415 555 2671", true), "+1 415 555 2671");
        assert_eq!(neutralize("+1.415.555.2671", true), "+1.415.555.2671");
        assert!(prefixed("+14155552671", false));
        assert!(prefixed("+1 415 555 2671", false));
        for risky in [
            "+1+cmd|' /C calc'!A0",
            "+",
            "+ ()",
            "+1A",
            "+1,2",
            " +14155552671",
            "\n+14155552671",
            "＋14155552671",
            "-14155552671",
            "=14155552671",
        ] {
            assert!(
                prefixed(risky, true),
                "{risky:?} → {:?}",
                neutralize(risky, true)
            );
        }
    }
}
