//! The names of the files Batchline saves for the person, so they can tell them apart in their
//! Downloads: named after what they came from. (The saving itself, never replacing a file and
//! making the name safe for every OS, is `userfile`'s.)

use std::path::Path;

/// A campaign's results: `Spring reminders results.csv`. The campaign's name is kept whole,
/// dots and all (`Spring 2.0 results.csv`).
pub fn results_file(campaign_name: &str) -> String {
    let name = campaign_name.trim();
    let name = if name.is_empty() { "Campaign" } else { name };
    format!("{name} results.csv")
}

/// A campaign's compliance record: `Spring reminders compliance record.html` (and `.csv`).
pub fn record_file(campaign_name: &str, extension: &str) -> String {
    let name = campaign_name.trim();
    let name = if name.is_empty() { "Campaign" } else { name };
    format!("{name} compliance record.{extension}")
}

/// The rows of a recipient file that won't be called: `spring leads problems.csv` for
/// `spring leads.xlsx`.
pub fn problems_file(list_file_name: &str) -> String {
    let stem = Path::new(list_file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.trim();
    let stem = if stem.is_empty() { "recipients" } else { stem };
    format!("{stem} problems.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_is_named_after_what_it_came_from() {
        assert_eq!(
            problems_file("spring leads.xlsx"),
            "spring leads problems.csv"
        );
        assert_eq!(problems_file(""), "recipients problems.csv");
        assert_eq!(
            record_file("Spring 2.0", "html"),
            "Spring 2.0 compliance record.html"
        );
        assert_eq!(
            results_file("Spring reminders"),
            "Spring reminders results.csv"
        );
        assert_eq!(results_file("Spring 2.0"), "Spring 2.0 results.csv");
        assert_eq!(results_file(" "), "Campaign results.csv");
    }
}
