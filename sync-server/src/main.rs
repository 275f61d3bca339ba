//! The `onsite-sync-server` command: `serve` runs the server; `user`,
//! `device` and `doc` administer its store (run them on the server
//! machine; they open the same SQLite file, which WAL mode allows while the
//! server runs, or connect to the same PostgreSQL database with
//! `--database postgres://…`); `backup` copies the SQLite database while the
//! server runs, and `restore` puts a backup into a new data directory; on
//! PostgreSQL, pg_dump / pg_restore and then `epoch rotate`
//! (docs/operations.md).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use onsite_core::clock::SystemClock;
use onsite_sync_server::{admin, redact, run, AppState, Database};

#[derive(Parser)]
#[command(
    name = "onsite-sync-server",
    version,
    about = "Onsite sync server and its administration"
)]
struct Cli {
    /// The data directory (holds onsite-server.db, the SQLite store used
    /// unless --database names a PostgreSQL database).
    #[arg(long, global = true, default_value = "data")]
    data: PathBuf,
    /// Keep the data in PostgreSQL instead of the SQLite file in --data:
    /// postgres://USER[:PASSWORD]@HOST[:PORT]/DB. Several server instances
    /// may serve one database (docs/operations.md).
    #[arg(long, global = true, env = "ONSITE_DATABASE", value_name = "URL")]
    database: Option<String>,
    /// With --database: the PostgreSQL schema holding the store (created
    /// when missing; default: the connection's search path, usually public).
    #[arg(
        long,
        global = true,
        env = "ONSITE_DATABASE_SCHEMA",
        requires = "database"
    )]
    schema: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server until SIGTERM or Ctrl-C.
    Serve {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8787")]
        addr: SocketAddr,
    },
    /// Users.
    #[command(subcommand)]
    User(UserCmd),
    /// Devices.
    #[command(subcommand)]
    Device(DeviceCmd),
    /// Documents.
    #[command(subcommand)]
    Doc(DocCmd),
    /// Copy the SQLite database to a new file, safely while the server runs
    /// (on PostgreSQL: pg_dump).
    Backup {
        /// The backup file to write (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into the data directory, which must be new or empty
    /// (SQLite; on PostgreSQL: pg_restore, then `epoch rotate`).
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
    },
    /// The store's epoch, which devices' cursors belong to.
    #[command(subcommand)]
    Epoch(EpochCmd),
}

#[derive(Subcommand)]
enum EpochCmd {
    /// Start a new epoch (PostgreSQL, after pg_restore): every device's
    /// cursor starts over at its next sync, so none misses a change the
    /// restored database numbers again.
    Rotate,
}

#[derive(Subcommand)]
enum UserCmd {
    /// Add a user.
    Add {
        /// The user name documents use, e.g. yangjinwei.
        name: String,
        /// engineer, office, storekeeper or expert (技术专家).
        #[arg(long)]
        role: String,
        /// A display name, e.g. 杨金伟.
        #[arg(long)]
        display: Option<String>,
    },
    /// List users with their devices and when each last synced.
    List,
    /// Disable a user: every device of theirs is refused (401) from now on.
    Disable {
        /// The user name.
        name: String,
    },
    /// Enable a disabled user again.
    Enable {
        /// The user name.
        name: String,
    },
    /// Change a user's role.
    Role {
        /// The user name.
        name: String,
        /// engineer, office, storekeeper or expert.
        role: String,
    },
}

#[derive(Subcommand)]
enum DeviceCmd {
    /// Enrol a device for a user; prints its token once.
    Enroll {
        /// The user name.
        user: String,
        /// A label, e.g. "Yang's phone".
        #[arg(long)]
        label: Option<String>,
    },
    /// Revoke a device (lost or retired).
    Revoke {
        /// The device id (see `device list`).
        device_id: i64,
    },
    /// List devices.
    List,
}

