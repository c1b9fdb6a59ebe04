//! Command-line definitions (clap derive). Parsing only: `main.rs` turns these into work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  `report --check`: the report on disk is out of date
  2  usage or config error (or the report could not be written)
  3  input error under --strict (an input file was skipped)

Examples:
  framelens report                               # config/framing.toml on its corpus, into reports/
  framelens report --config my.toml articles/    # another config, other articles
  framelens report --check                       # exit 1 when reports/ is stale
  framelens explain corpus/harbor-ledger-summit.txt
  framelens check --config my.toml";

/// Compare how news outlets frame the same story.
#[derive(Debug, Parser)]
#[command(name = "framelens", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each skipped input and each file written.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the report (HTML, Markdown, JSON, CSV) from the corpus.
    #[command(
        after_help = "Examples:\n  framelens report\n  framelens report --format html,json --out public/ articles/\n  framelens report --check"
    )]
    Report(ReportArgs),
    /// Score articles: one JSON line per article on stdout.
    #[command(after_help = "Examples:\n  framelens score corpus/ > scores.jsonl")]
    Score(ScoreArgs),
    /// Show every mention of one article in context.
    #[command(after_help = "Examples:\n  framelens explain corpus/harbor-ledger-summit.txt")]
    Explain(ExplainArgs),
    /// Print the text of articles as it is counted: headline, paragraphs (the lead marked),
    /// and what was removed and by which rule.
    #[command(
        after_help = "Examples:\n  framelens text saved-page.html\n  framelens text --json corpus/ > text.jsonl"
    )]
    Text(TextArgs),
    /// Validate a config and list overlapping and shadowed terms.
    #[command(
        after_help = "Examples:\n  framelens check --config config/framing.toml\n  framelens check --corpus        # also audit the lexicon on the corpus"
    )]
    Check(CheckArgs),
    /// Write a commented starter config and a sample article.
    #[command(after_help = "Examples:\n  framelens init my-study")]
    Init(InitArgs),
    /// Convert a dictionary (quanteda YAML, LIWC .dic, Lexicoder, WordStat .cat) into frames.
    #[command(
        after_help = "Writes [[frame]] tables (TOML) on stdout, and lists as comments every entry that\ncould not be converted (weights, proximity rules, inner wildcards).\n\nExamples:\n  framelens import moral-foundations.dic > frames.toml\n  framelens import --from wordstat topics.txt"
    )]
    Import(ImportArgs),
    /// Write the config's frames in another tool's format (quanteda YAML).
    #[command(after_help = "Examples:\n  framelens export --yaml > framing.yml")]
    Export(ExportArgs),
    /// Draw a coding sheet of mentions for human coders (CSV, and an HTML view beside it).
    #[command(
        after_help = "Examples:\n  framelens sample --n 200 --out coding.csv\n  framelens sample --n 200 --unmatched 100 --out coding/sheet.csv"
    )]
    Sample(SampleArgs),
    /// Compare coded sheets with the tool: precision, recall, stance agreement, coders' alpha.
    #[command(
        after_help = "Examples:\n  framelens validate coding.csv\n  framelens validate --json coder-a.csv coder-b.csv > validation.json"
    )]
    Validate(ValidateArgs),
    /// Suggest candidate terms for a frame, as a TOML snippet to review.
    #[command(
        after_help = "Examples:\n  framelens suggest alliance\n  framelens suggest alliance --min-count 5 --top 40"
    )]
    Suggest(SuggestArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  framelens completions bash > /etc/bash_completion.d/framelens\n  framelens completions zsh > ~/.zfunc/_framelens"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Examples:\n  framelens man > framelens.1 && man ./framelens.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The config file.
    #[arg(
        long,
        short,
        default_value = "config/framing.toml",
        value_name = "FILE"
    )]
    pub config: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// The folder the report files go to.
    #[arg(long, short, default_value = "reports", value_name = "DIR")]
    pub out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, short, value_delimiter = ',', default_value = "html,md,json,csv", value_parser = ["html", "md", "json", "csv"])]
    pub format: Vec<String>,
    /// Write nothing; exit 1 when the files on disk differ from what this run would write.
    #[arg(long)]
    pub check: bool,
    /// Any skipped input is an error (exit 3).
    #[arg(long)]
    pub strict: bool,
    /// When another run is writing to the same --out folder, wait for it to end (without:
    /// exit 2 at once).
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Build the report from the output of `framelens score` (one or more shards) instead of
    /// reading articles.
    #[arg(long, num_args = 1.., value_name = "FILE", conflicts_with_all = ["paths", "input_format", "keep_boilerplate"])]
    pub scores: Vec<PathBuf>,
    /// Files and folders to read instead of the config's [corpus].paths.
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dictionary file.
    pub file: PathBuf,
    /// Its format (default: by extension: .yml/.yaml, .dic, .lcd/.lc3, .cat).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<DictionaryFormat>,
}

