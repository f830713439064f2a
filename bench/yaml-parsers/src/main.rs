//! Measurement harness: which YAML parser should `gate` use for task front-matter?
//!
//! Usage:
//!   yaml-parsers-bench <corpus-dir>          full run, prints markdown tables
//!   yaml-parsers-bench case <parser> <case>  (internal) one adversarial case, run in a child

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

// ---------------------------------------------------------------------------
// A tiny generic YAML value (keys may be any node, so serde_json::Value won't do).
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Yv {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    I128(i128),
    F64(f64),
    Str(String),
    Seq(Vec<Yv>),
    Map(Vec<(Yv, Yv)>),
    Tagged(String, Box<Yv>),
}

struct YvVisitor;

impl<'de> Visitor<'de> for YvVisitor {
    type Value = Yv;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Yv, E> { Ok(Yv::Null) }
    fn visit_none<E>(self) -> Result<Yv, E> { Ok(Yv::Null) }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yv, D::Error> { Yv::deserialize(d) }
    fn visit_bool<E>(self, v: bool) -> Result<Yv, E> { Ok(Yv::Bool(v)) }
    fn visit_i64<E>(self, v: i64) -> Result<Yv, E> { Ok(Yv::I64(v)) }
    fn visit_u64<E>(self, v: u64) -> Result<Yv, E> { Ok(Yv::U64(v)) }
    fn visit_i128<E>(self, v: i128) -> Result<Yv, E> { Ok(Yv::I128(v)) }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Yv, E> {
        i128::try_from(v).map(Yv::I128).map_err(|_| E::custom("u128 out of range"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Yv, E> { Ok(Yv::F64(v)) }
    fn visit_str<E>(self, v: &str) -> Result<Yv, E> { Ok(Yv::Str(v.to_owned())) }
    fn visit_string<E>(self, v: String) -> Result<Yv, E> { Ok(Yv::Str(v)) }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Yv, E> {
        Ok(Yv::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Yv, A::Error> {
        let mut v = Vec::new();
        while let Some(x) = a.next_element::<Yv>()? {
            v.push(x);
        }
        Ok(Yv::Seq(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Yv, A::Error> {
        let mut v = Vec::new();
        while let Some((k, x)) = a.next_entry::<Yv, Yv>()? {
            v.push((k, x));
        }
        Ok(Yv::Map(v))
    }
    // serde_yaml / serde_yaml_ng report `!tag value` through visit_enum.
    fn visit_enum<A: EnumAccess<'de>>(self, a: A) -> Result<Yv, A::Error> {
        let (tag, variant): (String, _) = a.variant()?;
        let inner: Yv = variant.newtype_variant()?;
        Ok(Yv::Tagged(tag, Box::new(inner)))
    }
}

impl<'de> Deserialize<'de> for Yv {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Yv, D::Error> {
        d.deserialize_any(YvVisitor)
    }
}

impl Yv {
    fn kind(&self) -> String {
        match self {
            Yv::Null => "null".into(),
            Yv::Bool(b) => format!("bool {b}"),
            Yv::I64(i) => format!("int {i}"),
            Yv::U64(i) => format!("uint {i}"),
            Yv::I128(i) => format!("i128 {i}"),
            Yv::F64(f) => format!("float {f}"),
            Yv::Str(s) => format!("str {:?}", trunc(s, 40)),
            Yv::Seq(v) => format!("seq[{}]", v.len()),
            Yv::Map(v) => format!("map{{{}}}", v.len()),
            Yv::Tagged(t, _) => format!("tagged {t}"),
        }
    }
    fn key_label(&self) -> String {
        match self {
            Yv::Str(s) => s.clone(),
            o => format!("<{}>", o.kind()),
        }
    }
}

/// First path where two values differ, described briefly.
fn first_diff(a: &Yv, b: &Yv, path: &str) -> Option<String> {
    match (a, b) {
        (Yv::Map(x), Yv::Map(y)) => {
            for (i, (ka, va)) in x.iter().enumerate() {
                match y.get(i) {
                    Some((kb, vb)) if ka == kb => {
                        if let Some(d) = first_diff(va, vb, &format!("{path}.{}", ka.key_label())) {
                            return Some(d);
                        }
                    }
                    Some((kb, _)) => {
                        return Some(format!("{path}: key #{i} {} vs {}", ka.kind(), kb.kind()))
                    }
                    None => return Some(format!("{path}: map len {} vs {}", x.len(), y.len())),
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: map len {} vs {}", x.len(), y.len()))
        }
        (Yv::Seq(x), Yv::Seq(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_diff(va, vb, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: seq len {} vs {}", x.len(), y.len()))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {} vs {}", a.kind(), b.kind())),
    }
}

fn trunc(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let t: String = s.chars().take(n).collect();
        format!("{t}…")
    }
}

// ---------------------------------------------------------------------------
// Parsers under test
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum P {
    SerdeYaml,
    SerdeYamlNg,
    SaphyrDefault,
    SaphyrBudget,
}

const PARSERS: [P; 4] = [P::SerdeYaml, P::SerdeYamlNg, P::SaphyrDefault, P::SaphyrBudget];

impl P {
    fn name(self) -> &'static str {
        match self {
            P::SerdeYaml => "serde_yaml 0.9",
            P::SerdeYamlNg => "serde_yaml_ng 0.10",
            P::SaphyrDefault => "serde-saphyr 2.1 (default budget)",
            P::SaphyrBudget => "serde-saphyr 2.1 (gate options)",
        }
    }
    fn id(self) -> &'static str {
        match self {
            P::SerdeYaml => "serde_yaml",
            P::SerdeYamlNg => "serde_yaml_ng",
            P::SaphyrDefault => "saphyr_default",
            P::SaphyrBudget => "saphyr_budget",
        }
    }
    fn from_id(s: &str) -> P {
        PARSERS.into_iter().find(|p| p.id() == s).expect("unknown parser id")
    }
}

/// Parse error normalised across crates. line/column are 1-based, relative to the
/// YAML text passed in.
struct PErr {
    line: Option<u64>,
    col: Option<u64>,
    msg: String,
}

/// The budget proposed for `gate` (front-matter of task files, ≤ 8 MiB).
fn gate_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,                       // structural nesting (default 64)
            flow_nesting_limit: 64,              // [[[ / {{{ nesting (default 255)
            max_aliases: 1_000,                  // `*ref` events (default 50_000)
            max_anchors: 1_000,                  // `&anchor` defs (default 50_000)
            max_nodes: 250_000,                  // scalars+seqs+maps (default 250_000)
            max_events: 1_000_000,               // (default 1_000_000)
            max_total_scalar_bytes: 16 << 20,    // 16 MiB (default 64 MiB)
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,  // events injected by aliases (default 1_000_000)
            max_replay_stack_depth: 16,          // alias→alias nesting (default 64)
        },
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
        // YAML 1.2-core typing, like serde_yaml: `yes`/`y` stay strings, `0755`/`1_000` too.
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,                     // plain errors (no rustc-like snippet)
    }
}

fn parse(p: P, s: &str) -> Result<Yv, PErr> {
    match p {
        P::SerdeYaml => serde_yaml::from_str::<Yv>(s).map_err(|e| {
            let loc = e.location();
            PErr { line: loc.as_ref().map(|l| l.line() as u64), col: loc.map(|l| l.column() as u64), msg: e.to_string() }
        }),
        P::SerdeYamlNg => serde_yaml_ng::from_str::<Yv>(s).map_err(|e| {
            let loc = e.location();
            PErr { line: loc.as_ref().map(|l| l.line() as u64), col: loc.map(|l| l.column() as u64), msg: e.to_string() }
        }),
        P::SaphyrDefault | P::SaphyrBudget => {
            let opts = if p == P::SaphyrBudget {
                gate_options()
            } else {
                serde_saphyr::options! { with_snippet: false }
            };
            serde_saphyr::from_str_with_options::<Yv>(s, opts).map_err(|e| {
                let loc = e.location();
                PErr { line: loc.map(|l| l.line()), col: loc.map(|l| l.column()), msg: e.to_string() }
            })
        }
    }
}

// ---------------------------------------------------------------------------
// Front-matter extraction (SPEC §2): `---` first line (BOM, CRLF ok), closes at `---`/`...`.
// Returns the YAML text; its line 1 is file line 2.
// ---------------------------------------------------------------------------

fn front_matter(text: &str) -> Option<&str> {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = t.find('\n')?;
    if t[..first_end].trim_end_matches('\r').trim_end() != "---" {
        return None;
    }
    let body = &t[first_end + 1..];
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let l = line.trim_end_matches('\n').trim_end_matches('\r').trim_end();
        if l == "---" || l == "..." {
            return Some(&body[..pos]);
        }
        pos += line.len();
    }
    None
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("read_dir").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

// ---------------------------------------------------------------------------
// Synthetic inputs
// ---------------------------------------------------------------------------

fn yaml_dq_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c => o.push(c),
        }
    }
    o
}

fn sha(i: usize) -> String {
    format!("{:040x}", (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834))
}

/// A task file's front-matter (without the `---` fences) whose commitHistory holds
/// `entries` items; each timestamp embeds a git diff of `inner` (an older version of a
/// task file), escaped into a double-quoted scalar — the real board's failure mode.
fn fm_with_history(uuid_n: usize, inner: &str, entries: usize) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "uuid: \"{:08x}-cf9c-45a0-b5ff-6e7a212fb043\"\ntitle: \"Fix Kanban Column Underscore Normalization Bug\"\nslug: \"fix-kanban-column\"\nstatus: \"in_progress\"\npriority: \"P1\"\nlabels: [\"kanban\", \"column\", \"bug\", \"fix\"]\ncreated_at: \"Sun Oct 12 2025 18:59:36 GMT-0500 (Central Daylight Time)\"\nestimates:\n  complexity: \"\"\n  scale: \"\"\n  time_to_completion: \"\"\nlastCommitSha: \"{}\"\ncommitHistory:\n",
        uuid_n, sha(uuid_n)
    ));
    for j in 0..entries {
        let mut diff = format!(
            "2025-10-19 17:08:{:02} -0500\n\ndiff --git a/docs/agile/tasks/Task {j}.md b/docs/agile/tasks/Task {j}.md\nindex f4745e76c..bb9a1b586 100644\n--- a/docs/agile/tasks/Task {j}.md\t\n+++ b/docs/agile/tasks/Task {j}.md\t\n@@ -10,11 +10,14 @@ estimates:\n",
            j % 60
        );
        for (k, line) in inner.lines().enumerate() {
            diff.push(if k % 7 == 3 { '-' } else if k % 7 == 4 { '+' } else { ' ' });
            diff.push_str(line);
            diff.push('\n');
        }
        diff.push_str(" ---\n \n ## Critical: Agent OS Core Message Protocol");
        s.push_str(&format!(
            "  -\n    sha: \"{}\"\n    timestamp: \"{}\"\n    message: \"Update task: {:08x} - Update task\"\n    author: \"Error <foamy125@gmail.com>\"\n    type: \"update\"\n",
            sha(uuid_n * 100 + j),
            yaml_dq_escape(&diff),
            j
        ));
    }
    s
}

