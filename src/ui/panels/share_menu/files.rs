//! The Share dialog's Files section: export the scenario (JSON) and the diagram (SVG, PNG),
//! and import a scenario file or AsyncAPI documents.

use gloo::file::{callbacks::FileReader, File};
use yew::prelude::*;

use super::Status;
use crate::editor::Action;
use crate::ui::{export, share, state::use_editor};

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub on_status: Callback<Status>,
    /// A message for the page, once the dialog has closed on an import.
    pub on_notice: Callback<String>,
    pub on_close: Callback<()>,
    /// Called after a scenario was imported (to fit the view).
    pub on_opened: Callback<()>,
}

#[function_component(Files)]
pub fn files(props: &FilesProps) -> Html {
    let editor = use_editor();
    let reader = use_mut_ref(Vec::<FileReader>::new);
    let problem = props.on_status.reform(|text: String| (text, true));
    let stem = export::file_stem(&editor.editor.scenario().title);
    let export_json = {
        let (scenario, stem) = (editor.editor.scenario().clone(), stem.clone());
        reporting(&problem, move || {
            export::download(
                &format!("{stem}.json"),
                "application/json",
                &scenario.to_json_pretty(),
            )
        })
    };
    let export_svg = {
        let stem = stem.clone();
        reporting(&problem, move || {
            let svg = export::diagram_svg()?;
            export::download(&format!("{stem}.svg"), "image/svg+xml", &svg)
        })
    };
    let export_png = reporting(&problem, move || {
        export::download_png(&format!("{stem}.png"), &export::diagram_svg()?)
    });
    let on_import = {
        let opened = imported(props, editor.clone(), problem.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            // Several files are AsyncAPI documents of one system: read them all, then import.
            let files: Vec<File> =
                (0..list.length()).filter_map(|i| list.get(i)).map(File::from).collect();
            if files.is_empty() {
                return;
            }
            *reader.borrow_mut() = read_all(&files, opened.clone(), problem.clone());
            input.set_value("");
        })
    };
    html! {
        <section>
            <h3>{"Files"}</h3>
            <div class="row wrap">
                <button class="btn" onclick={export_json}>{"Export JSON"}</button>
                <label class="btn file-btn">{"Import JSON or AsyncAPI"}
                    <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml"
                           multiple=true aria-label="Import JSON or AsyncAPI" onchange={on_import} />
                </label>
                <button class="btn" onclick={export_svg}>{"Export SVG"}</button>
                <button class="btn" onclick={export_png}>{"Export PNG"}</button>
            </div>
            <p class="help">{"JSON files run in the command-line runner too: fanout run scenario.json"}</p>
        </section>
    }
}

/// A click that runs `act` and reports what went wrong, if anything.
fn reporting(
    problem: &Callback<String>,
    act: impl Fn() -> Result<(), String> + 'static,
) -> Callback<MouseEvent> {
    let problem = problem.clone();
    Callback::from(move |_: MouseEvent| {
        if let Err(e) = act() {
            problem.emit(e);
        }
    })
}

/// What happens once every chosen file is read: the scenario (or the AsyncAPI system) opens,
/// undoably, and the dialog closes with a message on the page; a file that cannot be imported
/// gets its reason in the dialog.
fn imported(
    props: &FilesProps,
    editor: crate::ui::state::EditorHandle,
    problem: Callback<String>,
) -> impl Fn(Vec<String>) + Clone + 'static {
    let (on_notice, on_close, on_opened) =
        (props.on_notice.clone(), props.on_close.clone(), props.on_opened.clone());
    move |texts: Vec<String>| match share::import(&texts) {
        Ok((s, assumed)) => {
            editor.dispatch(Action::Load(s));
            on_notice.emit(if assumed.is_empty() {
                "Scenario imported. Undo brings back the previous one.".into()
            } else {
                format!(
                    "AsyncAPI imported with {} assumption(s) where the documents say nothing, \
                     listed in the notes: edit them in the inspector. Undo brings back the \
                     previous scenario.",
                    assumed.len()
                )
            });
            on_close.emit(());
            on_opened.emit(());
        }
        Err(e) => problem.emit(e),
    }
}
/// Reads every file as text and calls `done` with all of them, in order, once the last is read.
fn read_all(
    files: &[File],
    done: impl Fn(Vec<String>) + Clone + 'static,
    on_error: Callback<String>,
) -> Vec<FileReader> {
    let texts = std::rc::Rc::new(std::cell::RefCell::new(vec![None::<String>; files.len()]));
    let read = |(i, file): (usize, &File)| {
        let (texts, done, on_error) = (texts.clone(), done.clone(), on_error.clone());
        gloo::file::callbacks::read_as_text(file, move |result| match result {
            Ok(text) => {
                texts.borrow_mut()[i] = Some(text);
                let all: Option<Vec<String>> = texts.borrow().iter().cloned().collect();
                if let Some(all) = all {
                    done(all);
                }
            }
            Err(e) => on_error.emit(format!("Could not read that file: {e}.")),
        })
    };
    files.iter().enumerate().map(read).collect()
}
