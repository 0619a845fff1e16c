//! `fanout export` and `fanout import`: the scenario as Mermaid or AsyncAPI, and AsyncAPI back
//! into a scenario (conversions in [`crate::interop`]).

use super::{load, read_text, USAGE};
use crate::interop::{self, import::parse_text};
use std::io::Write;

/// Options of `export` and `import`: files, `--format`, `-o`.
#[derive(Default)]
struct Args {
    paths: Vec<String>,
    format: Option<String>,
    output: Option<String>,
}

fn parse_args(rest: &[String]) -> Result<Args, String> {
    let mut a = Args::default();
    let mut it = rest.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => a.format = Some(it.next().ok_or("--format needs a value")?.clone()),
            "-o" | "--output" => a.output = Some(it.next().ok_or("-o needs a file name")?.clone()),
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`\n{USAGE}"))
            }
            path => a.paths.push(path.to_owned()),
        }
    }
    Ok(a)
}

fn write_file(path: &str, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{path}: cannot write: {e}"))
}

/// `fanout export --format mermaid|asyncapi SCENARIO.json [-o OUT]`.
pub(super) fn export(rest: &[String], out: &mut dyn Write) -> Result<u8, String> {
    let a = parse_args(rest)?;
    let [path] = a.paths.as_slice() else {
        return Err(format!("export takes exactly one scenario file\n{USAGE}"));
    };
    let scenario = load(path)?;
    match a.format.as_deref() {
        Some("mermaid") => {
            let text = interop::to_mermaid(&scenario);
            match &a.output {
                Some(file) => write_file(file, &text)?,
                None => {
                    let _ = write!(out, "{text}");
                }
            }
        }
        Some("asyncapi") => {
            let docs = interop::to_asyncapi(&scenario);
            let Some(dir) = &a.output else {
                let _ = write!(out, "{}", interop::documents_to_yaml(&docs));
                return Ok(0);
            };
            std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: cannot create: {e}"))?;
            for d in &docs {
                let file = format!("{dir}/{}.yaml", d.stem);
                write_file(&file, &interop::yaml::to_yaml(&d.value))?;
                let _ = writeln!(out, "{file}");
            }
        }
        Some(other) => {
            return Err(format!("--format: `{other}` is not a format; use mermaid or asyncapi"))
        }
        None => return Err(format!("export needs --format mermaid or --format asyncapi\n{USAGE}")),
    }
    Ok(0)
}

/// `fanout import ASYNCAPI.yaml... [-o SCENARIO.json]`: several files are one system.
pub(super) fn import(rest: &[String], out: &mut dyn Write) -> Result<u8, String> {
    let a = parse_args(rest)?;
    if a.format.is_some() {
        return Err(format!("import has no --format option: it reads AsyncAPI 3.0\n{USAGE}"));
    }
    if a.paths.is_empty() {
        return Err(format!("import needs an AsyncAPI file\n{USAGE}"));
    }
    let mut docs = Vec::new();
    for path in &a.paths {
        let text = read_text(path)?;
        let parsed = parse_text(&text).map_err(|e| format!("{path}: {e}"))?;
        for (i, doc) in parsed.iter().enumerate() {
            interop::import::check_document(doc).map_err(|e| {
                if parsed.len() > 1 {
                    format!("{path}: document {}: {e}", i + 1)
                } else {
                    format!("{path}: {e}")
                }
            })?;
        }
        docs.extend(parsed);
    }
    let imported = interop::import::import_documents(&docs)
        .map_err(|e| format!("{}: {e}", a.paths.join(", ")))?;
    let json = imported.scenario.to_json_pretty();
    match &a.output {
        Some(file) => {
            write_file(file, &format!("{json}\n"))?;
            let s = &imported.scenario;
            let _ = writeln!(out, "{file}: {} nodes, {} edges", s.nodes.len(), s.edges.len());
            for line in &imported.assumed {
                let _ = writeln!(out, "assumed: {line}");
            }
        }
        None => {
            let _ = writeln!(out, "{json}");
        }
    }
    Ok(0)
}
