//! Editors drawn from the scenario's field table ([`crate::scenario::fields`]): each setting's
//! label, unit, range, default, help and choices are read there, never written here, so the
//! inspector refuses exactly what validation refuses.

use yew::prelude::*;

use super::fields::{format_number, NumField, SelectField, TextField};
use crate::scenario::fields::{Choice, Field, Fields, Num, Text};
use crate::scenario::{limits, NodeKindTag};

/// Editors for every setting of `table` that applies to `cfg` on a node of kind `tag`; each
/// change emits a copy of `cfg` with the new value.
pub fn settings<T: Clone + Default + 'static>(
    table: &'static Fields<T>,
    cfg: &T,
    tag: NodeKindTag,
    on: &Callback<T>,
) -> Html {
    scoped(table, cfg, tag, on, "")
}

/// [`settings`] for fields that repeat in one panel (a service's rules): `scope` keeps their
/// input ids apart.
pub fn scoped<T: Clone + Default + 'static>(
    table: &'static Fields<T>,
    cfg: &T,
    tag: NodeKindTag,
    on: &Callback<T>,
    scope: &str,
) -> Html {
    let shown = table.iter().filter(|f| applies(f, cfg, tag));
    html! { <>{ for shown.map(|f| setting(f, cfg, on, scope)) }</> }
}

fn applies<T>(f: &Field<T>, cfg: &T, tag: NodeKindTag) -> bool {
    match f {
        Field::Text(t) => (t.when)(cfg, tag),
        Field::Choice(c) => (c.when)(cfg, tag),
        Field::Num(n) => (n.when)(cfg, tag),
    }
}

/// One setting's editor.
pub fn setting<T: Clone + Default + 'static>(
    f: &'static Field<T>,
    cfg: &T,
    on: &Callback<T>,
    scope: &str,
) -> Html {
    let scope = AttrValue::from(scope.to_owned());
    match f {
        Field::Text(t) => text(t, cfg, on, scope),
        Field::Choice(c) => choice(c, cfg, on, scope),
        Field::Num(n) => number(n, cfg, on, scope),
    }
}

/// Emits a copy of `cfg` changed by `change`.
fn edit<T: Clone + 'static, V: 'static>(
    cfg: &T,
    on: &Callback<T>,
    change: impl Fn(&mut T, V) + 'static,
) -> Callback<V> {
    let (cfg, on) = (cfg.clone(), on.clone());
    Callback::from(move |v: V| {
        let mut c = cfg.clone();
        change(&mut c, v);
        on.emit(c);
    })
}

/// The help line, ending with the default the table's type starts with.
fn help_with_default<T: Default>(n: &Num<T>) -> String {
    let default = match (n.default_value(), n.none) {
        (Some(v), _) => {
            let unit = if n.unit.is_empty() { String::new() } else { format!(" {}", n.unit) };
            format!("Default {}{unit}.", format_number(v * n.scale))
        }
        (None, Some(none)) => format!("Default: {none}."),
        (None, None) => String::new(),
    };
    if default.is_empty() {
        n.help.to_owned()
    } else {
        format!("{} {default}", n.help)
    }
}

fn number<T: Clone + Default + 'static>(
    n: &'static Num<T>,
    cfg: &T,
    on: &Callback<T>,
    scope: AttrValue,
) -> Html {
    let scale = n.scale;
    let on_commit = edit(cfg, on, move |c: &mut T, v: Option<f64>| {
        let stored = v.map(|v| if n.integer { (v / scale).round() } else { v / scale });
        (n.set)(c, stored);
    });
    let shown = NumView {
        label: n.label,
        unit: n.unit,
        help: help_with_default(n),
        value: (n.get)(cfg).map(|v| v * scale),
        min: n.min * scale,
        max: n.max * scale,
        integer: n.integer && scale == 1.0,
        none: n.none,
    };
    num_view(shown, scope, on_commit)
}

/// A number editor's contents, apart from the settings type it edits: the markup is built by
/// one function for every type (generic markup would be compiled once per settings type).
struct NumView {
    label: &'static str,
    unit: &'static str,
    help: String,
    value: Option<f64>,
    min: f64,
    max: f64,
    integer: bool,
    none: Option<&'static str>,
}

fn num_view(v: NumView, scope: AttrValue, on_commit: Callback<Option<f64>>) -> Html {
    html! {
        <NumField {scope} label={v.label} unit={v.unit} help={v.help} value={v.value} min={v.min}
                  max={v.max} integer={v.integer} none={v.none.map(AttrValue::from)} {on_commit} />
    }
}

fn choice<T: Clone + 'static>(
    c: &'static Choice<T>,
    cfg: &T,
    on: &Callback<T>,
    scope: AttrValue,
) -> Html {
    let current = c.options.get((c.get)(cfg)).map_or("", |(v, _)| *v);
    let on_change = edit(cfg, on, move |cfg: &mut T, v: String| {
        if let Some(i) = c.options.iter().position(|(value, _)| *value == v) {
            (c.set)(cfg, i);
        }
    });
    choice_view(c.label, c.help, current, c.options, scope, on_change)
}

fn choice_view(
    label: &'static str,
    help: &'static str,
    current: &'static str,
    options: &'static [(&'static str, &'static str)],
    scope: AttrValue,
    on_change: Callback<String>,
) -> Html {
    html! {
        <SelectField {scope} {label} {help} value={current} options={options.to_vec()} {on_change} />
    }
}

/// A text setting's editor.
pub fn text<T: Clone + 'static>(
    t: &'static Text<T>,
    cfg: &T,
    on: &Callback<T>,
    scope: AttrValue,
) -> Html {
    let on_commit = edit(cfg, on, move |c: &mut T, v: String| (t.set)(c, v.trim().to_owned()));
    text_view(t.label, t.help, (t.get)(cfg), t.list, t.required, scope, on_commit)
}

fn text_view(
    label: &'static str,
    help: &'static str,
    value: String,
    list: bool,
    required: bool,
    scope: AttrValue,
    on_commit: Callback<String>,
) -> Html {
    // A list holds several names; each is checked against the name limit by validation.
    let max_len = if list { limits::MAX_NAME_LEN * 16 } else { limits::MAX_NAME_LEN };
    html! {
        <TextField {scope} {label} {help} {value} {max_len} {required} {on_commit} />
    }
}
