//! Commands that talk to Cartesia (or the practice sandbox): batches, calls, agents, numbers.
//!
//! They exist for scripting and for testing the client end to end as a person would run it.
//! The address comes from `--base-url` or `CARTESIA_BASE_URL`; the key only from the
//! `CARTESIA_API_KEY` environment variable — never from the command line, where other users
//! of the computer and the shell history could read it. (The desktop app keeps its key in the
//! system keyring; this command does not read that entry.)

use crate::out::{self, clean, Failure};
use cartesia::chrono::{DateTime, Utc};
use cartesia::{
    ApiKey, BatchStatus, Call, CallBatch, Client, ClientConfig, CreateBatchRequest, NewRecipient,
    MAX_RECIPIENTS_PER_BATCH,
};
use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// The environment variable holding the key.
const KEY_VAR: &str = "CARTESIA_API_KEY";

#[derive(Debug, Subcommand)]
pub(crate) enum RemoteCommand {
    /// Start, list, inspect, retry or cancel call batches (the parts of a campaign).
    Batches(BatchesArgs),
    /// Look at one call: outcome, length, summary and transcript.
    Calls(CallsArgs),
    /// List the account's agents.
    Agents(AgentsArgs),
    /// List the account's phone numbers.
    Numbers(NumbersArgs),
}

/// Where Cartesia is.
#[derive(Debug, Args)]
pub struct Connection {
    /// Cartesia's address (for the practice sandbox: http://127.0.0.1:8787). The key is read
    /// from the CARTESIA_API_KEY environment variable only.
    #[arg(
        long,
        global = true,
        env = "CARTESIA_BASE_URL",
        default_value = cartesia::DEFAULT_BASE_URL,
        value_name = "URL"
    )]
    pub base_url: String,
}

#[derive(Debug, Args)]
pub(crate) struct BatchesArgs {
    #[command(flatten)]
    conn: Connection,
    #[command(subcommand)]
    cmd: BatchesCommand,
}

