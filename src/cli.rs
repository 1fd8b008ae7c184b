//! What the user typed: clap derive types only. Turned into a `Config` by `config.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn survey exports into evidence about how engineering teams develop.
#[derive(Debug, Parser)]
#[command(
    name = "leadpulse",
    version,
    about,
    long_about = None,
    after_help = "Example:\n  leadpulse report --project sample-data/leadpulse.toml\n\n\
        See `leadpulse <COMMAND> --help` for each command's options and exit codes."
)]
pub struct Cli {
    /// Print nothing on stderr but errors: no progress, warnings or summaries.
    #[arg(short, long, global = true, display_order = 900)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check survey data against a schema and list every problem.
    #[command(
        after_help = "Example:\n  leadpulse validate --schema schemas/team-health.toml sample-data/responses/*.csv\n  \
        leadpulse validate --project sample-data/leadpulse.toml\n\n\
        Exit codes: 0 clean, 1 data problems found, 2 usage or schema error, 3 file could not be read."
    )]
    Validate(ValidateArgs),
    /// Validate, compute every metric and write the report folder.
    #[command(
        after_help = "Example:\n  leadpulse report --project sample-data/leadpulse.toml\n  \
        leadpulse report --schema schemas/team-health.toml --out reports/q3 data/*.csv\n\n\
        Flags override the project file. Exit codes: 0 written, 1 data problems (nothing written),\n\
        2 usage or schema error, 3 file could not be read or written."
    )]
    Report(ReportArgs),
    /// Show what a survey export holds: tool layout, encoding, columns and their types.
    #[command(
        after_help = "Example:\n  leadpulse inspect exports/pulse-q3.csv\n  leadpulse inspect --format json exports/pulse-q3.xlsx\n\n\
        Exit codes: 0 read, 1 the file is not a readable survey export, 3 file could not be read."
    )]
    Inspect(InspectArgs),
    /// Work with instrument schemas.
    #[command(
        subcommand,
        after_help = "Example:\n  leadpulse schema init --from exports/pulse-q3.csv --out schemas/pulse.toml"
    )]
    Schema(SchemaCommand),
    /// Write a realistic, seeded sample organisation (or a large one for benchmarks).
    #[command(
        after_help = "Example:\n  leadpulse generate --out sample-data --seed 9\n  \
        leadpulse generate --out bench-data --teams 200 --respondents 651 --all-respond --numeric --no-xlsx"
    )]
    Generate(GenerateArgs),
    /// Print a shell completion script on stdout.
    #[command(
        after_help = "Example:\n  leadpulse completions bash > ~/.local/share/bash-completion/completions/leadpulse\n  \
        leadpulse completions zsh > ~/.zfunc/_leadpulse\n  \
        leadpulse completions fish > ~/.config/fish/completions/leadpulse.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout.
    #[command(after_help = "Example:\n  leadpulse man > leadpulse.1 && man ./leadpulse.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The export to look at (CSV, TSV, XLSX, XLS, ODS).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Human-readable text or JSON on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Workbook sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Draft a schema for an export, every guess marked for you to confirm.
    #[command(
        after_help = "Example:\n  leadpulse schema init --from exports/pulse-q3.csv --out schemas/pulse.toml\n  \
        leadpulse validate --schema schemas/pulse.toml exports/pulse-q3.csv\n\n\
        Exit codes: 0 written, 1 the file is not a readable survey export, 2 unknown instrument,\n\
        3 file could not be read or written."
    )]
    Init(SchemaInitArgs),
}

#[derive(Debug, Args)]
pub struct SchemaInitArgs {
    /// The export to draft a schema for.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Instrument to match columns to: a shipped name (team-health) or a schema file.
    #[arg(long, default_value = "team-health", value_name = "NAME")]
    pub instrument: String,
    /// Quarter to use when the file has no date or quarter column (default: today's).
    #[arg(long, value_name = "QUARTER")]
    pub quarter: Option<String>,
    /// Write the draft here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Workbook sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Project file: check its survey data and its side files (interventions, adoption
    /// logs, milestone checklists) as `report` would.
    #[arg(long, value_name = "FILE", required_unless_present = "schema")]
    pub project: Option<PathBuf>,
    /// Instrument schema (TOML), e.g. schemas/team-health.toml.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// How to print the problems on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Workbook sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Data files (CSV, TSV, XLSX, XLS, ODS) or folders of them.
    #[arg(required_unless_present = "project", value_name = "DATA")]
    pub data: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Project file naming schema, data, output folder and options (leadpulse.toml).
    #[arg(long, value_name = "FILE")]
    pub project: Option<PathBuf>,
    /// Instrument schema (TOML); overrides the project file.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Report folder to write; overrides the project file. An earlier report there is
    /// replaced; a folder holding other files is refused (see --into-existing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write the report's files into an existing folder that is not a report, adding or
    /// replacing only files with the report's names; nothing else there is deleted.
    #[arg(long)]
    pub into_existing: bool,
    /// Smallest group shown in any output (at least 3; default 5).
    #[arg(long, value_name = "N")]
    pub min_group_size: Option<u32>,
    /// Smallest unit whose free-text comments are shown (default 10; never below the
    /// minimum group size).
    #[arg(long, value_name = "N")]
    pub min_comment_group: Option<u32>,
    /// Skip rows with problems (they are counted in the report) instead of refusing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Workbook sheet to read in every workbook; overrides the project file (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The date adoption logs kept as milestone dates are censored at: a blank milestone
    /// is not reached by then (default: the latest date in each such file).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    /// Report on one unit's subtree only (a roll-up or a team): units above and beside
    /// it are left out, and privacy is still decided over the whole organisation.
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
    /// Publish the quarters an earlier report in the report folder published again with
    /// the current structure and settings (a restated history), where their responses
    /// are unchanged and the old and new figures together single out nobody; the others
    /// stay as published.
    #[arg(long)]
    pub restate: bool,

    /// Data files or folders; replace the project file's list when given.
    #[arg(value_name = "DATA")]
    pub data: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Folder to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Random seed; the same seed gives the same files.
    #[arg(long, default_value_t = 9)]
    pub seed: u64,
    /// Number of teams.
    #[arg(long, default_value_t = 11)]
    pub teams: usize,
    /// Number of groups (departments) the teams are spread over.
    #[arg(long, default_value_t = 3)]
    pub groups: usize,
    /// Number of quarters, ending with 2026-Q3.
    #[arg(long, default_value_t = 8)]
    pub quarters: usize,
    /// Typical respondents per team per quarter (small teams get fewer).
    #[arg(long, default_value_t = 9)]
    pub respondents: usize,
    /// Write answers as numbers 1-5 instead of text labels (as numeric exports do).
    #[arg(long)]
    pub numeric: bool,
    /// Write every quarter as CSV (by default the latest quarter is an .xlsx workbook).
    #[arg(long)]
    pub no_xlsx: bool,
    /// Every team member answers every quarter (for benchmarks of an exact size).
    #[arg(long)]
    pub all_respond: bool,
    /// Instead of the sample organisation's files, write its responses as one survey
    /// tool's single export (every quarter in one file, `export.csv`) with the schema
    /// that reads it (`team-health.toml`): the shapes the benchmarks compare on.
    #[arg(long, value_enum, value_name = "TOOL")]
    pub export: Option<crate::generate::ExportShape>,
}
