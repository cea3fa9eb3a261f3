use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// 三办 — 办公室工作平台（办文、办会、办事、督查督办）
#[derive(Parser, Debug)]
#[command(name = "sanban", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// Configuration file (default: ./sanban.toml if present)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// sqlite://… or postgres://… (default: SQLite under the data directory)
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Where the embedded database and files live
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// text or json
    #[arg(long, global = true, value_name = "FORMAT")]
    pub log_format: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the web application and API (the default)
    Serve(ServeArgs),
    /// Create or update the database schema, then exit
    Migrate,
    /// Print the effective configuration (secrets masked)
    Config,
    /// Accounts: create users, reset passwords, list roles
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Load the demo organisation into an empty database and print its sign-ins
    Demo,
    /// Check 公文 drafts (.txt, .md, .docx; - for stdin) against GB/T 9704-2012 and the 条例
    Check(CheckArgs),
    /// Lay a text draft out as a GB/T 9704-2012 .docx or PDF
    Render(RenderArgs),
    /// Back up the SQLite database and every attachment into one archive, while serving
    Backup {
        /// The archive to write (default: sanban-backup-<date>-<time>.zip here)
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Copy this SQLite installation into an empty PostgreSQL database, checking counts and the
    /// audit chain; attachments move into the configured store when it is not the local directory
    MigrateTo {
        /// postgres://user:password@host/database
        url: String,
    },
    /// Restore an archive from `backup` into an empty data directory, checking every checksum
    Restore {
        /// The archive `sanban backup` wrote
        archive: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The text draft
    pub file: PathBuf,
    /// Output format
    #[arg(long, default_value = "docx", value_parser = ["docx", "pdf"])]
    pub to: String,
    /// Output file (default: the draft's name with .docx or .pdf)
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// PDF: a directory of licensed fonts (仿宋_GB2312, 方正小标宋简体 …), searched before the system fonts
    #[arg(long, value_name = "DIR")]
    pub fonts: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check
    pub files: Vec<String>,
    /// text (like a compiler) or json
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Write the certain fixes back into text drafts (stdin: print the fixed text)
    #[arg(long)]
    pub fix: bool,
    /// .docx: also lay the file out with LibreOffice (soffice) and measure the pages
    /// (separator distance, body on page 1, 版记 at the bottom of the last page, page numbers)
    #[arg(long)]
    pub layout: bool,
}

#[derive(Args, Debug, Default)]
pub struct ServeArgs {
    /// Address to listen on, e.g. 0.0.0.0:8080
    #[arg(long)]
    pub bind: Option<String>,
    /// Do not load the demo organisation into a new database
    #[arg(long)]
    pub no_demo: bool,
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create a person with a sign-in
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// Role code or Chinese name; repeat for several (see `admin list-roles`)
        #[arg(long = "role")]
        roles: Vec<String>,
        /// Initial password (default: a random one, printed once)
        #[arg(long)]
        password: Option<String>,
    },
    /// Set a new password for an account (random unless given); all its sessions end
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: Option<String>,
    },
    /// List the roles and what each permits
    ListRoles,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the hash chain; exit 1 and name the first altered or removed row if broken
    Verify,
}
