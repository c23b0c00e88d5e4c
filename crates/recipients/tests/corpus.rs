//! The messy files campaign managers actually bring, written by the tests themselves, with the exact
//! recipients, rejected rows and duplicates a person would expect to see.

#![allow(clippy::unwrap_used)] // test helpers build fixtures; a failure there is a test failure

use recipients::{
    import, preview, problems_csv, split_into_batches, ColumnMapping, Country, Format, ImportError,
    ImportOptions, ImportReport, SuppressionList, MAX_BATCH,
};

fn opts() -> ImportOptions {
    ImportOptions::default()
}

fn numbers(report: &ImportReport) -> Vec<(u64, &str)> {
    report
        .recipients
        .iter()
        .map(|r| (r.row, r.to_number.as_str()))
        .collect()
}

fn rejected(report: &ImportReport) -> Vec<(u64, &str, &str)> {
    report
        .rejected
        .iter()
        .map(|r| (r.row, r.value.as_str(), r.reason.as_str()))
        .collect()
}

fn duplicates(report: &ImportReport) -> Vec<(u64, &str, &str, u64)> {
    report
        .duplicates
        .iter()
        .map(|d| (d.row, d.value.as_str(), d.to_number.as_str(), d.first_row))
        .collect()
}

const CRM: &str = "\u{feff}\"First Name\",\"Last Name\",\"Phone Number\",\"Notes\",\"Account ID\",\r\n\
\"José\",\"García\",\"(415) 555-2671\",\"Said \"\"call after 5\"\", prefers Spanish\",\"00123\",\r\n\
\"Ann\",\"Lee\",\"415.555.2672\",\"Line one\r\nLine two\",\"00124\",\r\n\
\r\n\
\"Bob\",\"Stone\",\"N/A\",\"\",\"00125\",\r\n\
\"Cara\",\"Diaz\",\"1-415-555-2671\",\"dup of José\",\"00126\",\r\n\
\"Dan\",\"Ek\",\"+1 415 555 2673 x204\",\"\",\"00127\",\r\n\
\"Eve\",\"Fox\",\"555-12\",\"=HYPERLINK(\"\"http://x\"\")\",\"00128\",\r\n";

#[test]
fn crm_export_with_quotes_newlines_and_a_bom() {
    let report = import(CRM.as_bytes(), "leads.csv", &opts()).unwrap();
    assert_eq!(report.format, Format::Csv);
    assert_eq!(report.encoding, "utf-8");
    assert_eq!(report.phone_column, "Phone Number");
    assert_eq!(report.rows, 6);
    assert_eq!(
        numbers(&report),
        vec![(2, "+14155552671"), (3, "+14155552672")]
    );
    let first = &report.recipients[0].metadata;
    let meta: Vec<(&str, &str)> = first.iter().collect();
    assert_eq!(
        meta,
        vec![
            ("First Name", "José"),
            ("Last Name", "García"),
            ("Notes", "Said \"call after 5\", prefers Spanish"),
            ("Account ID", "00123"),
        ]
    );
    assert_eq!(
        report.recipients[1].metadata.get("Notes"),
        Some("Line one\r\nLine two")
    );
    assert_eq!(
        rejected(&report),
        vec![
            (5, "N/A", "not a phone number"),
            (
                7,
                "+1 415 555 2673 x204",
                "has an extension, which can't be dialled — keep only the main number"
            ),
            (8, "555-12", "too short for a US number"),
        ]
    );
    // As the spreadsheet says it, and as it is dialled.
    assert_eq!(
        duplicates(&report),
        vec![(6, "1-415-555-2671", "+14155552671", 2)]
    );
    assert_eq!(report.batches, 1);
}