/// ~`target` bytes of front-matter, recursively nested escaped diffs.
fn synthetic_big(target: usize) -> String {
    // Build a few levels of nesting: each level's timestamps embed the previous level.
    let mut inner = fm_with_history(1, "complexity: \"\"\nscale: \"\"\n", 1);
    for lvl in 2..=4 {
        inner = fm_with_history(lvl, &inner, 2);
    }
    // Top level: add entries until the target size is reached.
    let one = fm_with_history(99, &inner, 1).len();
    let per_entry = one.max(1);
    let n = (target / per_entry).max(1);
    fm_with_history(99, &inner, n)
}

fn alias_bomb() -> String {
    let letters = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    let mut s = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for w in letters.windows(2) {
        let prev = w[0];
        let refs = vec![format!("*{prev}"); 9].join(",");
        s.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], refs));
    }
    s
}

fn case_input(case: &str) -> String {
    const N: usize = 100_000;
    match case {
        "bomb" => alias_bomb(),
        "flow_seq_100k" => format!("{}{}", "[".repeat(N), "]".repeat(N)),
        "flow_map_100k" => format!("{}x{}", "{a: ".repeat(N), "}".repeat(N)),
        "flow_map_10k" => format!("{}x{}", "{a: ".repeat(N / 10), "}".repeat(N / 10)),
        "block_seq_100k" => format!("{}x\n", "- ".repeat(N)),
        "block_map_4k" => {
            // `a:\n a:\n  a:` — indentation grows per level, so 100k levels would need ~5 GB;
            // 4 000 levels ≈ 8 MB, the spec's max_task_bytes.
            let mut s = String::new();
            for i in 0..4_000 {
                s.push_str(&" ".repeat(i));
                s.push_str("a:\n");
            }
            s.push_str(&" ".repeat(4_000));
            s.push_str("x\n");
            s
        }
        _ => panic!("unknown case {case}"),
    }
}