#[derive(Debug, Subcommand)]
enum BatchesCommand {
    /// Start calling a list: a JSON array of recipients, or a spreadsheet (CSV, TSV, XLSX, XLS,
    /// ODS) read as `batchline import` reads it. More than 5,000 recipients become several
    /// parts named "NAME (part 1 of 3)", "NAME (part 2 of 3)"… (`batchline campaign launch`
    /// does the same with Batchline's records and its exactly-once launch).
    Create(CreateArgs),
    /// List the batches of the account, newest first.
    List {
        /// Only the batches of this agent.
        #[arg(long, value_name = "ID")]
        agent: Option<String>,
        /// Print Cartesia's batch objects as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one batch and how its recipients are doing.
    Get {
        id: String,
        /// Print Cartesia's batch object (with every recipient) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Call again the recipients whose latest call failed or went unanswered.
    Retry { id: String },
    /// Stop a batch: queued calls are not made; calls already under way finish.
    Cancel { id: String },
}

#[derive(Debug, Args)]
struct CreateArgs {
    /// Name shown in Cartesia and in Batchline.
    #[arg(long)]
    name: String,
    /// The agent that makes the calls.
    #[arg(long, value_name = "ID")]
    agent: String,
    /// The phone number id to call from.
    #[arg(long = "from", value_name = "ID")]
    from: String,
    /// The list: a .json array of {"to_number", "metadata"} (or of numbers), or a spreadsheet.
    #[arg(long, value_name = "FILE")]
    recipients: PathBuf,
    /// Country for spreadsheet numbers written without +, as a two-letter code.
    #[arg(long, default_value = "US", value_name = "CC")]
    country: String,
    /// Most calls of each part in progress at once (default: Cartesia's, half the plan's limit).
    #[arg(long, value_name = "N")]
    concurrency: Option<u32>,
    /// Start at this time instead of now, e.g. 2026-03-02T09:00:00-05:00.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// Print Cartesia's batch objects (a JSON array, one per part).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CallsArgs {
    #[command(flatten)]
    conn: Connection,
    #[command(subcommand)]
    cmd: CallsCommand,
}

#[derive(Debug, Subcommand)]
enum CallsCommand {
    /// Show one call.
    Get {
        id: String,
        /// Print Cartesia's call object as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub(crate) struct AgentsArgs {
    #[command(flatten)]
    conn: Connection,
    #[command(subcommand)]
    cmd: ListCommand,
}

#[derive(Debug, Args)]
pub(crate) struct NumbersArgs {
    #[command(flatten)]
    conn: Connection,
    #[command(subcommand)]
    cmd: ListCommand,
}

#[derive(Debug, Subcommand)]
enum ListCommand {
    /// List them.
    List {
        /// Print Cartesia's objects as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn run(cmd: RemoteCommand) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("Could not start: {e}"))?;
    runtime.block_on(async move {
        match cmd {
            RemoteCommand::Batches(a) => {
                let client = connect(&a.conn)?;
                batches(&client, a.cmd).await
            }
            RemoteCommand::Calls(a) => {
                let client = connect(&a.conn)?;
                match a.cmd {
                    CallsCommand::Get { id, json } => {
                        let call = client.get_call(&id).await.map_err(say)?;
                        if json {
                            print_json(&call)
                        } else {
                            Ok(out::text(&describe_call(&call))?)
                        }
                    }
                }
            }
            RemoteCommand::Agents(a) => {
                let client = connect(&a.conn)?;
                let ListCommand::List { json } = a.cmd;
                let agents = client.list_agents().await.map_err(say)?;
                if json {
                    return print_json(&agents);
                }
                if agents.is_empty() {
                    out::line("The account has no agents yet. Create one in Cartesia first.")?;
                }
                for a in &agents {
                    let numbers: Vec<_> =
                        a.phone_numbers.iter().map(|n| clean(&n.number)).collect();
                    let numbers = if numbers.is_empty() {
                        "no phone number".to_string()
                    } else {
                        numbers.join(", ")
                    };
                    out::line(&format!(
                        "{}  {}  ({numbers})",
                        clean(&a.id),
                        clean(&a.name)
                    ))?;
                }
                Ok(())
            }
            RemoteCommand::Numbers(a) => {
                let client = connect(&a.conn)?;
                let ListCommand::List { json } = a.cmd;
                let numbers = client.list_all_phone_numbers().await.map_err(say)?;
                if json {
                    return print_json(&numbers);
                }
                for n in &numbers {
                    let agent = n
                        .agent
                        .as_ref()
                        .map(|a| a.name.clone().unwrap_or_else(|| a.id.clone()))
                        .unwrap_or_else(|| "no agent".into());
                    let provider = n.provider.as_ref().map(|p| p.kind.as_str()).unwrap_or("");
                    out::line(&format!(
                        "{}  {}  {}  {}  {}",
                        clean(&n.id),
                        clean(&n.number),
                        clean(n.label.as_deref().unwrap_or("")),
                        clean(&agent),
                        clean(provider)
                    ))?;
                }
                Ok(())
            }
        }
    })
}

fn connect(conn: &Connection) -> Result<Client, String> {
    client(conn, key_from_env()?)
}

/// The key, from the environment only.
pub(crate) fn key_from_env() -> Result<ApiKey, String> {
    let key = ApiKey::new(std::env::var(KEY_VAR).unwrap_or_default());
    if key.is_empty() {
        return Err(format!(
            "No Cartesia API key: set the {KEY_VAR} environment variable (keys are never \
             taken from the command line). To practise, run `batchline sandbox` and use the key \
             it prints."
        ));
    }
    Ok(key)
}

/// A client for Cartesia at the connection's address.
pub(crate) fn client(conn: &Connection, key: ApiKey) -> Result<Client, String> {
    Client::new(ClientConfig::new(conn.base_url.clone(), key)).map_err(say)
}

/// The client's message, with "Settings" (the app's word) turned into what a CLI user changes.
pub(crate) fn say(e: cartesia::Error) -> String {
    if e.is_unauthorized() {
        return format!(
            "Cartesia did not accept the key in {KEY_VAR}: it is wrong or has been revoked. \
             Check it, or create a new one in your Cartesia account."
        );
    }
    e.user_message()
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| format!("Could not write the answer as JSON: {e}"))?;
    Ok(out::json(&text)?)
}

async fn batches(client: &Client, cmd: BatchesCommand) -> Result<(), Failure> {
    match cmd {
        BatchesCommand::Create(args) => create(client, args).await,
        BatchesCommand::List { agent, json } => {
            let list = client
                .list_all_batches(agent.as_deref())
                .await
                .map_err(say)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                out::line("No batches yet.")?;
            }
            for b in &list {
                out::line(&one_line(b))?;
            }
            Ok(())
        }
        BatchesCommand::Get { id, json } => {
            let b = client.get_batch(&id).await.map_err(say)?;
            if json {
                return print_json(&b);
            }
            Ok(out::text(&describe_batch(&b))?)
        }
        BatchesCommand::Retry { id } => {
            let b = client.retry_batch(&id).await.map_err(say)?;
            out::line(&format!(
                "\"{}\": the failed and unanswered calls are queued again (retry {}).",
                clean(&b.name),
                b.retry_count
            ))?;
            Ok(())
        }
        BatchesCommand::Cancel { id } => {
            let b = client.cancel_batch(&id).await.map_err(say)?;
            let left = b
                .total_calls_scheduled
                .saturating_sub(b.total_calls_dispatched);
            out::line(&format!(
                "\"{}\" is cancelled: {left} calls that had not started will not be made; calls \
                 already under way finish.",
                clean(&b.name)
            ))?;
            Ok(())
        }
    }
}

async fn create(client: &Client, args: CreateArgs) -> Result<(), Failure> {
    let scheduled_at = match &args.at {
        Some(text) => Some(
            DateTime::parse_from_rfc3339(text.trim())
                .map_err(|_| {
                    format!(
                        "--at \"{text}\" is not a date and time with its zone, e.g. \
                         2026-03-02T09:00:00-05:00."
                    )
                })?
                .with_timezone(&Utc),
        ),
        None => None,
    };
    if args.concurrency == Some(0) {
        return Err("--concurrency must be at least 1.".into());
    }
    let list = read_recipients(&args.recipients, &args.country)?;
    if list.is_empty() {
        return Err(format!("{} holds no recipients to call.", args.recipients.display()).into());
    }
    let parts: Vec<&[NewRecipient]> = list.chunks(MAX_RECIPIENTS_PER_BATCH).collect();
    let total = parts.len();
    let mut created: Vec<CallBatch> = Vec::with_capacity(total);
    let mut known = HashSet::new();
    for (i, part) in parts.iter().enumerate() {
        let name = campaign::plan::part_name(&args.name, i, total);
        let mut req = CreateBatchRequest::new(&name, &args.agent, &args.from, part.to_vec());
        req.target_concurrency_limit = args.concurrency;
        req.scheduled_at = scheduled_at;
        match client
            .create_batch_exactly_once_excluding(&req, &known)
            .await
        {
            Ok(outcome) => {
                let b = outcome.into_batch();
                known.insert(b.id.clone());
                if !args.json {
                    out::line(&format!(
                        "Started \"{}\": {} recipients, {}.  id {}",
                        clean(&b.name),
                        b.total_calls_scheduled,
                        status_words(&b),
                        clean(&b.id)
                    ))?;
                }
                created.push(b);
            }
            Err(e) => {
                if args.json && !created.is_empty() {
                    print_json(&created)?;
                }
                let done = if created.is_empty() {
                    String::new()
                } else {
                    let ids: Vec<&str> = created.iter().map(|b| b.id.as_str()).collect();
                    format!(
                        "{} of {total} parts were started ({}). ",
                        created.len(),
                        ids.join(", ")
                    )
                };
                return Err(format!(
                    "{done}Part \"{}\" was not started: {}",
                    clean(&name),
                    say(e)
                )
                .into());
            }
        }
    }
    if args.json {
        print_json(&created)?;
    }
    Ok(())
}

/// A JSON array (of objects or of numbers), or any spreadsheet `recipients` reads.
fn read_recipients(path: &Path, country: &str) -> Result<Vec<NewRecipient>, String> {
    let bytes = crate::import::read(path)?;
    let is_json = path
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        || bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'[');
    if is_json {
        return json_recipients(&bytes, path);
    }
    let args = crate::import::ReadArgs {
        file: path.to_path_buf(),
        country: country.to_owned(),
        phone_column: None,
        no_header: false,
        sheet: None,
        suppress: None,
    };
    let list = crate::import::list_from(&args, bytes)?;
    list.note_left_out(path);
    Ok(list
        .report
        .recipients
        .iter()
        .map(campaign::new_recipient)
        .collect())
}

fn json_recipients(bytes: &[u8], path: &Path) -> Result<Vec<NewRecipient>, String> {
    let bad = |why: String| format!("{} is not a list of recipients: {why}", path.display());
    let items: Vec<Value> = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::String(n) => Ok(NewRecipient {
                to_number: n,
                metadata: None,
            }),
            Value::Object(mut o) => {
                let to_number = match o.remove("to_number") {
                    Some(Value::String(n)) => n,
                    _ => {
                        return Err(bad(format!(
                            "item {} has no \"to_number\" phone number.",
                            i + 1
                        )))
                    }
                };
                let metadata = match o.remove("metadata") {
                    Some(Value::Object(m)) => Some(m),
                    None | Some(Value::Null) => None,
                    Some(_) => {
                        return Err(bad(format!(
                            "the \"metadata\" of item {} is not an object.",
                            i + 1
                        )))
                    }
                };
                Ok(NewRecipient {
                    to_number,
                    metadata,
                })
            }
            _ => Err(bad(format!(
                "item {} is neither a phone number nor an object.",
                i + 1
            ))),
        })
        .collect()
}