/// `import --from`: the dictionary formats framelens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DictionaryFormat {
    /// quanteda YAML.
    Yaml,
    /// LIWC .dic.
    Liwc,
    /// Lexicoder .lcd / .lc3.
    Lexicoder,
    /// WordStat .cat.
    Wordstat,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Write a quanteda YAML dictionary on stdout (the one format for now).
    #[arg(long, required = true)]
    pub yaml: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Also run the lexicon on the corpus and audit it: hits per term, the words each stem
    /// matched, terms with no hits, exclusions that never fired.
    #[arg(long)]
    pub corpus: bool,
    /// Files and folders to audit on instead of the config's [corpus].paths (with --corpus).
    #[arg(requires = "corpus")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Files and folders to read instead of the config's [corpus].paths.
    pub paths: Vec<PathBuf>,
}

/// `--input-format`: the formats framelens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Txt,
    Md,
    Html,
    Csv,
    Tsv,
    Jsonl,
}

impl From<InputFormat> for crate::ingest::Format {
    fn from(f: InputFormat) -> Self {
        use crate::ingest::Format;
        match f {
            InputFormat::Txt => Format::Text,
            InputFormat::Md => Format::Markdown,
            InputFormat::Html => Format::Html,
            InputFormat::Csv => Format::Csv,
            InputFormat::Tsv => Format::Tsv,
            InputFormat::Jsonl => Format::JsonLines,
        }
    }
}

/// How `report` and `score` read and score their inputs.
#[derive(Debug, Args)]
pub struct ReadingArgs {
    /// Read every input as this format, whatever its extension (default: by extension).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Cut no boilerplate: no outlet markers and no [cleaning] rule.
    #[arg(long)]
    pub keep_boilerplate: bool,
    /// Threads to score on (0: one per core). The output is the same for any count.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,
}

impl ReadingArgs {
    /// The library's run options.
    pub fn run_options(&self) -> crate::run::RunOptions {
        crate::run::RunOptions {
            format: self.input_format.map(Into::into),
            keep_boilerplate: self.keep_boilerplate,
            output: None,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// The article to explain.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Mentions to draw, stratified by outlet × frame.
    #[arg(long, value_name = "N")]
    pub n: usize,
    /// Also draw this many sentences with no mention (coders mark the frames they see: recall).
    #[arg(long, default_value_t = 0, value_name = "M")]
    pub unmatched: usize,
    /// The CSV to write; the HTML view goes beside it (`.html`).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace the files when they exist (a sheet may hold a coder's work).
    #[arg(long)]
    pub force: bool,
    /// Files and folders to sample from instead of the config's [corpus].paths.
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// One JSON object per article and line, with byte offsets into the file.
    #[arg(long)]
    pub json: bool,
    /// Read every input as this format, whatever its extension (default: by extension).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// The articles (files or folders).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Write the numbers as JSON (`framelens/validation@1`).
    #[arg(long)]
    pub json: bool,
    /// Files and folders to join against instead of the config's [corpus].paths (those a
    /// sheet was sampled from).
    #[arg(long = "corpus", value_name = "PATH", num_args = 1..)]
    pub corpus: Vec<PathBuf>,
    /// Coded sheets (CSV, as `framelens sample` wrote them, filled in).
    #[arg(required = true, value_name = "CODED.csv")]
    pub coded: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// The frame's id.
    pub frame: String,
    /// Times a candidate must occur in the frame's sentences.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub min_count: u64,
    /// Candidates listed per part.
    #[arg(long, default_value_t = 25, value_name = "N")]
    pub top: usize,
    /// Files and folders to read instead of the config's [corpus].paths.
    #[arg(long = "corpus", value_name = "PATH", num_args = 1..)]
    pub corpus: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write into.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