const CASES: [&str; 6] = ["bomb", "flow_seq_100k", "flow_map_10k", "flow_map_100k", "block_seq_100k", "block_map_4k"];

const QUIRKS: [&str; 13] = [
    "a: 1\na: 2\n",
    "a: yes\n",
    "a: 0755\n",
    "a: 1_000\n",
    "a: 2025-10-12\n",
    "a: 2025-10-12 18:59:36 -0500\n",
    "a: $(uuidgen)\n",
    "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> x\n",
    "? [1, 2]\n: x\n1: y\n",
    "a: !foo bar\n",
    "b: &b {x: 1}\na:\n  <<: *b\n  y: 2\n",
    "a:\n\tb: 1\n",
    "",
];

fn render(v: &Yv, budget: usize) -> String {
    match v {
        Yv::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .take(budget)
                .map(|(k, x)| format!("{}: {}", render(k, budget), render(x, budget)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Yv::Seq(s) => {
            let items: Vec<String> = s.iter().take(budget).map(|x| render(x, budget)).collect();
            format!("[{}]", items.join(", "))
        }
        Yv::Tagged(t, x) => format!("!{t} {}", render(x, budget)),
        Yv::Str(s) => format!("{:?}", trunc(s, 30)),
        Yv::Null => "null".into(),
        Yv::Bool(b) => b.to_string(),
        Yv::I64(i) => i.to_string(),
        Yv::U64(i) => i.to_string(),
        Yv::I128(i) => i.to_string(),
        Yv::F64(f) => format!("{f:?}"),
    }
}

// ---------------------------------------------------------------------------
// Child: run one case, print one line.
// ---------------------------------------------------------------------------

fn run_case(p: P, case: &str) {
    let input = case_input(case);
    let t = Instant::now();
    let r = parse(p, &input);
    let el = t.elapsed();
    match r {
        Ok(v) => {
            println!("OK {:.1}ms {}", el.as_secs_f64() * 1e3, v.kind());
            // Leak: dropping a pathologically deep value could itself overflow the stack.
            std::mem::forget(v);
        }
        Err(e) => println!(
            "ERR {:.1}ms {}:{} {}",
            el.as_secs_f64() * 1e3,
            e.line.map_or("-".into(), |l| l.to_string()),
            e.col.map_or("-".into(), |c| c.to_string()),
            trunc(&e.msg.replace('\n', " "), 90)
        ),
    }
}

struct ChildResult {
    outcome: String,
    wall: Duration,
    maxrss_mb: f64,
}

fn spawn_case(p: P, case: &str, timeout: Duration) -> ChildResult {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args(["case", p.id(), case]).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Cap address space at 4 GiB so a blow-up can't take the machine down.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            let lim = libc::rlimit { rlim_cur: 4 << 30, rlim_max: 4 << 30 };
            libc::setrlimit(libc::RLIMIT_AS, &lim);
            Ok(())
        });
    }
    let t = Instant::now();
    let mut child = cmd.spawn().expect("spawn child");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if r == pid {
            break;
        }
        if t.elapsed() > timeout {
            timed_out = true;
            unsafe { libc::kill(pid, libc::SIGKILL) };
            unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = t.elapsed();
    use std::io::Read;
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut out);
    }
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    let outcome = if timed_out {
        format!("**HANG** (killed after {}s)", timeout.as_secs())
    } else if libc::WIFSIGNALED(status) {
        let sig = libc::WTERMSIG(status);
        let what = if err.contains("overflowed its stack") { "stack overflow" } else { "signal" };
        format!("**CRASH** ({what}, signal {sig})")
    } else if libc::WEXITSTATUS(status) != 0 {
        let last = err.lines().filter(|l| !l.trim().is_empty()).last().unwrap_or("").to_string();
        let what = if err.contains("memory allocation") { "OOM abort" } else { "exit" };
        format!("**CRASH** ({what} {}: {})", libc::WEXITSTATUS(status), trunc(&last, 60))
    } else {
        out.trim().to_string()
    };
    ChildResult { outcome, wall, maxrss_mb: ru.ru_maxrss as f64 / 1024.0 }
}