#[test]
fn json_has_the_shape_the_cli_promises() {
    let report = import(CRM.as_bytes(), "leads.csv", &opts()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["file"], "leads.csv");
    assert_eq!(json["format"], "csv");
    assert_eq!(json["encoding"], "utf-8");
    assert_eq!(json["phone_column"], "Phone Number");
    assert_eq!(json["rows"], 6);
    assert_eq!(json["recipients"][0]["row"], 2);
    assert_eq!(json["recipients"][0]["to_number"], "+14155552671");
    assert_eq!(json["recipients"][0]["metadata"]["First Name"], "José");
    assert_eq!(json["rejected"][0]["value"], "N/A");
    assert_eq!(json["rejected"][0]["reason"], "not a phone number");
    assert_eq!(json["duplicates"][0]["first_row"], 2);
    assert_eq!(json["duplicates"][0]["value"], "1-415-555-2671");
    assert_eq!(json["suppressed"], serde_json::json!([]));
    assert_eq!(json["batches"], 1);
}

#[test]
fn problems_file_can_be_fixed_and_imported_again() {
    let report = import(CRM.as_bytes(), "leads.csv", &opts()).unwrap();
    let csv = problems_csv(&report).unwrap();
    let expected = "Row,Problem,First Name,Last Name,Phone Number,Notes,Account ID,column 6\n\
5,not a phone number,Bob,Stone,N/A,,00125,\n\
6,same number as row 2,Cara,Diaz,1-415-555-2671,dup of José,00126,\n\
7,\"has an extension, which can't be dialled — keep only the main number\",Dan,Ek,'+1 415 555 2673 x204,,00127,\n\
8,too short for a US number,Eve,Fox,555-12,\"'=HYPERLINK(\"\"http://x\"\")\",00128,\n";
    assert_eq!(csv, expected);
    // Fixing the cells and importing the problems file again works like any list.
    let fixed = csv
        .replace("N/A", "415-555-2674")
        .replace("555-12,", "415-555-2675,")
        .replace(" x204", "");
    let again = import(fixed.as_bytes(), "problems.csv", &opts()).unwrap();
    assert_eq!(again.phone_column, "Phone Number");
    assert_eq!(
        numbers(&again),
        vec![
            (2, "+14155552674"),
            (3, "+14155552671"),
            (4, "+14155552673"),
            (5, "+14155552675")
        ]
    );
}

