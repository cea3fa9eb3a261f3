//! Times the annual 统计 page over the generated records: every platform figure for a year
//! beside the year before, as `figures::year_table` counts it for the page, and the first page
//! of the largest figure's drill-down. Memory is read as the process's peak resident set over
//! the calls, after the kernel's peak counter is reset, so a figure that pulled rows into memory
//! would show here.

use std::time::{Duration, Instant};

use sanban_platform::{
    auth::Actor,
    db::Db,
    figures::{self, Period, Registry},
};

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

/// (current resident set, peak since the last reset) in KiB, from `/proc/self/status`.
fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak counter to the current resident set (Linux `clear_refs`, value 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub async fn run(db: &Db, director: &Actor, samples: usize) -> anyhow::Result<()> {
    let registry = Registry::new(figures::platform_figures()).map_err(anyhow::Error::msg)?;
    let year = figures::current_year();
    println!(
        "\n| 统计 page, {year} vs {} | p50 ms | p99 ms | RSS before → peak MiB |\n|---|---:|---:|---:|",
        year - 1
    );
    let mut all = Vec::new();
    reset_peak();
    let (before, _) = rss_kib();
    let table = figures::year_table(db, director, &registry, year).await?;
    for _ in 0..samples {
        let t = Instant::now();
        figures::year_table(db, director, &registry, year).await?;
        all.push(t.elapsed());
    }
    let (_, peak) = rss_kib();
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1];
    let counted: i64 = table.iter().map(|f| f.value + f.previous).sum();
    println!(
        "| {} figures, {counted} rows counted | {} | {} | {:.0} → {:.0} |",
        table.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        before as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    let largest = table
        .iter()
        .max_by_key(|f| f.value)
        .map(|f| f.key.clone())
        .unwrap_or_default();
    let period = Period::new(year, None)?;
    let mut all = Vec::new();
    let mut total = 0;
    for _ in 0..samples {
        let t = Instant::now();
        total = figures::records(db, director, &registry, &largest, period, 0)
            .await?
            .1;
        all.push(t.elapsed());
    }
    all.sort();
    let at = |q: f64| all[((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1];
    let (_, peak) = rss_kib();
    println!(
        "| drill-down `{largest}`, first 100 of {total} | {} | {} | {:.0} → {:.0} |",
        ms(at(0.5)),
        ms(at(0.99)),
        before as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    for f in &table {
        eprintln!("  {}: {} ({} the year before)", f.key, f.value, f.previous);
    }
    Ok(())
}
