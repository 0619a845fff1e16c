//! Inspector fields: a label, the input with its unit, a one-line help, and inline validation.
//! A refused value shows why and is not sent; the document keeps the last good one.

use yew::prelude::*;

/// A stable id for a field's input, from its scope (when the same fields repeat, as in a
/// service's rules) and label (for `<label for>`).
fn field_id(scope: &str, label: &str) -> String {
    let slug: String = scope
        .chars()
        .chain(label.chars())
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    format!("f-{slug}")
}

#[derive(Properties, PartialEq)]
pub struct NumFieldProps {
    pub label: AttrValue,
    /// Tells apart fields that repeat with the same label.
    #[prop_or_default]
    pub scope: AttrValue,
    #[prop_or_default]
    pub unit: AttrValue,
    pub help: AttrValue,
    /// The value, or `None` for an optional setting left empty.
    pub value: Option<f64>,
    pub min: f64,
    pub max: f64,
    /// Whole numbers only.
    #[prop_or_default]
    pub integer: bool,
    /// For an optional setting, what empty means ("never"): the input may be cleared.
    #[prop_or_default]
    pub none: Option<AttrValue>,
    pub on_commit: Callback<Option<f64>>,
}

/// Checks a typed number against the field's rules; the error is one short sentence.
pub fn check_number(text: &str, min: f64, max: f64, integer: bool) -> Result<f64, String> {
    let v: f64 = text.trim().parse().map_err(|_| "Enter a number.".to_string())?;
    if !v.is_finite() {
        return Err("Enter a finite number.".into());
    }
    if integer && v.fract() != 0.0 {
        return Err("Enter a whole number.".into());
    }
    if v < min {
        return Err(if min == 0.0 {
            "Cannot be negative.".into()
        } else {
            format!("At least {min}.")
        });
    }
    if v > max {
        return Err(format!("At most {max}."));
    }
    Ok(v)
}

/// Formats a number for an input without float noise (0.1 + 0.2 shows as 0.3).
pub fn format_number(v: f64) -> String {
    let rounded = (v * 1e9).round() / 1e9;
    format!("{rounded}")
}

#[function_component(NumField)]
pub fn num_field(props: &NumFieldProps) -> Html {
    let shown = |v: Option<f64>| v.map(format_number).unwrap_or_default();
    let text = use_state(|| shown(props.value));
    let error = use_state(|| None::<String>);
    {
        // The document changed under the field (undo, another edit): show the new value.
        let text = text.clone();
        let error = error.clone();
        use_effect_with(props.value.map(f64::to_bits), move |bits| {
            text.set(shown(bits.map(f64::from_bits)));
            error.set(None);
        });
    }
    let id = field_id(&props.scope, &props.label);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            text.set(input.value());
        })
    };
    let on_change = {
        let (min, max, integer) = (props.min, props.max, props.integer);
        let optional = props.none.is_some();
        let error = error.clone();
        let on_commit = props.on_commit.clone();
        let current = props.value.map(f64::to_bits);
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let typed = input.value();
            let value = if optional && typed.trim().is_empty() {
                Ok(None)
            } else {
                check_number(&typed, min, max, integer).map(Some)
            };
            match value {
                Ok(v) => {
                    error.set(None);
                    if v.map(f64::to_bits) != current {
                        on_commit.emit(v);
                    }
                }
                Err(why) => error.set(Some(why)),
            }
        })
    };
    let err_id = format!("{id}-error");
    html! {
        <div class="field">
            <label for={id.clone()}>{ props.label.clone() }</label>
            <div class="input-unit">
                <input id={id} type="text" inputmode="decimal" value={(*text).clone()}
                       placeholder={props.none.clone()}
                       aria-invalid={error.is_some().to_string()}
                       aria-describedby={error.is_some().then(|| err_id.clone())}
                       oninput={on_input} onchange={on_change} />
                if !props.unit.is_empty() { <span>{ props.unit.clone() }</span> }
            </div>
            if let Some(why) = &*error {
                <div class="error" id={err_id} role="alert">{ why.clone() }</div>
            } else {
                <div class="help">{ props.help.clone() }</div>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    pub label: AttrValue,
    /// Tells apart fields that repeat with the same label.
    #[prop_or_default]
    pub scope: AttrValue,
    pub help: AttrValue,
    /// The current option's value.
    pub value: AttrValue,
    /// (value, label) pairs.
    pub options: Vec<(&'static str, &'static str)>,
    pub on_change: Callback<String>,
}

#[function_component(SelectField)]
pub fn select_field(props: &SelectFieldProps) -> Html {
    let id = field_id(&props.scope, &props.label);
    let on_change = {
        let cb = props.on_change.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            cb.emit(select.value());
        })
    };
    html! {
        <div class="field">
            <label for={id.clone()}>{ props.label.clone() }</label>
            <select id={id} onchange={on_change}>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={*v} selected={props.value == *v}>{ *l }</option>
                }) }
            </select>
            <div class="help">{ props.help.clone() }</div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub label: AttrValue,
    /// Tells apart fields that repeat with the same label.
    #[prop_or_default]
    pub scope: AttrValue,
    pub help: AttrValue,
    pub value: AttrValue,
    pub max_len: usize,
    /// Refuses empty text.
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub multiline: bool,
    pub on_commit: Callback<String>,
}

#[function_component(TextField)]
pub fn text_field(props: &TextFieldProps) -> Html {
    let error = use_state(|| None::<String>);
    let id = field_id(&props.scope, &props.label);
    let err_id = format!("{id}-error");
    let commit = {
        let error = error.clone();
        let on_commit = props.on_commit.clone();
        let (max_len, required, current) = (props.max_len, props.required, props.value.clone());
        move |value: String| {
            if required && value.trim().is_empty() {
                error.set(Some("Cannot be empty.".into()));
            } else if value.chars().count() > max_len {
                error.set(Some(format!("At most {max_len} characters.")));
            } else {
                error.set(None);
                if value != *current {
                    on_commit.emit(value);
                }
            }
        }
    };
    let on_change = Callback::from(move |e: Event| {
        let value = match e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            Some(area) => area.value(),
            None => e.target_unchecked_into::<web_sys::HtmlInputElement>().value(),
        };
        commit(value);
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ props.label.clone() }</label>
            if props.multiline {
                <textarea id={id.clone()} value={props.value.clone()} onchange={on_change}
                          aria-invalid={error.is_some().to_string()}
                          aria-describedby={error.is_some().then(|| err_id.clone())} />
            } else {
                <input id={id.clone()} type="text" value={props.value.clone()} onchange={on_change}
                       aria-invalid={error.is_some().to_string()}
                       aria-describedby={error.is_some().then(|| err_id.clone())} />
            }
            if let Some(why) = &*error {
                <div class="error" id={err_id.clone()} role="alert">{ why.clone() }</div>
            } else {
                <div class="help">{ props.help.clone() }</div>
            }
        </div>
    }
}