fn windows_1252(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn european_excel_csv_in_windows_1252_with_semicolons() {
    let text = "Name;Telefon;Stadt;Betrag\r\n\
Jürgen Müller;030 901820;Berlin;12,50\r\n\
François Dupont;+33 1 42 68 53 00;Paris;7,00\r\n\
Åsa Öberg;0049 40 428280;Hamburg;3,5\r\n\
Zoë;1,41555E+10;Köln;0\r\n";
    let options = ImportOptions {
        country: Country::from_code("DE").unwrap(),
        ..opts()
    };
    let report = import(&windows_1252(text), "kunden.csv", &options).unwrap();
    assert_eq!(report.encoding, "windows-1252");
    assert_eq!(report.delimiter.as_deref(), Some(";"));
    assert_eq!(report.phone_column, "Telefon");
    assert_eq!(
        numbers(&report),
        vec![(2, "+4930901820"), (3, "+33142685300"), (4, "+4940428280")]
    );
    assert_eq!(
        report.recipients[0].metadata.get("Name"),
        Some("Jürgen Müller")
    );
    assert_eq!(report.recipients[0].metadata.get("Betrag"), Some("12,50"));
    assert_eq!(
        rejected(&report),
        vec![(
            5,
            "1,41555E+10",
            "digits were lost (Excel scientific notation) — format the column as text in your \
             spreadsheet and export again"
        )]
    );
}

#[test]
fn utf16_with_bom_from_excel_unicode_text() {
    let text = "Name\tMobile\r\nZoë\t+44 20 7946 0958\r\nLuis\t(212) 555-0142\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let report = import(&bytes, "export.txt", &opts()).unwrap();
    assert_eq!(report.encoding, "utf-16le");
    assert_eq!(report.format, Format::Tsv);
    assert_eq!(
        numbers(&report),
        vec![(2, "+442079460958"), (3, "+12125550142")]
    );
    assert_eq!(report.recipients[0].metadata.get("Name"), Some("Zoë"));
}

#[test]
fn no_header_tsv() {
    let text = "4155552671\tAnn\tVIP\n415-555-2672\tBob\t\nbad\tCy\tx\n";
    let report = import(text.as_bytes(), "list.tsv", &opts()).unwrap();
    assert!(!report.has_header);
    assert_eq!(report.phone_column, "column 1");
    assert_eq!(
        numbers(&report),
        vec![(1, "+14155552671"), (2, "+14155552672")]
    );
    let meta: Vec<(&str, &str)> = report.recipients[0].metadata.iter().collect();
    assert_eq!(meta, vec![("column 2", "Ann"), ("column 3", "VIP")]);
    assert_eq!(rejected(&report), vec![(3, "bad", "not a phone number")]);

    // Told there is no header, a first row of names is data too (and rejected as such).
    let named = "Phone\tName\n4155552671\tAnn\n";
    let forced = ImportOptions {
        no_header: true,
        ..opts()
    };
    let report = import(named.as_bytes(), "list.tsv", &forced).unwrap();
    assert_eq!(numbers(&report), vec![(2, "+14155552671")]);
    assert_eq!(rejected(&report), vec![(1, "Phone", "not a phone number")]);
}

#[test]
fn excel_damaged_numbers_are_rejected_not_guessed() {
    let text = "name,phone\nA,1.41555E+10\nB,4.15555E+9\nC,14155552671\nD,1.4155552671E+10\n";
    let report = import(text.as_bytes(), "damaged.csv", &opts()).unwrap();
    assert_eq!(numbers(&report), vec![(4, "+14155552671")]);
    let rows: Vec<u64> = report.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rows, vec![2, 3, 5]);
    assert!(report
        .rejected
        .iter()
        .all(|r| r.reason.starts_with("digits were lost")));
}

fn xlsx_fixture() -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Leads").unwrap();
    for (c, h) in ["Name", "Phone", "Zip", "Score", "Code"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "Ann").unwrap();
    sheet.write_number(1, 1, 4155552671.0).unwrap();
    sheet.write_number(1, 2, 94107.0).unwrap();
    sheet.write_number(1, 3, 3.5).unwrap();
    sheet.write_string(1, 4, "00123").unwrap();
    sheet.write_string(2, 0, "Bob").unwrap();
    sheet.write_number(2, 1, 14155552672.0).unwrap();
    // Row 4 left blank on purpose; row 5 holds a number that is not whole.
    sheet.write_string(4, 0, "Cy").unwrap();
    sheet.write_number(4, 1, 4155552671.5).unwrap();
    sheet.write_string(5, 0, "Di").unwrap();
    sheet.write_string(5, 1, "+1 (415) 555-2671").unwrap();
    let dnc = wb.add_worksheet();
    dnc.set_name("Do not call").unwrap();
    dnc.write_string(0, 0, "Phone").unwrap();
    dnc.write_number(1, 0, 4155552672.0).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_numeric_cells() {
    let bytes = xlsx_fixture();
    let report = import(&bytes, "leads.xlsx", &opts()).unwrap();
    assert_eq!(report.format, Format::Xlsx);
    assert_eq!(report.sheet.as_deref(), Some("Leads"));
    assert_eq!(
        numbers(&report),
        vec![(2, "+14155552671"), (3, "+14155552672")]
    );
    let meta: Vec<(&str, &str)> = report.recipients[0].metadata.iter().collect();
    assert_eq!(
        meta,
        vec![
            ("Name", "Ann"),
            ("Zip", "94107"),
            ("Score", "3.5"),
            ("Code", "00123")
        ]
    );
    assert_eq!(
        rejected(&report),
        vec![(5, "4155552671.5", "not a phone number")]
    );
    assert_eq!(
        duplicates(&report),
        vec![(6, "+1 (415) 555-2671", "+14155552671", 2)]
    );

    let p = preview(&bytes, "leads.xlsx", &opts()).unwrap();
    assert_eq!(p.sheets, vec!["Leads", "Do not call"]);
    assert_eq!(p.phone_column.as_deref(), Some("Phone"));
    assert_eq!(p.rows[0].cells[1], "4155552671");

    let other = ImportOptions {
        sheet: Some("do not call".into()),
        ..opts()
    };
    let report = import(&bytes, "leads.xlsx", &other).unwrap();
    assert_eq!(numbers(&report), vec![(2, "+14155552672")]);

    let missing = ImportOptions {
        sheet: Some("Sheet9".into()),
        ..opts()
    };
    let err = import(&bytes, "leads.xlsx", &missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "There is no sheet called \"Sheet9\" in leads.xlsx. Sheets: Leads, Do not call."
    );
}

