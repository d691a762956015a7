//! The result table, the Markdown document around it, and the same figures as JSON.

use std::fmt::Write as _;

use crate::stats::Samples;

/// Whether a target was met.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Met at full size.
    Met,
    /// Missed at full size.
    Missed,
    /// Missed, and out of reach of any program on this machine: the least time the work
    /// takes here (its floor, given) is already past the target.
    BelowFloor(String),
    /// Not measured (the machine never became quiet enough, or a part is missing).
    NotMeasured(String),
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
            Verdict::BelowFloor(floor) => {
                format!("**MISSED**: the target is below this machine's floor ({floor})")
            }
            Verdict::NotJudged(why) => format!("not judged ({why})"),
            Verdict::Failed => "**FAILED**".into(),
            Verdict::NotMeasured(why) => format!("**NOT MEASURED** ({why})"),
        }
    }

    /// The verdict as one word for `results.json`.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::NotJudged(_) => "not judged",
            Verdict::BelowFloor(_) => "missed below the floor",
            Verdict::Failed => "failed",
            Verdict::NotMeasured(_) => "not measured",
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
    /// Workload number (1..=7 as in issue 10; M1.. for the million-message mailbox).
    pub id: String,
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
    /// The samples behind the figures (with the machine's load during them).
    pub samples: Vec<Samples>,
}

impl Row {
    /// How busy the machine was with other work during the samples of this row.
    pub fn load(&self) -> String {
        if self.samples.is_empty() {
            return "–".into();
        }
        crate::stats::load_text(&self.samples.iter().collect::<Vec<_>>())
    }

    /// The row and its samples for `results.json`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "workload": self.workload,
            "sigillo": self.sigillo,
            "compared_with": self.compared,
            "result": self.result,
            "target": self.target,
            "verdict": self.verdict.word(),
            "contenders": self.samples.iter().map(Samples::json).collect::<Vec<_>>(),
        })
    }
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
        "| # | workload | Sigillo | compared with | result | target | verdict | machine load |\n|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            r.id,
            cell(&r.workload),
            cell(&r.sigillo),
            cell(&r.compared),
            cell(&r.result),
            cell(&r.target),
            r.verdict.text(),
            cell(&r.load())
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
                r.id.clone(),
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

/// The marks around one generated part of `docs/benchmarks.md`; what is outside them is kept.
pub struct Marks {
    begin: String,
    end: String,
}

impl Marks {
    /// The marks of the standard run, or of a `--scale` run (its own part of the file).
    pub fn for_scale(scale: Option<usize>) -> Marks {
        let what = match scale {
            Some(_) => "scripts/bench --scale",
            None => "scripts/bench",
        };
        Marks {
            begin: format!("<!-- {what}: generated from here -->"),
            end: format!("<!-- {what}: generated up to here -->"),
        }
    }
}

/// Puts `generated` between the marks in `existing` (appended when the marks are not there,
/// or a new document when there is none).
pub fn splice(existing: Option<&str>, generated: &str, marks: &Marks) -> String {
    let (begin, end) = (marks.begin.as_str(), marks.end.as_str());
    let block = format!("{begin}\n{generated}\n{end}");
    if let Some(doc) = existing {
        if let (Some(b), Some(e)) = (doc.find(begin), doc.find(end))
            && b < e
        {
            return format!("{}{block}{}", &doc[..b], &doc[e + end.len()..]);
        }
        return format!("{}\n{block}\n", doc.trim_end());
    }
    format!(
        "# Benchmarks\n\n`scripts/bench` measures Sigillo against the least work any correct \
         program must do and against `mbsync`; it rewrites the parts of this file between the \
         marks below, and keeps the rest.\n\n{block}\n"
    )
}
