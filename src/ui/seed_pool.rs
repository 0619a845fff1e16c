//! Seed runs off the main thread: one Web Worker per core the browser reports, each running the
//! page's own wasm module (`static/seed-worker.js` loads it again, from the compiled module the
//! page hands over, so nothing is downloaded or compiled twice). A worker runs one seed at a
//! time ([`seed_run`]) and is given the next index when it answers, so a slow seed holds no
//! other. The page's main thread only parses each seed's result: it stays free for the editor.

use crate::engine::replications::{replication_seed, run_seed, SeedRun, CURVE_POINTS};
use crate::engine::Micros;
use crate::scenario::Scenario;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Runs seed `index` of the scenario `scenario_json` to `until_us` and returns its
/// [`SeedRun`] as a plain object (`hash`, `events`, `values` and `curves` — the curves one
/// after another — as `Float64Array`s, `checks` as a `Uint8Array`): what a seed worker calls. No JSON on the way back: parsing it on the page would
/// bring a second copy of serde_json's reader into the bundle. Exported to JavaScript; the same
/// function as `fanout run --seeds` runs natively, so the results are equal.
#[wasm_bindgen]
pub fn seed_run(scenario_json: &str, until_us: f64, index: u32) -> Result<js_sys::Object, String> {
    let scenario = Scenario::from_json(scenario_json).map_err(|e| e.to_string())?;
    let run = run_seed(&scenario, until_us as Micros, index)
        .map_err(|p| p.first().map_or_else(String::new, ToString::to_string))?;
    let o = js_sys::Object::new();
    let checks: Vec<u8> = run.checks.iter().map(|&held| u8::from(held)).collect();
    set(&o, "hash", &run.trace_hash.as_str().into());
    set(&o, "events", &(run.engine_events as f64).into());
    set(&o, "values", &js_sys::Float64Array::from(&run.values[..]));
    set(&o, "checks", &js_sys::Uint8Array::from(&checks[..]));
    set(&o, "curves", &js_sys::Float64Array::from(&run.curves.concat()[..]));
    Ok(o)
}

fn set(o: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(o, &key.into(), value);
}

fn get(o: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A worker's answer as a [`SeedRun`] of the run seeded `base`.
fn seed_run_of(base: u64, data: &JsValue) -> Option<SeedRun> {
    let index = get(data, "index").as_f64()? as u32;
    let run = get(data, "run");
    Some(SeedRun {
        index,
        seed: replication_seed(base, index),
        trace_hash: get(&run, "hash").as_string()?,
        engine_events: get(&run, "events").as_f64()? as u64,
        values: get(&run, "values").dyn_into::<js_sys::Float64Array>().ok()?.to_vec(),
        checks: get(&run, "checks")
            .dyn_into::<js_sys::Uint8Array>()
            .ok()?
            .to_vec()
            .iter()
            .map(|&b| b != 0)
            .collect(),
        curves: get(&run, "curves")
            .dyn_into::<js_sys::Float64Array>()
            .ok()?
            .to_vec()
            .chunks(CURVE_POINTS)
            .map(<[f64]>::to_vec)
            .collect(),
    })
}

/// What the pool tells its owner.
pub enum PoolEvent {
    /// One seed finished.
    Done(SeedRun),
    /// A worker failed (it could not load, or a seed could not run).
    Failed(String),
}

/// Workers running one seed run. Dropping the pool stops them at once (Cancel).
pub struct SeedPool {
    workers: Vec<Worker>,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _errors: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl SeedPool {
    /// Starts `count` seeds of `scenario` to `until_us` on up to `threads` workers; `report`
    /// hears each result as it arrives (in any order).
    pub fn start(
        scenario: &Scenario,
        until_us: Micros,
        count: u32,
        threads: u32,
        report: impl Fn(PoolEvent) + 'static,
    ) -> Result<SeedPool, String> {
        // The pretty form: the share menu's export already brings its serialiser into the bundle.
        let json = scenario.to_json_pretty();
        let base = scenario.seed;
        let glue = glue_url().ok_or("the page's script was not found")?;
        let report = std::rc::Rc::new(report);
        let next = std::rc::Rc::new(std::cell::Cell::new(0u32));
        let mut pool =
            SeedPool { workers: Vec::new(), _listeners: Vec::new(), _errors: Vec::new() };
        for _ in 0..threads.clamp(1, count) {
            let worker = Worker::new("./seed-worker.js").map_err(|e| format!("{e:?}"))?;
            let init = js_sys::Object::new();
            set(&init, "init", &glue.as_str().into());
            set(&init, "module", &wasm_bindgen::module());
            worker.post_message(&init).map_err(|e| format!("{e:?}"))?;
            let post = {
                let (worker, json, next) = (worker.clone(), json.clone(), next.clone());
                move || {
                    let index = next.get();
                    if index < count {
                        next.set(index + 1);
                        let job = js_sys::Object::new();
                        let _ =
                            js_sys::Reflect::set(&job, &"scenario".into(), &json.as_str().into());
                        let _ = js_sys::Reflect::set(
                            &job,
                            &"until_us".into(),
                            &(until_us as f64).into(),
                        );
                        let _ = js_sys::Reflect::set(&job, &"index".into(), &index.into());
                        let _ = worker.post_message(&job);
                    }
                }
            };
            post();
            let heard = report.clone();
            let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                if let Some(error) = get(&data, "error").as_string() {
                    heard(PoolEvent::Failed(error));
                    return;
                }
                match seed_run_of(base, &data) {
                    Some(run) => {
                        heard(PoolEvent::Done(run));
                        post();
                    }
                    None => {
                        heard(PoolEvent::Failed("a seed worker's answer was not a seed run".into()))
                    }
                }
            });
            worker.set_onmessage(Some(listener.as_ref().unchecked_ref()));
            let failed = report.clone();
            let error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                failed(PoolEvent::Failed("a seed worker could not start".into()));
            });
            worker.set_onerror(Some(error.as_ref().unchecked_ref()));
            pool.workers.push(worker);
            pool._listeners.push(listener);
            pool._errors.push(error);
        }
        Ok(pool)
    }
}

impl Drop for SeedPool {
    fn drop(&mut self) {
        for w in &self.workers {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
    }
}

/// The address of the page's wasm-bindgen script, which Trunk names in a module preload link;
/// absolute, since a worker resolves its imports against its own address.
fn glue_url() -> Option<String> {
    let doc = gloo::utils::document();
    let href = doc.query_selector("link[rel=modulepreload]").ok()??.get_attribute("href")?;
    let base = doc.base_uri().ok()??;
    web_sys::Url::new_with_base(&href, &base).ok().map(|u| u.href())
}

/// How many workers to start: the cores the browser reports (at least one).
pub fn cores() -> u32 {
    let n = gloo::utils::window().navigator().hardware_concurrency();
    if n.is_finite() && n >= 1.0 {
        n as u32
    } else {
        1
    }
}