fn status_words(b: &CallBatch) -> String {
    match &b.status {
        BatchStatus::Pending => match b.scheduled_at {
            Some(at) if b.admitted_at.is_none() => format!("scheduled for {}", time(at)),
            _ => "waiting to start".into(),
        },
        BatchStatus::InProgress => "calling".into(),
        BatchStatus::Completed if b.is_done() => "finished".into(),
        BatchStatus::Completed => "all calls placed, some still under way".into(),
        BatchStatus::Failed => "failed: no call could be placed".into(),
        BatchStatus::Cancelled => "cancelled".into(),
        BatchStatus::Unknown(s) => format!("status \"{}\"", clean(s)),
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn one_line(b: &CallBatch) -> String {
    format!(
        "{}  {}  {}  {}/{} called, {} finished{}",
        clean(&b.id),
        clean(&b.name),
        status_words(b),
        b.total_calls_dispatched,
        b.total_calls_scheduled,
        b.total_calls_finished,
        b.created_at
            .map(|t| format!(", created {}", time(t)))
            .unwrap_or_default()
    )
}

fn describe_batch(b: &CallBatch) -> String {
    let mut out = format!("{}\n", one_line(b));
    if b.retry_count > 0 {
        out.push_str(&format!("Retried {} times.\n", b.retry_count));
    }
    if let Some(rs) = &b.recipients {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        for r in rs {
            let key = match &r.end_reason {
                Some(reason) => format!("{} ({})", r.status, clean(&reason.to_string())),
                None => r.status.to_string(),
            };
            let key = clean(&key).into_owned();
            *by.entry(key).or_default() += 1;
        }
        for (what, n) in by {
            out.push_str(&format!("  {n:>6}  {what}\n"));
        }
    }
    out
}

fn describe_call(c: &Call) -> String {
    let mut out = format!("Call {}: {}", clean(&c.id), clean(&c.status.to_string()));
    if let Some(r) = &c.end_reason {
        out.push_str(&format!(", ended by {}", clean(&r.to_string())));
    }
    if let Some(d) = c.duration() {
        out.push_str(&format!(
            ", {} min {:02} s",
            d.num_minutes(),
            d.num_seconds() % 60
        ));
    }
    out.push('\n');
    if let Some(t) = &c.telephony_params {
        out.push_str(&format!(
            "To {} from {}\n",
            clean(t.to.as_deref().unwrap_or("?")),
            clean(t.from.as_deref().unwrap_or("?"))
        ));
    }
    if let Some(e) = &c.error_message {
        out.push_str(&format!("Problem: {}\n", clean(e)));
    }
    if let Some(s) = &c.summary {
        out.push_str(&format!("Summary: {}\n", clean(s)));
    }
    if c.zdr_enabled {
        out.push_str("No transcript: this agent keeps no call data.\n");
    }
    for turn in &c.transcript {
        out.push_str(&format!(
            "  {}: {}\n",
            clean(&turn.role.to_string()),
            clean(&turn.text)
        ));
    }
    out
}
