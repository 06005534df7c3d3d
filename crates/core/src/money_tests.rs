use super::*;

fn ngn(s: &str) -> Result<i64> {
    Money::parse(s, Currency::NGN, Some(10_000_000)).map(|m| m.minor)
}

#[test]
fn accepts_what_people_type() {
    let table = [
        ("1500", 150000),
        ("1,500.50", 150050),
        ("1500.5", 150050),
        (" 12 ", 1200),
        ("0.01", 1),
        (".5", 50),
        ("5.", 500),
        ("1,000,000", 100000000),
        ("10000000", 1_000_000_000),
        ("10,000,000.00", 1_000_000_000),
    ];
    for (input, want) in table {
        assert_eq!(ngn(input).unwrap_or_else(|e| panic!("{input:?}: {e}")), want, "{input:?}");
    }
}

#[test]
fn refuses_with_a_message_that_says_what_to_fix() {
    let table = [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("0", "more than zero"),
        ("0.00", "more than zero"),
        ("-5", "negative"),
        ("1.234", "only 2 decimal places"),
        ("1e3", "exponent notation"),
        ("1E3", "exponent notation"),
        ("2.5e-1", "exponent notation"),
        ("abc", "contains \"a\""),
        ("12abc", "contains \"a\""),
        ("NaN", "not an amount"),
        ("inf", "not an amount"),
        ("1.2.3", "more than one decimal separator"),
        ("10000000.01", "at most 10,000,000.00 NGN"),
        ("99999999999999999999", "too large"),
        ("92233720368547758.07", "too large"),
        ("1,50", "groups thousands here; type \".\" before the decimals"),
        ("1,5000", "misplaced"),
        (",500", "misplaced"),
        ("1.50,0", "after the decimal separator"),
        (".", "not an amount"),
        ("$5", "contains \"$\""),
        ("+5", "contains \"+\""),
    ];
    for (input, want) in table {
        let err = ngn(input).expect_err(input);
        assert_eq!(err.field(), Some("amount"), "{input:?}");
        assert!(err.to_string().contains(want), "{input:?}: got {err:?}, want {want:?}");
    }
}

#[test]
fn overflow_is_refused_even_without_a_provider_maximum() {
    let err = Money::parse("92233720368547758.08", Currency::USD, None).unwrap_err();
    assert!(err.to_string().contains("too large"), "{err}");
    // 2^53 − 1 cents is the most the windows show exactly; one more is refused, not rounded
    assert_eq!(Money::parse("90071992547409.91", Currency::USD, None).unwrap().minor, crate::money::MAX_MINOR);
    let err = Money::parse("90071992547409.92", Currency::USD, None).unwrap_err();
    assert_eq!(err.to_string(), "\"90071992547409.92\" is too large to be an amount.");
}

#[test]
fn comma_style_reads_european_amounts() {
    let m = Money::parse_styled("1.500,50", Currency::EUR, None, NumberStyle::COMMA).unwrap();
    assert_eq!(m.minor, 150050);
    let err = Money::parse_styled("1,500.50", Currency::EUR, None, NumberStyle::COMMA).unwrap_err();
    assert!(err.to_string().contains("misplaced") || err.to_string().contains("decimal"), "{err}");
}

#[test]
fn formats_minor_units_back() {
    assert_eq!(format_minor(150050, Currency::NGN), "1,500.50");
    assert_eq!(format_minor(1, Currency::USD), "0.01");
    assert_eq!(format_minor(100000000, Currency::GBP), "1,000,000.00");
    assert_eq!(plain_major(150050, Currency::USD), "1500.50");
    assert_eq!(plain_major(5, Currency::USD), "0.05");
    assert_eq!(Money { minor: 150050, currency: Currency::NGN }.to_string(), "NGN 1,500.50");
}

#[test]
fn round_trips_every_cent_near_boundaries() {
    for minor in [1i64, 9, 10, 99, 100, 101, 999_999, 1_000_000_000] {
        let m = Money { minor, currency: Currency::ZAR };
        assert_eq!(ngn(&m.display_amount()).unwrap(), minor);
    }
}

