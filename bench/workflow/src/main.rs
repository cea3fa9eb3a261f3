//! Fills a fresh database with an office's people and workflow records, then measures the
//! inbox and search the way the pages call them. See `bench/README.md`.

mod definition;
mod figures;
mod files;
mod generate;
mod measure;
mod vocabulary;

use clap::Parser;
use sanban_platform::db::Db;

#[derive(Parser)]
#[command(about = "Sanban workflow benchmark: generate data, then time inbox and search")]
struct Args {
    /// sqlite://path?mode=rwc or postgres://… (a new, empty database)
    #[arg(long)]
    db: String,
    /// People in the organisation.
    #[arg(long, default_value_t = 2000)]
    people: usize,
    /// Workflow records to generate.
    #[arg(long, default_value_t = 10_000)]
    items: usize,
    /// Timed repetitions of each inbox and search case. The p99 of 200 is their second slowest,
    /// which one stall of a shared machine decides; of 1,000 it is the tenth.
    #[arg(long, default_value_t = 1000)]
    samples: usize,
    /// Timed repetitions of each LIKE scan (a full scan at 1M rows is slow).
    #[arg(long, default_value_t = 10)]
    like_samples: usize,
    /// Seed of the generator, so that two runs hold the same data.
    #[arg(long, default_value_t = 20261125)]
    seed: u64,
    /// Measure a database an earlier run filled, instead of filling a new one.
    #[arg(long)]
    reuse: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = Db::connect(&args.db).await?;
    db.migrate().await?;
    definition::register(&db).await?;
    let shape = if args.reuse {
        generate::shape_of(&db).await?
    } else {
        let started = std::time::Instant::now();
        let shape = generate::fill(&db, args.people, args.items, args.seed).await?;
        eprintln!(
            "generated {} people, {} records, {} tasks in {:.0} s",
            args.people,
            args.items,
            shape.tasks,
            started.elapsed().as_secs_f64()
        );
        shape
    };
    // As the nightly job leaves the index (`search.compact`), and how long that takes here.
    let started = std::time::Instant::now();
    let done = sanban_platform::search::compact(&db).await?;
    eprintln!("{done} in {:.1} s", started.elapsed().as_secs_f64());
    measure::run(&db, &shape, args.samples, args.like_samples).await?;
    let director = sanban_platform::auth::service::load_actor(&db, shape.director, None, None)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no 办公室主任"))?;
    figures::run(&db, &director, args.like_samples).await
}
