//! `leadpulse generate`: write a seeded sample organisation.

use crate::cli::GenerateArgs;
use crate::error::{Error, ExitCode, Result};
use crate::generate::{generate, write_export, write_organisation, Spec};
use crate::schema::Schema;

/// The team-health schema the generator answers, compiled in so `generate` works anywhere.
const TEAM_HEALTH: &str = include_str!("../../schemas/team-health.toml");

pub fn run(args: GenerateArgs, talk: super::Talk) -> Result<ExitCode> {
    if args.teams == 0 || args.quarters == 0 || args.respondents == 0 || args.groups == 0 {
        return Err(Error::Usage(
            "--teams, --groups, --quarters and --respondents must be at least 1".into(),
        ));
    }
    let schema = Schema::parse(TEAM_HEALTH).map_err(|problems| Error::Schema {
        path: "schemas/team-health.toml".into(),
        problems,
    })?;
    let spec = Spec {
        seed: args.seed,
        teams: args.teams,
        groups: args.groups,
        quarters: args.quarters,
        respondents: args.respondents,
        numeric: args.numeric,
        xlsx_latest: !args.no_xlsx,
        all_respond: args.all_respond,
    };
    let org = generate(&spec, &schema);
    let files = match args.export {
        Some(shape) => write_export(&org, &schema, TEAM_HEALTH, shape, &args.out)?,
        None => write_organisation(&org, &schema, &spec, &args.out)?,
    };
    let responses: usize = org.responses.iter().map(Vec::len).sum();
    talk.say(format_args!(
        "wrote {} file(s) to {}: {} teams, {} quarters, {} responses",
        files.len(),
        args.out.display(),
        org.teams.len(),
        org.quarters.len(),
        responses
    ));
    Ok(ExitCode::Ok)
}