// ---------------------------------------------------------------------------
// Timing helpers
// ---------------------------------------------------------------------------

fn median_ms<F: FnMut()>(runs: usize, mut f: F) -> f64 {
    f(); // warm-up
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 4 && args[1] == "case" {
        run_case(P::from_id(&args[2]), &args[3]);
        return;
    }
    if args.len() == 2 && args[1] == "variants" {
        // Which saphyr option costs per-document time? (5 000 × SPEC §2 example)
        let doc = "uuid: \"a666f910-5767-47b8-a8a8-d210411784f9\"\ntitle: \"Implement WIP Limit Enforcement Gate\"\nstatus: \"in_progress\"\npriority: \"P0\"\nlabels: [\"security-gates\", \"wip-limits\"]\ncreated_at: \"2025-10-17T01:20:00.000Z\"\n";
        type Mk = fn() -> serde_saphyr::Options;
        let variants: [(&str, Mk); 5] = [
            ("default", || serde_saphyr::options! { with_snippet: false }),
            ("gate", gate_options),
            ("gate but dup=Error", || { let mut o = gate_options(); o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error; o }),
            ("gate but default typing flags", || { let mut o = gate_options(); o.strict_booleans = false; o.leading_zero_numbers_as_strings = false; o.underscored_numbers_as_strings = false; o }),
            ("default + budget: None", || serde_saphyr::options! { with_snippet: false, budget: None }),
        ];
        for (name, mk) in variants {
            let t = median_ms(11, || for _ in 0..5_000 { drop(std::hint::black_box(serde_saphyr::from_str_with_options::<Yv>(doc, mk())).ok()); });
            println!("| {name} | {t:.1} ms |");
        }
        return;
    }
    if args.len() != 2 {
        eprintln!("usage: {} <corpus-dir>", args[0]);
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);

    // ---- 1. corpus ---------------------------------------------------------
    let mut files = Vec::new();
    md_files(dir, &mut files);
    let mut fms: Vec<(String, String)> = Vec::new(); // (relative name, yaml)
    let mut no_fm = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let Ok(text) = std::fs::read_to_string(f) else {
            no_fm.push(format!("{rel} (not UTF-8)"));
            continue;
        };
        match front_matter(&text) {
            Some(y) => fms.push((rel, y.to_string())),
            None => no_fm.push(rel),
        }
    }
    let fm_bytes: usize = fms.iter().map(|(_, y)| y.len()).sum();
    println!("# YAML parser measurement\n");
    println!(
        "Corpus `{}`: {} `.md` files, {} with front-matter ({} bytes of YAML), {} without front-matter.\n",
        dir.display(),
        files.len(),
        fms.len(),
        fm_bytes,
        no_fm.len()
    );

    let mut results: Vec<Vec<Result<Yv, PErr>>> = Vec::new(); // [parser][file]
    for p in PARSERS {
        results.push(fms.iter().map(|(_, y)| parse(p, y)).collect());
    }

    println!("## 1. Corpus front-matter: parse outcome\n");
    println!("| parser | OK | error |");
    println!("|---|---:|---:|");
    for (pi, p) in PARSERS.iter().enumerate() {
        let ok = results[pi].iter().filter(|r| r.is_ok()).count();
        println!("| {} | {} | {} |", p.name(), ok, results[pi].len() - ok);
    }
    println!("\n### Errors (line/column are file lines: YAML line + 1 for the opening `---`)\n");
    println!("| file | parser | file line:col | message |");
    println!("|---|---|---|---|");
    for (fi, (name, _)) in fms.iter().enumerate() {
        for (pi, p) in PARSERS.iter().enumerate() {
            if let Err(e) = &results[pi][fi] {
                println!(
                    "| {} | {} | {}:{} | {} |",
                    name,
                    p.name(),
                    e.line.map_or("-".into(), |l| (l + 1).to_string()),
                    e.col.map_or("-".into(), |c| c.to_string()),
                    trunc(&e.msg.replace('\n', " ").replace('|', "\\|"), 140)
                );
            }
        }
    }
    println!("\n### Differences between parsers (vs serde_yaml 0.9)\n");
    println!("| file | parser | first difference (serde_yaml vs other) |");
    println!("|---|---|---|");
    let mut ndiff = 0;
    for (fi, (name, _)) in fms.iter().enumerate() {
        for pi in 1..PARSERS.len() {
            let d = match (&results[0][fi], &results[pi][fi]) {
                (Ok(a), Ok(b)) => first_diff(a, b, "$"),
                (Ok(_), Err(_)) => Some("OK vs error".into()),
                (Err(_), Ok(_)) => Some("error vs OK".into()),
                (Err(_), Err(_)) => None,
            };
            if let Some(d) = d {
                ndiff += 1;
                println!("| {} | {} | {} |", name, PARSERS[pi].name(), trunc(&d.replace('|', "\\|"), 140));
            }
        }
    }
    if ndiff == 0 {
        println!("| (none) | | |");
    }

    // ---- 2 & 5. timing ----------------------------------------------------
    let big = synthetic_big(1_500_000);
    println!(
        "\n## 2/5. Speed (median of {} runs, release build)\n\nSynthetic front-matter: {} bytes, nested escaped git diffs in `commitHistory[].timestamp`.\n",
        20,
        big.len()
    );
    const TYPICAL: &str = "uuid: \"a666f910-5767-47b8-a8a8-d210411784f9\"\ntitle: \"Implement WIP Limit Enforcement Gate\"\nstatus: \"in_progress\"\npriority: \"P0\"\nlabels: [\"security-gates\", \"wip-limits\"]\ncreated_at: \"2025-10-17T01:20:00.000Z\"\n";
    println!("| parser | synthetic 1.5 MB | whole corpus ({} front-matters) | 5 000 × SPEC §2 example (single thread) |", fms.len());
    println!("|---|---:|---:|---:|");
    for p in PARSERS {
        let big_r = parse(p, &big);
        let big_cell = match &big_r {
            Ok(_) => format!("{:.2} ms", median_ms(20, || drop(std::hint::black_box(parse(p, &big)).ok()))),
            Err(e) => format!(
                "ERR {}:{} {}",
                e.line.unwrap_or(0),
                e.col.unwrap_or(0),
                trunc(&e.msg.replace('\n', " "), 60)
            ),
        };
        let corpus = median_ms(50, || {
            for (_, y) in &fms {
                drop(std::hint::black_box(parse(p, y)).ok());
            }
        });
        let typical = median_ms(11, || {
            for _ in 0..5_000 {
                drop(std::hint::black_box(parse(p, std::hint::black_box(TYPICAL))).ok());
            }
        });
        println!("| {} | {} | {:.2} ms | {:.1} ms |", p.name(), big_cell, corpus, typical);
    }

    let big_vals: Vec<_> = PARSERS.iter().map(|p| parse(*p, &big).ok()).collect();
    let same = big_vals.iter().all(|v| v.is_some() && *v == big_vals[0]);
    println!("\nSynthetic value identical across all parsers: {}", if same { "yes" } else { "**no**" });

    // ---- quirks -----------------------------------------------------------
    println!("\n## Quirks seen on real boards (value of key `a`/whole doc, or error line:col)\n");
    print!("| input |");
    for p in PARSERS {
        print!(" {} |", p.name());
    }
    println!();
    println!("|---|---|---|---|---|");
    for q in QUIRKS {
        print!("| `{}` |", q.replace('\n', "⏎").replace('\t', "⇥").replace('|', "\\|"));
        for p in PARSERS {
            let cell = match parse(p, q) {
                Ok(v) => render(&v, 3),
                Err(e) => format!(
                    "ERR {}:{} {}",
                    e.line.map_or("-".into(), |l| l.to_string()),
                    e.col.map_or("-".into(), |c| c.to_string()),
                    trunc(&e.msg.replace('\n', " "), 50)
                ),
            };
            print!(" {} |", cell.replace('|', "\\|"));
        }
        println!();
    }

    // ---- 3 & 4. adversarial (each in a child process) ---------------------
    println!(
        "\n## 3/4. Adversarial inputs (child process, main-thread stack 8 MiB, RLIMIT_AS 4 GiB, 30 s timeout)\n"
    );
    println!("Cases: `bomb` = 9 levels × 9 aliases (9^9 ≈ 387 M leaves, {} bytes); `flow_seq_100k` = `[`×100 000; `flow_map_100k` = `{{a: `×100 000; `block_seq_100k` = `- `×100 000 (block sequences, one line); `block_map_4k` = `a:\\n a:\\n  a:` 4 000 deep (≈8 MB; 100 000 deep would need ≈5 GB of indentation).\n", alias_bomb().len());
    println!("| parser | case | outcome (parse time, err line:col, message) | wall | peak RSS |");
    println!("|---|---|---|---:|---:|");
    for p in PARSERS {
        for case in CASES {
            let r = spawn_case(p, case, Duration::from_secs(30));
            println!(
                "| {} | {} | {} | {:.0} ms | {:.0} MB |",
                p.name(),
                case,
                r.outcome.replace('|', "\\|"),
                r.wall.as_secs_f64() * 1e3,
                r.maxrss_mb
            );
        }
    }
}