#[derive(Subcommand)]
enum DocCmd {
    /// List stored documents.
    List {
        /// Only this kind: wo, pickup, part, cust, contract, complaint, complaint_report, settings.
        #[arg(long)]
        kind: Option<String>,
    },
    /// Print a document as JSON.
    Show {
        /// The document id, e.g. wo:01JD….
        id: String,
    },
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = real_main(cli) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn real_main(cli: Cli) -> anyhow::Result<()> {
    let open = || -> anyhow::Result<Database> {
        let database = cli.database.as_deref();
        Database::open(database, cli.schema.as_deref(), &cli.data).with_context(|| match database {
            Some(url) if Database::is_postgres_url(url) => {
                format!("cannot open the PostgreSQL database {}", redact(url))
            }
            Some(_) => "--database (or ONSITE_DATABASE) is not usable".to_string(),
            None => format!("cannot open the data directory {}", cli.data.display()),
        })
    };
    let sqlite_only = |what: &str, instead: &str| -> anyhow::Result<()> {
        match cli.database.as_deref() {
            Some(_) => anyhow::bail!(
                "`{what}` works on the SQLite file of a data directory, but the store is in \
                 PostgreSQL (--database): {instead} (docs/operations.md)"
            ),
            None => Ok(()),
        }
    };
    let clock = SystemClock;
    match cli.command {
        Command::Serve { addr } => serve(open()?, addr),
        Command::Epoch(EpochCmd::Rotate) => match cli.database.as_ref().map(|_| open()) {
            Some(Ok(Database::Postgres(pg))) => {
                let epoch = pg.new_epoch()?;
                println!(
                    "new epoch {}: every device starts its cursor over at its next sync",
                    epoch.iter().map(|b| format!("{b:02x}")).collect::<String>()
                );
                Ok(())
            }
            Some(Err(e)) => Err(e),
            Some(Ok(Database::Sqlite(_))) | None => anyhow::bail!(
                "`epoch rotate` is for PostgreSQL (--database postgres://…) after pg_restore; \
                 `restore` of a SQLite backup starts a new epoch by itself"
            ),
        },
        Command::User(UserCmd::Add {
            ref name,
            ref role,
            ref display,
        }) => {
            let u = admin::add_user(open()?.store(), &clock, name, role, display.as_deref())?;
            println!("added {} ({})", u.name, u.role);
            Ok(())
        }
        Command::User(UserCmd::List) => {
            for p in admin::people(open()?.store())? {
                let u = &p.user;
                let state = if u.disabled_at.is_some() {
                    "disabled"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\t{}\t{}\tlast sync {}",
                    u.name,
                    u.role,
                    state,
                    u.display_name.as_deref().unwrap_or_default(),
                    admin::when(p.last_sync_at())
                );
                for d in &p.devices {
                    let state = if d.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    };
                    println!(
                        "  device {}\tslot {:02}\t{}\t{}\tlast sync {}",
                        d.id,
                        d.slot,
                        state,
                        d.label.as_deref().unwrap_or_default(),
                        admin::when(d.last_sync_at)
                    );
                }
            }
            Ok(())
        }
        Command::User(UserCmd::Disable { ref name }) => {
            let u = admin::disable_user(open()?.store(), &clock, name)?;
            println!("{} disabled: every device of theirs is refused", u.name);
            Ok(())
        }
        Command::User(UserCmd::Enable { ref name }) => {
            let u = admin::enable_user(open()?.store(), name)?;
            println!("{} enabled", u.name);
            Ok(())
        }
        Command::User(UserCmd::Role { ref name, ref role }) => {
            let u = admin::set_role(open()?.store(), name, role)?;
            println!("{} is now {}", u.name, u.role);
            Ok(())
        }
        Command::Backup { ref to } => {
            sqlite_only(
                "backup",
                "back it up with pg_dump -Fc, e.g. pg_dump -Fc -f onsite.dump \"$URL\"",
            )?;
            let c = admin::backup(&cli.data, to)?;
            println!(
                "backed up to {} ({} bytes): {} documents, {} users, {} devices, last change {}",
                c.path.display(),
                c.bytes,
                c.documents,
                c.users,
                c.devices,
                c.last_change
            );
            Ok(())
        }
        Command::Restore { ref from } => {
            sqlite_only(
                "restore",
                "restore a pg_dump with pg_restore into an empty database, \
                 then run `onsite-sync-server --database URL epoch rotate`",
            )?;
            let c = admin::restore(from, &cli.data)?;
            println!(
                "restored {} into {}: {} documents, {} users, {} devices, last change {}",
                from.display(),
                c.path.display(),
                c.documents,
                c.users,
                c.devices,
                c.last_change
            );
            println!("start the server on this data directory; each device gives back what the backup lacks at its next sync");
            Ok(())
        }
        Command::Device(DeviceCmd::Enroll {
            ref user,
            ref label,
        }) => {
            let e = admin::enroll_device(open()?.store(), &clock, user, label.as_deref())?;
            println!(
                "device {} for {}, slot {:02}",
                e.device.id, e.device.user, e.device.slot
            );
            if e.device.first_seq > 1 {
                println!(
                    "slot {:02} was used before: its numbers continue from {:06}",
                    e.device.slot, e.device.first_seq
                );
            }
            println!("token (shown once, enter it in the app): {}", e.token);
            Ok(())
        }
        Command::Device(DeviceCmd::Revoke { device_id }) => {
            let d = admin::revoke_device(open()?.store(), &clock, device_id)?;
            println!("device {} ({}) revoked", d.id, d.user);
            Ok(())
        }
        Command::Device(DeviceCmd::List) => {
            for d in admin::list_devices(open()?.store())? {
                let state = if d.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\tslot {:02}\t{}\t{}",
                    d.id,
                    d.user,
                    d.slot,
                    state,
                    d.label.unwrap_or_default()
                );
            }
            Ok(())
        }
        Command::Doc(DocCmd::List { ref kind }) => {
            for d in admin::list_docs(open()?.store(), kind.as_deref())? {
                println!("{}\tseq {}\t{}", d.id, d.seq, d.holder.unwrap_or_default());
            }
            Ok(())
        }
        Command::Doc(DocCmd::Show { ref id }) => {
            let v = admin::show_doc(open()?.store(), id)?;
            println!("{}", serde_json::to_string_pretty(&v)?);
            Ok(())
        }
    }
}

fn serve(database: Database, addr: SocketAddr) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .init();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    let engine = database.engine_name();
    let store = database.into_store();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!(%addr, engine, version = env!("CARGO_PKG_VERSION"), "onsite sync server listening");
        run(listener, AppState::new(store), shutdown_signal()).await?;
        tracing::info!("stopped");
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
