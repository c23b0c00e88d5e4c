//! Recipient lists for tests (feature `testdata`): a CRM export of any size, its numbers written
//! as people write them, so that the app's and the command line's tests of a long launch read
//! the very same kind of file and can say exactly who must be called.

/// The `i`th person's number as Cartesia is sent it: `+13125551000`, `+13125551001`, … (9,000
/// per area code, from 312 on).
pub fn e164(i: usize) -> String {
    let (area, line) = area_and_line(i);
    format!("+1{area}555{line:04}")
}

/// The `i`th person's number as the export writes it: `(312) 555-1000`.
pub fn written(i: usize) -> String {
    let (area, line) = area_and_line(i);
    format!("({area}) 555-{line:04}")
}

fn area_and_line(i: usize) -> (usize, usize) {
    (312 + i / 9_000, 1_000 + i % 9_000)
}

/// A CRM export of `rows` people (`Phone,First name,Plan,Notes`), every one of them callable:
/// person `i` is `Person i` at [`written`]`(i)`, on the `Gold` plan when `i` is even and
/// `Basic` when odd, with a note holding a comma (quoted, as spreadsheets write it).
pub fn crm_export(rows: usize) -> String {
    let mut csv = String::from("Phone,First name,Plan,Notes\n");
    for i in 0..rows {
        let plan = if i % 2 == 0 { "Gold" } else { "Basic" };
        csv.push_str(&format!(
            "{},Person {i},{plan},\"call after 5, please\"\n",
            written(i)
        ));
    }
    csv
}

/// Rows of a [`crm_export`] nobody can call, as real exports have them: a number too short, a
/// row without a number, and person 0 again. Appended to an export, they are left out.
pub const UNCALLABLE_ROWS: &str =
    "555-12,Too short,Gold,\n,No number,Gold,\n(312) 555-1000,Person 0 again,Gold,\n";

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use crate::{import, ImportOptions};

    #[test]
    fn every_person_of_the_export_is_called_once_at_their_number() {
        let csv = format!("{}{UNCALLABLE_ROWS}", crm_export(12_000));
        let report = import(csv.as_bytes(), "leads.csv", &ImportOptions::default()).unwrap();
        assert_eq!(report.recipients.len(), 12_000);
        assert_eq!(report.rejected.len() + report.duplicates.len(), 3);
        for (i, r) in report.recipients.iter().enumerate().step_by(997) {
            assert_eq!(r.to_number, e164(i));
            assert_eq!(
                r.metadata.get("First name"),
                Some(format!("Person {i}").as_str())
            );
        }
        let last = &report.recipients[11_999];
        assert_eq!(last.to_number, "+13135553999");
        assert_eq!(last.metadata.get("Plan"), Some("Basic"));
        assert_eq!(last.metadata.get("Notes"), Some("call after 5, please"));
    }
}
