//! `report.json`: the stable contract of DESIGN.md, the `Report` serialized as is.
//!
//! Pretty-printed with a trailing newline; key order follows the struct fields and the
//! `BTreeMap`s, so the bytes are deterministic. Tools read it back with `serde_json`.

use crate::model::Report;

/// Renders the report as pretty-printed JSON followed by a newline.
pub fn render(report: &Report) -> anyhow::Result<String> {
    let mut out = Vec::new();
    write(report, &mut out)?;
    Ok(String::from_utf8(out)?)
}

/// Writes the report as pretty-printed JSON followed by a newline, as it is serialised.
pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::sample_report;

    #[test]
    fn round_trips_to_an_equal_report() {
        let report = sample_report();
        let json = render(&report).unwrap();
        assert!(json.ends_with("}\n"));
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn keeps_the_contract_field_names() {
        let json = render(&sample_report()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["schema"], "framelens/report@1");
        let outlet = &value["outlets"][0];
        assert_eq!(outlet["frames"]["alliance"]["stance"]["negated"], 1);
        assert_eq!(
            value["outlets"][1]["contrasts"]["alliance-vs-partnership"],
            serde_json::Value::Null
        );
        assert_eq!(value["articles"][0]["mentions"][0]["stance"], "quoted");
        assert_eq!(
            value["inputs"]["skipped"][0]["reason"],
            "no text after cleaning"
        );
    }

    #[test]
    fn is_deterministic() {
        let report = sample_report();
        assert_eq!(render(&report).unwrap(), render(&report).unwrap());
    }
}