#[test]
fn twelve_thousand_rows_make_three_batches() {
    let mut text = String::from("Phone,Name\n");
    for i in 0..12_345u32 {
        text.push_str(&format!(
            "(415) {:03}-{:04},Person {i}\n",
            200 + i / 10_000,
            i % 10_000
        ));
    }
    let report = import(text.as_bytes(), "big.csv", &opts()).unwrap();
    assert_eq!(report.recipients.len(), 12_345);
    assert!(report.rejected.is_empty() && report.duplicates.is_empty());
    assert_eq!(report.batches, 3);
    let parts = split_into_batches(&report.recipients, MAX_BATCH);
    let sizes: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert_eq!(sizes, vec![5_000, 5_000, 2_345]);
    assert_eq!(parts[2][0].row, 10_002);
    assert_eq!(parts[2][0].metadata.get("Name"), Some("Person 10000"));
}

#[test]
fn files_without_a_list_say_why() {
    let cases: Vec<(&[u8], &str)> = vec![
        (b"", "empty"),
        (b"  \r\n\n", "empty"),
        (b",,,\n,,\r\n\n", "empty"),
        (b"Name,Phone\r\n", "header_only"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not_a_list"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00binary\x00", "not_a_list"),
        (b"Name,City\nAnn,Paris\nBob,Rome\n", "no_phone_column"),
        (b"PK\x03\x04garbage that is not a workbook", "spreadsheet"),
    ];
    for (bytes, code) in cases {
        let err = import(bytes, "file.csv", &opts()).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(!err.to_string().contains('\n'));
    }
    let err = import(b"Name,City\nAnn,Paris\n", "people.csv", &opts()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "No column in people.csv looks like phone numbers. Columns found: Name, City. \
         Choose the phone column by name."
    );
    assert_eq!(
        serde_json::to_value(&err).unwrap()["code"],
        "no_phone_column"
    );
}

#[test]
fn phone_column_can_be_chosen_and_columns_mapped() {
    let text = "Name,Work,Home,Secret\nAnn,4155552671,2125550142,x\n";
    let options = ImportOptions {
        phone_column: Some("home".into()),
        mapping: ColumnMapping {
            exclude: vec!["Secret".into()],
            rename: vec![("Name".into(), "first_name".into())],
        },
        ..opts()
    };
    let report = import(text.as_bytes(), "a.csv", &options).unwrap();
    assert_eq!(report.phone_column, "Home");
    assert_eq!(numbers(&report), vec![(2, "+12125550142")]);
    let meta: Vec<(&str, &str)> = report.recipients[0].metadata.iter().collect();
    assert_eq!(meta, vec![("first_name", "Ann"), ("Work", "4155552671")]);

    let wrong = ImportOptions {
        phone_column: Some("Mobile".into()),
        ..opts()
    };
    let err = import(text.as_bytes(), "a.csv", &wrong).unwrap_err();
    assert_eq!(
        err.to_string(),
        "There is no column called \"Mobile\" in a.csv. Columns found: Name, Work, Home, Secret."
    );
}

