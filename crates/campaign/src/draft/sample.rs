//! The two lists Batchline gives someone who has none yet: a sample to try the app with, and a
//! template to fill in by hand. What they hold is part of the product (the sample shows every
//! kind of problem the wizard explains), so it lives here, with the import it goes through.

use super::{ImportChoices, ImportSession};

/// A small list to try Batchline with: US practice numbers, a few with problems to fix, and
/// the practice line's special numbers (ending 0001 busy, 0002 no answer, 0003 not dialled).
pub const SAMPLE_CSV: &str = include_str!("../../resources/sample-recipients.csv");
/// The name the sample list is shown under.
pub const SAMPLE_FILE_NAME: &str = "Sample recipients.csv";

/// A starting point for people who build their list by hand: one column of numbers written two
/// ways, and call data the agent can use.
pub const TEMPLATE_CSV: &str = "Phone Number,First Name,Last Name,Appointment\r\n\
+14155552671,Ada,Lovelace,Tuesday 10:00\r\n\
(415) 555-0134,Grace,Hopper,Wednesday 14:30\r\n";
/// The name the template is saved under.
pub const TEMPLATE_FILE_NAME: &str = "Batchline recipients template.csv";

/// The sample list as an import, not read yet, read with `choices`.
pub fn sample_import(choices: ImportChoices) -> ImportSession {
    ImportSession::new(
        SAMPLE_FILE_NAME.into(),
        SAMPLE_CSV.as_bytes().to_vec(),
        choices,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap in a test is a test failure
mod tests {
    use super::*;
    use recipients::Cancel;

    #[test]
    fn the_template_reads_as_two_people_to_call_with_their_call_data() {
        let read = ImportSession::new(
            TEMPLATE_FILE_NAME.into(),
            TEMPLATE_CSV.as_bytes().to_vec(),
            ImportChoices::for_country("US"),
        )
        .read(&Cancel::new())
        .unwrap();
        let ready = read.ready();
        let numbers: Vec<&str> = ready.iter().map(|r| r.to_number.as_str()).collect();
        assert_eq!(numbers, ["+14155552671", "+14155550134"]);
        let data = ready[1].metadata.as_ref().unwrap();
        assert_eq!(data["First Name"], "Grace");
        assert_eq!(data["Appointment"], "Wednesday 14:30");
    }

    #[test]
    fn the_sample_is_shown_under_its_own_name() {
        let summary = sample_import(ImportChoices::for_country("US"))
            .read(&Cancel::new())
            .unwrap()
            .summary()
            .unwrap();
        assert_eq!(summary.file_name, "Sample recipients.csv");
        assert_eq!(summary.ready, 26, "the counts are summary.rs's test");
    }
}
