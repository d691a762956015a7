//! The result table and the Markdown document around it.

use std::fmt::Write as _;

/// Whether a target was met.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Met at full size.
    Met,
    /// Missed at full size.
    Missed,
    /// Not judged (quick sizes, or no target).
    NotJudged(&'static str),
    /// The workload failed to run.
    Failed,
}

impl Verdict {
    fn text(&self) -> String {
        match self {
            Verdict::Met => "**met**".into(),
            Verdict::Missed => "**MISSED**".into(),
            Verdict::NotJudged(why) => format!("not judged ({why})"),
            Verdict::Failed => "**FAILED**".into(),
        }
    }

    /// Met or missed from a condition, unless quick sizes are in use.
    pub fn judge(quick: bool, ok: bool) -> Verdict {
        if quick {
            Verdict::NotJudged("quick sizes")
        } else if ok {
            Verdict::Met
        } else {
            Verdict::Missed
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// Workload number (1..=7) as in the issue.
    pub id: u8,
    /// What was measured.
    pub workload: String,
    /// Sigillo's figure.
    pub sigillo: String,
    /// What it was compared with, and its figure.
    pub compared: String,
    /// The ratio or the figure the target is about.
    pub result: String,
    /// The target.
    pub target: String,
    /// Met or not.
    pub verdict: Verdict,
}

/// What a workload hands back: table rows and notes (samples, checks, data set).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Table rows.
    pub rows: Vec<Row>,
    /// Lines for the details section.
    pub notes: Vec<String>,
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The table as Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::from(
        "| # | workload | Sigillo | compared with | result | target | verdict |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.id,
            cell(&r.workload),
            cell(&r.sigillo),
            cell(&r.compared),
            cell(&r.result),
            cell(&r.target),
            r.verdict.text()
        );
    }
    s
}

/// The table as plain text for the terminal (aligned columns).
pub fn plain_table(rows: &[Row]) -> String {
    let header = [
        "#",
        "workload",
        "Sigillo",
        "compared with",
        "result",
        "target",
        "verdict",
    ];
    let lines: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                r.workload.clone(),
                r.sigillo.clone(),
                r.compared.clone(),
                r.result.clone(),
                r.target.clone(),
                r.verdict.text().replace("**", ""),
            ]
        })
        .collect();
    let mut width = header.map(|h| h.chars().count());
    for l in &lines {
        for (w, c) in width.iter_mut().zip(l.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let fmt = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(width.iter())
            .map(|(c, w)| format!("{c:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut s = fmt(&header.map(str::to_owned));
    s.push('\n');
    s.push_str(
        &width
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  "),
    );
    s.push('\n');
    for l in &lines {
        s.push_str(&fmt(l));
        s.push('\n');
    }
    s
}

/// Marks around the generated part of `docs/benchmarks.md`; what is outside them is kept.
pub const BEGIN: &str = "<!-- scripts/bench: generated from here -->";
/// End mark.
pub const END: &str = "<!-- scripts/bench: generated up to here -->";

/// Puts `generated` between the marks of `existing` (or makes a new document).
pub fn splice(existing: Option<&str>, generated: &str) -> String {
    let block = format!("{BEGIN}\n{generated}\n{END}");
    if let Some(doc) = existing
        && let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END))
        && b < e
    {
        return format!("{}{block}{}", &doc[..b], &doc[e + END.len()..]);
    }
    format!(
        "# Benchmarks\n\n`scripts/bench` measures Sigillo against the limit of what the work \
         needs and against `mbsync`; it rewrites the part of this file between the two marks \
         below, and keeps the rest.\n\n{block}\n"
    )
}
