//! YAML in and out, as `serde_json::Value`s, for AsyncAPI documents.
//!
//! Reading uses `saphyr-parser`'s event stream (a maintained, pure-Rust YAML 1.2 parser; the
//! `serde_yaml` family is unmaintained or built on translated C) and builds JSON values here:
//! no serde glue is generated, so the wasm bundle pays for the parser alone (BENCHMARKS.md).
//! Anchors, aliases and `<<` merge keys are resolved; what an alias expands to counts towards
//! [`MAX_VALUES`], so a small document cannot expand into a huge one.
//!
//! Writing is a small block-style emitter: strings that could be read as something else are
//! written as JSON strings, which YAML reads as double-quoted scalars.

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Most values (scalars, sequences, mappings, after aliases are expanded) in one YAML stream.
pub const MAX_VALUES: usize = 200_000;
/// Deepest nesting of sequences and mappings (serde_json's own limit for JSON text).
pub const MAX_DEPTH: usize = 128;

/// A container being read, with the anchor that will name it.
enum Frame {
    Seq(Vec<Value>, usize, usize),
    Map(Map<String, Value>, Option<String>, Vec<Value>, usize, usize),
}

/// Reads every document of a YAML stream (`---` separates them).
pub fn parse_stream(text: &str) -> Result<Vec<Value>, String> {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Anchor id → (value, values it holds).
    let mut anchors: BTreeMap<usize, (Value, usize)> = BTreeMap::new();
    let mut count = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            format!(
                "not valid YAML at line {}, column {}: {}",
                e.marker().line(),
                e.marker().col() + 1,
                e.info()
            )
        })?;
        let at = || format!("line {}", span.start.line());
        let (value, anchor, size) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let tagged_str = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !tagged_str;
                (scalar(&text, plain), anchor, 1)
            }
            Event::Alias(id) => {
                let (value, size) = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| format!("an alias at {} names no anchor", at()))?;
                (value, 0, size)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("nested deeper than {MAX_DEPTH} levels at {}", at()));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), anchor, count)
                } else {
                    Frame::Map(Map::new(), None, Vec::new(), anchor, count)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items, anchor, start)) => {
                    (Value::Array(items), anchor, count - start + 1)
                }
                Some(Frame::Map(mut map, _, merges, anchor, start)) => {
                    merge_into(&mut map, merges);
                    (Value::Object(map), anchor, count - start + 1)
                }
                None => continue,
            },
            _ => continue,
        };
        count = count.saturating_add(size);
        if count > MAX_VALUES {
            return Err(format!(
                "the YAML holds more than {MAX_VALUES} values once its aliases are expanded"
            ));
        }
        if anchor != 0 {
            anchors.insert(anchor, (value.clone(), size));
        }
        match stack.last_mut() {
            None => docs.push(value),
            Some(Frame::Seq(items, ..)) => items.push(value),
            Some(Frame::Map(map, key, merges, ..)) => match key.take() {
                None => {
                    *key = Some(key_text(value).ok_or_else(|| {
                        format!(
                            "a mapping key at {} is not a plain value (a list or a mapping)",
                            at()
                        )
                    })?)
                }
                Some(k) if k == "<<" => merges.push(value),
                Some(k) => {
                    map.insert(k, value);
                }
            },
        }
    }
    Ok(docs)
}

/// Applies `<<` merge keys: keys written in the mapping itself win, then earlier merges.
fn merge_into(map: &mut Map<String, Value>, merges: Vec<Value>) {
    for merge in merges {
        let sources = match merge {
            Value::Array(items) => items,
            other => vec![other],
        };
        for source in sources {
            if let Value::Object(source) = source {
                for (k, v) in source {
                    map.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// A mapping key as text (`1` and `true` are keys too).
fn key_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A scalar under YAML 1.2's core schema: plain `null`, booleans and numbers are typed,
/// everything quoted is a string.
fn scalar(text: &str, plain: bool) -> Value {
    if !plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = text.trim_start_matches('+').parse::<u64>() {
            return Value::Number(v.into());
        }
        if let Ok(v) = text.parse::<i64>() {
            return Value::Number(v.into());
        }
    }
    let numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if numeric {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_owned())
}

/// Writes `value` as a block-style YAML document (no leading `---`), ending in a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => write_map(m, 0, &mut out),
        Value::Array(a) if !a.is_empty() => write_seq(a, 0, &mut out),
        other => {
            write_inline(other, &mut out);
            out.push('\n');
        }
    }
    out
}

fn write_map(map: &Map<String, Value>, indent: usize, out: &mut String) {
    for (i, (k, v)) in map.iter().enumerate() {
        // The first key of a list item shares the line of its "- ".
        if i > 0 || !out.ends_with("- ") {
            push_indent(indent, out);
        }
        write_string(k, out);
        out.push(':');
        write_child(v, indent, out);
    }
}

fn write_seq(items: &[Value], indent: usize, out: &mut String) {
    for (i, v) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            push_indent(indent, out);
        }
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => write_map(m, indent + 2, out),
            Value::Array(a) if !a.is_empty() => write_seq(a, indent + 2, out),
            other => {
                write_inline(other, out);
                out.push('\n');
            }
        }
    }
}

/// The value after `key:`: nested blocks on the next lines, scalars on the same one.
fn write_child(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(a, indent + 2, out);
        }
        other => {
            out.push(' ');
            write_inline(other, out);
            out.push('\n');
        }
    }
}

fn push_indent(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_inline(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(s, out),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// A string plain when it cannot be read as anything else, otherwise double-quoted.
fn write_string(s: &str, out: &mut String) {
    if is_plain(s) {
        out.push_str(s);
    } else {
        out.push_str(&Value::String(s.to_owned()).to_string());
    }
}

fn is_plain(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    (first.is_ascii_alphabetic() || first == b'$' || first == b'_')
        && last != b' '
        && !reserved
        && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b" _./$-".contains(&b))
}