#[test]
fn do_not_call_list_removes_matches() {
    let dnc = SuppressionList::from_file(
        b"+1 415 555 2672\n(212) 555-0142\nnot a number\n",
        "dnc.txt",
        Country::US,
    )
    .unwrap();
    assert_eq!(dnc.len(), 2);
    assert_eq!(dnc.unreadable, 1);
    let text = "phone\n4155552671\n415-555-2672\n4155552672\n";
    let options = ImportOptions {
        suppression: Some(dnc),
        ..opts()
    };
    let report = import(text.as_bytes(), "a.csv", &options).unwrap();
    assert_eq!(numbers(&report), vec![(2, "+14155552671")]);
    let suppressed: Vec<(u64, &str, &str)> = report
        .suppressed
        .iter()
        .map(|s| (s.row, s.value.as_str(), s.to_number.as_str()))
        .collect();
    assert_eq!(
        suppressed,
        vec![
            (3, "415-555-2672", "+14155552672"),
            (4, "4155552672", "+14155552672")
        ]
    );
}

#[test]
fn preview_shows_the_first_rows() {
    let mut text = String::from("Name|Phone\n");
    for i in 0..50 {
        text.push_str(&format!("P{i}|415555{:04}\n", 2600 + i));
    }
    let p = preview(text.as_bytes(), "a.txt", &opts()).unwrap();
    assert_eq!(p.delimiter.as_deref(), Some("|"));
    assert_eq!(p.columns, vec!["Name", "Phone"]);
    assert_eq!(p.phone_column.as_deref(), Some("Phone"));
    assert_eq!(p.rows.len(), 20);
    assert_eq!(p.rows[0].row, 2);
    assert_eq!(p.rows[0].cells, vec!["P0", "4155552600"]);
    // A preview of a list without phone numbers still shows it, so the person can pick a column.
    let p = preview(b"a,b\nc,d\n", "x.csv", &opts()).unwrap();
    assert_eq!(p.phone_column, None);
}

#[test]
fn unknown_country_is_an_error() {
    assert_eq!(
        Country::from_code("XX").unwrap_err(),
        ImportError::UnknownCountry { code: "XX".into() }
    );
}

#[test]
fn legacy_xls_workbook() {
    let bytes = include_bytes!("data/contacts.xls");
    let report = import(bytes, "contacts.xls", &opts()).unwrap();
    assert_eq!(report.format, Format::Xls);
    assert_eq!(report.sheet.as_deref(), Some("Contacts"));
    assert_eq!(report.phone_column, "Mobile");
    assert_eq!(
        numbers(&report),
        vec![(2, "+14155552671"), (3, "+12125550142")]
    );
    assert_eq!(report.recipients[0].metadata.get("Zip"), Some("94107"));
    assert_eq!(report.recipients[1].metadata.get("Zip"), Some("02134"));
    let rows: Vec<u64> = report.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rows, vec![4]);
    assert!(report.rejected[0].reason.starts_with("digits were lost"));
}

#[test]
fn opendocument_spreadsheet() {
    let bytes = include_bytes!("data/leads.ods");
    let options = ImportOptions {
        country: Country::from_code("DE").unwrap(),
        ..opts()
    };
    let report = import(bytes, "leads.ods", &options).unwrap();
    assert_eq!(report.format, Format::Ods);
    assert_eq!(report.phone_column, "Telefon");
    // A number cell 4930901820 lost its "+" in the spreadsheet; libphonenumber recognises Germany's
    // own calling code at its start, as it would for a person dialling in Germany.
    assert_eq!(
        numbers(&report),
        vec![(2, "+4930901820"), (3, "+4940428280")]
    );
    assert!(report.rejected.is_empty());
    assert_eq!(report.recipients[0].metadata.get("Name"), Some("Jürgen"));
}