#[test]
fn currency_codes_parse_and_refuse() {
    assert_eq!("ngn".parse::<Currency>().unwrap(), Currency::NGN);
    assert_eq!(" cad ".parse::<Currency>().unwrap(), Currency::CAD);
    let err = "XYZ".parse::<Currency>().unwrap_err();
    assert_eq!(err.field(), Some("currency"));
    assert_eq!(err.to_string(), "\"XYZ\" is not an ISO 4217 currency code: type three letters, for example NGN or USD.");
    // ISO lists these, but with no minor unit an amount in them cannot be held in minor units.
    for code in ["XAU", "XXX", "XTS", "XDR"] {
        assert_eq!(Currency::from_code(code), None, "{code}");
    }
}

#[test]
fn exponents_come_from_the_iso_table() {
    let table = [("NGN", 2), ("GHS", 2), ("ZAR", 2), ("KES", 2), ("USD", 2), ("EGP", 2), ("GBP", 2), ("EUR", 2), ("CAD", 2), ("XOF", 0), ("RWF", 0), ("JPY", 0), ("KWD", 3)];
    for (code, exp) in table {
        let c = Currency::from_code(code).unwrap();
        assert_eq!((c.code(), c.exponent()), (code, exp));
    }
    assert_eq!(Currency::XOF.minor_per_major(), 1);
}

#[test]
fn the_wire_form_is_the_iso_code_as_before() {
    assert_eq!(serde_json::to_string(&Currency::NGN).unwrap(), "\"NGN\"");
    assert_eq!(serde_json::to_string(&Money { minor: 1500, currency: Currency::XOF }).unwrap(), r#"{"minor":1500,"currency":"XOF"}"#);
    assert_eq!(serde_json::from_str::<Currency>("\"RWF\"").unwrap(), Currency::RWF);
    assert!(serde_json::from_str::<Currency>("\"XYZ\"").is_err());
    assert_eq!(format!("{} {:?}", Currency::GBP, Currency::GBP), "GBP GBP");
}

#[test]
fn a_currency_without_decimals_takes_whole_amounts_only() {
    let xof = |s: &str| Money::parse(s, Currency::XOF, Some(10_000_000)).map(|m| m.minor);
    assert_eq!(xof("1500").unwrap(), 1500, "XOF 1500 is 1500 minor units");
    assert_eq!(xof("1,500").unwrap(), 1500);
    assert_eq!(xof("10,000,000").unwrap(), 10_000_000);
    for typed in ["1500.50", "1500.5", "1500.00"] {
        let err = xof(typed).unwrap_err();
        assert_eq!((err.field(), err.to_string().as_str()), (Some("amount"), "XOF has no decimals: type a whole amount."), "{typed}");
    }
    assert_eq!(xof("10,000,001").unwrap_err().to_string(), "The amount is too large: at most 10,000,000 XOF per link.");
    let rwf = Money { minor: 1_234_567, currency: Currency::RWF };
    assert_eq!((rwf.to_string(), rwf.major_decimal()), ("RWF 1,234,567".to_string(), "1234567".to_string()));
    assert_eq!(format_minor(1500, Currency::XOF), "1,500");
    assert_eq!(plain_major(1500, Currency::XOF), "1500");
    let comma = Money::parse_styled("1.500", Currency::XOF, None, NumberStyle::COMMA).unwrap();
    assert_eq!(comma.minor, 1500, "1.500 is fifteen hundred where the comma marks decimals");
}

#[test]
fn a_number_style_that_cannot_be_read_exactly_is_refused() {
    for style in [NumberStyle { decimal: '.', group: '.' }, NumberStyle { decimal: '5', group: ',' }, NumberStyle { decimal: ',', group: '-' }] {
        let err = Money::parse_styled("150", Currency::NGN, None, style).unwrap_err();
        assert!(err.to_string().contains("number format"), "{style:?}: {err}");
    }
}
